/**
 * Add, Edit, Remove, Replace Secret / Sign In Again, Refresh, and the tree's
 * own actions (journey filter, Load more…, Retry). Each command accepts
 * arguments that skip its questions (tree menus pass the node; tests and
 * other commands pass a plain object); with none, it asks.
 */
import * as vscode from 'vscode';
import { CancelledError, ConfigError } from '../../core/errors';
import { PROVIDER_IDS, type Connection, type ConnectionSecrets, type ProviderId } from '../../core/model';
import { getProvider } from '../../providers/registry';
import { newConnectionId } from '../connectionStore';
import { askConnectionFields, checkConnection } from '../connectionWizard';
import type { Services } from '../services';
import { ConnectionNode, ErrorNode, LoadMoreNode, PROVIDER_NAMES, ScopeNode, TreeNode } from '../tree/nodes';

export interface AddConnectionArgs {
  provider: ProviderId;
  label?: string;
  settings: Record<string, string | undefined>;
  secrets: ConnectionSecrets;
  /** Saves without the connection test (tests of the store; never used by the UI). */
  skipTest?: boolean;
}

/** A connection id from a tree node, `{connectionId}`, or a plain id. */
export function connectionIdFrom(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof ConnectionNode) return arg.connection.id;
  if (arg instanceof ScopeNode || arg instanceof LoadMoreNode) return arg.connectionId;
  if (arg instanceof ErrorNode) return arg.connectionId;
  if (arg && typeof arg === 'object' && typeof (arg as { connectionId?: unknown }).connectionId === 'string') {
    return (arg as { connectionId: string }).connectionId;
  }
  return undefined;
}

export async function pickConnection(s: Services, title: string, filter?: (c: Connection) => boolean): Promise<Connection | undefined> {
  const list = s.store.list().filter(filter ?? (() => true));
  if (list.length === 0) {
    void s.prompter.show('info', 'No connection yet. Add one, or open the demo.', 'Add Connection…', 'Open Demo').then((c) => {
      if (c === 'Add Connection…') void vscode.commands.executeCommand('auditLens.addConnection');
      if (c === 'Open Demo') void vscode.commands.executeCommand('auditLens.openDemo');
    });
    return undefined;
  }
  if (list.length === 1) return list[0];
  return s.prompter.pick({
    title,
    placeholder: 'Pick a connection',
    items: list.map((c) => ({ label: c.label, description: PROVIDER_NAMES[c.provider], value: c })),
  });
}

/** Tests a connection with a cancellable progress notification; resolves its "Connected as …" text. */
export async function testConnection(s: Services, connection: Connection, secrets: ConnectionSecrets): Promise<string> {
  const session = s.sessions.connectUnsaved(connection, secrets);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Testing ${connection.label}…`, cancellable: true },
    async (_p, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        return await session.testConnection(abort.signal);
      } finally {
        sub.dispose();
      }
    },
  );
}

type TestOutcome = 'save' | 'retry' | 'cancel';

/** Runs the connection test; on failure asks whether to edit again or save anyway. */
async function testBeforeSave(s: Services, connection: Connection, secrets: ConnectionSecrets): Promise<TestOutcome> {
  try {
    const who = await testConnection(s, connection, secrets);
    s.log.info(`${connection.label}: ${who}`);
    void s.prompter.show('info', `${connection.label}: ${who}`);
    return 'save';
  } catch (e) {
    if (e instanceof CancelledError) return 'cancel';
    const message = s.redactor.redact(e instanceof Error && 'describe' in e ? (e as { describe(): string }).describe() : String(e));
    s.log.warn(`Connection test failed for ${connection.label}: ${message}`);
    const choice = await s.prompter.pick<TestOutcome>({
      title: `Connection test failed: ${message}`,
      placeholder: 'Edit the answers, or save the connection as it is',
      items: [
        { label: 'Edit again', value: 'retry' },
        { label: 'Save anyway', value: 'save' },
      ],
    });
    return choice ?? 'cancel';
  }
}

export class ConnectionCommands {
  constructor(private readonly s: Services) {}

  async add(args?: AddConnectionArgs): Promise<string | undefined> {
    const s = this.s;
    if (args?.provider) {
      const provider = getProvider(args.provider);
      const connection: Connection = {
        id: newConnectionId(args.provider, s.store.list().map((c) => c.id)),
        provider: args.provider,
        label: args.label?.trim() || provider.displayName,
        settings: args.settings,
      };
      const problem = checkConnection(provider, connection.settings, args.secrets);
      if (problem) throw new ConfigError(problem, { provider: args.provider });
      if (!args.skipTest) {
        const outcome = await testBeforeSave(s, connection, args.secrets);
        if (outcome !== 'save') return undefined;
      }
      await s.store.add(connection, args.secrets);
      s.log.info(`Added connection ${connection.label} (${connection.provider})`);
      return connection.id;
    }
    const title = 'Add Connection';
    const providerId = await s.prompter.pick<ProviderId>({
      title,
      placeholder: 'Which service?',
      items: PROVIDER_IDS.map((p) => ({ label: getProvider(p).displayName, value: p })),
      step: 1,
      totalSteps: 2,
    });
    if (!providerId) return undefined;
    const provider = getProvider(providerId);
    let values = { settings: {} as Record<string, string | undefined>, secrets: {} as ConnectionSecrets };
    let label = provider.displayName;
    for (;;) {
      const name = await s.prompter.input({
        title: `${title}: ${provider.displayName}`,
        prompt: 'A name for this connection',
        value: label,
        step: 2,
        totalSteps: 2 + provider.fields.length,
        validate: (v) => (v.trim() ? undefined : 'Give the connection a name'),
      });
      if (name === undefined) return undefined;
      label = name.trim();
      const answered = await askConnectionFields(s.prompter, provider, 'add', values, `${title}: ${provider.displayName}`, 2);
      if (!answered) return undefined;
      values = answered;
      const problem = checkConnection(provider, values.settings, values.secrets);
      if (problem) {
        const again = await s.prompter.pick<boolean>({
          title: problem,
          placeholder: 'The connection is not complete',
          items: [
            { label: 'Edit again', value: true },
            { label: 'Cancel', value: false },
          ],
        });
        if (!again) return undefined;
        continue;
      }
      const connection: Connection = { id: newConnectionId(providerId, s.store.list().map((c) => c.id)), provider: providerId, label, settings: values.settings };
      const outcome = await testBeforeSave(s, connection, values.secrets);
      if (outcome === 'cancel') return undefined;
      if (outcome === 'retry') continue;
      await s.store.add(connection, values.secrets);
      s.log.info(`Added connection ${connection.label} (${connection.provider})`);
      return connection.id;
    }
  }

  async edit(arg?: unknown): Promise<boolean> {
    const s = this.s;
    const connection = await this.resolve(arg, 'Edit Connection');
    if (!connection) return false;
    const provider = getProvider(connection.provider);
    const patch = arg && typeof arg === 'object' && 'settings' in arg ? (arg as { settings: Record<string, string | undefined>; label?: string }) : undefined;
    const secrets = await s.store.getSecrets(connection.id);
    let updated: Connection;
    if (patch) {
      updated = { ...connection, label: patch.label?.trim() || connection.label, settings: { ...connection.settings, ...patch.settings } };
      const problem = checkConnection(provider, updated.settings, secrets);
      if (problem) throw new ConfigError(problem, { provider: connection.provider });
    } else {
      const title = `Edit ${connection.label}`;
      const label = await s.prompter.input({ title, prompt: 'Name', value: connection.label, validate: (v) => (v.trim() ? undefined : 'Give the connection a name') });
      if (label === undefined) return false;
      const answered = await askConnectionFields(s.prompter, provider, 'edit', { settings: connection.settings, secrets }, title, 1);
      if (!answered) return false;
      Object.assign(secrets, answered.secrets);
      updated = { ...connection, label: label.trim(), settings: answered.settings };
      const problem = checkConnection(provider, updated.settings, secrets);
      if (problem) throw new ConfigError(problem, { provider: connection.provider });
      const outcome = await testBeforeSave(s, updated, secrets);
      if (outcome !== 'save') return false;
    }
    await s.store.update(updated);
    if (!patch) await s.store.setSecrets(connection.id, secrets);
    s.log.info(`Updated connection ${updated.label}`);
    return true;
  }

  async remove(arg?: unknown): Promise<boolean> {
    const s = this.s;
    const connection = await this.resolve(arg, 'Remove Connection');
    if (!connection) return false;
    const ok = await s.prompter.confirm(
      `Remove the connection “${connection.label}”?`,
      'Remove',
      'Its stored secrets are deleted from VS Code’s secret storage too.',
    );
    if (!ok) return false;
    await s.store.remove(connection.id);
    await s.recent.forget(connection.id);
    await s.recentQueries.forgetConnection(connection.id);
    s.sessions.forget(connection.id);
    s.log.info(`Removed connection ${connection.label} and its secrets`);
    return true;
  }

  /** Replace Secret / Sign In Again: asks the secrets only, tests them, stores them. */
  async replaceSecret(arg?: unknown): Promise<boolean> {
    const s = this.s;
    const connection = await this.resolve(arg, 'Replace Secret');
    if (!connection) return false;
    const provider = getProvider(connection.provider);
    const given = arg && typeof arg === 'object' && 'secrets' in arg ? (arg as { secrets: ConnectionSecrets }).secrets : undefined;
    const stored = await s.store.getSecrets(connection.id);
    let secrets: ConnectionSecrets;
    if (given) {
      secrets = { ...stored, ...given };
    } else {
      const answered = await askConnectionFields(s.prompter, provider, 'secrets', { settings: connection.settings, secrets: stored }, `Sign in again: ${connection.label}`);
      if (!answered) return false;
      secrets = { ...stored, ...answered.secrets };
    }
    const problem = checkConnection(provider, connection.settings, secrets);
    if (problem) throw new ConfigError(problem, { provider: connection.provider });
    const outcome = await testBeforeSave(s, connection, secrets);
    if (outcome !== 'save') return false;
    await s.store.setSecrets(connection.id, secrets);
    s.sessions.forget(connection.id);
    s.tree.refreshConnection(connection.id);
    s.log.info(`Replaced the secrets of ${connection.label}`);
    return true;
  }

  refresh(arg?: unknown): void {
    const id = connectionIdFrom(arg);
    if (id && this.s.store.get(id)) {
      this.s.sessions.forget(id);
      this.s.tree.refreshConnection(id);
    } else {
      this.s.sessions.clear();
      this.s.tree.refresh();
    }
  }

  async filterJourneys(arg?: unknown): Promise<void> {
    const s = this.s;
    const connection = await this.resolve(arg, 'Filter Journeys', (c) => c.provider === 'sfmc');
    if (!connection) return;
    let filter: string | undefined;
    if (arg && typeof arg === 'object' && 'filter' in arg) filter = String((arg as { filter?: unknown }).filter ?? '');
    else {
      filter = await s.prompter.input({
        title: `Filter journeys of ${connection.label}`,
        prompt: 'Part of a journey name or description (empty shows all)',
        value: s.tree.filterOf(connection.id) ?? '',
      });
      if (filter === undefined) return;
    }
    s.tree.setJourneyFilter(connection.id, filter);
  }

  async loadMore(arg?: unknown): Promise<void> {
    const id = connectionIdFrom(arg);
    if (!id) return;
    await this.s.tree.loadMore(id);
  }

  retry(arg?: unknown): void {
    if (arg instanceof TreeNode) this.s.tree.retry(arg);
    else this.refresh(arg);
  }

  private async resolve(arg: unknown, title: string, filter?: (c: Connection) => boolean): Promise<Connection | undefined> {
    const id = connectionIdFrom(arg);
    if (id) {
      const c = this.s.store.get(id);
      if (!c) throw new ConfigError(`No connection with id ${id}`);
      return c;
    }
    return pickConnection(this.s, title, filter);
  }
}
