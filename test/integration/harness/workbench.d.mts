// Types for workbench.mjs, which stays plain JavaScript so the runner and `npm start` need no build step.
export const ROOT: string;
export const CHROMIUM: string;
export const NOISE: RegExp;
export interface Workbench {
  codeServer: string;
  node24Bin: string;
}
export interface RunningServer {
  port: number;
  tmp: string;
  logPath: string;
  extensionsDir: string;
  env: Record<string, string | undefined>;
  url: string;
  stop(): void;
}
export function provision(): Workbench;
export function freePort(): Promise<number>;
export function startCodeServer(o: Workbench & { env?: Record<string, string>; tmp?: string; extensionsDir?: string; port?: number }): Promise<RunningServer>;
export function installVsix(o: Workbench & { vsix: string; extensionsDir: string; tmp: string }): { ok: boolean; output: string };
export function workbenchUrl(port: number, o?: { folder?: string; extensionDevelopmentPath?: string; extensionTestsPath?: string }): string;
export function launchBrowser(): Promise<import('playwright-core').Browser>;
export function runExtensionTests(o: Workbench & {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  folder?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  screenshot?: string;
  /** Extra .vsix files installed into the workbench before it starts. */
  vsixes?: string[];
}): Promise<{ code: number; tmp: string; logPath: string }>;
