/**
 * Export Results…: the records the timeline shows (its current filter), or
 * the last query's, in JSON Lines, JSON or CSV. Records are rebuilt, encoded
 * and written a chunk at a time with progress and Cancel, into a file that
 * replaces the chosen one only once complete (exportWriter.ts).
 */
import { homedir } from 'node:os';
import * as vscode from 'vscode';
import { ConfigError } from '../../core/errors';
import type { AuditRecord } from '../../core/model';
import { encodeRecords, isExportFormat, type ExportFormat } from '../exportFormats';
import { ExportCancelled, writeChunksAtomically } from '../exportWriter';
import type { Services } from '../services';
import type { RecordReader } from '../timeline/types';

/** Records rebuilt and encoded per chunk: big enough to amortize each write, small enough to keep memory flat. */
const EXPORT_CHUNK = 2000;

export async function exportResults(s: Services, reader: RecordReader, arg?: { format?: ExportFormat; path?: string }): Promise<string | undefined> {
  const total = reader.size;
  if (total === 0) {
    void s.prompter.show('info', 'Nothing to export yet: run Query Audit Records… first.');
    return undefined;
  }
  const count = `${total.toLocaleString('en-US')} record${total === 1 ? '' : 's'}`;
  let format = arg?.format;
  if (format !== undefined && !isExportFormat(format)) throw new ConfigError(`Unknown export format "${String(format)}"`);
  if (!format) {
    format = await s.prompter.pick<ExportFormat>({
      title: `Export ${count}`,
      placeholder: 'Which format?',
      items: [
        { label: 'JSON Lines (.jsonl)', value: 'jsonl', description: 'one record a line, as the CLI prints' },
        { label: 'JSON (.json)', value: 'json', description: 'one array' },
        { label: 'CSV (.csv)', value: 'csv', description: 'for spreadsheets' },
      ],
    });
    if (!format) return undefined;
  }
  let uri: vscode.Uri | undefined;
  if (arg?.path) uri = vscode.Uri.file(arg.path);
  else {
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(homedir());
    uri = await s.prompter.saveUri({
      title: `Export ${count}`,
      defaultUri: vscode.Uri.joinPath(base, `audit-lens-export.${format}`),
      filters: { [format.toUpperCase()]: [format] },
    });
    if (!uri) return undefined;
  }
  const target = uri;
  const exportFormat = format;
  // Said in the final message: a file of a query that did not finish holds only what arrived.
  const status = s.timeline.sessionState.status;
  const partial = status === 'incomplete' || status === 'cancelled' || status === 'running';
  const written = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Audit Lens: exporting ${count}`, cancellable: true },
    async (progress, token) => {
      let done = 0;
      const counted = function* (chunks: Iterable<AuditRecord[]>) {
        for (const chunk of chunks) {
          yield chunk;
          done += chunk.length;
          progress.report({ increment: (100 * chunk.length) / total, message: `${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')}` });
        }
      };
      const text = encodeRecords(counted(reader.chunks(EXPORT_CHUNK)), exportFormat);
      const redact = (chunk: string) => s.redactor.redact(chunk);
      try {
        if (target.scheme === 'file') {
          await writeChunksAtomically(target.fsPath, text, { redact, cancelled: () => token.isCancellationRequested });
        } else {
          // Other file systems take one whole buffer; Buffers, unlike one string, may pass V8's string limit.
          const parts: Buffer[] = [];
          for (const chunk of text) {
            if (token.isCancellationRequested) throw new ExportCancelled();
            parts.push(Buffer.from(redact(chunk), 'utf8'));
          }
          await vscode.workspace.fs.writeFile(target, Buffer.concat(parts));
        }
      } catch (e) {
        if (e instanceof ExportCancelled) return undefined;
        throw e;
      }
      return done;
    },
  );
  if (written === undefined) {
    s.log.info(`Export to ${target.fsPath} cancelled; nothing was written`);
    void s.prompter.show('info', 'Export cancelled: nothing was written.');
    return undefined;
  }
  const what = `${written.toLocaleString('en-US')} record${written === 1 ? '' : 's'}`;
  s.log.info(`Exported ${what} as ${exportFormat} to ${target.fsPath}${partial ? ` (query ${status})` : ''}`);
  const note = partial ? ` The query ${status === 'running' ? 'was still running' : `was ${status}`}: the file holds only the records that had arrived.` : '';
  void s.prompter.show(partial ? 'warning' : 'info', `Exported ${what} to ${target.fsPath}.${note}`);
  return target.fsPath;
}
