/**
 * The acceptance, done the way a new user would: in the real
 * workbench, the demo open, three clicks from the demo's failing journey to
 * its error and to the definition diff. Each step leaves a screenshot under
 * test-results/ (ui-pe-*.png).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { check, openWorkbench, runCommand, shot, timelineFrame, type UiCheckResult, type UiOptions } from './index';

const STEP_TIMEOUT = 30_000;

function treeRowLabelled(page: Page, label: string) {
  return page.locator('.pane-body .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) }).first();
}

/** Drags the sidebar's edge so journey names and their "publish failed" description fit. */
async function widenSidebar(page: Page): Promise<void> {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const x = box.x + box.width + 1;
  const y = box.y + box.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 200, y, { steps: 8 });
  await page.mouse.up();
}

export async function publishErrorsPhase(o: UiOptions, browser: Browser, results: UiCheckResult[]): Promise<void> {
  const { startCodeServer, workbenchUrl } = o.harness;
  const tmp = mkdtempSync(join(tmpdir(), 'audit-lens-ui-pe-'));
  const ws = join(tmp, 'ws');
  mkdirSync(ws, { recursive: true });
  // The marker `npm start` uses: the extension activates and opens the demo by itself.
  writeFileSync(join(ws, '.audit-lens-demo'), '');
  const server = await startCodeServer({ codeServer: o.codeServer, node24Bin: o.node24Bin, tmp });
  // Wide enough for the diff editor to show both versions side by side.
  const page = await browser.newPage({ viewport: { width: 1680, height: 1000 } });
  const journey = treeRowLabelled(page, 'Welcome Series');
  try {
    await openWorkbench(page, workbenchUrl(server.port, { folder: ws, extensionDevelopmentPath: o.root }));
    const ready = await check(results, page, o.root, 'ui: the demo’s failing journey carries a publish-failed warning in the tree', async () => {
      await page.locator('.activitybar [aria-label^="Audit Lens"]').first().click();
      // The demo adds its four connections one by one: click only once the rows stopped moving.
      await treeRowLabelled(page, 'Demo FloQast').waitFor({ timeout: 60_000 });
      await widenSidebar(page);
      const connection = treeRowLabelled(page, 'Demo Marketing Cloud');
      const expanded = page.locator('.pane-body .monaco-list-row[aria-expanded="true"]').filter({ has: page.locator('.label-name', { hasText: /^Demo Marketing Cloud$/ }) });
      for (let attempt = 0; attempt < 3 && !(await expanded.count()); attempt++) {
        await connection.click();
        await expanded.first().waitFor({ timeout: 5_000 }).catch(() => {});
      }
      await journey.waitFor({ timeout: STEP_TIMEOUT });
      // The background publish check decorates it: a warning icon and "publish failed".
      await journey.locator('.label-description', { hasText: /^publish failed/ }).waitFor({ timeout: STEP_TIMEOUT });
      await journey.locator('.codicon-warning').first().waitFor({ timeout: STEP_TIMEOUT });
      await page.mouse.move(700, 800);
      await shot(page, o.root, 'pe-0-failing-journey');
    });
    if (!ready) return;

    const errorsRow = treeRowLabelled(page, 'Publish errors (1)');
    const clicked1 = await check(results, page, o.root, 'ui: click 1 expands the journey to “Publish errors (1)”', async () => {
      await journey.click();
      await errorsRow.waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, 'pe-1-publish-errors-node');
    });
    if (!clicked1) return;

    const frame = timelineFrame(page);
    const clicked2 = await check(results, page, o.root, 'ui: click 2 opens the investigation: the failed publish, its explained error and what changed before it', async () => {
      await errorsRow.click();
      await page.locator('.tabs-container .tab', { hasText: 'Publish errors · Welcome Series' }).first().waitFor({ timeout: STEP_TIMEOUT });
      const failed = frame.locator('.pi-attempt.outcome-failure.focus').first();
      await failed.waitFor({ timeout: STEP_TIMEOUT });
      await failed.locator('.error-code', { hasText: 'VALIDATE_GENERAL_EXCEPTION' }).waitFor({ timeout: STEP_TIMEOUT });
      await failed.locator('.error-message', { hasText: 'An entry event must be configured' }).waitFor({ timeout: STEP_TIMEOUT });
      await failed.locator('.error-explain', { hasText: 'Next step' }).waitFor({ timeout: STEP_TIMEOUT });
      await failed.locator('.pi-changes[open] summary', { hasText: 'What changed before it failed' }).waitFor({ timeout: STEP_TIMEOUT });
      await frame.locator('.hdr-status.ok').first().waitFor({ timeout: STEP_TIMEOUT });
      await frame.locator('.tl-row.publish-attempt').first().waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, 'pe-2-investigation');
    });
    if (!clicked2) return;

    const compared = await check(results, page, o.root, 'ui: click 3 opens the diff of the failed version against the last successful one', async () => {
      await frame.locator('.pi-attempt.focus .pi-compare').first().click();
      await page.locator('.tabs-container .tab', { hasText: 'Welcome Series: v4 (last successful) ↔ v5' }).first().waitFor({ timeout: STEP_TIMEOUT });
      const diff = page.locator('.monaco-diff-editor').first();
      await diff.waitFor({ timeout: STEP_TIMEOUT });
      // Side by side: the last successful version on the left, the failed one on the right, both JSON.
      await diff.locator('.editor.original .view-line', { hasText: '"key"' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await diff.locator('.editor.modified .view-line', { hasText: '"key"' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, 'pe-3-definition-diff');
    });
    if (!compared) return;

    await check(results, page, o.root, 'ui: after a window reload the investigation comes back with the timeline, and its Compare opens the diff again', async () => {
      // Close the diff first, so that the diff this step waits for is one opened after the reload.
      await runCommand(page, 'View: Close Editor');
      await page.locator('.tabs-container .tab', { hasText: 'Welcome Series: v4 (last successful) ↔ v5' }).first().waitFor({ state: 'detached', timeout: STEP_TIMEOUT });
      await runCommand(page, 'Developer: Reload Window');
      await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
      const tab = page.locator('.tabs-container .tab', { hasText: 'Publish errors · Welcome Series' }).first();
      await tab.waitFor({ timeout: 60_000 });
      await tab.click();
      const failed = frame.locator('.pi-attempt.outcome-failure.focus').first();
      await failed.waitFor({ timeout: STEP_TIMEOUT });
      await failed.locator('.error-code', { hasText: 'VALIDATE_GENERAL_EXCEPTION' }).waitFor({ timeout: STEP_TIMEOUT });
      await frame.locator('.tl-row.publish-attempt').first().waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, 'pe-4-investigation-after-reload');
      await failed.locator('.pi-compare').first().click();
      await page.locator('.tabs-container .tab', { hasText: 'Welcome Series: v4 (last successful) ↔ v5' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await page.locator('.monaco-diff-editor .editor.modified .view-line', { hasText: '"key"' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, 'pe-5-diff-after-reload');
    });

    await check(results, page, o.root, 'ui: Query Audit Records… with no connection ticked: Enter asks for one, or takes the only one the typed filter leaves', async () => {
      await runCommand(page, 'Audit Lens: Query Audit Records…');
      const widget = page.locator('.quick-input-widget');
      const input = widget.locator('.quick-input-box input').first();
      const titled = (title: string) => widget.locator('.quick-input-title').filter({ hasText: new RegExp(`^\\s*${title}\\s*$`) }).first();
      await titled('Query Audit Records').waitFor({ timeout: STEP_TIMEOUT });
      // Four connections match "Demo" and none is ticked: the picker stays and says what it needs.
      await input.fill('Demo');
      await page.keyboard.press('Enter');
      await titled('Query Audit Records: tick one or more, then press Enter').waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, 'pe-6-query-none-ticked');
      // Typing filters the four demo connections down to one, not ticked.
      await input.fill('FloQast');
      await widget.locator('.quick-input-list .monaco-list-row', { hasText: 'Demo FloQast' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await page.keyboard.press('Enter');
      await titled('Query Audit Records: Demo FloQast').waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, 'pe-6b-query-filtered-connection');
      await page.keyboard.press('Enter'); // every API key
      await titled('Query Audit Records').waitFor({ timeout: STEP_TIMEOUT });
      await page.keyboard.press('Enter'); // the default range
      await page.locator('.tabs-container .tab', { hasText: 'Demo FloQast' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await frame.locator('.hdr-title', { hasText: 'Demo FloQast' }).first().waitFor({ timeout: STEP_TIMEOUT });
      await frame.locator('.hdr-status.ok').first().waitFor({ timeout: STEP_TIMEOUT });
      await shot(page, o.root, 'pe-7-query-timeline');
    });
  } finally {
    await page.close().catch(() => {});
    server.stop();
    if (!process.env.KEEP_TMP) rmSync(tmp, { recursive: true, force: true });
  }
}
