/**
 * One wrapper for every command: it logs the failure, shows it once with the
 * provider's own message and a "Show Log" action, and stays silent when the
 * user cancelled.
 */
import * as vscode from 'vscode';
import { isCancellation, toAuditLensError } from '../core/errors';
import type { Redactor } from '../core/redact';
import { SecretStorageUnavailableError } from './connectionStore';
import type { AuditLog } from './log';
import type { Prompter } from './prompts';

export class CommandRunner {
  constructor(
    private readonly log: AuditLog,
    private readonly prompter: Prompter,
    private readonly redactor: Redactor,
  ) {}

  register(id: string, handler: (...args: any[]) => unknown): vscode.Disposable {
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (e) {
        this.report(e, id);
        return undefined;
      }
    });
  }

  /** Shows a failure once (never for a cancellation). */
  report(e: unknown, context: string): void {
    if (isCancellation(e)) {
      this.log.info(`${context}: cancelled`);
      return;
    }
    const text =
      e instanceof SecretStorageUnavailableError ? e.message : this.redactor.redact(toAuditLensError(e).describe());
    this.log.error(`${context}: ${text}`);
    void this.prompter.show('error', text, 'Show Log').then((choice) => {
      if (choice === 'Show Log') this.log.show();
    });
  }
}
