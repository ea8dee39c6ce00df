import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { DEMO } from '../../../src/sandbox';
import { runSandboxCommand, SANDBOX_HELP } from '../../../src/sandbox/cli';
import { call } from './helpers';

function sink() {
  let text = '';
  return { write: (s: string) => void (text += s), get text() { return text; } };
}

test('the first stdout line is the base URL, and nothing else goes to stdout; it runs until stopped', async () => {
  const stdout = sink();
  const stderr = sink();
  const controller = new AbortController();
  let started: (() => void) | undefined;
  const ready = new Promise<void>((r) => (started = r));
  const done = runSandboxCommand(['--port', '0', '--scale', '50', '--seed', '3', '--latency-ms', '0'], { stdout, stderr, signal: controller.signal, onStarted: () => started!() });
  await ready;
  const url = stdout.text.split('\n')[0]!;
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.equal(stdout.text, `${url}\n`);
  assert.match(stderr.text, /AUDIT_LENS_FLOQAST_BASE_URL=http:\/\/127\.0\.0\.1:\d+/);
  const me = await call<any>(`${url}/api/v1/me`, { headers: { 'x-api-key': DEMO.floqast.apiKey } });
  assert.equal(me.status, 200);
  const list = await call<any>(`${url}/audit_log/?size=1`, { headers: { authorization: `Bearer ${DEMO.uniphore.token}` } });
  assert.equal(list.json.totalElements, 50);
  controller.abort();
  assert.equal(await done, 0);
  await assert.rejects(fetch(`${url}/api/v1/me`));
});

test('--help documents the demo credentials and the variables that point the CLI at the sandbox', async () => {
  const stdout = sink();
  assert.equal(await runSandboxCommand(['--help'], { stdout }), 0);
  assert.equal(stdout.text, `${SANDBOX_HELP}\n`);
  const secrets = [
    DEMO.sfmc.clientId, DEMO.sfmc.clientSecret, DEMO.liveperson.accountId, DEMO.liveperson.bearer, DEMO.liveperson.clientId,
    DEMO.liveperson.clientSecret, DEMO.liveperson.username, DEMO.liveperson.password, DEMO.uniphore.token, DEMO.uniphore.clientId,
    DEMO.uniphore.clientSecret, DEMO.uniphore.audience, DEMO.floqast.apiKey,
  ];
  for (const value of secrets) assert.ok(stdout.text.includes(value), value);
  for (const name of [
    'AUDIT_LENS_SFMC_AUTH_URL', 'AUDIT_LENS_SFMC_CLIENT_ID', 'AUDIT_LENS_SFMC_CLIENT_SECRET', 'AUDIT_LENS_LP_DOMAIN_API', 'AUDIT_LENS_LP_BEARER',
    'AUDIT_LENS_LP_CLIENT_ID', 'AUDIT_LENS_LP_CLIENT_SECRET', 'AUDIT_LENS_LP_USERNAME', 'AUDIT_LENS_LP_PASSWORD', 'AUDIT_LENS_UNIPHORE_BASE_URL',
    'AUDIT_LENS_UNIPHORE_TOKEN', 'AUDIT_LENS_UNIPHORE_TOKEN_URL', 'AUDIT_LENS_UNIPHORE_CLIENT_ID', 'AUDIT_LENS_UNIPHORE_CLIENT_SECRET',
    'AUDIT_LENS_UNIPHORE_AUDIENCE', 'AUDIT_LENS_FLOQAST_BASE_URL', 'AUDIT_LENS_FLOQAST_API_KEY',
  ]) {
    assert.ok(stdout.text.includes(name), name);
  }
  for (const flag of ['--port', '--scale', '--seed', '--latency-ms']) assert.ok(stdout.text.includes(flag), flag);
});

test('usage errors exit 2 and start nothing', async () => {
  for (const argv of [['--bogus'], ['--port', 'eighty'], ['--port', '70000'], ['--scale', '-5'], ['--anchor', 'yesterday'], ['extra']]) {
    const stderr = sink();
    const stdout = sink();
    assert.equal(await runSandboxCommand(argv, { stdout, stderr }), 2, argv.join(' '));
    assert.equal(stdout.text, '');
    assert.match(stderr.text, /audit-lens sandbox: /);
  }
});

test('as a process: prints its URL first, serves, and exits 0 on SIGTERM', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-cli-'));
  const entry = join(dir, 'run.mts');
  const cli = resolve(__dirname, '../../../src/sandbox/cli.ts');
  writeFileSync(entry, `import { runSandboxCommand } from ${JSON.stringify(cli)};\nprocess.exitCode = await runSandboxCommand(process.argv.slice(2));\n`);
  const child = spawn(process.execPath, ['--import', 'tsx', entry, '--port', '0', '--scale', '20'], { cwd: resolve(__dirname, '../../..'), stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const firstLine = await new Promise<string>((resolveLine, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.once('line', resolveLine);
      child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    assert.match(firstLine, /^http:\/\/127\.0\.0\.1:\d+$/);
    const a = await call<any>(`${firstLine}/audit_log/833032`, { headers: { authorization: `Bearer ${DEMO.uniphore.token}` } });
    assert.equal(a.json.id, 833032);
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
