/**
 * The interface the four providers implement. Providers know nothing of VS
 * Code: the extension, the CLI, the tests and the benchmarks all drive them
 * through this file.
 */
import type { HttpClient } from './http';
import type { AuditQuery, AuditRecord, Connection, ConnectionSecrets, ProviderId, ScopeListOptions, ScopePage } from './model';
import type { RawItems } from './rawPage';

/** One field of a connection, as the Add Connection wizard and the CLI's environment read it. */
export interface ConnectionField {
  key: string;
  label: string;
  /** Secrets go to SecretStorage (extension) or come from the environment (CLI), never to settings. */
  secret: boolean;
  required: boolean;
  placeholder?: string;
  description?: string;
  defaultValue?: string;
  /** A fixed choice (auth method, region). */
  options?: { value: string; label: string }[];
  /** Only asked when another field has one of these values, e.g. password only for auth method "login". */
  when?: { key: string; values: string[] };
  /** Returns a message when the value is not acceptable. */
  validate?: (value: string) => string | undefined;
}

export interface FetchProgress {
  pagesDone: number;
  /** Known or estimated total, when the API gives one. */
  pagesTotal?: number;
  records: number;
  message?: string;
}

export interface FetchOptions {
  signal?: AbortSignal;
  /** Most pages in flight at once; never exceeded. Default 6. */
  concurrency?: number;
  /** Page size asked of the API; each provider caps it at its documented maximum. */
  pageSize?: number;
  /**
   * Streams normalized records as pages arrive (in any order). Duplicates may repeat across calls only if ids match.
   * `raw` is the page they came from, as the response body: record `i` was normalized from `raw.page.item(raw.index?.[i] ?? i)`,
   * so a store can keep the body instead of every parsed raw item (RecordStore.add).
   */
  onRecords?: (records: AuditRecord[], raw?: RawItems) => void;
  onProgress?: (progress: FetchProgress) => void;
  /**
   * Default true. False when the caller keeps what `onRecords` streams (the extension's timeline): the provider then
   * holds no list of the records for `FetchResult.records`, which comes back empty, so a fetch of 10^6 records is
   * not held twice. Streamed records are deduplicated either way, and counts, progress and warnings are the same.
   */
  collect?: boolean;
}

export interface FetchResult {
  /** Every record, deduplicated by id, sorted newest first; empty when `FetchOptions.collect` is false. */
  records: AuditRecord[];
  pages: number;
  /** Things worth telling the user that did not fail the fetch (a skipped missing version, a 413 recovery). */
  warnings: string[];
}

export interface ProviderSession {
  readonly provider: ProviderId;
  readonly connection: Connection;
  /** Authenticates and makes one cheap call; resolves to a short description ("Connected as …"). */
  testConnection(signal?: AbortSignal): Promise<string>;
  listScopes(options: ScopeListOptions, signal?: AbortSignal): Promise<ScopePage>;
  /** Rejects with a typed error on any failure: a partial result is never returned as complete. */
  fetchAudit(query: AuditQuery, options?: FetchOptions): Promise<FetchResult>;
  /** Uniphore: one audit log item by integer id. */
  getById?(id: string, signal?: AbortSignal): Promise<AuditRecord>;
  /** SFMC: one version's journey definition, for diffs. Resolves undefined when that version does not exist. */
  getDefinition?(journey: string, version: number, signal?: AbortSignal): Promise<unknown | undefined>;
}

export interface ProviderEnvironment {
  /** Configured with the redactor, the request log and the timeouts; the provider adds its own secrets to its redactor. */
  http: HttpClient;
  now?: () => number;
}

export interface Provider {
  readonly id: ProviderId;
  readonly displayName: string;
  readonly fields: readonly ConnectionField[];
  /** Throws ConfigError naming the bad or missing field; sends no request. */
  validate(connection: Connection, secrets: ConnectionSecrets): void;
  connect(connection: Connection, secrets: ConnectionSecrets, env: ProviderEnvironment): ProviderSession;
}

export const DEFAULT_CONCURRENCY = 6;
