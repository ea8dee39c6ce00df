/**
 * The timeline webview, built as it ships, in headless Chromium under the
 * panel's CSP, talking to the real TimelineHost (see harness.ts).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { AuditRecord } from '../../src/core/model';
import { RecordStore, type RecordFilter } from '../../src/core/recordStore';
import { generateRecords } from '../unit/recordStore/recordGenerator';
import { buildWebview, hostWithRecords, launchBrowser, openTimeline, RESULTS_DIR, startPageServer, type PageServer, type TimelinePage } from './harness';
import { DARK, LIGHT } from './themes';

let browser: Browser;
let server: PageServer;
const RECORDS = generateRecords({ count: 3000, seed: 7 });

before(async () => {
  await buildWebview();
  server = await startPageServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** Polls until `check` returns true (or a truthy value), failing with `what` after `timeoutMs`. */
async function eventually<T>(what: string, check: () => Promise<T> | T, timeoutMs = 8000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function reference(records: AuditRecord[], filter: RecordFilter): AuditRecord[] {
  const store = new RecordStore();
  store.add(records);
  return store.matching(filter);
}

async function countText(page: Page): Promise<string> {
  return ((await page.locator('.hdr-count').textContent()) ?? '').trim();
}

async function rowsReady(page: Page): Promise<void> {
  await page.locator('.tl-row[data-index]').first().waitFor({ timeout: 10_000 });
}

/** Actions of the data rows on screen, top to bottom. */
async function visibleActions(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('.tl-row[data-index]')]
    .sort((a, b) => Number(a.dataset.index) - Number(b.dataset.index))
    .filter((r) => { const b = r.getBoundingClientRect(); const s = document.querySelector('.tl-scroller').getBoundingClientRect(); return b.bottom > s.top && b.top < s.bottom; })
    .map((r) => r.querySelector('.c-action').textContent)`) as Promise<string[]>;
}

async function withPage<T>(open: Promise<TimelinePage>, body: (t: TimelinePage) => Promise<T>): Promise<T> {
  const t = await open;
  try {
    const result = await body(t);
    assert.deepEqual(await t.problems(), [], 'no CSP violations, page errors or console errors');
    return result;
  } finally {
    await t.close();
  }
}

describe('timeline webview', () => {
  test('renders header, histogram, facets and day-grouped rows, newest first', async () => {
    await withPage(openTimeline(browser, server, { theme: DARK, host: hostWithRecords(RECORDS) }), async ({ page }) => {
      await rowsReady(page);
      assert.equal(((await page.locator('.hdr-title').textContent()) ?? '').trim(), 'All demo connections · last 14 days');
      await eventually('the record count', async () => (await countText(page)) === '3,000 records');
      assert.match((await page.locator('.hdr-status').textContent()) ?? '', /Complete/);

      const expected = reference(RECORDS, {});
      const actions = await visibleActions(page);
      assert.ok(actions.length > 10, 'a screenful of rows');
      assert.deepEqual(actions, expected.slice(0, actions.length).map((r) => r.action));
      const firstDay = ((await page.locator('.tl-day .tl-day-label').first().textContent()) ?? '').trim();
      assert.equal(firstDay, new Intl.DateTimeFormat('en-US', { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'Europe/Berlin' }).format(Date.parse(expected[0]!.time)));

      for (const title of ['Provider', 'Action', 'Actor', 'Target type', 'Outcome']) {
        assert.equal(await page.locator('.facet-title', { hasText: title }).count(), 1, `${title} facet`);
      }
      const failures = expected.filter((r) => r.outcome === 'failure').length;
      assert.match((await page.locator('.facet-value[data-facet="outcome"][data-value="failure"]').textContent()) ?? '', new RegExp(`${failures.toLocaleString('en-US')}`));

      const inked = (await page.evaluate(`(() => {
        const c = document.querySelector('audit-histogram canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
        return n / (c.width * c.height);
      })()`)) as number;
      assert.ok(inked > 0.05, `the histogram draws bars (${inked})`);
    });
  });

  test('keeps the DOM small at 400,000 records, wherever the list is scrolled, and scrolls them 1:1', async () => {
    const many = generateRecords({ count: 400_000, seed: 21, spanMs: 365 * 86_400_000 });
    await withPage(openTimeline(browser, server, { theme: DARK, host: hostWithRecords(many) }), async ({ page }) => {
      await rowsReady(page);
      const domRows = () => page.locator('.tl-row, .tl-day').count();
      assert.ok((await domRows()) < 200);
      await page.locator('.tl-scroller').focus();
      await page.keyboard.press('End');
      await eventually('the last row', async () => (await page.locator('.tl-row.selected').getAttribute('aria-posinset')) === '400000');
      const last = reference(many, {}).at(-1)!;
      await eventually('the last row loaded', async () => (await page.locator('.tl-row.selected .c-action').textContent()) === last.action);
      assert.ok((await domRows()) < 200, 'still under 200 DOM rows at the end');
      await page.evaluate(`document.querySelector('.tl-scroller').scrollTop = document.querySelector('.tl-scroller').scrollHeight / 2`);
      await eventually('rows in the middle', async () => (await visibleActions(page)).length > 10);
      assert.ok((await domRows()) < 200, 'and in the middle');

      // Past 8 M px (about 333,000 rows) a scrollbar used to be scaled down: a wheel step then jumped
      // further than it scrolled. Up to 30 M px a pixel scrolled is a pixel of rows moved.
      const scrollHeight = (await page.evaluate(`document.querySelector('.tl-scroller').scrollHeight`)) as number;
      assert.ok(scrollHeight >= 400_000 * 24, `the scroller is as tall as the rows (${scrollHeight} px)`);
      const firstVisibleRow = () =>
        page.evaluate(`(() => {
          const s = document.querySelector('.tl-scroller').getBoundingClientRect();
          const shown = [...document.querySelectorAll('.tl-row[aria-posinset]')].filter((r) => r.getBoundingClientRect().top >= s.top - 1);
          return Math.min(...shown.map((r) => Number(r.getAttribute('aria-posinset'))));
        })()`) as Promise<number>;
      const scrollTo = async (top: number) => {
        // The list lays its rows out on the next animation frame after a scroll: read them after two.
        await page.evaluate(`new Promise((done) => { document.querySelector('.tl-scroller').scrollTop = ${top}; requestAnimationFrame(() => requestAnimationFrame(done)); })`);
        assert.equal(await page.evaluate(`document.querySelector('.tl-scroller').scrollTop`), top);
        return firstVisibleRow();
      };
      const before = await scrollTo(9_000_000);
      const after = await scrollTo(9_000_000 + 100 * 24);
      // 100 rows further, one fewer when a day header falls in between.
      assert.ok(after - before >= 99 && after - before <= 100, `2,400 px moved ${after - before} rows`);
    });
  });

  test('facet click includes a value, Alt-click excludes one, chips remove them', async () => {
    await withPage(openTimeline(browser, server, { theme: LIGHT, host: hostWithRecords(RECORDS) }), async ({ page, host }) => {
      await rowsReady(page);
      await page.locator('.facet-value[data-facet="outcome"][data-value="failure"]').click();
      const failures = reference(RECORDS, { include: { outcome: ['failure'] } });
      await eventually('the filtered count', async () => (await countText(page)) === `${failures.length} of 3,000 records`);
      await eventually('only failures', async () => {
        const outcomes = await page.locator('.tl-row[data-index] .badge').allTextContents();
        return outcomes.length > 0 && outcomes.every((o) => o === 'Failure');
      });
      assert.equal(host.currentRecords().length, failures.length, 'the host knows the filter (Export Results)');

      await page.locator('.facet-value[data-facet="provider"][data-value="floqast"]').click({ modifiers: ['Alt'] });
      const filter: RecordFilter = { include: { outcome: ['failure'] }, exclude: { provider: ['floqast'] } };
      const expected = reference(RECORDS, filter);
      await eventually('failures outside FloQast', async () => (await countText(page)) === `${expected.length} of 3,000 records`);
      assert.deepEqual(await visibleActions(page), expected.slice(0, (await visibleActions(page)).length).map((r) => r.action));
      assert.equal(await page.locator('.tl-row .c-prov.prov-floqast').count(), 0);
      assert.match((await page.locator('.facet-value.excluded').textContent()) ?? '', /FloQast/);
      // Facet counts ignore their own selection: the other outcomes stay listed with counts.
      const successCount = reference(RECORDS, { exclude: { provider: ['floqast'] }, include: { outcome: ['success'] } }).length;
      assert.match((await page.locator('.facet-value[data-facet="outcome"][data-value="success"] .facet-count').textContent()) ?? '', new RegExp(successCount.toLocaleString('en-US')));

      await page.locator('.chip-exclude .chip-remove').click();
      await eventually('the exclusion removed', async () => (await countText(page)) === `${failures.length} of 3,000 records`);
      await page.getByRole('button', { name: 'Clear all' }).click();
      await eventually('all records again', async () => (await countText(page)) === '3,000 records');
    });
  });

  test('search matches action, actor, target, errors and changes; / focuses it, Esc clears it', async () => {
    await withPage(openTimeline(browser, server, { theme: DARK, host: hostWithRecords(RECORDS) }), async ({ page }) => {
      await rowsReady(page);
      await page.locator('.tl-scroller').focus();
      await page.keyboard.press('/');
      await eventually('search focused', async () => page.evaluate(`document.activeElement?.classList.contains('search-field')`));
      await page.keyboard.type('entry event');
      const expected = reference(RECORDS, { text: 'entry event' });
      assert.ok(expected.length > 0 && expected.length < 3000);
      await eventually('search results', async () => (await countText(page)) === `${expected.length} of 3,000 records`);
      assert.ok((await page.locator('.tl-row[data-index] .err-inline').allTextContents()).every((t) => /entry event/i.test(t)));

      await page.keyboard.press('Escape');
      await eventually('search cleared', async () => (await countText(page)) === '3,000 records');
      assert.equal(await page.locator('vscode-textfield.search-field').evaluate((el) => (el as HTMLInputElement).value), '');

      await page.keyboard.type('Lovelace maxChats');
      const both = reference(RECORDS, { text: 'Lovelace maxChats' });
      await eventually('two terms, both required', async () => (await countText(page)) === `${both.length} of 3,000 records`);
    });
  });

  test('brushing the histogram zooms the time range; Zoom out restores it', async () => {
    await withPage(openTimeline(browser, server, { theme: DARK, host: hostWithRecords(RECORDS) }), async ({ page, host }) => {
      await rowsReady(page);
      const box = (await page.locator('audit-histogram canvas').boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.25, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2, { steps: 5 });
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
      await page.mouse.up();
      await page.locator('.chip-time').waitFor();
      const filter = await eventually('the host got the range', () => {
        const records = host.currentRecords();
        return records.length > 0 && records.length < 3000 ? records : undefined;
      });
      const times = filter.map((r) => Date.parse(r.time));
      const from = Math.min(...times);
      const to = Math.max(...times);
      const span = Date.parse(RECORDS.reduce((a, r) => (r.time > a ? r.time : a), '')) - Date.parse(RECORDS.reduce((a, r) => (r.time < a ? r.time : a), 'z'));
      assert.ok(to - from < span * 0.35 && to - from > span * 0.15, 'about a quarter of the range');
      const expected = RECORDS.filter((r) => Date.parse(r.time) >= from && Date.parse(r.time) <= to).length;
      await eventually('the zoomed count', async () => (await countText(page)) === `${expected.toLocaleString('en-US')} of 3,000 records`);
      // The bins now span the zoomed range only.
      const firstLabel = await page.locator('.histo-bin').textContent();
      assert.match(firstLabel ?? '', /per bar/);

      await page.getByRole('button', { name: 'Zoom out to the whole time range' }).click();
      await eventually('the whole range again', async () => (await countText(page)) === '3,000 records');
      assert.equal(await page.locator('.chip-time').count(), 0);

      // By keyboard: pick bars with the arrows, extend with Shift, zoom with Enter.
      await page.locator('.histo-plot').focus();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Shift+ArrowRight');
      await page.keyboard.press('Enter');
      await page.locator('.chip-time').waitFor();
      await page.keyboard.press('Backspace');
      await eventually('zoomed out by keyboard', async () => (await page.locator('.chip-time').count()) === 0);
    });
  });

  test('keyboard: arrows move, Enter opens detail, Esc closes it, Home and End jump', async () => {
    await withPage(openTimeline(browser, server, { theme: DARK, host: hostWithRecords(RECORDS) }), async ({ page }) => {
      await rowsReady(page);
      const expected = reference(RECORDS, {});
      await page.locator('.tl-scroller').focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowDown');
      await eventually('row 3 selected', async () => (await page.locator('.tl-scroller').getAttribute('aria-activedescendant')) === 'tl-row-2');
      assert.equal(await page.locator('#tl-row-2').getAttribute('aria-selected'), 'true');
      await page.keyboard.press('Enter');
      await page.locator('audit-detail .detail-title').waitFor();
      assert.equal(await page.locator('audit-detail .detail-title').textContent(), expected[2]!.action);
      assert.match((await page.locator('audit-detail .fields').textContent()) ?? '', new RegExp(expected[2]!.id));
      // With the detail open, moving the selection follows in the pane.
      await page.keyboard.press('ArrowUp');
      await eventually('detail follows', async () => (await page.locator('audit-detail .fields').textContent())?.includes(expected[1]!.id));
      await page.keyboard.press('Escape');
      await eventually('detail closed', async () => (await page.locator('audit-detail').count()) === 0);
      assert.ok(await page.evaluate(`document.activeElement?.classList.contains('tl-scroller')`), 'focus back on the list');
      await page.keyboard.press('End');
      await eventually('last row', async () => (await page.locator('.tl-row.selected').getAttribute('aria-posinset')) === '3000');
      await page.keyboard.press('Home');
      await eventually('first row', async () => (await page.locator('.tl-row.selected').getAttribute('aria-posinset')) === '1');
      await page.keyboard.press('PageDown');
      await eventually('a page down', async () => Number(await page.locator('.tl-row.selected').getAttribute('aria-posinset')) > 10);
    });
  });

  test('detail pane: every field, errors with codes and causes, changes old → new, raw JSON, and its actions', async () => {
    const t0 = Date.UTC(2024, 4, 20, 10);
    const target = { type: 'journey', id: 'j-9', name: 'Welcome Series', version: 4 };
    const published: AuditRecord = {
      provider: 'sfmc', connection: 'demo-sfmc', id: 'pub-1', time: new Date(t0).toISOString(), action: 'Publish', outcome: 'failure',
      actor: { id: '7001', name: 'Ada Lovelace' }, target,
      errors: [{ code: 'VALIDATE_GENERAL_EXCEPTION', message: 'Entry event must be configured' }, { message: 'second problem' }],
      changes: [], raw: { action: 'Publish', publishStatus: 'Error', nested: { deep: [1, 2, 3] } },
    };
    const modified: AuditRecord = {
      provider: 'sfmc', connection: 'demo-sfmc', id: 'mod-1', time: new Date(t0 - 3600_000).toISOString(), action: 'Modify', outcome: 'success',
      actor: { id: '7002', name: 'Grace Hopper' }, target: { ...target, version: 3 }, errors: [], changes: [], raw: {},
    };
    const lp: AuditRecord = {
      provider: 'liveperson', connection: 'demo-lp', id: 'lp-1', time: new Date(t0 - 7200_000).toISOString(), action: 'Skills', outcome: 'success',
      actor: { id: '9', name: 'grace@example.com' }, target: { type: 'Skills', name: 'Billing' }, errors: [],
      changes: [{ field: 'maxChats', old: '3', new: '12' }, { field: 'description', old: '', new: 'Tier 2' }], raw: { objectType: 'Skills' },
    };
    await withPage(openTimeline(browser, server, { theme: LIGHT, host: hostWithRecords([published, modified, lp]) }), async ({ page, actions }) => {
      await rowsReady(page);
      await page.locator('#tl-row-0').click();
      const pane = page.locator('audit-detail');
      await pane.locator('.detail-title', { hasText: 'Publish' }).waitFor();
      const fields = Object.fromEntries(
        await pane.locator('.fields dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling?.textContent?.trim()])),
      );
      assert.equal(fields['Record id'], 'pub-1');
      assert.equal(fields['Connection'], 'demo-sfmc');
      assert.equal(fields['Provider'], 'Salesforce Marketing Cloud');
      assert.equal(fields['Actor name'], 'Ada Lovelace');
      assert.equal(fields['Target version'], '4');
      assert.equal(fields['Outcome'], 'Failure');
      assert.match(fields['Time']!, /2024-05-20T10:00:00\.000Z/);
      assert.equal(await pane.locator('.error-code').first().textContent(), 'VALIDATE_GENERAL_EXCEPTION');
      assert.match((await pane.locator('.error-explain').first().textContent()) ?? '', /entry source/i);
      assert.equal(await pane.locator('.error-item').count(), 2);

      await pane.locator('vscode-collapsible').click();
      await eventually('raw JSON shown', async () => (await pane.locator('.raw-json').isVisible()) && (await pane.locator('.raw-json').textContent())?.includes('"deep"'));
      assert.deepEqual(JSON.parse((await pane.locator('.raw-json').textContent()) ?? ''), published.raw);

      await pane.getByRole('button', { name: 'Open as JSON' }).click();
      await pane.getByRole('button', { name: 'Open raw item' }).click();
      await pane.getByRole('button', { name: 'Compare with previous' }).click();
      await pane.getByRole('button', { name: 'Copy' }).click();
      await eventually('actions done', () => actions.copied.length === 1);
      assert.deepEqual(actions.opened.map((o) => [o.record.id, o.normalized]), [['pub-1', true], ['pub-1', false]]);
      assert.deepEqual(actions.compared.map(([a, b]) => [a.id, b.id]), [['mod-1', 'pub-1']], 'older first, same target');
      assert.deepEqual(JSON.parse(actions.copied[0]!), published);
      await page.locator('.toast.show', { hasText: 'Copied' }).waitFor();

      await page.locator('#tl-row-2').click();
      await pane.locator('.detail-title', { hasText: 'Skills' }).waitFor();
      const changes = await pane.locator('.changes tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim())));
      assert.deepEqual(changes, [['maxChats', '3', '→', '12'], ['description', '(empty)', '→', 'Tier 2']]);
      assert.equal(await pane.getByRole('button', { name: 'Compare with previous' }).getAttribute('disabled'), '', 'no older record of that target');
    });
  });

  test('https links open through the host; other schemes stay text', async () => {
    const rec: AuditRecord = {
      provider: 'floqast', connection: 'fq', id: 'l1', time: '2024-05-20T10:00:00.000Z', action: 'GET /api/v1/users', outcome: 'failure',
      actor: { id: 'k1', name: 'javascript:alert(1)' }, target: { type: 'users', name: 'https://example.com/docs?a=1' },
      errors: [{ code: '500', message: 'http://insecure.example.com/' }], changes: [], raw: {},
    };
    await withPage(openTimeline(browser, server, { theme: DARK, host: hostWithRecords([rec]) }), async ({ page, actions }) => {
      await rowsReady(page);
      await page.locator('#tl-row-0').click();
      const link = page.locator('audit-detail .ext-link');
      await link.waitFor();
      assert.equal(await link.count(), 1, 'only the https value is a link');
      assert.equal(await link.getAttribute('href'), '#');
      await link.click();
      await eventually('opened through the host', () => actions.links.length === 1);
      assert.deepEqual(actions.links, ['https://example.com/docs?a=1']);
    });
  });

  test('XSS payloads in every string field render as text and never run', async () => {
    const payloads = [
      `<img src=x onerror="window.__xss=(window.__xss||[]).concat('img')">`,
      `<script>window.__xss=(window.__xss||[]).concat('script')</script>`,
      `javascript:window.__xss=(window.__xss||[]).concat('js-url')`,
      `"><svg onload="window.__xss=(window.__xss||[]).concat('svg')">`,
      `\${window.__xss=(window.__xss||[]).concat('template')}`,
    ];
    const records: AuditRecord[] = payloads.map((p, i) => ({
      provider: 'sfmc', connection: p, id: `${p}#${i}`, time: new Date(Date.UTC(2024, 4, 20, 10, i)).toISOString(), action: p, outcome: 'failure',
      actor: { id: p, name: p, email: p }, target: { type: p, id: p, name: p },
      errors: [{ code: p, message: p }], changes: [{ field: p, old: p, new: p }], raw: { [p]: p },
    }));
    for (const csp of [false, true]) {
      await withPage(openTimeline(browser, server, { theme: DARK, host: hostWithRecords(records, payloads[0]!), csp }), async ({ page }) => {
        await rowsReady(page);
        for (const facet of ['action', 'actor', 'targetType']) await page.locator(`.facet-value[data-facet="${facet}"]`).first().hover();
        for (let i = 0; i < payloads.length; i++) {
          await page.locator(`#tl-row-${i}`).click();
          await page.locator('audit-detail .detail-title', { hasText: payloads[payloads.length - 1 - i]! }).waitFor();
          await page.locator('audit-detail vscode-collapsible').click();
          await page.locator('audit-detail .raw-json').waitFor();
        }
        await page.locator('.search-field input').fill(payloads[0]!);
        await eventually('search with a payload', async () => (await countText(page)) === '1 of 5 records');
        await page.waitForTimeout(300);
        assert.equal(await page.evaluate('window.__xss'), undefined, `no payload ran (CSP ${csp ? 'on' : 'off'})`);
        // document.querySelectorAll stays out of the components' shadow roots (their icons are SVG).
        assert.equal(await page.evaluate(`document.querySelectorAll('img, svg, iframe, object, embed, script:not([src])').length`), 0, 'no element came from record text');
        assert.equal(await page.evaluate(`document.querySelectorAll('script').length`), 1, 'only the app script');
        assert.equal(await page.locator('a[href^="javascript"]').count(), 0);
        assert.equal(((await page.locator('.hdr-title').textContent()) ?? '').trim(), payloads[0], 'the payload shows as text');
        assert.ok(((await page.locator('audit-detail .fields').textContent()) ?? '').includes(payloads[0]!));
      });
    }
  });

  test('streams rows in while the query runs; Cancel aborts it', async () => {
    await withPage(openTimeline(browser, server, { theme: DARK }), async ({ page, host, actions }) => {
      await page.locator('.hdr-title').waitFor();
      assert.match((await page.locator('.hdr-sub').textContent()) ?? '', /No query yet/);
      const session = host.startQuery({ title: 'SFMC · Welcome Series', connections: ['Demo Marketing Cloud'], scope: 'Welcome Series', range: 'last 7 days' });
      const pages = [RECORDS.slice(0, 100), RECORDS.slice(100, 250)];
      session.addRecords(pages[0]!);
      session.progress({ pagesDone: 1, pagesTotal: 10, records: 100, connection: 'Demo Marketing Cloud' });
      await rowsReady(page);
      await eventually('the first page', async () => (await countText(page)) === '100 records');
      assert.match((await page.locator('.hdr-status').textContent()) ?? '', /Fetching…[\s\S]*page 1 of 10/);
      session.addRecords(pages[1]!);
      await eventually('the second page', async () => (await countText(page)) === '250 records');
      await page.getByRole('button', { name: 'Cancel the running query' }).click();
      await eventually('aborted', () => session.signal.aborted);
      await eventually('cancelled shown', async () => /Cancelled/.test((await page.locator('.hdr-status').textContent()) ?? ''));
      session.addRecords(RECORDS.slice(250, 300));
      await page.waitForTimeout(200);
      assert.equal(await countText(page), '250 records', 'pages after Cancel are dropped');
      assert.match((await page.locator('.banner-warn').first().textContent()) ?? '', /cancelled/);

      assert.equal(await page.locator('.banner-warn .rerun').count(), 0, 'no Run again for a query that cannot run again');

      // A new query replaces the old one and starts clean; an incomplete one that can run again offers it.
      const next = host.startQuery({ title: 'FloQast · API keys', connections: ['Demo FloQast'], rerun: { kind: 'query', plans: [{ connectionId: 'fq' }], range: '7d' } });
      next.addRecords(RECORDS.slice(0, 10));
      next.fail({ message: 'FloQast HTTP 500: upstream error', failedParts: ['FloQast page 3'] });
      next.complete(['ignored after failure']);
      await eventually('incomplete banner', async () => /FloQast page 3/.test((await page.locator('.banner-error').textContent()) ?? ''));
      assert.equal(await countText(page), '10 records');
      assert.equal(((await page.locator('.hdr-title').textContent()) ?? '').trim(), 'FloQast · API keys');
      await page.getByRole('button', { name: 'Run the query again' }).click();
      await eventually('Run again asked of the host', () => actions.reruns === 1);
      await page.screenshot({ path: join(RESULTS_DIR, 'timeline-incomplete-run-again.png') });
    });
  });

  test('a query that brought nothing: no chart axis at 1970, a plain count, and the failure says why', async () => {
    await withPage(openTimeline(browser, server, { theme: LIGHT }), async ({ page, host }) => {
      await page.locator('.hdr-title').waitFor();
      const session = host.startQuery({ title: 'FloQast · API keys', connections: ['Demo FloQast'] });
      session.fail({ message: 'FloQast HTTP 200: The server sent an HTML page instead of JSON', failedParts: ['FloQast page 1'] });
      await eventually('incomplete banner', async () => /FloQast page 1/.test((await page.locator('.banner-error').textContent()) ?? ''));
      await eventually('the empty chart', async () => (await page.locator('.histo canvas').getAttribute('aria-label')) === 'No records to chart.');
      assert.equal(await page.locator('.histo-bin').count() + (await page.locator('.histo-hint').count()), 0, 'no bar width, no zoom hint without bars');
      assert.equal(await countText(page), '0 records');
      await page.screenshot({ path: join(RESULTS_DIR, 'timeline-nothing-arrived.png') });
    });
  });

  test('the same query run again keeps the filter and the search; another query starts clean', async () => {
    const built = hostWithRecords(RECORDS);
    await withPage(openTimeline(browser, server, { theme: DARK, host: built }), async ({ page, host }) => {
      await rowsReady(page);
      await page.locator('.facet-value[data-facet="provider"][data-value="sfmc"]').click();
      await page.locator('.tl-scroller').focus();
      await page.keyboard.press('/');
      await page.keyboard.type('entry event');
      const filter = { include: { provider: ['sfmc'] }, text: 'entry event' };
      const expected = reference(RECORDS, filter);
      await eventually('filtered', async () => (await countText(page)) === `${expected.length} of 3,000 records`);

      // Run Query Again: new records (here the same ones), the view as the user left it.
      const again = host.startQuery({ title: 'All demo connections · last 14 days', connections: ['Demo Marketing Cloud'], keepView: true });
      again.addRecords(RECORDS);
      again.complete();
      await eventually('still filtered after the run', async () => (await countText(page)) === `${expected.length} of 3,000 records`);
      assert.equal(await page.locator('vscode-textfield.search-field').evaluate((el) => (el as HTMLInputElement).value), 'entry event');
      assert.equal(await page.locator('.facet-value.included').count(), 1);
      assert.equal(host.currentRecords().length, expected.length, 'Export follows the kept filter');

      const other = host.startQuery({ title: 'Another query', connections: ['Demo FloQast'] });
      other.addRecords(RECORDS);
      other.complete();
      await eventually('a new query starts clean', async () => (await countText(page)) === '3,000 records');
      assert.equal(await page.locator('vscode-textfield.search-field').evaluate((el) => (el as HTMLInputElement).value), '');
    });
  });

  test('hiding and showing the panel (a page reload) keeps filter, selection and detail', async () => {
    const built = hostWithRecords(RECORDS);
    await withPage(openTimeline(browser, server, { theme: DARK, host: built }), async ({ page }) => {
      await rowsReady(page);
      await page.locator('.facet-value[data-facet="provider"][data-value="sfmc"]').click();
      const sfmc = reference(RECORDS, { include: { provider: ['sfmc'] } });
      await eventually('filtered', async () => (await countText(page)) === `${sfmc.length} of 3,000 records`);
      await page.locator('#tl-row-4').click();
      await page.locator('audit-detail .detail-title').waitFor();
      await page.waitForTimeout(400);
      // The host holds another filter than the page (as a host restored after a restart holds none): the page tells it.
      await built.host.handleMessage({ kind: 'command', type: 'filter/changed', filter: { include: { provider: ['uniphore'] } } });
      await page.reload();
      await eventually('filter restored', async () => (await countText(page)) === `${sfmc.length} of 3,000 records`);
      await eventually('Export follows the filter shown', () => built.host.currentRecords().length === sfmc.length);
      await eventually('detail restored', async () => (await page.locator('audit-detail .fields').textContent())?.includes(sfmc[4]!.id));
      assert.equal(await page.locator('.facet-value.included').count(), 1);
      assert.equal(await page.locator('#tl-row-4').getAttribute('aria-selected'), 'true');
    });
  });

  for (const theme of [LIGHT, DARK]) {
    test(`axe finds no serious or critical accessibility problems (${theme.name} theme)`, async () => {
      const axeSource = readFileSync(join(__dirname, '../../node_modules/axe-core/axe.min.js'), 'utf8');
      await withPage(openTimeline(browser, server, { theme, host: hostWithRecords(RECORDS) }), async ({ page, problems, resetProblems }) => {
        await rowsReady(page);
        await page.locator('.facet-value[data-facet="outcome"][data-value="failure"]').click();
        await eventually('filtered', async () => (await countText(page)).includes(' of '));
        await page.locator('#tl-row-0').click();
        await page.locator('audit-detail .detail-title').waitFor();
        await page.locator('.tl-scroller').focus();
        assert.deepEqual(await problems(), []);
        await page.evaluate(axeSource);
        const { violations: result, passes } = (await page.evaluate(
          `axe.run(document).then((r) => ({ passes: r.passes.length, violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ') + ' ' + n.failureSummary) })) }))`,
        )) as { passes: number; violations: { id: string; impact: string; nodes: string[] }[] };
        assert.ok(passes > 20, `axe ran its rules (${passes} passed)`);
        // axe adds inline styles of its own, which the CSP rightly refuses.
        await resetProblems();
        const serious = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(serious, [], JSON.stringify(serious, null, 2));
      });
    });
  }

  for (const theme of [LIGHT, DARK]) {
    test(`screenshot with generated data (${theme.name} theme)`, async () => {
      await withPage(openTimeline(browser, server, { theme, host: hostWithRecords(RECORDS) }), async ({ page }) => {
        await rowsReady(page);
        await page.locator('.facet-value[data-facet="provider"][data-value="sfmc"]').click();
        await eventually('filtered', async () => (await countText(page)).includes(' of '));
        const failed = page.locator('.tl-row.outcome-failure').first();
        await failed.click();
        await page.locator('audit-detail .detail-title').waitFor();
        await page.locator('audit-histogram').hover();
        await page.screenshot({ path: join(RESULTS_DIR, `timeline-generated-${theme.name}.png`) });
      });
    });
  }
});
