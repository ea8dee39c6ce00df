/**
 * The one handle VS Code gives a webview page: post to the host, and keep
 * UI state that survives the page being discarded while hidden.
 */
import type { WebviewToHost } from '../src/protocol';

export interface VsCodeApi<State> {
  postMessage(message: WebviewToHost): void;
  getState(): State | undefined;
  setState(state: State): void;
}

declare function acquireVsCodeApi<State>(): VsCodeApi<State>;

let api: VsCodeApi<unknown> | undefined;

/** acquireVsCodeApi may be called only once per page. */
export function vscodeApi<State>(): VsCodeApi<State> {
  api ??= acquireVsCodeApi<unknown>();
  return api as VsCodeApi<State>;
}
