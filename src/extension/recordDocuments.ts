/**
 * Records as read-only JSON documents under the `audit-lens:` scheme. A URI
 * resolves through the registry: the records a user opened, then the last
 * query's records where the timeline keeps them.
 */
import * as vscode from 'vscode';
import type { AuditRecord } from '../core/model';
import { RecordRegistry } from './recordRegistry';
import { parseRecordPath, RECORD_SCHEME, recordJson, recordPath, recordQuery, type RecordView } from './recordUri';

export { RecordRegistry } from './recordRegistry';

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
