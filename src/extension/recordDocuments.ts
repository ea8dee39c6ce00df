/**
 * Records as read-only JSON documents under the `audit-lens:` scheme. The
 * registry keeps the records a query or an "open by id" brought in, so a URI
 * resolves to the same text for as long as the record is known.
 */
import * as vscode from 'vscode';
import type { AuditRecord } from '../core/model';
import { parseRecordPath, RECORD_SCHEME, recordJson, recordPath, recordQuery, type RecordView } from './recordUri';

export class RecordRegistry {
  private readonly byKey = new Map<string, AuditRecord>();
  private readonly pinned = new Map<string, AuditRecord>();

  private static key(connection: string, id: string): string {
    return `${connection}\u0000${id}`;
  }

  /** A new query replaces the records of the previous one; pinned records (opened by id) stay. */
  replace(records: Iterable<AuditRecord>): void {
    this.byKey.clear();
    this.add(records);
  }

  add(records: Iterable<AuditRecord>): void {
    for (const r of records) this.byKey.set(RecordRegistry.key(r.connection, r.id), r);
  }

  pin(record: AuditRecord): void {
    this.pinned.set(RecordRegistry.key(record.connection, record.id), record);
  }

  get(connection: string, id: string): AuditRecord | undefined {
    const k = RecordRegistry.key(connection, id);
    return this.pinned.get(k) ?? this.byKey.get(k);
  }

  all(): AuditRecord[] {
    return [...this.byKey.values()];
  }
}

export function recordUri(record: AuditRecord, view: RecordView): vscode.Uri {
  return vscode.Uri.from({ scheme: RECORD_SCHEME, path: recordPath(record, view), query: recordQuery(view) });
}

export class RecordDocumentProvider implements vscode.TextDocumentContentProvider {
  constructor(private readonly registry: RecordRegistry) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = parseRecordPath(uri.path, uri.query);
    if (!ref) return JSON.stringify({ error: 'Not an Audit Lens record address', uri: uri.toString() }, null, 2) + '\n';
    const record = this.registry.get(ref.connection, ref.id);
    if (!record) {
      return (
        JSON.stringify(
          { error: 'This record is no longer in memory. Run the query again (or open the item by id) to load it.', provider: ref.provider, id: ref.id },
          null,
          2,
        ) + '\n'
      );
    }
    return recordJson(record, ref.view);
  }
}

/** Opens a record as a read-only JSON document; returns the editor's document. */
export async function openRecordDocument(registry: RecordRegistry, record: AuditRecord, view: RecordView, preview = false): Promise<vscode.TextDocument> {
  registry.pin(record);
  const doc = await vscode.workspace.openTextDocument(recordUri(record, view));
  const json = doc.languageId === 'json' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'json');
  await vscode.window.showTextDocument(json, { preview });
  return json;
}
