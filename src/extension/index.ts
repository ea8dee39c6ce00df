import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext) {
  const log = vscode.window.createOutputChannel('Audit Lens', { log: true });
  context.subscriptions.push(log);
  log.info('Audit Lens activated');
  return { version: 1 };
}

export function deactivate(): void {}
