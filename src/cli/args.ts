/**
 * Turns argv into one typed command, or a ConfigError (exit 2) naming the bad
 * flag. Scripts depend on the CLI contract of issue 3, so parsing is strict:
 * an unknown flag, a flag that does not apply to the chosen provider, or a
 * malformed value is refused before any request is sent. Secrets are never
 * accepted here; they come from the environment only.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../core/errors';
import { PROVIDER_IDS, type AuditQuery, type ProviderId } from '../core/model';
import { DEFAULT_CONCURRENCY } from '../core/provider';
import { isCalendarDay } from '../core/time';

export const OUTPUT_FORMATS = ['jsonl', 'json', 'table'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const SFMC_ACTIONS = ['all', 'create', 'modify', 'publish', 'unpublish', 'delete'] as const;

export const SUBCOMMANDS = ['query', 'get', 'scopes', 'sandbox', 'help'] as const;
export type Subcommand = (typeof SUBCOMMANDS)[number];

export interface CommonOptions {
  provider: ProviderId;
  /** Left undefined when not given: the default depends on whether stdout is a TTY. */
  format: OutputFormat | undefined;
  limit: number | undefined;
  pageSize: number | undefined;
  concurrency: number;
  timeoutMs: number | undefined;
}

export type CliCommand =
  | { kind: 'help'; topic: Subcommand | undefined }
  | { kind: 'query'; common: CommonOptions; query: AuditQuery }
  | { kind: 'get'; common: CommonOptions; id: string }
  | { kind: 'scopes'; common: CommonOptions; account: string | undefined }
  | { kind: 'sandbox'; argv: string[] };

type OptionSpec = NonNullable<ParseArgsConfig['options']>;

const COMMON_OPTIONS: OptionSpec = {
  provider: { type: 'string' },
  format: { type: 'string' },
  limit: { type: 'string' },
  'page-size': { type: 'string' },
  concurrency: { type: 'string' },
  'timeout-ms': { type: 'string' },
};

const QUERY_OPTIONS: OptionSpec = {
  ...COMMON_OPTIONS,
  journey: { type: 'string' },
  action: { type: 'string' },
  version: { type: 'string' },
  account: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  types: { type: 'string' },
  users: { type: 'string' },
  category: { type: 'string' },
  'api-key-id': { type: 'string' },
};

/** Which query flags each provider understands; any other query flag is a usage error. */
const QUERY_FLAGS_BY_PROVIDER: Record<ProviderId, readonly string[]> = {
  sfmc: ['journey', 'action', 'version'],
  liveperson: ['account', 'from', 'to', 'types', 'users'],
  uniphore: ['from', 'to', 'category'],
  floqast: ['from', 'to', 'api-key-id'],
};
const PROVIDER_QUERY_FLAGS = new Set(Object.values(QUERY_FLAGS_BY_PROVIDER).flat());

const GET_OPTIONS: OptionSpec = { ...COMMON_OPTIONS, id: { type: 'string' } };
const SCOPES_OPTIONS: OptionSpec = { ...COMMON_OPTIONS, account: { type: 'string' } };

function usage(message: string): ConfigError {
  return new ConfigError(message);
}

function isSubcommand(word: string): word is Subcommand {
  return (SUBCOMMANDS as readonly string[]).includes(word);
}

/** `--help` or `-h` anywhere before a `--` terminator asks for help instead of running. */
function asksForHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

export function parseCommandLine(argv: readonly string[]): CliCommand {
  const [first, ...rest] = argv;
  if (first === undefined) throw usage('No command given. Run "audit-lens --help" for the commands.');
  if (first === '--help' || first === '-h') return { kind: 'help', topic: undefined };
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return { kind: 'help', topic: undefined };
    if (!isSubcommand(topic)) throw usage(`Unknown command "${printable(topic)}". Commands: query, get, scopes, sandbox.`);
    return { kind: 'help', topic };
  }
  if (first.startsWith('-')) throw usage(`Unknown option '${flagName(first)}' before the command. Run "audit-lens --help".`);
  if (!isSubcommand(first)) throw usage(`Unknown command "${printable(first)}". Commands: query, get, scopes, sandbox.`);
  // The sandbox owns its own flags (and its own --help with the demo credentials).
  if (first === 'sandbox') return { kind: 'sandbox', argv: rest };
  if (asksForHelp(rest)) return { kind: 'help', topic: first };
  switch (first) {
    case 'query':
      return parseQuery(rest);
    case 'get':
      return parseGet(rest);
    case 'scopes':
      return parseScopes(rest);
    default:
      throw usage(`Unknown command "${first}".`);
  }
}

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

function parseStrict(command: string, argv: readonly string[], options: OptionSpec): Values {
  try {
    const { values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    return values as Values;
  } catch (e) {
    throw translateParseError(command, e);
  }
}

/** Node's messages are long and may quote a value; ours name the flag only. */
function translateParseError(command: string, e: unknown): ConfigError {
  const err = e as { code?: string; message?: string };
  const quoted = /'(-{1,2}[^' =]*)/.exec(err.message ?? '')?.[1];
  const hint = `Run "audit-lens ${command} --help".`;
  switch (err.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION': {
      const name = quoted ?? '?';
      const secretHint = /secret|password|token|bearer|key/i.test(name) && name !== '--api-key-id'
        ? ' Secrets are read from environment variables only, never from the command line.'
        : '';
      return usage(`Unknown option '${name}' for "${command}".${secretHint} ${hint}`);
    }
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return usage(`Option '${quoted ?? '?'}' needs a value. ${hint}`);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return usage(`"${command}" takes no positional arguments, only --flags. ${hint}`);
    default:
      return usage(`Invalid arguments for "${command}". ${hint}`);
  }
}

function str(values: Values, name: string): string | undefined {
  const v = values[name];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw usage(`Option '--${name}' needs a value.`);
  return v;
}

function requiredStr(values: Values, name: string, what: string): string {
  const v = str(values, name);
  if (v === undefined || v.trim() === '') throw usage(`Missing --${name} ${what}.`);
  return v.trim();
}

function positiveInt(values: Values, name: string, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > max) {
    throw usage(`Option '--${name}' must be a whole number from 1 to ${max}.`);
  }
  return Number(v);
}

function parseProvider(values: Values): ProviderId {
  const v = str(values, 'provider');
  if (v === undefined) throw usage(`Missing --provider (one of ${PROVIDER_IDS.join(', ')}).`);
  const p = v.trim().toLowerCase();
  if (!(PROVIDER_IDS as readonly string[]).includes(p)) {
    throw usage(`Option '--provider' must be one of ${PROVIDER_IDS.join(', ')}.`);
  }
  return p as ProviderId;
}

function parseCommon(values: Values): CommonOptions {
  const provider = parseProvider(values);
  const f = str(values, 'format');
  let format: OutputFormat | undefined;
  if (f !== undefined) {
    if (!(OUTPUT_FORMATS as readonly string[]).includes(f)) throw usage(`Option '--format' must be one of ${OUTPUT_FORMATS.join(', ')}.`);
    format = f as OutputFormat;
  }
  return {
    provider,
    format,
    limit: positiveInt(values, 'limit'),
    pageSize: positiveInt(values, 'page-size', 1_000_000),
    // More than a few dozen pages in flight only invites 429s.
    concurrency: positiveInt(values, 'concurrency', 64) ?? DEFAULT_CONCURRENCY,
    timeoutMs: positiveInt(values, 'timeout-ms', 3_600_000),
  };
}

function calendarDay(values: Values, name: string): string | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  if (!isCalendarDay(v.trim())) throw usage(`Option '--${name}' must be a calendar day, YYYY-MM-DD.`);
  return v.trim();
}

function list(values: Values, name: string): string[] | undefined {
  const v = str(values, name);
  if (v === undefined) return undefined;
  const items = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) throw usage(`Option '--${name}' needs at least one value (comma-separated).`);
  return items;
}

// Account ids go into URL paths; LivePerson's are numeric, some older ones carry a prefix.
const ACCOUNT_RE = /^[A-Za-z0-9_-]{1,64}$/;

function account(values: Values): string | undefined {
  const v = str(values, 'account');
  if (v === undefined) return undefined;
  if (!ACCOUNT_RE.test(v.trim())) throw usage(`Option '--account' must be an account id (letters, digits, '-' or '_').`);
  return v.trim();
}

function parseQuery(argv: readonly string[]): CliCommand {
  const values = parseStrict('query', argv, QUERY_OPTIONS);
  const common = parseCommon(values);
  const allowed = new Set(QUERY_FLAGS_BY_PROVIDER[common.provider]);
  for (const name of PROVIDER_QUERY_FLAGS) {
    if (values[name] !== undefined && !allowed.has(name)) {
      throw usage(`Option '--${name}' does not apply to --provider ${common.provider}. Run "audit-lens query --help".`);
    }
  }
  const query: AuditQuery = {};
  switch (common.provider) {
    case 'sfmc': {
      const journey = requiredStr(values, 'journey', '<id | key:KEY> (the journey whose audit log to read)');
      if (journey === 'key:') throw usage(`Option '--journey' needs a key after "key:".`);
      query.journey = journey;
      const action = (str(values, 'action') ?? 'all').trim().toLowerCase();
      if (!(SFMC_ACTIONS as readonly string[]).includes(action)) throw usage(`Option '--action' must be one of ${SFMC_ACTIONS.join(', ')}.`);
      query.action = action;
      const version = positiveInt(values, 'version');
      if (version !== undefined) query.version = version;
      break;
    }
    case 'liveperson': {
      const acc = account(values);
      if (acc === undefined) throw usage('Missing --account <accountId> (the LivePerson account to read).');
      query.account = acc;
      const types = list(values, 'types');
      if (types) query.types = types;
      const users = list(values, 'users');
      if (users) query.users = users;
      break;
    }
    case 'uniphore': {
      const category = str(values, 'category');
      if (category !== undefined) {
        if (category.trim() === '') throw usage(`Option '--category' needs a value.`);
        query.category = category.trim();
      }
      break;
    }
    case 'floqast': {
      const key = str(values, 'api-key-id');
      if (key !== undefined) {
        if (!/^[A-Za-z0-9_-]{1,128}$/.test(key.trim())) throw usage(`Option '--api-key-id' must be an API key id (letters, digits, '-' or '_').`);
        query.apiKeyId = key.trim();
      }
      break;
    }
  }
  if (common.provider !== 'sfmc') {
    const from = calendarDay(values, 'from');
    const to = calendarDay(values, 'to');
    if (from !== undefined) query.from = from;
    if (to !== undefined) query.to = to;
    if (from !== undefined && to !== undefined && from > to) throw usage(`Option '--from' must not be after '--to'.`);
  }
  return { kind: 'query', common, query };
}

function parseGet(argv: readonly string[]): CliCommand {
  const values = parseStrict('get', argv, GET_OPTIONS);
  const common = parseCommon(values);
  if (common.provider !== 'uniphore') throw usage(`"get" works with --provider uniphore only (the other APIs have no get-by-id).`);
  const id = requiredStr(values, 'id', '<integer> (the audit log item to read)');
  // Uniphore ids are integers; anything else is refused before a request is sent.
  if (!/^\d{1,18}$/.test(id)) throw usage(`Option '--id' must be an integer, e.g. 488917.`);
  return { kind: 'get', common, id: String(BigInt(id)) };
}

function parseScopes(argv: readonly string[]): CliCommand {
  const values = parseStrict('scopes', argv, SCOPES_OPTIONS);
  const common = parseCommon(values);
  const acc = account(values);
  if (acc !== undefined && common.provider !== 'liveperson') {
    throw usage(`Option '--account' does not apply to --provider ${common.provider}.`);
  }
  return { kind: 'scopes', common, account: acc };
}

/** The flag part of `--name=value`: values may be secrets and are never echoed. */
function flagName(arg: string): string {
  return printable(arg.split('=')[0] ?? arg);
}

/** Keeps echoed words short and free of control characters. */
function printable(word: string): string {
  const clean = word.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
