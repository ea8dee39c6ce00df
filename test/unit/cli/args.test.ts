import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCommandLine, type CliCommand } from '../../../src/cli/args';
import { ConfigError } from '../../../src/core/errors';

function usageError(argv: string[], pattern: RegExp): void {
  assert.throws(
    () => parseCommandLine(argv),
    (e: unknown) => e instanceof ConfigError && pattern.test(e.message),
    `expected a usage error matching ${pattern} for ${argv.join(' ')}`,
  );
}

function parse(argv: string[]): CliCommand {
  return parseCommandLine(argv);
}

test('query sfmc: journey, action default all, version, common defaults', () => {
  const cmd = parse(['query', '--provider', 'sfmc', '--journey', 'key:Welcome', '--version', '3']);
  assert.deepEqual(cmd, {
    kind: 'query',
    common: { provider: 'sfmc', format: undefined, limit: undefined, pageSize: undefined, concurrency: 6, timeoutMs: undefined },
    query: { journey: 'key:Welcome', action: 'all', version: 3 },
  });
});

test('query liveperson: account, dates, comma lists', () => {
  const cmd = parse([
    'query', '--provider=liveperson', '--account', '52642741', '--from', '2024-01-01', '--to', '2024-01-31',
    '--types', 'Users, Skills', '--users', 'a,b', '--format', 'json', '--limit', '5', '--page-size', '20',
    '--concurrency', '3', '--timeout-ms', '1500',
  ]);
  assert.deepEqual(cmd, {
    kind: 'query',
    common: { provider: 'liveperson', format: 'json', limit: 5, pageSize: 20, concurrency: 3, timeoutMs: 1500 },
    query: { account: '52642741', from: '2024-01-01', to: '2024-01-31', types: ['Users', 'Skills'], users: ['a', 'b'] },
  });
});

test('query uniphore and floqast read their own filters', () => {
  assert.deepEqual(parse(['query', '--provider', 'uniphore', '--category', 'Search And Replay']), {
    kind: 'query',
    common: { provider: 'uniphore', format: undefined, limit: undefined, pageSize: undefined, concurrency: 6, timeoutMs: undefined },
    query: { category: 'Search And Replay' },
  });
  const fq = parse(['query', '--provider', 'floqast', '--api-key-id', '64a1b2', '--from', '2024-02-29']);
  assert.equal(fq.kind, 'query');
  if (fq.kind === 'query') assert.deepEqual(fq.query, { apiKeyId: '64a1b2', from: '2024-02-29' });
});

test('unknown flags exit as usage errors naming the flag, never echoing its value', () => {
  usageError(['query', '--provider', 'floqast', '--bogus'], /'--bogus'/);
  try {
    parseCommandLine(['query', '--provider', 'floqast', '--api-key=sekrit-value-123']);
    assert.fail('expected a usage error');
  } catch (e) {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /'--api-key'/);
    assert.match(e.message, /environment variables only/);
    assert.doesNotMatch(e.message, /sekrit/);
  }
  usageError(['query', '--provider', 'sfmc', '--journey', 'j', '--client-secret', 'x'], /'--client-secret'/);
  usageError(['scopes', '--provider', 'sfmc', 'extra'], /positional/);
  usageError(['query', '--provider', 'sfmc', '--journey'], /'--journey'/);
});

test('flags that do not apply to the provider are refused', () => {
  usageError(['query', '--provider', 'sfmc', '--journey', 'j', '--from', '2024-01-01'], /'--from' does not apply to --provider sfmc/);
  usageError(['query', '--provider', 'uniphore', '--types', 'Users'], /'--types' does not apply/);
  usageError(['query', '--provider', 'floqast', '--category', 'x'], /'--category' does not apply/);
  usageError(['query', '--provider', 'liveperson', '--account', '1', '--journey', 'j'], /'--journey' does not apply/);
  usageError(['scopes', '--provider', 'sfmc', '--account', '1'], /'--account' does not apply/);
});

test('required flags and value checks', () => {
  usageError(['query'], /--provider/);
  usageError(['query', '--provider', 'salesforce'], /'--provider' must be one of sfmc, liveperson, uniphore, floqast/);
  usageError(['query', '--provider', 'sfmc'], /Missing --journey/);
  usageError(['query', '--provider', 'sfmc', '--journey', 'key:'], /key after/);
  usageError(['query', '--provider', 'sfmc', '--journey', 'j', '--action', 'stop'], /'--action' must be one of all, create/);
  usageError(['query', '--provider', 'sfmc', '--journey', 'j', '--version', '0'], /'--version'/);
  usageError(['query', '--provider', 'liveperson'], /Missing --account/);
  usageError(['query', '--provider', 'liveperson', '--account', '../x'], /'--account'/);
  usageError(['query', '--provider', 'uniphore', '--from', '2024-02-30'], /'--from' must be a calendar day/);
  usageError(['query', '--provider', 'uniphore', '--to', '01/02/2024'], /'--to' must be a calendar day/);
  usageError(['query', '--provider', 'uniphore', '--from', '2024-03-02', '--to', '2024-03-01'], /'--from' must not be after '--to'/);
  usageError(['query', '--provider', 'liveperson', '--account', '1', '--types', ' , '], /'--types' needs at least one value/);
  usageError(['query', '--provider', 'uniphore', '--format', 'csv'], /'--format' must be one of jsonl, json, table/);
  for (const flag of ['--limit', '--page-size', '--concurrency', '--timeout-ms']) {
    usageError(['query', '--provider', 'uniphore', flag, '-1'], new RegExp(`'${flag}'`));
    usageError(['query', '--provider', 'uniphore', flag, '2.5'], new RegExp(`'${flag}'`));
    usageError(['query', '--provider', 'uniphore', flag, 'abc'], new RegExp(`'${flag}'`));
  }
  usageError(['query', '--provider', 'uniphore', '--concurrency', '1000'], /'--concurrency' must be a whole number from 1 to 64/);
});

test('get: uniphore only, integer ids only', () => {
  assert.deepEqual(parse(['get', '--provider', 'uniphore', '--id', '833032']), {
    kind: 'get',
    common: { provider: 'uniphore', format: undefined, limit: undefined, pageSize: undefined, concurrency: 6, timeoutMs: undefined },
    id: '833032',
  });
  usageError(['get', '--provider', 'uniphore', '--id', 'abc'], /'--id' must be an integer/);
  usageError(['get', '--provider', 'uniphore', '--id', '12.5'], /'--id' must be an integer/);
  usageError(['get', '--provider', 'uniphore', '--id', '-4'], /'--id'/);
  usageError(['get', '--provider', 'uniphore'], /Missing --id/);
  usageError(['get', '--provider', 'floqast', '--id', '1'], /uniphore only/);
});

test('scopes takes --account for liveperson', () => {
  const cmd = parse(['scopes', '--provider', 'liveperson', '--account', '52642741']);
  assert.equal(cmd.kind, 'scopes');
  if (cmd.kind === 'scopes') assert.equal(cmd.account, '52642741');
});

test('help in every spelling; sandbox keeps its own argv', () => {
  assert.deepEqual(parse(['--help']), { kind: 'help', topic: undefined });
  assert.deepEqual(parse(['-h']), { kind: 'help', topic: undefined });
  assert.deepEqual(parse(['help']), { kind: 'help', topic: undefined });
  assert.deepEqual(parse(['help', 'query']), { kind: 'help', topic: 'query' });
  assert.deepEqual(parse(['query', '--help']), { kind: 'help', topic: 'query' });
  assert.deepEqual(parse(['scopes', '--provider', 'x', '-h']), { kind: 'help', topic: 'scopes' });
  assert.deepEqual(parse(['get', '--help', '--bogus']), { kind: 'help', topic: 'get' });
  assert.deepEqual(parse(['sandbox', '--port', '0', '--help']), { kind: 'sandbox', argv: ['--port', '0', '--help'] });
  usageError([], /No command/);
  usageError(['frobnicate'], /Unknown command "frobnicate"/);
  usageError(['help', 'frobnicate'], /Unknown command/);
  usageError(['--provider', 'sfmc'], /'--provider' before the command/);
});
