/**
 * Open Record as JSON (normalized or raw), Compare Records (VS Code's diff
 * editor on two record documents) and Open Audit Log Item by ID… (Uniphore).
 */
import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import type { AuditRecord } from '../../core/model';
import { openRecordDocument, recordUri } from '../recordDocuments';
import { recordTitle, type RecordView } from '../recordUri';
import type { Services } from '../services';
import type { RecordReader } from '../timeline/types';
import { pickConnection } from './connectionCommands';

/** A record, or a reference `{connection, id}` / `{connectionId, id}` to one the registry knows. */
export type RecordArg = AuditRecord | { connection?: string; connectionId?: string; id: string };

const MAX_PICK_ITEMS = 5000;

export class RecordCommands {
  constructor(
    private readonly s: Services,
    /** Where the records a command may name or pick are read: the timeline's current filter, or the last query's. */
    private readonly records: () => RecordReader,
  ) {}

  private resolve(arg: unknown): AuditRecord | undefined {
    if (!arg || typeof arg !== 'object') return undefined;
    const a = arg as Partial<AuditRecord> & { connectionId?: string; record?: unknown };
    if (a.record) return this.resolve(a.record);
    if (typeof a.id === 'string' && typeof a.provider === 'string' && typeof a.time === 'string' && 'raw' in a) return a as AuditRecord;
    const connection = a.connection ?? a.connectionId;
    if (typeof a.id === 'string' && typeof connection === 'string') {
      const r = this.s.records.get(connection, a.id) ?? this.records().find(connection, a.id);
      if (!r) throw new ConfigError(`Record ${a.id} is not loaded: run the query again`);
      return r;
    }
    return undefined;
  }

  private async pickRecord(title: string, exclude?: AuditRecord): Promise<AuditRecord | undefined> {
    // By identity of the record, not of the object: the timeline rebuilds record objects on demand.
    const same = (r: AuditRecord) => !!exclude && r.provider === exclude.provider && r.connection === exclude.connection && r.id === exclude.id;
    // Only as many as the list shows are rebuilt, whatever the size of the result.
    const records = this.records()
      .first(MAX_PICK_ITEMS + 1)
      .filter((r) => !same(r));
    if (records.length === 0) {
      void this.s.prompter.show('info', 'No records yet: run Query Audit Records… first.');
      return undefined;
    }
    return this.s.prompter.pick({
      title,
      placeholder: 'Pick a record (type to filter)',
      items: records.slice(0, MAX_PICK_ITEMS).map((r) => ({
        label: `${r.time.replace('T', ' ').replace('Z', '')} ${r.action}`,
        description: [r.actor.name ?? r.actor.id, r.target.name ?? r.target.id, r.outcome === 'failure' ? 'failed' : ''].filter(Boolean).join(' · '),
        value: r,
      })),
    });
  }

  /** Opens a record as a read-only JSON document; the second argument (or a pick) chooses normalized or raw. */
  async openJson(arg?: unknown, viewArg?: unknown): Promise<vscode.TextDocument | undefined> {
    let record = this.resolve(arg);
    let view: RecordView | undefined =
      viewArg === 'raw' || viewArg === 'normalized' ? viewArg : (arg as { view?: RecordView } | undefined)?.view;
    if (!record) {
      record = await this.pickRecord('Open Record as JSON');
      if (!record) return undefined;
    }
    if (!view) {
      view = await this.s.prompter.pick<RecordView>({
        title: 'Open Record as JSON',
        placeholder: 'Which form?',
        items: [
          { label: 'Normalized', value: 'normalized', description: 'the neutral record every provider maps to' },
          { label: 'Raw', value: 'raw', description: 'the item exactly as the API sent it' },
        ],
      });
      if (!view) return undefined;
    }
    return openRecordDocument(this.s.records, record, view);
  }

  /** Opens VS Code's diff editor on two records (normalized unless `view` says raw). */
  async compare(a?: unknown, b?: unknown, viewArg?: unknown): Promise<boolean> {
    let left = this.resolve(a);
    let right = this.resolve(b);
    if (!left) {
      left = await this.pickRecord('Compare Records: the first (left) record');
      if (!left) return false;
    }
    if (!right) {
      right = await this.pickRecord('Compare Records: the second (right) record', left);
      if (!right) return false;
    }
    const view: RecordView = viewArg === 'raw' ? 'raw' : 'normalized';
    this.s.records.pin(left);
    this.s.records.pin(right);
    await vscode.commands.executeCommand(
      'vscode.diff',
      recordUri(left, view),
      recordUri(right, view),
      `${recordTitle(left, view)} ↔ ${recordTitle(right, view)}`,
      { preview: false },
    );
    return true;
  }

  /** Uniphore: asks for an integer id, fetches the item, adds it to "Recent" and opens it. */
  async openById(arg?: { connectionId?: string; id?: string | number }): Promise<vscode.TextDocument | undefined> {
    const s = this.s;
    const connection = arg?.connectionId
      ? s.store.get(arg.connectionId)
      : await pickConnection(s, 'Open Audit Log Item by ID', (c) => c.provider === 'uniphore');
    if (!connection) return undefined;
    if (connection.provider !== 'uniphore') throw new ConfigError(`${connection.label} is not a Uniphore connection`);
    let id = arg?.id === undefined ? undefined : String(arg.id);
    if (id === undefined) {
      id = await s.prompter.input({
        title: `Open Audit Log Item by ID: ${connection.label}`,
        prompt: 'The audit log item id (an integer, e.g. 488917)',
        validate: (v) => (/^\d{1,18}$/.test(v.trim()) ? undefined : 'The id is an integer'),
      });
      if (id === undefined) return undefined;
    }
    id = id.trim();
    if (!/^\d{1,18}$/.test(id)) throw new ConfigError(`"${id}" is not an audit log item id: it must be an integer`, { provider: 'uniphore' });
    const session = await s.sessions.get(connection.id);
    if (!session.getById) throw new ConfigError('This provider cannot open items by id');
    const getById = session.getById.bind(session);
    const itemId = id;
    const record = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Fetching audit log item ${itemId}…`, cancellable: true },
      async (_p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await getById(itemId, abort.signal);
        } finally {
          sub.dispose();
        }
      },
    );
    s.records.pin(record);
    await s.recent.add(connection.id, { id: itemId, label: record.action });
    s.tree.recentChanged(connection.id);
    return openRecordDocument(s.records, record, 'normalized');
  }
}
