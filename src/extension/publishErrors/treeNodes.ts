/**
 * The tree's "Publish errors (N)" node, under an SFMC journey or version
 * whose latest publish failed, and one child per ErrorCode / ErrorDetail.
 * Both open the investigation when clicked.
 */
import * as vscode from 'vscode';
import type { Scope } from '../../core/model';
import type { PublishAttempt } from '../../core/publishInvestigation';
import { TreeNode } from '../tree/nodes';

export const PUBLISH_ERRORS_CONTEXT = 'publishErrors';

/** What Investigate Publish Errors and Compare with Last Successful Version read from a tree node. */
export interface PublishNodeTarget {
  connectionId: string;
  /** The journey scope, or a version scope (its `parent` is the journey's id). */
  scope: Scope;
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>$]/g, '\\$&');
}

function when(attempt: PublishAttempt): string {
  return attempt.time.replace('T', ' ').replace(/:\d\d\.\d+Z$/, ' UTC');
}

export class PublishErrorsNode extends TreeNode implements PublishNodeTarget {
  constructor(
    readonly connectionId: string,
    readonly scope: Scope,
    readonly attempt: PublishAttempt,
    readonly parent: TreeNode,
  ) {
    super();
  }
  get key(): string {
    return `${this.parent.key}/publishErrors`;
  }
  get count(): number {
    return this.attempt.errors.length;
  }
  treeItem(): vscode.TreeItem {
    const a = this.attempt;
    const item = new vscode.TreeItem(`Publish errors (${this.count})`, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.key;
    item.contextValue = PUBLISH_ERRORS_CONTEXT;
    item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
    item.description = [a.version !== undefined ? `v${a.version}` : '', a.publisher ?? '', when(a)].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`$(error) **The latest publish failed**${a.version !== undefined ? ` (version ${a.version})` : ''}\n\n`);
    if (a.publisher) md.appendMarkdown(`- by ${escapeMd(a.publisher)}\n`);
    md.appendMarkdown(`- at ${escapeMd(a.time)}\n`);
    if (a.status) md.appendMarkdown(`- status ${escapeMd(a.status)}\n`);
    md.appendMarkdown('\nClick to investigate: every publish attempt, what changed before it failed, and the definition diff.');
    item.tooltip = md;
    item.command = { command: 'auditLens.investigatePublishErrors', title: 'Investigate Publish Errors', arguments: [this] };
    return item;
  }
  children(): TreeNode[] {
    if (this.attempt.errors.length === 0) return [new PublishErrorItemNode(this, -1)];
    return this.attempt.errors.map((_, i) => new PublishErrorItemNode(this, i));
  }
}

export class PublishErrorItemNode extends TreeNode implements PublishNodeTarget {
  constructor(
    readonly parent: PublishErrorsNode,
    readonly index: number,
  ) {
    super();
  }
  get connectionId(): string {
    return this.parent.connectionId;
  }
  get scope(): Scope {
    return this.parent.scope;
  }
  get key(): string {
    return `${this.parent.key}/${this.index}`;
  }
  treeItem(): vscode.TreeItem {
    const e = this.parent.attempt.errors[this.index];
    const label = e ? (e.code ?? 'Error') : 'Failed without an error detail';
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.key;
    item.contextValue = 'publishError';
    item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
    if (e) {
      item.description = e.message;
      const md = new vscode.MarkdownString();
      md.appendMarkdown(`**${escapeMd(label)}**\n\n${escapeMd(e.message)}\n\n`);
      if (e.explanation) md.appendMarkdown(`**Likely cause:** ${escapeMd(e.explanation.cause)}\n\n**Next step:** ${escapeMd(e.explanation.nextStep)}`);
      else md.appendMarkdown('_Not a known error: shown as Marketing Cloud sent it._');
      item.tooltip = md;
    }
    item.command = { command: 'auditLens.investigatePublishErrors', title: 'Investigate Publish Errors', arguments: [this.parent] };
    return item;
  }
}
