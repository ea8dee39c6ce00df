/**
 * Runs the built webview in headless Chromium against the real host code:
 * the page's stand-in `acquireVsCodeApi` forwards every message to a
 * TimelineHost in this Node process (through a Playwright binding), and the
 * host's posts come back as `message` events, as in VS Code. The page is
 * the HTML the panel serves, CSP included, from a loopback server.
 */
import { createServer, type Server } from 'node:http';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import * as esbuild from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TimelineHost, type TimelineHostActions } from '../../src/extension/timeline/timelineHost';
import { timelineHtml } from '../../src/extension/timeline/webviewHtml';
import type { AuditRecord } from '../../src/core/model';
import type { Theme } from './themes';

const ROOT = resolve(__dirname, '../..');
export const BUILD_DIR = join(ROOT, 'test-results', 'webview-build');
export const RESULTS_DIR = join(ROOT, 'test-results');

/** Builds webview/main.ts exactly as esbuild.mjs does, into the test's own dist/. */
export async function buildWebview(): Promise<void> {
  const dist = join(BUILD_DIR, 'dist');
  mkdirSync(dist, { recursive: true });
  mkdirSync(join(BUILD_DIR, 'media'), { recursive: true });
  await esbuild.build({
    entryPoints: [join(ROOT, 'webview/main.ts')],
    outfile: join(dist, 'webview.js'),
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel: 'warning',
  });
  const codicons = join(ROOT, 'node_modules/@vscode/codicons/dist');
  copyFileSync(join(codicons, 'codicon.css'), join(dist, 'codicon.css'));
  copyFileSync(join(codicons, 'codicon.ttf'), join(dist, 'codicon.ttf'));
}

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export interface PageServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves /dist and /media from the build, and /timeline.html (with or without the CSP). */
export async function startPageServer(): Promise<PageServer> {
  let origin = '';
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname === '/timeline.html') {
      const html = timelineHtml({
        nonce: 'test-nonce-' + Math.random().toString(36).slice(2),
        cspSource: origin,
        distPath: '/dist',
        mediaPath: '/media',
        scriptUri: `${origin}/dist/webview.js`,
        codiconCssUri: `${origin}/dist/codicon.css`,
        title: 'Timeline',
      });
      // The XSS test also runs without the CSP, so that only text rendering stands between a payload and execution.
      const body = url.searchParams.get('csp') === 'off' ? html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>\n/, '') : html;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(body);
      return;
    }
    const path = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    const file = join(BUILD_DIR, path);
    if (!file.startsWith(BUILD_DIR) || !(path.startsWith('dist') || path.startsWith('media')) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { origin, close: () => new Promise<void>((r) => server.close(() => r())) };
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** What the stand-in VS Code recorded: actions the host asked for. */
export interface RecordedActions extends TimelineHostActions {
  opened: { record: AuditRecord; normalized: boolean }[];
  compared: [AuditRecord, AuditRecord][];
  copied: string[];
  links: string[];
  reruns: number;
}

export function recordingActions(): RecordedActions {
  const a: RecordedActions = {
    opened: [],
    compared: [],
    copied: [],
    links: [],
    reruns: 0,
    rerunQuery: () => void a.reruns++,
    openRecordAsJson: (record, normalized) => void a.opened.push({ record, normalized }),
    compareRecords: (older, newer) => void a.compared.push([older, newer]),
    copyText: (text) => void a.copied.push(text),
    openExternal: (url) => void a.links.push(url),
  };
  return a;
}

export interface TimelinePage {
  page: Page;
  context: BrowserContext;
  host: TimelineHost;
  actions: RecordedActions;
  /** CSP violations and page errors seen so far. */
  problems(): Promise<string[]>;
  /** Forgets them (before injecting a test tool that breaks the CSP itself, as axe does). */
  resetProblems(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  theme: Theme;
  /** The host and the actions it was built with; a fresh empty host by default. */
  host?: { host: TimelineHost; actions: RecordedActions };
  csp?: boolean;
  viewport?: { width: number; height: number };
  timezoneId?: string;
}

/**
 * Opens the timeline page wired to `host` (a new one by default). The page
 * state (setState) lives in sessionStorage, so a reload behaves like VS Code
 * re-creating a hidden webview.
 */
export async function openTimeline(browser: Browser, server: PageServer, options: OpenOptions): Promise<TimelinePage> {
  const actions = options.host?.actions ?? recordingActions();
  const host = options.host?.host ?? new TimelineHost(actions, { throttleMs: 50 });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    locale: 'en-US',
    deviceScaleFactor: 1,
  });
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // A failed load is reported below with its URL.
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().endsWith('/favicon.ico')) pageErrors.push(`HTTP ${r.status()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => pageErrors.push(`request failed: ${r.url()}`));
  await page.exposeBinding('__auditLensPost', (_source, message: unknown) => {
    void host.handleMessage(message);
  });
  host.attach((message) => {
    page.evaluate(`window.dispatchEvent(new MessageEvent('message', { data: ${JSON.stringify(message)} }))`).catch(() => undefined);
  });
  await page.addInitScript({ content: initScript(options.theme) });
  await page.goto(`${server.origin}/timeline.html${options.csp === false ? '?csp=off' : ''}`);
  return {
    page,
    context,
    host,
    actions,
    problems: async () => [...pageErrors, ...(((await page.evaluate('window.__cspViolations')) as string[] | undefined) ?? [])],
    resetProblems: async () => {
      pageErrors.length = 0;
      await page.evaluate('window.__cspViolations = []');
    },
    close: async () => {
      host.detach();
      await context.close();
    },
  };
}

/**
 * Runs before the page's own scripts. Written as a string: tsx rewrites
 * functions with a `__name` helper that does not exist in the page.
 */
function initScript(theme: Theme): string {
  const vars = Object.entries(theme.vars)
    .map(([k, v]) => `${k}: ${v};`)
    .join(' ');
  return `(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber);
    });
    // VS Code injects its theme as CSS variables; a constructed sheet does the same without an inline style.
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(${JSON.stringify(`:root { ${vars} }`)});
    document.adoptedStyleSheets = [sheet];
    document.addEventListener('DOMContentLoaded', () => document.body.classList.add(${JSON.stringify(theme.bodyClass)}));
    const post = window.__auditLensPost;
    window.acquireVsCodeApi = () => ({
      postMessage: (m) => post(m),
      getState: () => {
        const s = sessionStorage.getItem('vscode-webview-state');
        return s === null ? undefined : JSON.parse(s);
      },
      setState: (s) => sessionStorage.setItem('vscode-webview-state', JSON.stringify(s)),
    });
  })();`;
}

/** Fills a host with records as one finished query. */
export function hostWithRecords(records: AuditRecord[], title = 'All demo connections · last 14 days'): { host: TimelineHost; actions: RecordedActions } {
  const actions = recordingActions();
  const host = new TimelineHost(actions, { throttleMs: 50 });
  const session = host.startQuery({ title, connections: ['Demo Marketing Cloud', 'Demo LivePerson', 'Demo Uniphore', 'Demo FloQast'], range: 'last 14 days' });
  session.addRecords(records);
  session.progress({ pagesDone: 12, pagesTotal: 12, records: records.length });
  session.complete();
  return { host, actions };
}
