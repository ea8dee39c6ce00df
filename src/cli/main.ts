/**
 * `audit-lens`: from argv and the environment to an exit code.
 *
 * Exit codes are part of the contract (issue 3): 0 success; 1 the provider or
 * the network failed, with one stderr line naming the provider, the HTTP
 * status and the provider's own message; 2 usage or configuration, found
 * before any request; 130 interrupted. Every byte written to stderr passes
 * through a Redactor that knows every secret in the environment, and stdout
 * is written only once the whole result is in hand.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { AuditLensError, CancelledError, ConfigError, isCancellation } from '../core/errors';
import { HttpClient } from '../core/http';
import { Redactor } from '../core/redact';
import type { ProviderId } from '../core/model';
import type { Provider } from '../core/provider';
import { getProvider } from '../providers/registry';
import { parseCommandLine, type CliCommand, type OutputFormat } from './args';
import { runGet, runQuery, runScopes, type CommandContext, type CommandOutput } from './commands';
import { connectionFromEnv, secretValuesFromEnv, type Env } from './envConnection';
import { helpText } from './help';
import { ProgressLine } from './progress';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

export type OutputStream = Writable & { isTTY?: boolean };

export interface CliIo {
  argv: readonly string[];
  env: Env;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborted on SIGINT: cancels every request in flight. */
  signal: AbortSignal;
  /** The provider registry; tests pass stand-ins. */
  providers?: (id: ProviderId) => Provider;
}

const USER_AGENT = 'audit-lens-cli/0.1.0';

/**
 * For tests only: the first backoff of the retry policy (default 1000 ms), so
 * that 429-without-Retry-After and 5xx cases run in well under a second.
 */
export const RETRY_BASE_ENV = 'AUDIT_LENS_RETRY_BASE_MS';

function retryBaseFromEnv(env: Env): number | undefined {
  const v = env[RETRY_BASE_ENV]?.trim();
  if (v === undefined || v === '') return undefined;
  if (!/^\d{1,6}$/.test(v)) throw new ConfigError(`${RETRY_BASE_ENV} must be a whole number of milliseconds.`);
  return Number(v);
}

export async function runCli(io: CliIo): Promise<number> {
  const redactor = new Redactor().add(...secretValuesFromEnv(io.env));
  const say = (line: string) => {
    // One line each, whatever a message holds.
    io.stderr.write(`${redactor.redact(line).replace(/\s*[\r\n]+\s*/g, ' ').trim()}\n`);
  };
  let command: CliCommand | undefined;
  let progress: ProgressLine | undefined;
  try {
    command = parseCommandLine(io.argv);
    switch (command.kind) {
      case 'help':
        // The sandbox documents its own flags and demo credentials.
        if (command.topic === 'sandbox') return await runSandbox(['--help'], io);
        await writeAll(io.stdout, [helpText(command.topic)]);
        return EXIT_OK;
      case 'sandbox':
        return await runSandbox(command.argv, io);
      default:
        break;
    }
    const { common } = command;
    const { connection, secrets } = connectionFromEnv(common.provider, io.env, {
      account: command.kind === 'scopes' ? command.account : command.kind === 'query' ? command.query.account : undefined,
    });
    const provider = (io.providers ?? getProvider)(common.provider);
    provider.validate(connection, secrets);
    const retryBase = retryBaseFromEnv(io.env);
    const http = new HttpClient({
      redactor,
      userAgent: USER_AGENT,
      ...(common.timeoutMs !== undefined ? { timeoutMs: common.timeoutMs } : {}),
      ...(retryBase !== undefined ? { retry: { baseDelayMs: retryBase } } : {}),
    });
    const session = provider.connect(connection, secrets, { http });
    const line = new ProgressLine(io.stderr, common.provider);
    progress = line;
    const format: OutputFormat = common.format ?? (io.stdout.isTTY ? 'table' : 'jsonl');
    const ctx: CommandContext = {
      session,
      common,
      format,
      signal: io.signal,
      ...(line.enabled ? { onProgress: (p) => line.update({ ...p, ...(p.message ? { message: redactor.redact(p.message) } : {}) }) } : {}),
    };
    let output: CommandOutput;
    if (command.kind === 'query') output = await runQuery(ctx, command.query);
    else if (command.kind === 'get') output = await runGet(ctx, command.id);
    else output = await runScopes(ctx);
    line.clear();
    if (io.signal.aborted) throw new CancelledError();
    for (const w of output.warnings) say(`audit-lens: warning: ${w}`);
    await writeAll(io.stdout, output.chunks);
    return EXIT_OK;
  } catch (e) {
    progress?.clear();
    if (io.signal.aborted || isCancellation(e)) {
      say('audit-lens: interrupted');
      return EXIT_INTERRUPTED;
    }
    if (e instanceof ConfigError) {
      say(`audit-lens: ${e.describe()}`);
      return EXIT_USAGE;
    }
    const provider = command && 'common' in command ? command.common.provider : undefined;
    say(`audit-lens: ${failureLine(e, provider)}`);
    return EXIT_FAILURE;
  }
}

/** Loaded on demand: the sandbox's seeded data is of no use to the other commands. */
async function runSandbox(argv: string[], io: CliIo): Promise<number> {
  const { runSandboxCommand } = await import('../sandbox/cli');
  return runSandboxCommand(argv, { stdout: io.stdout, stderr: io.stderr });
}

/** provider, HTTP status, the provider's own message: `describe()` gives all three when known. */
function failureLine(e: unknown, provider: string | undefined): string {
  if (e instanceof AuditLensError) {
    const text = e.describe();
    return provider && !text.startsWith(provider) ? `${provider}: ${text}` : text;
  }
  const message = e instanceof Error ? e.message : String(e);
  return `${provider ? `${provider}: ` : ''}unexpected error: ${message}`;
}

/** Writes every chunk, respecting back-pressure, and resolves once the last one is flushed. */
async function writeAll(stream: OutputStream, chunks: Iterable<string>): Promise<void> {
  for (const chunk of chunks) {
    if (!stream.write(chunk)) await once(stream, 'drain');
  }
  await new Promise<void>((resolve, reject) => stream.write('', (err) => (err ? reject(err) : resolve())));
}
