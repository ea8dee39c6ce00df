/**
 * Journey definitions as read-only JSON documents under the `audit-lens:`
 * scheme, at /definition/<connection>/<journey>/v<N>/<title>.json. The text
 * is fetched by the command before the diff opens and kept here, so the
 * document provider answers at once and the same version reuses its tab.
 */
import * as vscode from 'vscode';
import { RECORD_SCHEME } from '../recordUri';

export const DEFINITION_PREFIX = '/definition/';

function titleSafe(s: string): string {
  return s.replace(/[\\/?#%:*"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80) || 'journey';
}

export function definitionUri(connectionId: string, journeyRef: string, journeyName: string, version: number): vscode.Uri {
  const path = `${DEFINITION_PREFIX}${encodeURIComponent(connectionId)}/${encodeURIComponent(journeyRef)}/v${version}/${titleSafe(journeyName)} v${version}.json`;
  return vscode.Uri.from({ scheme: RECORD_SCHEME, path });
}

export class DefinitionDocuments {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  put(uri: vscode.Uri, text: string): void {
    const before = this.texts.get(uri.path);
    this.texts.set(uri.path, text);
    if (before !== undefined && before !== text) this.changed.fire(uri);
  }

  text(uri: vscode.Uri): string {
    return (
      this.texts.get(uri.path) ??
      `${JSON.stringify({ error: 'This journey definition is no longer in memory. Run Compare with Last Successful Version again.' }, null, 2)}\n`
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** One content provider for the scheme: definitions by their prefix, records for the rest. */
export class AuditLensDocuments implements vscode.TextDocumentContentProvider {
  readonly onDidChange: vscode.Event<vscode.Uri>;
  constructor(
    private readonly records: vscode.TextDocumentContentProvider,
    private readonly definitions: DefinitionDocuments,
  ) {
    this.onDidChange = definitions.onDidChange;
  }

  provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): vscode.ProviderResult<string> {
    if (uri.path.startsWith(DEFINITION_PREFIX)) return this.definitions.text(uri);
    return this.records.provideTextDocumentContent(uri, token);
  }
}
