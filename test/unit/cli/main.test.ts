/**
 * runCli in-process with stand-in providers: exit codes, what reaches stdout
 * and stderr, redaction, cancellation. The real providers against the
 * sandbox are exercised by cli.test.ts through a child process.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { runCli, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE } from '../../../src/cli/main';
import { AuthError, ConfigError, ProviderError } from '../../../src/core/errors';
import type { AuditQuery, AuditRecord, Connection, ConnectionSecrets, ProviderId, Scope, ScopeListOptions, ScopePage } from '../../../src/core/model';
import type { FetchOptions, FetchResult, Provider, ProviderEnvironment, ProviderSession } from '../../../src/core/provider';

class Capture extends Writable {
  text = '';
  constructor(readonly isTTY = false) {
    super();
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

const FQ_ENV = { AUDIT_LENS_FLOQAST_BASE_URL: 'http://127.0.0.1:9', AUDIT_LENS_FLOQAST_API_KEY: 'fq-key-SECRET-1' };

function rec(id: string, time: string, provider: ProviderId = 'floqast'): AuditRecord {
  return { provider, connection: provider, id, time, action: 'GET /api/v1/me', outcome: 'success', actor: { name: 'key' }, target: {}, errors: [], changes: [], raw: { id } };
}

interface Calls {
  validate: number;
  connect: number;
  fetch: AuditQuery[];
  fetchOptions: FetchOptions[];
  scopes: ScopeListOptions[];
  connection?: Connection;
  secrets?: ConnectionSecrets;
  env?: ProviderEnvironment;
}

function fakeProvider(
  id: ProviderId,
  behaviour: {
    fetch?: (q: AuditQuery, o: FetchOptions) => Promise<FetchResult>;
    scopes?: (o: ScopeListOptions) => ScopePage;
    validate?: () => void;
    getById?: (id: string) => Promise<AuditRecord>;
  },
): { provider: Provider; calls: Calls } {
  const calls: Calls = { validate: 0, connect: 0, fetch: [], fetchOptions: [], scopes: [] };
  const provider: Provider = {
    id,
    displayName: id,
    fields: [],
    validate() {
      calls.validate++;
      behaviour.validate?.();
    },
    connect(connection, secrets, env): ProviderSession {
      calls.connect++;
      calls.connection = connection;
      calls.secrets = secrets;
      calls.env = env;
      const session: ProviderSession = {
        provider: id,
        connection,
        testConnection: async () => 'ok',
        listScopes: async (o) => {
          calls.scopes.push(o);
          return behaviour.scopes ? behaviour.scopes(o) : { scopes: [], hasMore: false };
        },
        fetchAudit: async (q, o = {}) => {
          calls.fetch.push(q);
          calls.fetchOptions.push(o);
          if (!behaviour.fetch) throw new Error('no fetch');
          const result = await behaviour.fetch(q, o);
          // As the providers do: records stream through onRecords, and are listed only when collected.
          o.onRecords?.(result.records);
          return o.collect === false ? { ...result, records: [] } : result;
        },
      };
      if (behaviour.getById) session.getById = behaviour.getById;
      return session;
    },
  };
  return { provider, calls };
}

async function run(argv: string[], provider: Provider, opts: { env?: Record<string, string>; stdoutTTY?: boolean; stderrTTY?: boolean; signal?: AbortSignal } = {}) {
  const stdout = new Capture(opts.stdoutTTY ?? false);
  const stderr = new Capture(opts.stderrTTY ?? false);
  const code = await runCli({
    argv,
    env: opts.env ?? FQ_ENV,
    stdout,
    stderr,
    signal: opts.signal ?? new AbortController().signal,
    providers: () => provider,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

const T1 = '2024-01-01T00:00:00.000Z';
const T2 = '2024-01-02T00:00:00.000Z';

test('query: the env connection, the flags and the records reach their places; output sorted, limited, jsonl off a TTY', async () => {
  const { provider, calls } = fakeProvider('floqast', {
    fetch: async () => ({ records: [rec('c', T1), rec('b', T2), rec('a', T1)], pages: 2, warnings: [] }),
  });
  const r = await run(['query', '--provider', 'floqast', '--from', '2024-01-01', '--limit', '2', '--page-size', '7', '--concurrency', '3', '--timeout-ms', '900'], provider);
  assert.equal(r.code, EXIT_OK);
  assert.equal(r.stderr, '');
  assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => (JSON.parse(l) as AuditRecord).id), ['b', 'a']);
  assert.deepEqual(calls.fetch, [{ from: '2024-01-01' }]);
  assert.equal(calls.fetchOptions[0]?.pageSize, 7);
  assert.equal(calls.fetchOptions[0]?.concurrency, 3);
  assert.ok(calls.fetchOptions[0]?.signal instanceof AbortSignal);
  assert.equal(calls.fetchOptions[0]?.onProgress, undefined, 'no progress when stderr is not a TTY');
  assert.equal(calls.fetchOptions[0]?.collect, false, 'the provider keeps no list of the records: the CLI keeps their lines');
  assert.deepEqual(calls.connection?.settings, { region: 'us', baseUrl: 'http://127.0.0.1:9' });
  assert.deepEqual(calls.secrets, { apiKey: 'fq-key-SECRET-1' });
  assert.equal(calls.validate, 1);
});

test('query: table by default when stdout is a TTY; progress only when stderr is a TTY', async () => {
  const { provider } = fakeProvider('floqast', {
    fetch: async (_q, o) => {
      o.onProgress?.({ pagesDone: 1, pagesTotal: 2, records: 1 });
      return { records: [rec('a', T1)], pages: 1, warnings: [] };
    },
  });
  const tty = await run(['query', '--provider', 'floqast'], provider, { stdoutTTY: true, stderrTTY: true });
  assert.equal(tty.code, EXIT_OK);
  assert.match(tty.stdout, /^TIME\s+PROVIDER\s+ACTION/);
  assert.match(tty.stderr, /floqast: 1\/2 pages, 1 records/);
  const piped = await run(['query', '--provider', 'floqast', '--format', 'table'], provider);
  assert.match(piped.stdout, /^TIME/);
  assert.equal(piped.stderr, '');
});

test('provider failure: exit 1, empty stdout, one stderr line with provider, status and message, secrets redacted', async () => {
  const { provider } = fakeProvider('floqast', {
    fetch: async (_q, o) => {
      o.onRecords?.([rec('a', T1)]);
      throw new ProviderError('Bad thing near fq-key-SECRET-1\nsecond line', { provider: 'floqast', status: 502 });
    },
  });
  const r = await run(['query', '--provider', 'floqast'], provider, { env: { ...FQ_ENV, AUDIT_LENS_SFMC_CLIENT_SECRET: 'other-secret-value' } });
  assert.equal(r.code, EXIT_FAILURE);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'audit-lens: floqast HTTP 502: Bad thing near *** second line\n');
});

test('an expired key reads as such; errors without a provider still name it', async () => {
  const { provider } = fakeProvider('floqast', {
    fetch: async () => {
      throw new AuthError('Unauthorized (the credential may have expired or been revoked): Invalid token', { status: 401 });
    },
  });
  const r = await run(['query', '--provider', 'floqast'], provider);
  assert.equal(r.code, EXIT_FAILURE);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'audit-lens: floqast: HTTP 401: Unauthorized (the credential may have expired or been revoked): Invalid token\n');
});

test('configuration problems exit 2 before any session is made', async () => {
  const { provider, calls } = fakeProvider('floqast', { fetch: async () => ({ records: [], pages: 0, warnings: [] }) });
  const missing = await run(['query', '--provider', 'floqast'], provider, { env: {} });
  assert.equal(missing.code, EXIT_USAGE);
  assert.match(missing.stderr, /AUDIT_LENS_FLOQAST_API_KEY/);
  assert.equal(missing.stdout, '');
  const badFlag = await run(['query', '--provider', 'floqast', '--nope'], provider);
  assert.equal(badFlag.code, EXIT_USAGE);
  assert.match(badFlag.stderr, /'--nope'/);
  const badRetry = await run(['query', '--provider', 'floqast'], provider, { env: { ...FQ_ENV, AUDIT_LENS_RETRY_BASE_MS: 'soon' } });
  assert.equal(badRetry.code, EXIT_USAGE);
  assert.match(badRetry.stderr, /AUDIT_LENS_RETRY_BASE_MS/);
  assert.equal(calls.connect, 0);

  const { provider: refusing, calls: refusingCalls } = fakeProvider('floqast', {
    validate: () => {
      throw new ConfigError('baseUrl must be https', { provider: 'floqast' });
    },
  });
  const invalid = await run(['query', '--provider', 'floqast'], refusing);
  assert.equal(invalid.code, EXIT_USAGE);
  assert.equal(invalid.stderr, 'audit-lens: floqast: baseUrl must be https\n');
  assert.equal(refusingCalls.connect, 0);
});

test('interrupted: the signal reaches the fetch, exit 130, stdout empty', async () => {
  const controller = new AbortController();
  let sawAbort = false;
  const { provider } = fakeProvider('floqast', {
    fetch: (_q, o) =>
      new Promise((_resolve, reject) => {
        o.signal?.addEventListener('abort', () => {
          sawAbort = true;
          const e = new Error('aborted');
          e.name = 'AbortError';
          reject(e);
        });
        setImmediate(() => controller.abort());
      }),
  });
  const r = await run(['query', '--provider', 'floqast'], provider, { signal: controller.signal });
  assert.equal(r.code, EXIT_INTERRUPTED);
  assert.ok(sawAbort);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, 'audit-lens: interrupted\n');
});

test('a bug is still one line and exit 1', async () => {
  const { provider } = fakeProvider('floqast', {
    fetch: async () => {
      throw new TypeError('x is not a function');
    },
  });
  const r = await run(['query', '--provider', 'floqast'], provider);
  assert.equal(r.code, EXIT_FAILURE);
  assert.equal(r.stderr, 'audit-lens: floqast: unexpected error: x is not a function\n');
});

test('warnings go to stderr after a successful fetch', async () => {
  const { provider } = fakeProvider('floqast', {
    fetch: async () => ({ records: [rec('a', T1)], pages: 1, warnings: ['413: retried with allowRedirect=true'] }),
  });
  const r = await run(['query', '--provider', 'floqast'], provider);
  assert.equal(r.code, EXIT_OK);
  assert.equal(r.stderr, 'audit-lens: warning: 413: retried with allowRedirect=true\n');
  assert.equal(r.stdout.split('\n').length, 2);
});

test('the HTTP client gets the timeout, the retry base knob and a redactor that knows every secret', async () => {
  const { provider, calls } = fakeProvider('floqast', { fetch: async () => ({ records: [], pages: 0, warnings: [] }) });
  const r = await run(['query', '--provider', 'floqast', '--timeout-ms', '1234'], provider, {
    env: { ...FQ_ENV, AUDIT_LENS_RETRY_BASE_MS: '5', AUDIT_LENS_LP_PASSWORD: 'lp-password-x' },
  });
  assert.equal(r.code, EXIT_OK);
  const http = calls.env?.http;
  assert.ok(http);
  assert.equal(http.redactor.redact('a fq-key-SECRET-1 b lp-password-x'), 'a *** b ***');
});

test('scopes: every page, and for SFMC every journey followed by its versions', async () => {
  const journeys: Scope[] = [
    { provider: 'sfmc', type: 'journey', id: 'j1', name: 'One' },
    { provider: 'sfmc', type: 'journey', id: 'j2', name: 'Two', detail: { status: 'Draft' } },
    { provider: 'sfmc', type: 'journey', id: 'j3', name: 'Three' },
  ];
  const { provider, calls } = fakeProvider('sfmc', {
    scopes: (o) => {
      if (o.parent === undefined) return { scopes: journeys.slice(((o.page ?? 1) - 1) * 2, (o.page ?? 1) * 2), hasMore: (o.page ?? 1) < 2 };
      return { scopes: [1, 2].map((v) => ({ provider: 'sfmc', type: 'version', id: `${o.parent}@${v}`, name: `v${v}`, parent: o.parent })), hasMore: false };
    },
  });
  const env = { AUDIT_LENS_SFMC_AUTH_URL: 'http://127.0.0.1:9', AUDIT_LENS_SFMC_CLIENT_ID: 'c', AUDIT_LENS_SFMC_CLIENT_SECRET: 's-secret' };
  const r = await run(['scopes', '--provider', 'sfmc', '--page-size', '2'], provider, { env });
  assert.equal(r.code, EXIT_OK, r.stderr);
  const lines = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
  assert.deepEqual(
    lines.map((l) => `${l.type}:${l.id}`),
    ['journey:j1', 'version:j1@1', 'version:j1@2', 'journey:j2', 'version:j2@1', 'version:j2@2', 'journey:j3', 'version:j3@1', 'version:j3@2'],
  );
  assert.deepEqual(lines[1], { provider: 'sfmc', type: 'version', id: 'j1@1', name: 'v1', parent: 'j1' });
  assert.deepEqual(lines[3], { provider: 'sfmc', type: 'journey', id: 'j2', name: 'Two' });
  assert.ok(calls.scopes.every((o) => o.pageSize === 2));
});

test('scopes: LivePerson lists the account, then its component types', async () => {
  const { provider, calls } = fakeProvider('liveperson', {
    scopes: (o) =>
      o.parent === undefined
        ? { scopes: [{ provider: 'liveperson', type: 'account', id: '52642741', name: 'Account 52642741' }], hasMore: false }
        : { scopes: ['Users', 'Skills'].map((n) => ({ provider: 'liveperson', type: 'componentType', id: n, name: n, parent: o.parent })), hasMore: false },
  });
  const r = await run(['scopes', '--provider', 'liveperson', '--account', '52642741'], provider, { env: { AUDIT_LENS_LP_BEARER: 'bearer-x' } });
  assert.equal(r.code, EXIT_OK, r.stderr);
  assert.equal(calls.connection?.settings.accountId, '52642741');
  assert.deepEqual(calls.scopes.map((o) => o.parent), [undefined, '52642741']);
  assert.deepEqual(r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l)), [
    { provider: 'liveperson', type: 'account', id: '52642741', name: 'Account 52642741' },
    { provider: 'liveperson', type: 'componentType', id: 'Users', name: 'Users', parent: '52642741' },
    { provider: 'liveperson', type: 'componentType', id: 'Skills', name: 'Skills', parent: '52642741' },
  ]);
});

test('get prints the one record the session returns', async () => {
  const { provider } = fakeProvider('uniphore', { getById: async (id) => rec(id, T1, 'uniphore') });
  const r = await run(['get', '--provider', 'uniphore', '--id', '833032'], provider, {
    env: { AUDIT_LENS_UNIPHORE_BASE_URL: 'http://127.0.0.1:9', AUDIT_LENS_UNIPHORE_TOKEN: 'tok-tok' },
  });
  assert.equal(r.code, EXIT_OK, r.stderr);
  assert.equal((JSON.parse(r.stdout) as AuditRecord).id, '833032');
});

test('help goes to stdout with exit 0; no command is a usage error', async () => {
  const { provider } = fakeProvider('floqast', {});
  const h = await run(['--help'], provider);
  assert.equal(h.code, EXIT_OK);
  assert.match(h.stdout, /audit-lens query {2}--provider sfmc --journey <id \| key:KEY>/);
  assert.match(h.stdout, /130 {2}interrupted/);
  const q = await run(['query', '--help'], provider);
  assert.match(q.stdout, /--category/);
  const none = await run([], provider);
  assert.equal(none.code, EXIT_USAGE);
  assert.equal(none.stdout, '');
});
