/**
 * `audit-lens` end to end: the bundled CLI runs as a child process against
 * in-process sandboxes (one per provider, so that fault switches and request
 * counts never mix), with the environment pointing at them and the demo
 * credentials. Each provider's cases run one after another; the four
 * providers run side by side.
 *
 * Every run is checked for the rules that hold for any command: no secret in
 * stdout or stderr, stdout empty on failure, one stderr line on exit 1.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCliBundle } from '../hardening/support/cliBundle';
import { startSandbox, DEMO, DEMO_SECRETS, type Sandbox } from '../../../src/sandbox/index';
import type { AuditRecord, ProviderId } from '../../../src/core/model';
import { canonicalJson, hashId } from '../../../src/core/recordId';
import { compareRecords } from '../../../src/core/order';

let workDir = '';
let bundle = '';

/** The audit listing of each API, to aim faults at. */
const AUDIT_PATH: Record<ProviderId, RegExp> = {
  sfmc: /^\/interaction\/v1\/interactions\/[^/?]+\/audit\//,
  liveperson: /^\/api\/account\/[^/?]+\/configuration\/metadata\/audit(?:\?|$)/,
  uniphore: /^\/audit_log\/?(?:\?|$)/,
  floqast: /^\/api\/v1\/audit-trail(?:\?|$)/,
};


/** Small retries keep the fault cases fast; the sandbox's Retry-After is 1 s at most. */
const FAST_RETRY = { AUDIT_LENS_RETRY_BASE_MS: '20' };

interface Run {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Everything every CLI run printed, checked at the end against the tokens the sandboxes issued. */
const allOutput: string[] = [];
const sandboxes: Sandbox[] = [];

interface CliOptions {
  onSpawn?: (kill: (s: NodeJS.Signals) => void) => void;
  /** `sandbox --help` documents the demo credentials on purpose (issue 2). */
  documentsDemoCredentials?: boolean;
}

function cli(args: string[], env: Record<string, string>, options: CliOptions = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bundle, ...args], {
      // A clean environment: nothing from the developer's shell leaks in.
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const run = { args, code, signal, stdout, stderr };
      if (!options.documentsDemoCredentials) allOutput.push(stdout, stderr);
      try {
        checkEveryRun(run, options.documentsDemoCredentials === true);
        resolve(run);
      } catch (e) {
        reject(e);
      }
    });
    options.onSpawn?.((s) => child.kill(s));
  });
}

function checkEveryRun(run: Run, documentsDemoCredentials: boolean): void {
  const what = `audit-lens ${run.args.join(' ')}`;
  for (const secret of documentsDemoCredentials ? [] : DEMO_SECRETS) {
    assert.ok(!run.stdout.includes(secret), `${what}: a secret appeared on stdout`);
    assert.ok(!run.stderr.includes(secret), `${what}: a secret appeared on stderr: ${run.stderr}`);
  }
  if (run.code !== 0) assert.equal(run.stdout, '', `${what}: stdout must stay empty on failure`);
  if (run.code === 1) assert.equal(run.stderr.trimEnd().split('\n').length, 1, `${what}: one stderr line on exit 1, got: ${run.stderr}`);
}

function lines(stdout: string): AuditRecord[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as AuditRecord);
}

function ok(run: Run): AuditRecord[] {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return lines(run.stdout);
}

/** Records in contract order, each id once, every field shaped for its provider. */
function checkRecords(records: readonly AuditRecord[], provider: ProviderId): void {
  const ids = new Set<string>();
  for (const [i, r] of records.entries()) {
    assert.equal(r.provider, provider);
    assert.equal(r.connection, provider, 'the CLI connection is the provider name');
    assert.equal(new Date(r.time).toISOString(), r.time);
    assert.ok(Array.isArray(r.errors) && Array.isArray(r.changes));
    assert.ok(!ids.has(r.id), `duplicate id ${r.id}`);
    ids.add(r.id);
    const prev = records[i - 1];
    if (prev) assert.ok(compareRecords(prev, r) < 0, `out of order at ${i}: ${prev.time}/${prev.id} then ${r.time}/${r.id}`);
    if (provider === 'sfmc' || provider === 'liveperson') {
      const base = hashId(r.raw);
      assert.ok(r.id === base || r.id.startsWith(`${base}#`), `synthesized id ${r.id} is not the hash of its raw item`);
    } else {
      assert.equal(r.id, String((r.raw as { id: unknown }).id));
    }
  }
}

/** The raw items, as a sorted list of canonical JSON texts, to compare with the sandbox's truth as multisets. */
function rawSet(items: readonly unknown[]): string[] {
  return items.map((i) => canonicalJson(i)).sort();
}

/** Every record of the truth exactly once, and nothing else. */
function assertMatchesTruth(records: readonly AuditRecord[], provider: ProviderId, truth: readonly unknown[]): void {
  checkRecords(records, provider);
  assert.equal(records.length, truth.length, `${provider}: ${records.length} records, truth has ${truth.length}`);
  assert.deepEqual(rawSet(records.map((r) => r.raw)), rawSet(truth));
}

function auditRequests(sandbox: Sandbox, provider: ProviderId): number {
  return sandbox.stats.requestsTo(AUDIT_PATH[provider]).length;
}

/** One line of `scopes` output. */
interface ScopeLine {
  provider: string;
  type: string;
  id: string;
  name: string;
  parent?: string;
}

function scopeLines(run: Run): ScopeLine[] {
  assert.equal(run.code, 0, `exit ${run.code}: ${run.stderr}`);
  return run.stdout
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ScopeLine);
}

/** Runs one case with a clean fault list and fresh request counts. */
async function step(t: TestContext, name: string, sandbox: Sandbox, fn: () => Promise<void>): Promise<void> {
  await t.test(name, async () => {
    sandbox.faults.clear();
    sandbox.stats.reset();
    try {
      await fn();
    } finally {
      sandbox.faults.clear();
    }
  });
}

function sfmcEnv(s: Sandbox): Record<string, string> {
  return { AUDIT_LENS_SFMC_AUTH_URL: s.url, AUDIT_LENS_SFMC_CLIENT_ID: DEMO.sfmc.clientId, AUDIT_LENS_SFMC_CLIENT_SECRET: DEMO.sfmc.clientSecret, ...FAST_RETRY };
}
function lpBearerEnv(s: Sandbox): Record<string, string> {
  return { AUDIT_LENS_LP_DOMAIN_API: s.url, AUDIT_LENS_LP_BEARER: DEMO.liveperson.bearer, ...FAST_RETRY };
}
function lpClientEnv(s: Sandbox): Record<string, string> {
  return { AUDIT_LENS_LP_DOMAIN_API: s.url, AUDIT_LENS_LP_CLIENT_ID: DEMO.liveperson.clientId, AUDIT_LENS_LP_CLIENT_SECRET: DEMO.liveperson.clientSecret, ...FAST_RETRY };
}
function lpLoginEnv(s: Sandbox): Record<string, string> {
  return { AUDIT_LENS_LP_DOMAIN_API: s.url, AUDIT_LENS_LP_USERNAME: DEMO.liveperson.username, AUDIT_LENS_LP_PASSWORD: DEMO.liveperson.password, ...FAST_RETRY };
}
function uniTokenEnv(s: Sandbox): Record<string, string> {
  return { AUDIT_LENS_UNIPHORE_BASE_URL: s.url, AUDIT_LENS_UNIPHORE_TOKEN: DEMO.uniphore.token, ...FAST_RETRY };
}
function uniClientEnv(s: Sandbox): Record<string, string> {
  return {
    AUDIT_LENS_UNIPHORE_BASE_URL: s.url,
    AUDIT_LENS_UNIPHORE_TOKEN_URL: `${s.url}${DEMO.uniphore.tokenPath}`,
    AUDIT_LENS_UNIPHORE_CLIENT_ID: DEMO.uniphore.clientId,
    AUDIT_LENS_UNIPHORE_CLIENT_SECRET: DEMO.uniphore.clientSecret,
    AUDIT_LENS_UNIPHORE_AUDIENCE: DEMO.uniphore.audience,
    ...FAST_RETRY,
  };
}
function fqEnv(s: Sandbox): Record<string, string> {
  return { AUDIT_LENS_FLOQAST_BASE_URL: s.url, AUDIT_LENS_FLOQAST_API_KEY: DEMO.floqast.apiKey, ...FAST_RETRY };
}

/** The shared fault cases: each must still return the whole truth. */
interface FaultCase {
  name: string;
  arm: (s: Sandbox, path: RegExp) => void;
}
const RECOVERABLE_FAULTS: FaultCase[] = [
  {
    name: '429 with Retry-After (seconds and HTTP date)',
    arm: (s, path) => {
      s.faults.add({ path, kind: '429', retryAfter: 1, skip: 1, times: 2 });
      s.faults.add({ path, kind: '429-date', retryAfter: 1, skip: 4, times: 1 });
    },
  },
  { name: '429 without Retry-After', arm: (s, path) => s.faults.add({ path, kind: '429-none', skip: 1, times: 3 }) },
  {
    name: 'a 5xx burst',
    // Three in a row: as many as one request may absorb (the policy retries a 5xx at most 3 times).
    arm: (s, path) => {
      s.faults.add({ path, kind: '503', skip: 1, times: 1 });
      s.faults.add({ path, kind: '500', times: 1 });
      s.faults.add({ path, kind: '502', times: 1 });
    },
  },
];

/** The fault fired: its status was served to the client at least once. */
function assertServed(s: Sandbox, provider: ProviderId, status: number): void {
  assert.ok(
    s.stats.requestsTo(AUDIT_PATH[provider]).some((r) => r.status === status),
    `the sandbox never answered ${status}: the case did not exercise its fault`,
  );
}

const FAULT_STATUS: Record<string, number> = {
  '429 with Retry-After (seconds and HTTP date)': 429,
  '429 without Retry-After': 429,
  'a 5xx burst': 503,
};

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'audit-lens-cli-test-'));
  bundle = join(workDir, 'cli.js');
  await buildCliBundle(bundle);
});

after(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function sandboxFor(): Promise<Sandbox> {
  const s = await startSandbox({ scale: 300 });
  sandboxes.push(s);
  return s;
}

/** Issued tokens live only in the sandboxes' request headers: none may appear in any output. */
function assertNoTokenInOutput(s: Sandbox): void {
  const tokens = new Set<string>();
  for (const r of s.stats.requests) {
    const auth = r.headers.authorization;
    if (typeof auth === 'string') tokens.add(auth.replace(/^bearer\s+/i, ''));
  }
  for (const token of tokens) {
    if (token.length < 8) continue;
    for (const text of allOutput) assert.ok(!text.includes(token), 'an access token appeared in CLI output');
  }
}

test('audit-lens against the sandbox', { concurrency: 4, timeout: 300_000 }, async (t) => {
  await Promise.all([
    t.test('sfmc', async (t) => {
      const s = await sandboxFor();
      const journey = s.truth.sfmc.journeys().reduce((a, b) => (b.auditCount > a.auditCount ? b : a));
      const truth = () => s.truth.sfmc.auditItems(journey.id);
      // The SFMC maximum page size is 50; 20 forces several pages per version.
      const query = ['query', '--provider', 'sfmc', '--journey', journey.id, '--page-size', '20'];

      await step(t, 'plain: every record exactly once over at least 5 pages', s, async () => {
        assertMatchesTruth(ok(await cli(query, sfmcEnv(s))), 'sfmc', truth());
        assert.ok(auditRequests(s, 'sfmc') >= 5, `only ${auditRequests(s, 'sfmc')} audit pages`);
      });
      for (const fault of RECOVERABLE_FAULTS) {
        await step(t, fault.name, s, async () => {
          fault.arm(s, AUDIT_PATH.sfmc);
          assertMatchesTruth(ok(await cli(query, sfmcEnv(s))), 'sfmc', truth());
          assertServed(s, 'sfmc', FAULT_STATUS[fault.name] ?? 0);
        });
      }
      await step(t, '401 in mid-run: the token is refreshed and the query completes', s, async () => {
        const issued = s.tokensIssued;
        s.faults.add({ path: AUDIT_PATH.sfmc, kind: 'expire-tokens', skip: 2, times: 1 });
        assertMatchesTruth(ok(await cli(query, sfmcEnv(s))), 'sfmc', truth());
        assertServed(s, 'sfmc', 401);
        assert.ok(s.tokensIssued >= issued + 2, 'a second token was issued');
      });
      await step(t, 'by key, one version, one action', s, async () => {
        const version = journey.versions[journey.versions.length - 1] ?? 1;
        const records = ok(await cli(['query', '--provider', 'sfmc', '--journey', `key:${journey.key}`, '--version', String(version), '--action', 'modify'], sfmcEnv(s)));
        assertMatchesTruth(records, 'sfmc', s.truth.sfmc.auditItems(journey.id, { action: 'modify', version }));
      });
      await step(t, 'scopes: every journey, each followed by its versions', s, async () => {
        const run = await cli(['scopes', '--provider', 'sfmc', '--page-size', '5'], sfmcEnv(s));
        const scopes = scopeLines(run);
        const journeys = s.truth.sfmc.journeys();
        assert.deepEqual(
          scopes.filter((x) => x.type === 'journey').map((x) => x.id).sort(),
          journeys.map((j) => j.id).sort(),
        );
        for (const j of journeys) {
          const versions = scopes.filter((x) => x.type === 'version' && x.parent === j.id);
          assert.equal(versions.length, j.versions.length, `versions of ${j.name}`);
          const at = scopes.findIndex((x) => x.type === 'journey' && x.id === j.id);
          assert.deepEqual(scopes.slice(at + 1, at + 1 + versions.length), versions, 'versions follow their journey');
        }
        for (const x of scopes) assert.deepEqual(Object.keys(x).sort(), x.parent === undefined ? ['id', 'name', 'provider', 'type'] : ['id', 'name', 'parent', 'provider', 'type']);
      });
      await step(t, 'an unknown journey exits 1 naming sfmc, the status and the message', s, async () => {
        const run = await cli(['query', '--provider', 'sfmc', '--journey', 'key:no-such-journey'], sfmcEnv(s));
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^audit-lens: sfmc HTTP 404\b.*no-such-journey/);
      });
      await step(t, 'a wrong client secret exits 1 and never shows the secret', s, async () => {
        const run = await cli(query, { ...sfmcEnv(s), AUDIT_LENS_SFMC_CLIENT_SECRET: 'wrong-secret-0123456789' });
        assert.equal(run.code, 1);
        assert.match(run.stderr, /sfmc.*HTTP 401/);
        assert.ok(!run.stderr.includes('wrong-secret-0123456789'));
      });
      assertNoTokenInOutput(s);
    }),

    t.test('liveperson', async (t) => {
      const s = await sandboxFor();
      const account = s.truth.liveperson.defaultAccount;
      // The provider asks for LPA changes and automatic updates too: an audit tool shows everything.
      const everything = { lpa: true, automaticUpdates: true };
      const truth = () => s.truth.liveperson.query(account, everything);
      const query = ['query', '--provider', 'liveperson', '--account', account, '--page-size', '50'];

      await step(t, 'plain (pasted bearer): every record exactly once over at least 5 pages', s, async () => {
        assertMatchesTruth(ok(await cli(query, lpBearerEnv(s))), 'liveperson', truth());
        assert.ok(auditRequests(s, 'liveperson') >= 5, `only ${auditRequests(s, 'liveperson')} audit pages`);
      });
      for (const fault of RECOVERABLE_FAULTS) {
        await step(t, fault.name, s, async () => {
          fault.arm(s, AUDIT_PATH.liveperson);
          assertMatchesTruth(ok(await cli(query, lpBearerEnv(s))), 'liveperson', truth());
          assertServed(s, 'liveperson', FAULT_STATUS[fault.name] ?? 0);
        });
      }
      for (const [method, env] of [
        ['client credentials', lpClientEnv],
        ['user login', lpLoginEnv],
      ] as const) {
        await step(t, `401 in mid-run with ${method}: refreshed, the query completes`, s, async () => {
          const issued = s.tokensIssued;
          s.faults.add({ path: AUDIT_PATH.liveperson, kind: 'expire-tokens', skip: 2, times: 1 });
          assertMatchesTruth(ok(await cli(query, env(s))), 'liveperson', truth());
          assertServed(s, 'liveperson', 401);
          assert.ok(s.tokensIssued >= issued + 2, 'a second token was issued');
        });
      }
      await step(t, '401 in mid-run with a pasted bearer: exit 1, the token expired or was revoked', s, async () => {
        s.faults.add({ path: AUDIT_PATH.liveperson, kind: '401', skip: 2, times: 1 });
        const run = await cli(query, lpBearerEnv(s));
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^audit-lens: liveperson\b.*401/);
        assert.match(run.stderr, /expired|revoked/i);
      });
      await step(t, 'records inserted while paging: everything that existed comes back once, nothing twice', s, async () => {
        const before = truth();
        s.faults.insertOnRequest({ provider: 'liveperson', count: 7 });
        const records = ok(await cli([...query, '--concurrency', '2'], lpBearerEnv(s)));
        checkRecords(records, 'liveperson');
        const got = rawSet(records.map((r) => r.raw));
        assert.equal(new Set(got).size, got.length, 'an item came back twice');
        const gotSet = new Set(got);
        for (const item of before) assert.ok(gotSet.has(canonicalJson(item)), 'a record that existed when the query started was lost');
        const afterSet = new Set(rawSet(truth()));
        assert.equal(afterSet.size, before.length + 7, 'the insert happened');
        for (const text of got) assert.ok(afterSet.has(text), 'a record that never existed came back');
      });
      await step(t, 'scopes: the account, then its component types', s, async () => {
        const scopes = scopeLines(await cli(['scopes', '--provider', 'liveperson', '--account', account], lpBearerEnv(s)));
        assert.deepEqual(scopes[0], { provider: 'liveperson', type: 'account', id: account, name: `Account ${account}` });
        const types = scopes.slice(1).map((x) => x.id);
        for (const x of scopes.slice(1)) assert.deepEqual(x, { provider: 'liveperson', type: 'componentType', id: x.id, name: x.id, parent: account });
        // The types the contract documents; the provider adds any others it has seen.
        for (const name of ['Users', 'Skills', 'Agent Groups', 'Profiles', 'Campaigns']) assert.ok(types.includes(name), `component type ${name} missing`);
      });
      await step(t, 'types and dates narrow the query', s, async () => {
        const records = ok(await cli([...query, '--types', 'Users,Skills'], lpBearerEnv(s)));
        assert.ok(records.length > 0);
        assertMatchesTruth(records, 'liveperson', s.truth.liveperson.query(account, { ...everything, componentTypes: ['Users', 'Skills'] }));
      });
      assertNoTokenInOutput(s);
    }),

    t.test('uniphore', async (t) => {
      const s = await sandboxFor();
      const truth = () => s.truth.uniphore.items();
      const query = ['query', '--provider', 'uniphore', '--page-size', '50'];

      await step(t, 'plain (token): every record exactly once over at least 5 pages', s, async () => {
        assertMatchesTruth(ok(await cli(query, uniTokenEnv(s))), 'uniphore', truth());
        assert.ok(auditRequests(s, 'uniphore') >= 5, `only ${auditRequests(s, 'uniphore')} audit pages`);
      });
      for (const fault of RECOVERABLE_FAULTS) {
        await step(t, fault.name, s, async () => {
          fault.arm(s, AUDIT_PATH.uniphore);
          assertMatchesTruth(ok(await cli(query, uniTokenEnv(s))), 'uniphore', truth());
          assertServed(s, 'uniphore', FAULT_STATUS[fault.name] ?? 0);
        });
      }
      await step(t, '401 in mid-run with client credentials: refreshed, the query completes', s, async () => {
        const issued = s.tokensIssued;
        s.faults.add({ path: AUDIT_PATH.uniphore, kind: 'expire-tokens', skip: 2, times: 1 });
        assertMatchesTruth(ok(await cli(query, uniClientEnv(s))), 'uniphore', truth());
        assertServed(s, 'uniphore', 401);
        assert.ok(s.tokensIssued >= issued + 2, 'a second token was issued');
      });
      await step(t, '401 in mid-run with a pasted token: exit 1, the token expired or was revoked', s, async () => {
        s.faults.add({ path: AUDIT_PATH.uniphore, kind: '401', skip: 2, times: 1 });
        const run = await cli(query, uniTokenEnv(s));
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^audit-lens: uniphore\b.*401/);
        assert.match(run.stderr, /expired|revoked/i);
      });
      await step(t, 'get --id 833032 prints the seed item as a record', s, async () => {
        const [record, ...rest] = ok(await cli(['get', '--provider', 'uniphore', '--id', '833032'], uniTokenEnv(s)));
        assert.equal(rest.length, 0);
        assert.deepEqual(record, {
          provider: 'uniphore',
          connection: 'uniphore',
          id: '833032',
          time: '2024-04-05T09:38:09.000Z',
          action: 'Search And Replay',
          outcome: 'success',
          actor: { name: 'John Doe', email: 'john.doe@domain.com' },
          target: { type: 'Search For Live Calls' },
          errors: [],
          changes: [],
          raw: s.truth.uniphore.seedItem(),
        });
      });
      await step(t, 'get --id abc exits 2 and sends no request', s, async () => {
        const run = await cli(['get', '--provider', 'uniphore', '--id', 'abc'], uniTokenEnv(s));
        assert.equal(run.code, 2);
        assert.match(run.stderr, /--id/);
        assert.equal(s.stats.requests.length, 0);
      });
      await step(t, 'get for a missing id exits 1 with the status', s, async () => {
        const run = await cli(['get', '--provider', 'uniphore', '--id', '999999999'], uniTokenEnv(s));
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^audit-lens: uniphore\b.*404/);
      });
      await step(t, '--category keeps one activity type', s, async () => {
        const category = truth()[0]?.activityType ?? '';
        const records = ok(await cli([...query, '--category', category], uniTokenEnv(s)));
        assertMatchesTruth(records, 'uniphore', truth().filter((i) => i.activityType === category));
      });
      await step(t, 'scopes: categories', s, async () => {
        const scopes = scopeLines(await cli(['scopes', '--provider', 'uniphore'], uniTokenEnv(s)));
        assert.ok(scopes.length > 0);
        const known = new Set(s.truth.uniphore.activityTypes());
        for (const x of scopes) {
          assert.equal(x.type, 'category');
          assert.equal(x.provider, 'uniphore');
          assert.ok(known.has(x.id), `unknown category ${x.id}`);
        }
      });
      await step(t, 'missing variables exit 2 naming them, before any request', s, async () => {
        const noToken = await cli(query, { AUDIT_LENS_UNIPHORE_BASE_URL: s.url });
        assert.equal(noToken.code, 2);
        assert.match(noToken.stderr, /AUDIT_LENS_UNIPHORE_TOKEN/);
        const { AUDIT_LENS_UNIPHORE_AUDIENCE: _dropped, ...partial } = uniClientEnv(s);
        const noAudience = await cli(query, partial);
        assert.equal(noAudience.code, 2);
        assert.match(noAudience.stderr, /AUDIT_LENS_UNIPHORE_AUDIENCE/);
        const noBase = await cli(['get', '--provider', 'uniphore', '--id', '833032'], { AUDIT_LENS_UNIPHORE_TOKEN: DEMO.uniphore.token });
        assert.equal(noBase.code, 2);
        assert.match(noBase.stderr, /AUDIT_LENS_UNIPHORE_BASE_URL/);
        assert.equal(s.stats.requests.length, 0);
      });
      assertNoTokenInOutput(s);
    }),

    t.test('floqast', async (t) => {
      const s = await sandboxFor();
      const truth = () => s.truth.floqast.items();
      const query = ['query', '--provider', 'floqast', '--page-size', '50'];

      await step(t, 'plain: every record exactly once over at least 5 pages', s, async () => {
        assertMatchesTruth(ok(await cli(query, fqEnv(s))), 'floqast', truth());
        assert.ok(auditRequests(s, 'floqast') >= 5, `only ${auditRequests(s, 'floqast')} audit pages`);
      });
      for (const fault of RECOVERABLE_FAULTS) {
        await step(t, fault.name, s, async () => {
          fault.arm(s, AUDIT_PATH.floqast);
          assertMatchesTruth(ok(await cli(query, fqEnv(s))), 'floqast', truth());
          assertServed(s, 'floqast', FAULT_STATUS[fault.name] ?? 0);
        });
      }
      await step(t, '401 in mid-run: exit 1, the key expired or was revoked', s, async () => {
        s.faults.add({ path: AUDIT_PATH.floqast, kind: '401', skip: 2, times: 1 });
        const run = await cli(query, fqEnv(s));
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^audit-lens: floqast\b.*401/);
        assert.match(run.stderr, /expired|revoked/i);
      });
      await step(t, 'cross-origin 303: pages come from the other origin, which never sees x-api-key', s, async () => {
        s.faults.add({ path: AUDIT_PATH.floqast, kind: '303', skip: 1, times: 2 });
        assertMatchesTruth(ok(await cli(query, fqEnv(s))), 'floqast', truth());
        const other = s.stats.requests.filter((r) => r.origin === 'other');
        assert.ok(other.length >= 2, 'the redirect target was fetched');
        for (const r of other) {
          assert.equal(r.headers['x-api-key'], undefined, `x-api-key reached the other origin: ${r.method} ${r.url}`);
          assert.ok(!JSON.stringify(r.headers).includes(DEMO.floqast.apiKey));
        }
        assert.ok(s.stats.requests.filter((r) => r.origin === 'main').every((r) => r.headers['x-api-key'] === DEMO.floqast.apiKey));
      });
      await step(t, '413: recovered, every record exactly once', s, async () => {
        s.faults.add({ path: AUDIT_PATH.floqast, kind: '413', skip: 1, times: 1 });
        const run = await cli(query, fqEnv(s));
        assertMatchesTruth(ok(run), 'floqast', truth());
        assertServed(s, 'floqast', 413);
      });
      await step(t, 'formats and --limit: jsonl, one json array, a table, the first N of the sorted output', s, async () => {
        const all = ok(await cli(query, fqEnv(s)));
        const json = await cli([...query, '--format', 'json'], fqEnv(s));
        assert.equal(json.code, 0);
        assert.deepEqual(JSON.parse(json.stdout), all);
        const limited = ok(await cli([...query, '--limit', '7'], fqEnv(s)));
        assert.deepEqual(limited, all.slice(0, 7));
        const table = await cli([...query, '--format', 'table', '--limit', '3'], fqEnv(s));
        assert.equal(table.code, 0);
        const rows = table.stdout.trimEnd().split('\n');
        assert.equal(rows.length, 4);
        assert.match(rows[0] ?? '', /^TIME\s+PROVIDER\s+ACTION\s+OUTCOME\s+ACTOR\s+TARGET$/);
        for (const [i, row] of rows.slice(1).entries()) assert.ok(row.startsWith(`${all[i]?.time}  floqast  `), row);
      });
      await step(t, 'dates and an API key id narrow the query', s, async () => {
        const all = truth();
        const key = s.truth.floqast.apiKeys()[0]?.id ?? '';
        const day = all[Math.floor(all.length / 2)]?.createdAt.slice(0, 10) ?? '';
        const records = ok(await cli([...query, '--from', day, '--to', day], fqEnv(s)));
        assertMatchesTruth(records, 'floqast', s.truth.floqast.items({ startDate: day, endDate: day }));
        const byKey = ok(await cli([...query, '--api-key-id', key], fqEnv(s)));
        assertMatchesTruth(byKey, 'floqast', s.truth.floqast.items({ apiKeyId: key }));
      });
      await step(t, 'scopes: the API keys seen in the trail', s, async () => {
        const scopes = scopeLines(await cli(['scopes', '--provider', 'floqast'], fqEnv(s)));
        const seen = new Map(truth().map((i) => [i.userApiKey.id, i.userApiKey.name]));
        assert.deepEqual(scopes.map((x) => x.id).sort(), [...seen.keys()].sort());
        for (const x of scopes) assert.deepEqual(x, { provider: 'floqast', type: 'apiKey', id: x.id, name: seen.get(x.id) ?? x.id });
      });
      await step(t, '--timeout-ms bounds each request: exit 1', s, async () => {
        s.faults.add({ path: AUDIT_PATH.floqast, kind: 'timeout', times: Infinity });
        const run = await cli([...query, '--timeout-ms', '300'], fqEnv(s));
        assert.equal(run.code, 1);
        assert.match(run.stderr, /^audit-lens: floqast\b.*timed out/i);
      });
      await step(t, 'SIGINT aborts the fetch: exit 130, stdout empty', s, async () => {
        s.faults.add({ path: AUDIT_PATH.floqast, kind: 'timeout', times: Infinity });
        const run = await cli(query, fqEnv(s), {
          onSpawn: (kill) => {
            const poll = setInterval(() => {
              if (auditRequests(s, 'floqast') > 0) {
                clearInterval(poll);
                kill('SIGINT');
              }
            }, 20);
          },
        });
        assert.equal(run.code, 130);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /interrupted/);
      });
      await step(t, 'usage and configuration errors exit 2 and send nothing', s, async () => {
        const cases: [string[], Record<string, string>, RegExp][] = [
          [query, {}, /AUDIT_LENS_FLOQAST_API_KEY/],
          [query, { ...fqEnv(s), AUDIT_LENS_FLOQAST_BASE_URL: 'http://fq.example.com' }, /AUDIT_LENS_FLOQAST_BASE_URL must use https/],
          [[...query, '--bogus'], fqEnv(s), /'--bogus'/],
          [[...query, '--api-key', DEMO.floqast.apiKey], fqEnv(s), /'--api-key'/],
          [[...query, '--from', '2024-13-01'], fqEnv(s), /'--from'/],
          [['query', '--provider', 'nope'], fqEnv(s), /'--provider'/],
          [['frobnicate'], fqEnv(s), /Unknown command/],
        ];
        for (const [args, env, pattern] of cases) {
          const run = await cli(args, env);
          assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
          assert.match(run.stderr, pattern);
        }
        assert.equal(s.stats.requests.length, 0);
      });
      await step(t, 'help for every command, on stdout with exit 0', s, async () => {
        for (const args of [['--help'], ['help'], ['query', '--help'], ['help', 'get'], ['scopes', '-h']]) {
          const run = await cli(args, {});
          assert.equal(run.code, 0);
          assert.match(run.stdout, /Usage:/);
        }
        const sandboxHelp = await cli(['sandbox', '--help'], {}, { documentsDemoCredentials: true });
        assert.equal(sandboxHelp.code, 0);
        assert.match(sandboxHelp.stdout, /audit-lens sandbox/);
      });
      assertNoTokenInOutput(s);
    }),
  ]);
});
