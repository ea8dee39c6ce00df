/**
 * Every question a command asks goes through this one layer: QuickPicks,
 * InputBoxes, confirmations, the save dialog and the messages shown. In the
 * integration tests a script of answers is queued first; each scripted answer
 * passes the same validation a typed one would, so the commands' own logic is
 * what the tests exercise. With no script queued, the real UI is shown.
 */
import * as vscode from 'vscode';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
  picked?: boolean;
}

export interface PickOptions<T> {
  title: string;
  placeholder?: string;
  items: PickItem<T>[];
  step?: number;
  totalSteps?: number;
}

export interface InputOptions {
  title: string;
  prompt?: string;
  value?: string;
  placeholder?: string;
  password?: boolean;
  step?: number;
  totalSteps?: number;
  /** Returns a message when the value is not acceptable. */
  validate?: (value: string) => string | undefined;
}

export interface SaveOptions {
  title: string;
  defaultUri?: vscode.Uri;
  filters?: Record<string, string[]>;
}

/** A scripted answer: a string (a label, a value or typed text), an index into the items, or `undefined` for Escape. */
export type ScriptedAnswer = string | number | { index: number } | { labels: string[] } | undefined;

export interface ShownMessage {
  severity: 'info' | 'warning' | 'error';
  message: string;
  actions: string[];
}

export class Prompter {
  private readonly script: ScriptedAnswer[] = [];
  /** Every message shown, newest last (bounded), for the tests and the log. */
  readonly shown: ShownMessage[] = [];

  /** Queues answers for the next questions (tests). */
  answer(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  /** Answers queued but not yet asked for; a test asserts this is 0 when its command ends. */
  get pendingAnswers(): number {
    return this.script.length;
  }

  clearScript(): void {
    this.script.length = 0;
  }

  private scripted(): { answer: ScriptedAnswer } | undefined {
    if (this.script.length === 0) return undefined;
    return { answer: this.script.shift() };
  }

  async pick<T>(options: PickOptions<T>): Promise<T | undefined> {
    const s = this.scripted();
    if (s) {
      if (s.answer === undefined) return undefined;
      return findItem(options, s.answer).value;
    }
    const qp = await vscode.window.showQuickPick(
      options.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, item: i })),
      { title: stepTitle(options), placeHolder: options.placeholder, ignoreFocusOut: true, matchOnDescription: true },
    );
    return qp?.item.value;
  }

  async pickMany<T>(options: PickOptions<T>): Promise<T[] | undefined> {
    const s = this.scripted();
    if (s) {
      if (s.answer === undefined) return undefined;
      const labels = typeof s.answer === 'object' && 'labels' in s.answer ? s.answer.labels : [s.answer];
      return labels.map((l) => findItem(options, l).value);
    }
    type Item = vscode.QuickPickItem & { item: PickItem<T> };
    const qp = vscode.window.createQuickPick<Item>();
    qp.title = stepTitle(options);
    qp.placeholder = options.placeholder;
    qp.ignoreFocusOut = true;
    qp.canSelectMany = true;
    qp.matchOnDescription = true;
    qp.items = options.items.map((i) => ({ label: i.label, description: i.description, detail: i.detail, item: i }));
    qp.selectedItems = qp.items.filter((i) => i.item.picked);
    return new Promise<T[] | undefined>((resolve) => {
      qp.onDidAccept(() => {
        // Enter with nothing ticked takes the row highlighted with ↑/↓, or the only one a typed filter
        // leaves, rather than ending the command without a word (what an empty showQuickPick answer does).
        let chosen: readonly Item[] = qp.selectedItems;
        if (chosen.length === 0) chosen = qp.activeItems.length ? qp.activeItems.slice(0, 1) : onlyMatch(qp.items, qp.value);
        if (chosen.length === 0) {
          qp.title = `${stepTitle(options)}: tick one or more, then press Enter`;
          return;
        }
        // In the list's order, whatever order they were ticked in.
        const items = qp.items;
        resolve([...chosen].sort((a, b) => items.indexOf(a) - items.indexOf(b)).map((q) => q.item.value));
        qp.hide();
      });
      qp.onDidHide(() => {
        resolve(undefined);
        qp.dispose();
      });
      qp.show();
    });
  }

  async input(options: InputOptions): Promise<string | undefined> {
    const s = this.scripted();
    if (s) {
      if (s.answer === undefined) return undefined;
      const text = String(s.answer);
      const problem = options.validate?.(text);
      if (problem) throw new ScriptedAnswerRejected(`${options.title}: ${problem}`);
      return text;
    }
    return vscode.window.showInputBox({
      title: stepTitle(options),
      prompt: options.prompt,
      value: options.value,
      placeHolder: options.placeholder,
      password: options.password,
      ignoreFocusOut: true,
      validateInput: (v) => options.validate?.(v) ?? undefined,
    });
  }

  /** A modal confirmation; resolves true only for the named action. */
  async confirm(message: string, action: string, detail?: string): Promise<boolean> {
    const s = this.scripted();
    if (s) return s.answer === action;
    const choice = await vscode.window.showWarningMessage(message, { modal: true, ...(detail ? { detail } : {}) }, action);
    return choice === action;
  }

  async saveUri(options: SaveOptions): Promise<vscode.Uri | undefined> {
    const s = this.scripted();
    if (s) return s.answer === undefined ? undefined : vscode.Uri.file(String(s.answer));
    return vscode.window.showSaveDialog({ title: options.title, defaultUri: options.defaultUri, filters: options.filters });
  }

  /** Shows a message; resolves the action the user chose, if any. Never waits in a test run. */
  async show(severity: ShownMessage['severity'], message: string, ...actions: string[]): Promise<string | undefined> {
    this.shown.push({ severity, message, actions });
    if (this.shown.length > 200) this.shown.shift();
    const fn =
      severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return fn(message, ...actions);
  }
}

export class ScriptedAnswerRejected extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ScriptedAnswerRejected';
  }
}

/** The one item whose label or description holds the typed text, if exactly one does. */
function onlyMatch<I extends vscode.QuickPickItem>(items: readonly I[], typed: string): I[] {
  const text = typed.trim().toLowerCase();
  if (!text) return [];
  const hits = items.filter((i) => `${i.label} ${i.description ?? ''}`.toLowerCase().includes(text));
  return hits.length === 1 ? hits : [];
}

function stepTitle(o: { title: string; step?: number; totalSteps?: number }): string {
  return o.step && o.totalSteps ? `${o.title} (${o.step}/${o.totalSteps})` : o.title;
}

function findItem<T>(options: PickOptions<T>, answer: ScriptedAnswer): PickItem<T> {
  const { items } = options;
  let found: PickItem<T> | undefined;
  if (typeof answer === 'number') found = items[answer];
  else if (answer && typeof answer === 'object' && 'index' in answer) found = items[answer.index];
  else if (typeof answer === 'string') {
    found = items.find((i) => i.label === answer) ?? items.find((i) => typeof i.value === 'string' && i.value === answer);
  }
  if (!found) {
    throw new ScriptedAnswerRejected(`${options.title}: no item "${String(answer)}" among ${items.map((i) => `"${i.label}"`).join(', ')}`);
  }
  return found;
}
