/**
 * The publish investigation panel (Investigate Publish Errors) in the built
 * webview, in headless Chromium under the panel's CSP, against the real
 * TimelineHost: attempts, explained errors, "what changed before it failed",
 * highlighted rows, the compare button, and record text kept as text.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import type { AuditRecord } from '../../src/core/model';
import { buildInvestigation } from '../../src/extension/publishErrors/investigationView';
import { buildWebview, launchBrowser, openTimeline, RESULTS_DIR, startPageServer, type PageServer } from './harness';
import { DARK } from './themes';

let browser: Browser;
let server: PageServer;

before(async () => {
  await buildWebview();
  server = await startPageServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** An element's text with whitespace collapsed, as a reader sees it. */
async function text(locator: { textContent(): Promise<string | null> }): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

let n = 0;
function rec(action: string, time: string, version: number, extra: { status?: string; actor?: string; errors?: AuditRecord['errors'] } = {}): AuditRecord {
  n++;
  return {
    provider: 'sfmc',
    connection: 'demo-sfmc',
    id: `w${String(n).padStart(3, '0')}`,
    time,
    action,
    outcome: action === 'Publish' ? (extra.status === 'Error' ? 'failure' : 'success') : 'success',
    actor: { id: String(n), name: extra.actor ?? 'Ann Lee' },
    target: { type: 'journey', id: 'j1', name: 'Welcome Series', version },
    errors: extra.errors ?? [],
    changes: [],
    raw: { action, versionNumber: version, ...(extra.status ? { publishStatus: extra.status } : {}) },
  };
}

const XSS = '<img src=x onerror="window.__pwned=1">';
const RECORDS = [
  rec('Create', '2025-05-01T08:00:00.000Z', 4),
  rec('Publish', '2025-05-01T10:00:00.000Z', 4, { status: 'PublishCompleted' }),
  rec('Create', '2025-06-01T08:00:00.000Z', 5),
  rec('Modify', '2025-06-01T09:00:00.000Z', 5, { actor: 'Dee Park' }),
  rec('Modify', '2025-06-01T09:30:00.000Z', 5, { actor: XSS }),
  rec('Publish', '2025-06-01T10:00:00.000Z', 5, {
    status: 'Error',
    actor: 'Fay Ng',
    errors: [
      { code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An entry event must be configured before activation can be successful' },
      { code: 'BRAND_NEW_CODE', message: XSS },
    ],
  }),
];

describe('publish investigation panel', () => {
  test('shows each attempt, explains known errors, keeps unknown ones raw, groups what changed, and asks for the diff', async () => {
    const t = await openTimeline(browser, server, { theme: DARK, viewport: { width: 1280, height: 900 } });
    try {
      const { page, host } = t;
      const session = host.startQuery({ title: 'Publish errors · Welcome Series', connections: ['Demo Marketing Cloud'], scope: 'Welcome Series', range: 'every version' });
      session.addRecords(RECORDS);
      const compared: number[] = [];
      const built = buildInvestigation(RECORDS, { journeyName: 'Welcome Series', skippedVersions: [3] });
      session.showInvestigation({ view: built.view, compareDefinitions: (i) => void compared.push(i) });
      session.complete();

      const panel = page.locator('audit-publish-investigation');
      await panel.locator('.pi-attempt').nth(1).waitFor({ timeout: 10_000 });
      assert.equal(await panel.locator('.pi-attempt').count(), 2);
      assert.match(await text(panel.locator('.pi-top')), /2 attempts · 1 failed · version 3 no longer exists \(skipped\)/);
      const failed = panel.locator('.pi-attempt.outcome-failure.focus');
      const head = await text(failed.locator('.pi-head'));
      assert.match(head, /Failed Version 5 published by Fay Ng · .*2025.* · status Error/);
      const errors = failed.locator('.error-item');
      assert.equal(await errors.count(), 2);
      assert.match(await text(errors.nth(0)), /Likely cause:.*entry source/s);
      assert.equal(await errors.nth(1).locator('.error-message').textContent(), XSS, 'unknown code: its raw text, as text');
      assert.match(await text(errors.nth(1)), /Not a known error/);
      const changes = failed.locator('.pi-changes');
      assert.equal(await changes.getAttribute('open'), '', 'the focused failure shows what changed');
      assert.match(await text(changes.locator('summary')), /What changed before it failed: 2 Modify rows since version 4 was published/);
      assert.equal(await changes.locator('li').count(), 2);
      assert.match(await text(changes.locator('li').nth(1)), /by <img src=x/);
      assert.equal(await page.evaluate('window.__pwned'), undefined);
      assert.equal(await page.locator('img').count(), 0);
      // The success has no error list and no compare button (nothing published before it).
      const ok = panel.locator('.pi-attempt.outcome-success');
      assert.equal(await ok.locator('.error-item').count(), 0);
      assert.equal(await ok.locator('.pi-compare').count(), 0);
      // Both publish rows stand out in the list.
      await page.locator('.tl-row.publish-attempt').nth(1).waitFor({ timeout: 10_000 });
      assert.equal(await page.locator('.tl-row.publish-attempt').count(), 2);
      await page.screenshot({ path: join(RESULTS_DIR, 'webview-publish-investigation.png') });

      // A change opens that record's detail; the compare button asks the host for attempt 0's diff.
      await changes.locator('li').first().locator('button').click();
      await page.locator('audit-detail .detail-title', { hasText: 'Modify' }).waitFor({ timeout: 10_000 });
      await failed.locator('.pi-compare').click();
      await page.locator('.toast.show', { hasText: 'Opened the definition diff' }).waitFor({ timeout: 10_000 });
      assert.deepEqual(compared, [0]);
      // A forged request for an attempt that cannot compare is refused by the host.
      const reply = await page.evaluate(`new Promise((resolve) => {
        addEventListener('message', (e) => { if (e.data && e.data.id === 777) resolve(e.data); });
        window.__auditLensPost({ kind: 'request', id: 777, method: 'publish/compareDefinitions', params: { attempt: 1 } });
      })`);
      assert.equal((reply as { ok: boolean }).ok, false);
      assert.deepEqual(compared, [0]);
      assert.deepEqual(await t.problems(), []);
    } finally {
      await t.close();
    }
  });

  test('a new query drops the investigation', async () => {
    const t = await openTimeline(browser, server, { theme: DARK });
    try {
      const { page, host } = t;
      const s1 = host.startQuery({ title: 'Publish errors · Welcome Series', connections: ['Demo Marketing Cloud'] });
      s1.addRecords(RECORDS);
      s1.showInvestigation({ view: buildInvestigation(RECORDS, { journeyName: 'Welcome Series' }).view, compareDefinitions: () => {} });
      s1.complete();
      await page.locator('.pi-attempt').first().waitFor({ timeout: 10_000 });
      const s2 = host.startQuery({ title: 'Other', connections: ['Demo Marketing Cloud'] });
      s2.addRecords(RECORDS.slice(0, 2));
      s2.complete();
      await page.locator('audit-publish-investigation').waitFor({ state: 'detached', timeout: 10_000 });
      assert.equal(host.sessionState.investigation, undefined);
      // A late call from the replaced session changes nothing.
      s1.showInvestigation({ view: buildInvestigation(RECORDS, { journeyName: 'Stale' }).view, compareDefinitions: () => {} });
      assert.equal(host.sessionState.investigation, undefined);
    } finally {
      await t.close();
    }
  });
});
