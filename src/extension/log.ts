/**
 * The "Audit Lens" LogOutputChannel. Everything written passes the shared
 * Redactor, which knows the live secrets of every connection.
 */
import * as vscode from 'vscode';
import type { RequestLogEntry } from '../core/http';
import type { Redactor } from '../core/redact';
import { requestLogLine } from './requestLogLine';

export class AuditLog implements vscode.Disposable {
  readonly channel: vscode.LogOutputChannel;
  /** The last lines written (bounded), so the tests can check what the log holds. */
  readonly recent: string[] = [];

  constructor(private readonly redactor: Redactor) {
    this.channel = vscode.window.createOutputChannel('Audit Lens', { log: true });
  }

  private keep(line: string): string {
    this.recent.push(line);
    if (this.recent.length > 1000) this.recent.shift();
    return line;
  }

  info(message: string): void {
    this.channel.info(this.keep(this.redactor.redact(message)));
  }

  warn(message: string): void {
    this.channel.warn(this.keep(this.redactor.redact(message)));
  }

  error(message: string): void {
    this.channel.error(this.keep(this.redactor.redact(message)));
  }

  request(entry: RequestLogEntry, provider?: string): void {
    const line = this.keep(requestLogLine(entry, this.redactor, provider));
    if (entry.error || (entry.status !== undefined && entry.status >= 400)) this.channel.warn(line);
    else this.channel.info(line);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}
