/**
 * One ProviderSession per connection, built on demand and dropped when the
 * connection, its secrets or the settings change. Every session's HTTP client
 * logs each request to the output channel and shares one Redactor that holds
 * the secrets of all connections.
 */
import type { Connection, ConnectionSecrets } from '../core/model';
import type { ProviderSession } from '../core/provider';
import type { Redactor } from '../core/redact';
import type { ConnectionStore } from './connectionStore';
import type { Subscription } from './emitter';
import { features } from './lazyFeatures';

export interface SessionPoolOptions {
  store: ConnectionStore;
  redactor: Redactor;
  onRequest: (entry: import('../core/http').RequestLogEntry, provider: string) => void;
  /** Read on every new session, so a settings change applies to the next one. */
  settings: () => { requestTimeoutMs: number; sfmcTimeZone: string };
  /** Called before a demo connection connects: starts the sandbox and brings its URLs up to date. */
  prepareDemo?: (connection: Connection) => Promise<Connection>;
}

export class SessionPool {
  private readonly sessions = new Map<string, Promise<ProviderSession>>();
  private readonly fingerprints = new Map<string, string>();
  private readonly subscription: Subscription;

  constructor(private readonly options: SessionPoolOptions) {
    this.subscription = options.store.onDidChange((e) => {
      if (e.kind === 'reloaded') this.sessions.clear();
      else this.sessions.delete(e.id);
    });
  }

  /** Drops every cached session (settings changed, Refresh). */
  clear(): void {
    this.sessions.clear();
  }

  forget(connectionId: string): void {
    this.sessions.delete(connectionId);
  }

  get(connectionId: string): Promise<ProviderSession> {
    // A settings change (time zone, timeout) must reach the very next request, even before the change event arrives.
    const fingerprint = JSON.stringify(this.options.settings());
    if (this.fingerprints.get(connectionId) !== fingerprint) {
      this.sessions.delete(connectionId);
      this.fingerprints.set(connectionId, fingerprint);
    }
    let s = this.sessions.get(connectionId);
    if (!s) {
      s = this.create(connectionId);
      this.sessions.set(connectionId, s);
      // A failed build (secret storage down, bad settings) is retried next time.
      s.catch(() => {
        if (this.sessions.get(connectionId) === s) this.sessions.delete(connectionId);
      });
    }
    return s;
  }

  /** A session for a connection that is not saved yet (the wizard tests it before saving). */
  connectUnsaved(connection: Connection, secrets: ConnectionSecrets): ProviderSession {
    return this.connect(connection, secrets);
  }

  private async create(connectionId: string): Promise<ProviderSession> {
    let connection = this.options.store.get(connectionId);
    if (!connection) throw new Error(`The connection ${connectionId} no longer exists`);
    if (connection.settings.demo === 'true' && this.options.prepareDemo) connection = await this.options.prepareDemo(connection);
    const secrets = await this.options.store.getSecrets(connectionId);
    return this.connect(connection, secrets);
  }

  private connect(connection: Connection, secrets: ConnectionSecrets): ProviderSession {
    // The providers and their HTTP stack load with the first session, not at activation.
    const { getProvider, HttpClient } = features();
    const provider = getProvider(connection.provider);
    this.options.redactor.add(...Object.values(secrets));
    const settings = this.options.settings();
    const effective: Connection =
      connection.provider === 'sfmc' && !connection.settings.timeZone?.trim()
        ? { ...connection, settings: { ...connection.settings, timeZone: settings.sfmcTimeZone } }
        : connection;
    const http = new HttpClient({
      provider: connection.provider,
      redactor: this.options.redactor,
      timeoutMs: settings.requestTimeoutMs,
      userAgent: 'audit-lens-vscode',
      onRequest: (entry) => this.options.onRequest(entry, connection.provider),
    });
    return provider.connect(effective, secrets, { http });
  }

  dispose(): void {
    this.subscription.dispose();
    this.sessions.clear();
  }
}
