/**
 * The CLI part of issue 7's secret-leak suite. Known secrets are configured
 * for all four providers (the sandbox's demo credentials, plus distinctive
 * canaries with spaces and URL-special characters), then every command runs
 * through its success and error paths: queries, scopes and get for each
 * provider, every help text, bad flags (secrets pasted where they don't
 * belong), wrong credentials, and servers that echo the credential back in
 * their error bodies (raw, percent-encoded and form-encoded) or in an HTML
 * page. Everything produced is scanned for every secret and every token the
 * sandbox issued: stdout, stderr, the progress line, and every file under
 * the CLI's working directory and HOME. Zero hits.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO, startSandbox, type RuleHandle, type Sandbox } from '../../../src/sandbox/index';
import { bundleCli, type BundledCli } from './support/cliBundle';
import { runCliInProcess } from './support/cliInProcess';
import { AUDIT_PATH, bearerTokensSeen, DEMO_SECRETS, SFMC_JOURNEY_KEY } from './support/providerSetups';

/** Values no sandbox accepts, shaped to catch a redactor that knows only one spelling of a secret. */
const CANARY = {
  sfmcSecret: 'canary sfmc+secret/7f3a=9c',
  lpBearer: 'canary-lp-bearer-2c81d0e4',
  lpClientSecret: 'canary lp&client+secret/5e=',
  lpPassword: 'canary lp password 91b7?',
  uniToken: 'canary-uniphore-token-44aa0f',
  uniClientSecret: 'canary uniphore+secret/7=#1',
  fqKey: 'canary-floqast-key-d3e9b2',
} as const;
const CANARIES: readonly string[] = Object.values(CANARY);

/** Every spelling a secret travels in: as is, in a URL, in a form body, inside a JSON string. */
function spellings(secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2), JSON.stringify(secret).slice(1, -1)];
  return [...new Set(forms)];
}

/** A server message that echoes a credential back in every spelling. */
function echo(...secrets: string[]): string {
  return `credential rejected: ${secrets.flatMap(spellings).join(' | ')}`;
}

function assertNoSecret(text: string, secrets: readonly string[], where: string): void {
  for (const secret of secrets) {
    for (const form of spellings(secret)) {
      assert.ok(!text.includes(form), `${where}: a secret appeared (as ${form === secret ? 'itself' : 'an encoded form'})`);
    }
  }
}

type Env = Record<string, string | undefined>;

function compact(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

/** All four providers configured at once with the demo credentials: every secret is in the environment. */
function demoEnv(s: Sandbox, overrides: Env = {}): Record<string, string> {
  return compact({
    AUDIT_LENS_SFMC_AUTH_URL: s.url,
    AUDIT_LENS_SFMC_CLIENT_ID: DEMO.sfmc.clientId,
    AUDIT_LENS_SFMC_CLIENT_SECRET: DEMO.sfmc.clientSecret,
    AUDIT_LENS_LP_DOMAIN_API: s.url,
    AUDIT_LENS_LP_ACCOUNT_ID: DEMO.liveperson.accountId,
    AUDIT_LENS_LP_BEARER: DEMO.liveperson.bearer,
    AUDIT_LENS_UNIPHORE_BASE_URL: s.url,
    AUDIT_LENS_UNIPHORE_TOKEN: DEMO.uniphore.token,
    AUDIT_LENS_FLOQAST_BASE_URL: s.url,
    AUDIT_LENS_FLOQAST_API_KEY: DEMO.floqast.apiKey,
    AUDIT_LENS_RETRY_BASE_MS: '5',
    ...overrides,
  });
}

/** The secrets demoEnv puts in the environment: the ones the CLI can know to hide. */
const DEMO_ENV_SECRETS = [DEMO.sfmc.clientSecret, DEMO.liveperson.bearer, DEMO.uniphore.token, DEMO.floqast.apiKey];

const LP_CLIENT: Env = { AUDIT_LENS_LP_BEARER: undefined, AUDIT_LENS_LP_CLIENT_ID: DEMO.liveperson.clientId, AUDIT_LENS_LP_CLIENT_SECRET: DEMO.liveperson.clientSecret };
const LP_LOGIN: Env = { AUDIT_LENS_LP_BEARER: undefined, AUDIT_LENS_LP_USERNAME: DEMO.liveperson.username, AUDIT_LENS_LP_PASSWORD: DEMO.liveperson.password };
function uniClient(s: Sandbox, secret: string = DEMO.uniphore.clientSecret): Env {
  return {
    AUDIT_LENS_UNIPHORE_TOKEN: undefined,
    AUDIT_LENS_UNIPHORE_TOKEN_URL: `${s.url}${DEMO.uniphore.tokenPath}`,
    AUDIT_LENS_UNIPHORE_CLIENT_ID: DEMO.uniphore.clientId,
    AUDIT_LENS_UNIPHORE_CLIENT_SECRET: secret,
    AUDIT_LENS_UNIPHORE_AUDIENCE: DEMO.uniphore.audience,
  };
}

const SFMC_QUERY = ['query', '--provider', 'sfmc', '--journey', `key:${SFMC_JOURNEY_KEY}`, '--page-size', '10'];
const LP_QUERY = ['query', '--provider', 'liveperson', '--account', DEMO.liveperson.accountId, '--page-size', '10'];
const UNI_QUERY = ['query', '--provider', 'uniphore', '--page-size', '10'];
const FQ_QUERY = ['query', '--provider', 'floqast', '--page-size', '10'];
const LP_TOKEN_PATH = new RegExp(`^/sentinel/api/(?:v2/)?account/${DEMO.liveperson.accountId}/app/token`);
const LP_LOGIN_PATH = new RegExp(`^/api/account/${DEMO.liveperson.accountId}/login`);

interface Case {
  name: string;
  args: string[];
  env: (s: Sandbox) => Record<string, string>;
  code: number;
  /** Switches faults on; each must fire, or the case proved nothing. */
  arm?: (s: Sandbox) => RuleHandle[];
  /** `sandbox --help` prints the demo credentials on purpose (they unlock only the loopback sandbox). */
  documentsDemoCredentials?: boolean;
}

/** Echoes, in a 403, whatever bearer token the request carried: issued tokens are secrets too. */
function echoIssuedToken(s: Sandbox, path: RegExp): RuleHandle[] {
  const echoed: RuleHandle[] = [];
  s.faults.onRequest({ path, times: Infinity }, (request) => {
    const token = String(request.headers.authorization ?? '').replace(/^bearer\s+/i, '');
    // A rule added by a hook fires on the very request that ran it.
    if (token && echoed.length === 0) echoed.push(s.faults.add({ path, kind: '403', message: echo(token), times: Infinity }));
  });
  return [
    {
      get matched() {
        return echoed[0]?.matched ?? 0;
      },
      get fired() {
        return echoed[0]?.fired ?? 0;
      },
      get done() {
        return echoed[0]?.done ?? false;
      },
      remove: () => echoed[0]?.remove(),
    },
  ];
}

const CASES: Case[] = [
  // Help, with every secret in the environment.
  ...[['--help'], ['-h'], ['help'], ['help', 'query'], ['help', 'get'], ['help', 'scopes'], ['query', '--help'], ['get', '-h'], ['scopes', '--help'], ['query', '--provider', 'floqast', '--help']].map(
    (args): Case => ({ name: `help: ${args.join(' ')}`, args, env: (s) => demoEnv(s), code: 0 }),
  ),
  {
    name: 'sandbox --help (documents the demo credentials; no canary)',
    args: ['sandbox', '--help'],
    env: (s) => demoEnv(s, { AUDIT_LENS_SFMC_CLIENT_SECRET: CANARY.sfmcSecret, AUDIT_LENS_FLOQAST_API_KEY: CANARY.fqKey }),
    code: 0,
    documentsDemoCredentials: true,
  },

  // Every data command succeeding, in every format and with every credential kind.
  ...['jsonl', 'json', 'table'].map((format): Case => ({ name: `sfmc query --format ${format}`, args: [...SFMC_QUERY, '--format', format], env: (s) => demoEnv(s), code: 0 })),
  { name: 'sfmc scopes', args: ['scopes', '--provider', 'sfmc'], env: (s) => demoEnv(s), code: 0 },
  { name: 'liveperson query (pasted bearer)', args: LP_QUERY, env: (s) => demoEnv(s), code: 0 },
  { name: 'liveperson query (client credentials)', args: [...LP_QUERY, '--format', 'table'], env: (s) => demoEnv(s, LP_CLIENT), code: 0 },
  { name: 'liveperson query (user login)', args: [...LP_QUERY, '--format', 'json'], env: (s) => demoEnv(s, LP_LOGIN), code: 0 },
  { name: 'liveperson scopes', args: ['scopes', '--provider', 'liveperson'], env: (s) => demoEnv(s), code: 0 },
  { name: 'uniphore query (pasted token)', args: UNI_QUERY, env: (s) => demoEnv(s), code: 0 },
  { name: 'uniphore query (client credentials)', args: [...UNI_QUERY, '--format', 'table'], env: (s) => demoEnv(s, uniClient(s)), code: 0 },
  { name: 'uniphore get', args: ['get', '--provider', 'uniphore', '--id', '833032'], env: (s) => demoEnv(s), code: 0 },
  { name: 'uniphore get --format table', args: ['get', '--provider', 'uniphore', '--id', '833032', '--format', 'table'], env: (s) => demoEnv(s, uniClient(s)), code: 0 },
  { name: 'uniphore scopes', args: ['scopes', '--provider', 'uniphore'], env: (s) => demoEnv(s), code: 0 },
  { name: 'floqast query', args: [...FQ_QUERY, '--format', 'json'], env: (s) => demoEnv(s), code: 0 },
  { name: 'floqast scopes', args: ['scopes', '--provider', 'floqast'], env: (s) => demoEnv(s), code: 0 },
  {
    name: 'floqast query through a 413 and a 303 to the other origin',
    args: FQ_QUERY,
    env: (s) => demoEnv(s),
    code: 0,
    arm: (s) => [s.faults.add({ path: AUDIT_PATH.floqast, kind: '413', skip: 1 }), s.faults.add({ path: AUDIT_PATH.floqast, kind: '303', skip: 2 })],
  },

  // get where it does not exist.
  ...(['sfmc', 'liveperson', 'floqast'] as const).map((p): Case => ({ name: `get --provider ${p}`, args: ['get', '--provider', p, '--id', '1'], env: (s) => demoEnv(s), code: 2 })),

  // Secrets pasted where they don't belong.
  { name: 'a secret as a flag --api-key', args: [...FQ_QUERY, '--api-key', DEMO.floqast.apiKey], env: (s) => demoEnv(s), code: 2 },
  { name: 'a secret as a flag --client-secret', args: [...SFMC_QUERY, `--client-secret=${DEMO.sfmc.clientSecret}`], env: (s) => demoEnv(s), code: 2 },
  { name: 'a secret as a flag --bearer', args: [...LP_QUERY, '--bearer', DEMO.liveperson.bearer], env: (s) => demoEnv(s), code: 2 },
  { name: 'a secret as the command', args: [DEMO.floqast.apiKey], env: (s) => demoEnv(s), code: 2 },
  { name: 'a secret as the help topic', args: ['help', DEMO.uniphore.token], env: (s) => demoEnv(s), code: 2 },
  { name: 'a secret as --provider', args: ['query', '--provider', DEMO.liveperson.bearer], env: (s) => demoEnv(s), code: 2 },
  { name: 'a secret as --from', args: [...FQ_QUERY, '--from', DEMO.floqast.apiKey], env: (s) => demoEnv(s), code: 2 },
  { name: 'a secret as --id', args: ['get', '--provider', 'uniphore', '--id', DEMO.uniphore.token], env: (s) => demoEnv(s), code: 2 },
  { name: 'a secret as a positional', args: ['scopes', '--provider', 'sfmc', DEMO.sfmc.clientSecret], env: (s) => demoEnv(s), code: 2 },
  // Shaped like an account id, so it is sent (in the URL path) and refused by the API.
  { name: 'a secret as --account', args: ['query', '--provider', 'liveperson', '--account', DEMO.liveperson.password], env: (s) => demoEnv(s, LP_LOGIN), code: 1 },
  { name: 'a secret as the journey key (the API answers 404 naming it)', args: ['query', '--provider', 'sfmc', '--journey', `key:${DEMO.sfmc.clientSecret}`], env: (s) => demoEnv(s), code: 1 },
  { name: 'a secret as the time zone', args: UNI_QUERY, env: (s) => demoEnv(s, { AUDIT_LENS_UNIPHORE_TIME_ZONE: DEMO.uniphore.token }), code: 2 },
  { name: 'an http base URL', args: FQ_QUERY, env: (s) => demoEnv(s, { AUDIT_LENS_FLOQAST_BASE_URL: 'http://fq.example.com' }), code: 2 },

  // Wrong credentials: the sandbox refuses every canary.
  { name: 'wrong sfmc client secret', args: SFMC_QUERY, env: (s) => demoEnv(s, { AUDIT_LENS_SFMC_CLIENT_SECRET: CANARY.sfmcSecret }), code: 1 },
  { name: 'wrong liveperson bearer', args: LP_QUERY, env: (s) => demoEnv(s, { AUDIT_LENS_LP_BEARER: CANARY.lpBearer }), code: 1 },
  { name: 'wrong liveperson client secret', args: LP_QUERY, env: (s) => demoEnv(s, { ...LP_CLIENT, AUDIT_LENS_LP_CLIENT_SECRET: CANARY.lpClientSecret }), code: 1 },
  { name: 'wrong liveperson password', args: LP_QUERY, env: (s) => demoEnv(s, { ...LP_LOGIN, AUDIT_LENS_LP_PASSWORD: CANARY.lpPassword }), code: 1 },
  { name: 'wrong uniphore token', args: ['get', '--provider', 'uniphore', '--id', '833032'], env: (s) => demoEnv(s, { AUDIT_LENS_UNIPHORE_TOKEN: CANARY.uniToken }), code: 1 },
  { name: 'wrong uniphore client secret', args: ['scopes', '--provider', 'uniphore'], env: (s) => demoEnv(s, uniClient(s, CANARY.uniClientSecret)), code: 1 },
  { name: 'wrong floqast API key', args: ['scopes', '--provider', 'floqast'], env: (s) => demoEnv(s, { AUDIT_LENS_FLOQAST_API_KEY: CANARY.fqKey }), code: 1 },

  // Servers that echo the credential back in their error bodies.
  {
    name: 'sfmc token endpoint echoes the client secret',
    args: SFMC_QUERY,
    env: (s) => demoEnv(s, { AUDIT_LENS_SFMC_CLIENT_SECRET: CANARY.sfmcSecret }),
    code: 1,
    arm: (s) => [s.faults.add({ path: '/v2/token', kind: '401', message: echo(CANARY.sfmcSecret), times: Infinity })],
  },
  {
    name: 'liveperson app-token endpoint echoes the client secret',
    args: LP_QUERY,
    env: (s) => demoEnv(s, { ...LP_CLIENT, AUDIT_LENS_LP_CLIENT_SECRET: CANARY.lpClientSecret }),
    code: 1,
    arm: (s) => [s.faults.add({ path: LP_TOKEN_PATH, kind: '401', message: echo(CANARY.lpClientSecret), times: Infinity })],
  },
  {
    name: 'liveperson login echoes the password',
    args: LP_QUERY,
    env: (s) => demoEnv(s, { ...LP_LOGIN, AUDIT_LENS_LP_PASSWORD: CANARY.lpPassword }),
    code: 1,
    arm: (s) => [s.faults.add({ path: LP_LOGIN_PATH, kind: '403', message: echo(CANARY.lpPassword), times: Infinity })],
  },
  {
    name: 'uniphore token endpoint echoes the client secret',
    args: UNI_QUERY,
    env: (s) => demoEnv(s, uniClient(s, CANARY.uniClientSecret)),
    code: 1,
    arm: (s) => [s.faults.add({ path: DEMO.uniphore.tokenPath, kind: '401', message: echo(CANARY.uniClientSecret), times: Infinity })],
  },
  ...(
    [
      ['sfmc', SFMC_QUERY, DEMO.sfmc.clientSecret],
      ['liveperson', LP_QUERY, DEMO.liveperson.bearer],
      ['uniphore', UNI_QUERY, DEMO.uniphore.token],
      ['floqast', FQ_QUERY, DEMO.floqast.apiKey],
    ] as const
  ).flatMap(([provider, args, secret]): Case[] =>
    (['401', '403', '500', '413'] as const).map((kind) => ({
      name: `${provider} audit page: ${kind} echoing every configured secret`,
      args: [...args],
      env: (s) => demoEnv(s),
      // FloQast works around a 413 by asking for a redirect; the echo then sits in the 303 step's error, if any.
      code: provider === 'floqast' && kind === '413' ? 0 : 1,
      arm: (s) => [s.faults.add({ path: AUDIT_PATH[provider], kind, message: echo(secret, ...DEMO_ENV_SECRETS), skip: 1, times: kind === '413' ? 1 : Infinity })],
    })),
  ),
  {
    name: 'sfmc audit page echoes the issued token',
    args: SFMC_QUERY,
    env: (s) => demoEnv(s),
    code: 1,
    arm: (s) => echoIssuedToken(s, AUDIT_PATH.sfmc),
  },
  {
    name: 'liveperson audit page echoes the issued token (client credentials)',
    args: LP_QUERY,
    env: (s) => demoEnv(s, LP_CLIENT),
    code: 1,
    arm: (s) => echoIssuedToken(s, AUDIT_PATH.liveperson),
  },
  {
    name: 'liveperson audit page echoes the issued token (user login)',
    args: LP_QUERY,
    env: (s) => demoEnv(s, LP_LOGIN),
    code: 1,
    arm: (s) => echoIssuedToken(s, AUDIT_PATH.liveperson),
  },
  {
    name: 'uniphore audit page echoes the issued token',
    args: UNI_QUERY,
    env: (s) => demoEnv(s, uniClient(s)),
    code: 1,
    arm: (s) => echoIssuedToken(s, AUDIT_PATH.uniphore),
  },
  ...(['sfmc', 'liveperson', 'uniphore', 'floqast'] as const).map(
    (provider): Case => ({
      name: `${provider}: an HTML error page with 200, every time`,
      args: { sfmc: SFMC_QUERY, liveperson: LP_QUERY, uniphore: UNI_QUERY, floqast: FQ_QUERY }[provider],
      env: (s) => demoEnv(s),
      code: 1,
      arm: (s) => [s.faults.add({ path: AUDIT_PATH[provider], kind: 'html', skip: 1, times: Infinity })],
    }),
  ),
];

let cli: BundledCli;
const sandboxes: Sandbox[] = [];

before(async () => {
  cli = await bundleCli();
});

after(async () => {
  await Promise.all(sandboxes.map((s) => s.close()));
  cli?.dispose();
});

async function freshSandbox(): Promise<Sandbox> {
  const s = await startSandbox({ scale: { sfmc: 36, liveperson: 30, uniphore: 30, floqast: 30 } });
  sandboxes.push(s);
  return s;
}

test('secret leaks: every CLI command and error path, run as users run it, prints no secret', { concurrency: 4, timeout: 240_000 }, async (t) => {
  await Promise.all(
    CASES.map((c) =>
      t.test(c.name, async () => {
        const s = await freshSandbox();
        const handles = c.arm?.(s) ?? [];
        const run = await cli.run(c.args, c.env(s));
        assert.equal(run.code, c.code, `exit ${run.code}, expected ${c.code}: ${run.stderr}`);
        if (c.code !== 0) assert.equal(run.stdout, '', 'stdout stays empty on failure');
        for (const h of handles) assert.ok(h.fired > 0, 'the fault never fired');
        const secrets = [...(c.documentsDemoCredentials ? [] : DEMO_SECRETS), ...CANARIES, ...bearerTokensSeen(s)];
        assertNoSecret(run.stdout, secrets, `${c.name}: stdout`);
        assertNoSecret(run.stderr, secrets, `${c.name}: stderr`);
        await s.close();
      }),
    ),
  );

  await t.test('no file the CLI wrote holds a secret', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walk(p);
        else files.push(p);
      }
    };
    walk(cli.workDir);
    for (const f of files) assertNoSecret(readFileSync(f, 'latin1'), [...DEMO_SECRETS, ...CANARIES], `file ${f}`);
  });
});

test('secret leaks: the progress line and the table shown on a terminal print no secret', async () => {
  const s = await freshSandbox();
  try {
    // A 413 makes FloQast report its recovery on the progress line; the other providers report pages.
    s.faults.add({ path: AUDIT_PATH.floqast, kind: '413', skip: 1, message: echo(DEMO.floqast.apiKey) });
    for (const args of [SFMC_QUERY, LP_QUERY, UNI_QUERY, FQ_QUERY, ['get', '--provider', 'uniphore', '--id', '833032']]) {
      const run = await runCliInProcess(args, demoEnv(s), undefined, { tty: true });
      assert.equal(run.code, 0, run.stderr);
      assert.match(run.stdout, /^TIME\s+PROVIDER/, 'a terminal gets the table');
      const secrets = [...DEMO_SECRETS, ...bearerTokensSeen(s)];
      assertNoSecret(run.stdout, secrets, `${args.join(' ')}: stdout`);
      assertNoSecret(run.stderr, secrets, `${args.join(' ')}: stderr`);
    }
    s.faults.add({ path: AUDIT_PATH.uniphore, kind: '500', message: echo(DEMO.uniphore.token), times: Infinity, skip: 1 });
    const failed = await runCliInProcess(UNI_QUERY, demoEnv(s), undefined, { tty: true });
    assert.equal(failed.code, 1);
    assertNoSecret(failed.stderr, DEMO_SECRETS, 'a failure after progress: stderr');
  } finally {
    await s.close();
  }
});
