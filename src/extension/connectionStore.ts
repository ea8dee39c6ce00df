/**
 * Where connections live. Metadata (never a secret) goes to `globalState`, at
 * user level: nothing comes from workspace settings, so a cloned repository
 * can't redirect credentials to another host. Secrets go only to
 * `SecretStorage`, one entry per connection id, and never fall back to plain
 * text when the storage is unavailable.
 *
 * Only structural types of the VS Code API are used here, so the store runs
 * under node's test runner with the storage failures injected.
 */
import type { Connection, ConnectionSecrets, ProviderId } from '../core/model';
import { PROVIDER_IDS } from '../core/model';
import { Emitter, type EventLike, type Subscription } from './emitter';

export interface MementoLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void>;
}

export interface SecretStorageLike {
  get(key: string): Thenable<string | undefined>;
  store(key: string, value: string): Thenable<void>;
  delete(key: string): Thenable<void>;
  onDidChange: (listener: (e: { key: string }) => unknown) => Subscription;
}

const CONNECTIONS_KEY = 'auditLens.connections';
const SECRET_PREFIX = 'auditLens.connection.';
/**
 * globalState raises no event in the other windows; a change marker kept in
 * SecretStorage (whose onDidChange reaches every window) tells them to re-read.
 */
const REVISION_KEY = 'auditLens.connections.revision';

/** Thrown when VS Code's secret storage can't be used (e.g. Linux with no keyring). */
export class SecretStorageUnavailableError extends Error {
  constructor(cause: unknown) {
    super(secretStorageUnavailableMessage(cause), { cause });
    this.name = 'SecretStorageUnavailableError';
  }
}

export function secretStorageUnavailableMessage(cause: unknown): string {
  const detail = cause instanceof Error ? cause.message : String(cause ?? '');
  return (
    "Audit Lens can't reach VS Code's secret storage, so it can't keep or read this connection's credentials. " +
    'On Linux this usually means no keyring is running (GNOME Keyring or KWallet, reached through the Secret Service API). ' +
    'Nothing was saved in plain text. Start a keyring (or set "password-store" in argv.json), reload the window and try again.' +
    (detail ? ` (${detail})` : '')
  );
}

export type ConnectionChange =
  | { kind: 'added' | 'updated' | 'removed'; id: string }
  | { kind: 'secrets'; id: string }
  | { kind: 'reloaded' };

export class ConnectionStore {
  private readonly changed = new Emitter<ConnectionChange>();
  readonly onDidChange: EventLike<ConnectionChange> = this.changed.event;
  private readonly subscription: Subscription;

  constructor(
    private readonly state: MementoLike,
    private readonly secrets: SecretStorageLike,
  ) {
    this.subscription = secrets.onDidChange((e) => {
      if (e.key === REVISION_KEY) this.changed.fire({ kind: 'reloaded' });
      else if (e.key.startsWith(SECRET_PREFIX)) this.changed.fire({ kind: 'secrets', id: e.key.slice(SECRET_PREFIX.length) });
    });
  }

  list(): Connection[] {
    const raw = this.state.get<unknown>(CONNECTIONS_KEY);
    if (!Array.isArray(raw)) return [];
    return raw.filter(isConnection).map((c) => ({ ...c, settings: { ...c.settings } }));
  }

  get(id: string): Connection | undefined {
    return this.list().find((c) => c.id === id);
  }

  byProvider(provider: ProviderId): Connection[] {
    return this.list().filter((c) => c.provider === provider);
  }

  /** Saves the secrets first: a connection whose secrets could not be kept is not added at all. */
  async add(connection: Connection, secrets: ConnectionSecrets): Promise<void> {
    if (this.get(connection.id)) throw new Error(`A connection with id ${connection.id} already exists`);
    await this.setSecrets(connection.id, secrets, false);
    await this.writeList([...this.list(), clean(connection)]);
    this.changed.fire({ kind: 'added', id: connection.id });
  }

  async update(connection: Connection): Promise<void> {
    const list = this.list();
    const i = list.findIndex((c) => c.id === connection.id);
    if (i < 0) throw new Error(`No connection with id ${connection.id}`);
    list[i] = clean(connection);
    await this.writeList(list);
    this.changed.fire({ kind: 'updated', id: connection.id });
  }

  /** Removes the metadata and deletes the connection's secrets. */
  async remove(id: string): Promise<void> {
    await this.writeList(this.list().filter((c) => c.id !== id));
    try {
      await this.secrets.delete(SECRET_PREFIX + id);
    } catch (e) {
      throw new SecretStorageUnavailableError(e);
    }
    this.changed.fire({ kind: 'removed', id });
  }

  async getSecrets(id: string): Promise<ConnectionSecrets> {
    let text: string | undefined;
    try {
      text = await this.secrets.get(SECRET_PREFIX + id);
    } catch (e) {
      throw new SecretStorageUnavailableError(e);
    }
    if (!text) return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (!parsed || typeof parsed !== 'object') return {};
      const out: ConnectionSecrets = {};
      for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
      return out;
    } catch {
      return {};
    }
  }

  async setSecrets(id: string, secrets: ConnectionSecrets, notify = true): Promise<void> {
    const kept: Record<string, string> = {};
    for (const [k, v] of Object.entries(secrets)) if (typeof v === 'string' && v !== '') kept[k] = v;
    try {
      await this.secrets.store(SECRET_PREFIX + id, JSON.stringify(kept));
    } catch (e) {
      throw new SecretStorageUnavailableError(e);
    }
    if (notify) this.changed.fire({ kind: 'secrets', id });
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  private async writeList(list: Connection[]): Promise<void> {
    await this.state.update(CONNECTIONS_KEY, list);
    // Best effort: the other windows learn of the change; this window already knows.
    try {
      await this.secrets.store(REVISION_KEY, String(Date.now()));
    } catch {
      /* secret storage failures surface on the secret writes themselves */
    }
  }
}

function clean(c: Connection): Connection {
  const settings: Record<string, string> = {};
  for (const [k, v] of Object.entries(c.settings)) if (typeof v === 'string' && v !== '') settings[k] = v;
  return { id: c.id, provider: c.provider, label: c.label, settings };
}

function isConnection(v: unknown): v is Connection {
  if (!v || typeof v !== 'object') return false;
  const c = v as Record<string, unknown>;
  return (
    typeof c.id === 'string' &&
    typeof c.label === 'string' &&
    typeof c.provider === 'string' &&
    (PROVIDER_IDS as readonly string[]).includes(c.provider) &&
    !!c.settings &&
    typeof c.settings === 'object'
  );
}

/** A fresh id: short, unique, safe in URIs and secret keys. */
export function newConnectionId(provider: ProviderId, taken: Iterable<string>): string {
  const used = new Set(taken);
  for (;;) {
    const id = `${provider}-${Math.random().toString(36).slice(2, 10)}`;
    if (!used.has(id)) return id;
  }
}
