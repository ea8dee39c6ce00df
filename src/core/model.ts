/**
 * The provider-neutral model (DESIGN.md §3). Every provider maps its items to
 * `AuditRecord`; the CLI prints exactly this shape, the extension and the
 * webview consume it. No `vscode` import may ever appear under src/core.
 */

export const PROVIDER_IDS = ['sfmc', 'liveperson', 'uniphore', 'floqast'] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export type Outcome = 'success' | 'failure' | 'unknown';

export interface Actor {
  id?: string;
  name?: string;
  email?: string;
}

export interface Target {
  type?: string;
  id?: string;
  name?: string;
  version?: number;
}

export interface RecordError {
  code?: string;
  message: string;
}

export interface Change {
  field: string;
  old?: string;
  new?: string;
}

export interface AuditRecord {
  provider: ProviderId;
  /** The connection's id in the extension; the provider's name in the CLI. */
  connection: string;
  /** Stable and unique within provider + connection. */
  id: string;
  /** ISO-8601 UTC exactly as `Date.prototype.toISOString()` prints it. */
  time: string;
  action: string;
  outcome: Outcome;
  actor: Actor;
  target: Target;
  errors: RecordError[];
  changes: Change[];
  /** The provider's item exactly as received. */
  raw: unknown;
}

/**
 * A neutral query. Each provider reads the fields that apply to it and ignores
 * the rest; the CLI and the extension both build one of these.
 */
export interface AuditQuery {
  /** SFMC: journey id, or `key:KEY`. */
  journey?: string;
  /** SFMC: all | create | modify | publish | unpublish | delete. */
  action?: string;
  /** SFMC: one version; left out means every version, newest first. */
  version?: number;
  /** LivePerson account id. */
  account?: string;
  /** Inclusive UTC calendar days, YYYY-MM-DD. */
  from?: string;
  to?: string;
  /** LivePerson component types. */
  types?: string[];
  /** LivePerson users (originators). */
  users?: string[];
  /** Uniphore: filters on activityType, on the client. */
  category?: string;
  /** FloQast: filter[userApiKey._id]. */
  apiKeyId?: string;
}

/** A node of the scope tree: journeys and versions, component types, categories, API keys. */
export interface Scope {
  provider: ProviderId;
  type: 'journey' | 'version' | 'account' | 'componentType' | 'category' | 'apiKey';
  id: string;
  name: string;
  parent?: string;
  /** Extra, provider-specific facts a view may show (status, version number, last publish outcome…). */
  detail?: Record<string, string | number | boolean>;
}

export interface ScopeListOptions {
  /** Parent scope id, e.g. a journey id to list its versions, an account id for LivePerson. */
  parent?: string;
  /** SFMC journey name filter. */
  nameFilter?: string;
  /** 1-based page for paged scopes (SFMC journeys). */
  page?: number;
  pageSize?: number;
}

export interface ScopePage {
  scopes: Scope[];
  /** True when another page may follow (drives "Load more…"). */
  hasMore: boolean;
}

/**
 * A connection as the user configured it. `settings` holds non-secret
 * metadata only; secrets travel separately as `ConnectionSecrets`.
 */
export interface Connection {
  id: string;
  provider: ProviderId;
  label: string;
  settings: Record<string, string | undefined>;
}

/** Secret values by name (clientSecret, password, bearer, apiKey, token…). */
export type ConnectionSecrets = Record<string, string | undefined>;
