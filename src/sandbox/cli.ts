/**
 * `audit-lens sandbox`: runs the loopback sandbox until SIGINT or SIGTERM.
 * The first line on stdout is the base URL and nothing else goes to stdout,
 * so `URL=$(audit-lens sandbox --port 0 | head -1)` works; the rest (the
 * other origin, the variables to export) goes to stderr.
 */
import { parseArgs } from 'node:util';
import { DEMO } from './demoCredentials';
import { DEFAULT_ANCHOR_TIME, DEFAULT_SCALE, DEFAULT_SEED, startSandbox, type Sandbox, type SandboxOptions } from './index';

export interface SandboxCommandIO {
  stdout?: { write(text: string): unknown };
  stderr?: { write(text: string): unknown };
  /** Stops the sandbox (tests); SIGINT and SIGTERM always do. */
  signal?: AbortSignal;
  /** Called once the sandbox listens. */
  onStarted?: (sandbox: Sandbox) => void;
}

function envLines(url: string): string[] {
  return [
    `  SFMC:       AUDIT_LENS_SFMC_AUTH_URL=${url} AUDIT_LENS_SFMC_CLIENT_ID=${DEMO.sfmc.clientId} AUDIT_LENS_SFMC_CLIENT_SECRET=${DEMO.sfmc.clientSecret}`,
    `  LivePerson: AUDIT_LENS_LP_DOMAIN_API=${url} AUDIT_LENS_LP_BEARER=${DEMO.liveperson.bearer}   (account ${DEMO.liveperson.accountId})`,
    `              or AUDIT_LENS_LP_CLIENT_ID=${DEMO.liveperson.clientId} AUDIT_LENS_LP_CLIENT_SECRET=${DEMO.liveperson.clientSecret}`,
    `              or AUDIT_LENS_LP_USERNAME=${DEMO.liveperson.username} AUDIT_LENS_LP_PASSWORD=${DEMO.liveperson.password}`,
    `  Uniphore:   AUDIT_LENS_UNIPHORE_BASE_URL=${url} AUDIT_LENS_UNIPHORE_TOKEN=${DEMO.uniphore.token}`,
    `              or AUDIT_LENS_UNIPHORE_TOKEN_URL=${url}${DEMO.uniphore.tokenPath} AUDIT_LENS_UNIPHORE_CLIENT_ID=${DEMO.uniphore.clientId} AUDIT_LENS_UNIPHORE_CLIENT_SECRET=${DEMO.uniphore.clientSecret} AUDIT_LENS_UNIPHORE_AUDIENCE=${DEMO.uniphore.audience}`,
    `  FloQast:    AUDIT_LENS_FLOQAST_BASE_URL=${url} AUDIT_LENS_FLOQAST_API_KEY=${DEMO.floqast.apiKey}`,
  ];
}

export const SANDBOX_HELP = [
  'Usage: audit-lens sandbox [--port N] [--other-port N] [--host H] [--scale N] [--seed N] [--latency-ms N] [--anchor ISO|now]',
  '',
  'Runs a loopback server that emulates the four audit APIs (SFMC, LivePerson, Uniphore,',
  'FloQast) at the root of one origin, with seeded, deterministic demo data. The first',
  'line on stdout is its base URL. It runs until interrupted (Ctrl+C, SIGTERM).',
  '',
  'Options:',
  '  --port N         port of the main origin (default 0: any free port)',
  '  --other-port N   port of the second origin, where FloQast 303 redirects point (default 0)',
  '  --host H         address to listen on (default 127.0.0.1)',
  `  --scale N        audit items per provider (default ${DEFAULT_SCALE}; up to 1000000)`,
  `  --seed N         data seed (default ${DEFAULT_SEED}); the same seed always gives the same data`,
  '  --latency-ms N   delay added to every answer (default 0)',
  `  --anchor T       the newest data ends just before T, an ISO time or "now" (default ${DEFAULT_ANCHOR_TIME})`,
  '',
  'Demo credentials (they unlock nothing but this sandbox):',
  `  SFMC        client id ${DEMO.sfmc.clientId}, client secret ${DEMO.sfmc.clientSecret} (account id ${DEMO.sfmc.accountId}, optional)`,
  `  LivePerson  account ${DEMO.liveperson.accountId}; bearer ${DEMO.liveperson.bearer},`,
  `              or client ${DEMO.liveperson.clientId} / ${DEMO.liveperson.clientSecret}, or user ${DEMO.liveperson.username} / ${DEMO.liveperson.password}`,
  `  Uniphore    token ${DEMO.uniphore.token}, or client ${DEMO.uniphore.clientId} / ${DEMO.uniphore.clientSecret},`,
  `              audience ${DEMO.uniphore.audience}, token URL <base URL>${DEMO.uniphore.tokenPath}`,
  `  FloQast     API key ${DEMO.floqast.apiKey}`,
  '',
  'Point the audit-lens CLI at it with these environment variables (<base URL> is the first line printed):',
  ...envLines('<base URL>'),
  '',
  'Example:',
  '  audit-lens sandbox --port 7878 &',
  `  AUDIT_LENS_FLOQAST_BASE_URL=http://127.0.0.1:7878 AUDIT_LENS_FLOQAST_API_KEY=${DEMO.floqast.apiKey} \\`,
  '    audit-lens query --provider floqast --limit 5',
  '',
].join('\n');

class UsageError extends Error {}

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return Number(value);
}

function parseOptions(argv: string[]): { help: boolean; options: SandboxOptions } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        port: { type: 'string' },
        'other-port': { type: 'string' },
        host: { type: 'string' },
        scale: { type: 'string' },
        seed: { type: 'string' },
        'latency-ms': { type: 'string' },
        anchor: { type: 'string' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const options: SandboxOptions = {};
  const port = integer('port', v.port, 0, 65535);
  const otherPort = integer('other-port', v['other-port'], 0, 65535);
  const scale = integer('scale', v.scale, 0, 10_000_000);
  const seed = integer('seed', v.seed, 0, 2 ** 31 - 1);
  const latency = integer('latency-ms', v['latency-ms'], 0, 600_000);
  if (port !== undefined) options.port = port;
  if (otherPort !== undefined) options.otherPort = otherPort;
  if (scale !== undefined) options.scale = scale;
  if (seed !== undefined) options.seed = seed;
  if (latency !== undefined) options.latencyMs = latency;
  if (v.host !== undefined) options.host = v.host;
  if (v.anchor !== undefined) {
    const ms = v.anchor === 'now' ? Date.now() : Date.parse(v.anchor);
    if (!Number.isFinite(ms)) throw new UsageError(`--anchor must be an ISO time or "now", got "${v.anchor}"`);
    options.anchorTime = ms;
  }
  return { help: v.help ?? false, options };
}

/** Runs `audit-lens sandbox`; resolves to the exit code once stopped (0), or 2 for a usage error, 1 if it cannot start. */
export async function runSandboxCommand(argv: string[], io: SandboxCommandIO = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let parsed;
  try {
    parsed = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    stderr.write(`audit-lens sandbox: ${e.message}\nRun "audit-lens sandbox --help" for usage.\n`);
    return 2;
  }
  if (parsed.help) {
    stdout.write(`${SANDBOX_HELP}\n`);
    return 0;
  }
  if (io.signal?.aborted) return 0;
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(parsed.options);
  } catch (e) {
    stderr.write(`audit-lens sandbox: cannot start: ${(e as Error).message}\n`);
    return 1;
  }
  // A reader that stops after the first line (`| head -1`) must not bring the server down.
  if (stdout === process.stdout) process.stdout.on('error', () => undefined);
  stdout.write(`${sandbox.url}\n`);
  stderr.write(
    [
      `Audit Lens sandbox: SFMC, LivePerson, Uniphore and FloQast at ${sandbox.url}`,
      `Other origin (FloQast 303 target): ${sandbox.otherOriginUrl}`,
      'Environment for the audit-lens CLI (demo credentials):',
      ...envLines(sandbox.url),
      'Press Ctrl+C to stop.',
      '',
    ].join('\n'),
  );
  io.onStarted?.(sandbox);
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      io.signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    io.signal?.addEventListener('abort', stop, { once: true });
  });
  await sandbox.close();
  return 0;
}
