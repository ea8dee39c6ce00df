/**
 * UI-level checks: Playwright drives the code-server workbench the way a
 * person would (F1, QuickPicks typed into, clicks in the tree, the timeline
 * webview), and the packaged .vsix installs and activates. Every step leaves
 * a screenshot under test-results/.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { startSandbox } from '../../../src/sandbox';
import { DEMO } from '../../../src/sandbox/demoCredentials';
import type * as Harness from '../harness/workbench.mjs';
import { publishErrorsPhase } from './publishErrors';

export interface UiCheckResult {
  name: string;
  ok: boolean;
  error?: string;
}

export interface UiOptions {
  codeServer: string;
  node24Bin: string;
  root: string;
  phases: string[];
  log: (message: string) => void;
  /** The runner's workbench harness (plain ESM JavaScript, so it is handed in rather than bundled). */
  harness: Pick<typeof Harness, 'installVsix' | 'launchBrowser' | 'startCodeServer' | 'workbenchUrl'>;
}

const STEP_TIMEOUT = 30_000;

export async function shot(page: Page, root: string, name: string): Promise<void> {
  await page.screenshot({ path: join(root, 'test-results', `ui-${name}.png`) }).catch(() => {});
}

/** Runs `fn` as one named check; a failure is recorded with a screenshot, and later checks still run. */
export async function check(results: UiCheckResult[], page: Page, root: string, name: string, fn: () => Promise<void>): Promise<boolean> {
  try {
    await fn();
    results.push({ name, ok: true });
    return true;
  } catch (e) {
    await shot(page, root, `failed-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    results.push({ name, ok: false, error: e instanceof Error ? e.message.split('\n')[0] : String(e) });
    return false;
  }
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  await page.locator('.activitybar').waitFor({ timeout: 60_000 });
  // Let the extension host start and the contributed views register.
  await page.locator('.activitybar [aria-label^="Audit Lens"]').first().waitFor({ timeout: 60_000 });
}

const exactly = (text: string) => new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);

/** F1, then a command by its palette title. */
export async function runCommand(page: Page, title: string): Promise<void> {
  const widget = page.locator('.quick-input-widget').first();
  const input = widget.locator('.quick-input-box input').first();
  // A palette still closing would take this F1 for itself.
  if (await widget.count()) await widget.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
  await page.keyboard.press('F1');
  // Focus inside a webview can swallow F1: give the workbench the focus and ask again.
  await widget.waitFor({ state: 'visible', timeout: 3_000 }).catch(async () => {
    await page.locator('.tabs-container .tab.active').first().click();
    await page.keyboard.press('F1');
  });
  await widget.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  await input.fill(`>${title}`);
  // The row labelled exactly so: "View: Close Editor" also matches "View: Close All Editor Groups", listed first.
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exactly(title) }) }).first();
  await row.waitFor({ timeout: STEP_TIMEOUT });
  await row.click();
}


/**
 * Waits for the quick input titled exactly `title` (steps included, e.g.
 * "Add Connection: FloQast (4/5)"), types `text` over any value, presses
 * Enter, and waits for that question to go away.
 */
async function answer(page: Page, title: string, text?: string): Promise<void> {
  const widget = page.locator('.quick-input-widget');
  const heading = widget.locator('.quick-input-title', { hasText: exactly(title) }).first();
  await heading.waitFor({ state: 'visible', timeout: STEP_TIMEOUT });
  if (text !== undefined) await widget.locator('.quick-input-box input').first().fill(text);
  await page.keyboard.press('Enter');
  await heading.waitFor({ state: 'hidden', timeout: STEP_TIMEOUT });
}

async function treeRow(page: Page, label: string) {
  const row = page.locator('.pane-body .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ timeout: STEP_TIMEOUT });
  return row;
}

/** The timeline webview's content frame (webviews nest an outer and an active frame). */
export function timelineFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
}

async function uiPhase(o: UiOptions, browser: Browser, results: UiCheckResult[]): Promise<void> {
  const { startCodeServer, workbenchUrl } = o.harness;
  const sandbox = await startSandbox({ anchorTime: Date.now(), seed: 3 });
  const tmp = mkdtempSync(join(tmpdir(), 'audit-lens-ui-'));
  const ws = join(tmp, 'ws');
  mkdirSync(ws, { recursive: true });
  const server = await startCodeServer({ codeServer: o.codeServer, node24Bin: o.node24Bin, tmp });
  o.log(`ui: code-server on ${server.port}, sandbox on ${sandbox.url}`);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await openWorkbench(page, workbenchUrl(server.port, { folder: ws, extensionDevelopmentPath: o.root }));

    await check(results, page, o.root, 'ui: the activity bar opens the Audit Lens view, which offers the demo', async () => {
      await page.locator('.activitybar [aria-label^="Audit Lens"]').first().click();
      await page.locator('.part.sidebar .title-label', { hasText: 'Connections' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await page.locator('.part.sidebar .monaco-button', { hasText: 'Open Demo' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await page.locator('.part.sidebar .monaco-button', { hasText: 'Add Connection…' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, '1-view-welcome');
    });

    const added = await check(results, page, o.root, 'ui: Add Connection… through F1, answering each QuickPick and InputBox', async () => {
      await runCommand(page, 'Audit Lens: Add Connection…');
      await page.locator('.quick-input-widget .quick-input-title', { hasText: exactly('Add Connection (1/2)') }).waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, '2a-add-connection-pick-provider');
      await answer(page, 'Add Connection (1/2)', 'FloQast');
      await answer(page, 'Add Connection: FloQast (2/5)', 'UI FloQast');
      await answer(page, 'Add Connection: FloQast (3/5)'); // region: the default
      await answer(page, 'Add Connection: FloQast (4/5)', sandbox.url); // custom base URL
      await page.locator('.quick-input-widget .quick-input-title', { hasText: exactly('Add Connection: FloQast (5/5)') }).waitFor({ timeout: STEP_TIMEOUT });
      await page.locator('.quick-input-widget input[type="password"]').first().waitFor({ timeout: STEP_TIMEOUT });
      await page.locator('.quick-input-widget .quick-input-box input').first().fill(DEMO.floqast.apiKey);
      await shot(page, o.root, '2b-add-connection-secret-masked');
      await answer(page, 'Add Connection: FloQast (5/5)');
      await treeRow(page, 'UI FloQast');
      await shot(page, o.root, '2c-connection-added');
    });

    const expanded =
      added &&
      (await check(results, page, o.root, 'ui: expanding the tree shows the connection’s API keys', async () => {
        const row = await treeRow(page, 'UI FloQast');
        await row.click();
        const expandedRow = page.locator('.pane-body .monaco-list-row[aria-expanded="true"]', { hasText: 'UI FloQast' }).first();
        await expandedRow.waitFor({ timeout: STEP_TIMEOUT });
        // API keys are the rows below the connection (level 3).
        await page.locator('.pane-body .monaco-list-row[aria-level="3"]').first().waitFor({ timeout: STEP_TIMEOUT });
        await page.locator('.pane-body .monaco-list-row', { hasText: 'connected' }).first().waitFor({ timeout: STEP_TIMEOUT });
        await shot(page, o.root, '3-tree-expanded');
      }));

    if (expanded) {
      await check(results, page, o.root, 'ui: Query Audit Records… through F1 opens the timeline panel with rows', async () => {
        await runCommand(page, 'Audit Lens: Query Audit Records…');
        await answer(page, 'Query Audit Records: UI FloQast'); // All API keys
        await shot(page, o.root, '4a-query-range');
        await answer(page, 'Query Audit Records'); // the default range
        const tab = page.locator('.tabs-container .tab', { hasText: 'UI FloQast' }).first();
        await tab.waitFor({ timeout: STEP_TIMEOUT });
        const frame = timelineFrame(page);
        await frame.locator('.hdr-title', { hasText: 'UI FloQast' }).first().waitFor({ timeout: STEP_TIMEOUT });
        await frame.locator('.hdr-status.ok').first().waitFor({ timeout: STEP_TIMEOUT });
        await shot(page, o.root, '4-timeline-open');
      });
      await check(results, page, o.root, 'ui: the timeline’s title bar runs the query again, and offers Export Results…', async () => {
        const rerun = page.locator('.editor-actions .action-label[aria-label^="Run Query Again"]').first();
        await rerun.waitFor({ timeout: STEP_TIMEOUT });
        await page.locator('.editor-actions .action-label[aria-label^="Export Results"]').first().waitFor({ timeout: STEP_TIMEOUT });
        // A search typed first, which the run keeps.
        const frame = timelineFrame(page);
        await frame.locator('vscode-textfield.search-field').first().click();
        await page.keyboard.type('checklists');
        const count = frame.locator('.hdr-count', { hasText: / of \d+ records?$/ }).first();
        await count.waitFor({ timeout: STEP_TIMEOUT });
        const filtered = ((await count.textContent()) ?? '').trim();
        const before = sandbox.stats.requests.length;
        await rerun.click();
        // Nothing is asked: the same query goes to the API again.
        for (let waited = 0; sandbox.stats.requests.length === before; waited += 100) {
          if (waited > STEP_TIMEOUT) throw new Error('Run Query Again sent no request');
          await page.waitForTimeout(100);
        }
        await frame.locator('.hdr-title', { hasText: 'UI FloQast' }).first().waitFor({ timeout: STEP_TIMEOUT });
        await frame.locator('.hdr-status.ok').first().waitFor({ timeout: STEP_TIMEOUT });
        await frame.locator('.hdr-count', { hasText: filtered }).first().waitFor({ timeout: STEP_TIMEOUT });
        const kept = await frame.locator('vscode-textfield.search-field').first().evaluate((el) => (el as HTMLInputElement).value);
        if (kept !== 'checklists') throw new Error(`the search became "${kept}"`);
        await shot(page, o.root, '4c-run-query-again');
      });
      await check(results, page, o.root, 'ui: an incomplete result offers Run again in its banner, which runs the query again', async () => {
        const frame = timelineFrame(page);
        const runAgain = frame.locator('.banner-error .rerun').first();
        // Every audit page answers with an HTML error page: the query ends incomplete.
        const fault = sandbox.faults.add({ kind: 'html', provider: 'floqast', path: '/api/v1/audit-trail', times: Infinity });
        try {
          await page.locator('.editor-actions .action-label[aria-label^="Run Query Again"]').first().click();
          await runAgain.waitFor({ timeout: STEP_TIMEOUT });
          await shot(page, o.root, '4d-incomplete-run-again');
        } finally {
          fault.remove();
        }
        await runAgain.click();
        await frame.locator('.hdr-status.ok').first().waitFor({ timeout: STEP_TIMEOUT });
        await frame.locator('.banner-error').first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
      });
      await check(results, page, o.root, 'ui: after a window reload the timeline comes back through its serializer', async () => {
        await runCommand(page, 'Developer: Reload Window');
        await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
        const tab = page.locator('.tabs-container .tab', { hasText: 'UI FloQast' }).first();
        await tab.waitFor({ timeout: 60_000 });
        await tab.click();
        await timelineFrame(page).locator('.hdr-title', { hasText: 'UI FloQast' }).first().waitFor({ timeout: STEP_TIMEOUT });
        await shot(page, o.root, '4b-timeline-after-reload');
      });
    }
  } finally {
    await page.close().catch(() => {});
    server.stop();
    await sandbox.close();
    if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  }
}

async function vsixPhase(o: UiOptions, browser: Browser, results: UiCheckResult[]): Promise<void> {
  const { installVsix, startCodeServer, workbenchUrl } = o.harness;
  const tmp = mkdtempSync(join(tmpdir(), 'audit-lens-vsix-'));
  const vsix = join(o.root, 'audit-lens.vsix');
  const pack = spawnSync('npm', ['run', '--silent', 'package'], { cwd: o.root, encoding: 'utf8' });
  const packed = pack.status === 0 && existsSync(vsix);
  results.push({ name: 'vsix: npm run package builds audit-lens.vsix', ok: packed, ...(packed ? {} : { error: `${pack.stdout}\n${pack.stderr}`.trim().split('\n').slice(-5).join(' | ') }) });
  if (!packed) return;
  const extensionsDir = join(tmp, 'ext');
  mkdirSync(extensionsDir, { recursive: true });
  const installed = installVsix({ codeServer: o.codeServer, node24Bin: o.node24Bin, vsix, extensionsDir, tmp });
  results.push({ name: 'vsix: it installs into code-server', ok: installed.ok, ...(installed.ok ? {} : { error: installed.output.trim().split('\n').slice(-3).join(' | ') }) });
  if (!installed.ok) return;
  const ws = join(tmp, 'ws');
  mkdirSync(ws, { recursive: true });
  const server = await startCodeServer({ codeServer: o.codeServer, node24Bin: o.node24Bin, tmp, extensionsDir });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  try {
    await check(results, page, o.root, 'vsix: the installed extension activates (its log says so)', async () => {
      await openWorkbench(page, workbenchUrl(server.port, { folder: ws }));
      await runCommand(page, 'Audit Lens: Show Log');
      await page.locator('.output-view, .panel', { hasText: 'Audit Lens activated' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, '5-vsix-activated');
    });
  } finally {
    await page.close().catch(() => {});
    server.stop();
    if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  }
}

export async function runUiChecks(o: UiOptions): Promise<UiCheckResult[]> {
  const results: UiCheckResult[] = [];
  const browser: Browser = await o.harness.launchBrowser();
  try {
    if (o.phases.includes('ui')) await uiPhase(o, browser, results);
    if (o.phases.includes('ui')) await publishErrorsPhase(o, browser, results);
    if (o.phases.includes('vsix')) await vsixPhase(o, browser, results);
  } finally {
    await browser.close().catch(() => {});
  }
  return results;
}

export default { runUiChecks };
