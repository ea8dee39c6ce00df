/**
 * The timeline with sandbox data, fetched by the real providers from the
 * loopback sandbox and streamed into the real host as pages arrive, as the
 * extension does. Screenshots in a light and a dark theme go to test-results/.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { HttpClient } from '../../src/core/http';
import type { AuditQuery } from '../../src/core/model';
import { Redactor } from '../../src/core/redact';
import { TimelineHost } from '../../src/extension/timeline/timelineHost';
import { demoConnections } from '../../src/extension/demoConnections';
import { getProvider } from '../../src/providers/registry';
import { DEMO, startSandbox, type Sandbox } from '../../src/sandbox/index';
import { buildWebview, launchBrowser, openTimeline, recordingActions, RESULTS_DIR, startPageServer, type PageServer } from './harness';
import { DARK, LIGHT } from './themes';

let browser: Browser;
let server: PageServer;
let sandbox: Sandbox;

before(async () => {
  await buildWebview();
  server = await startPageServer();
  browser = await launchBrowser();
  sandbox = await startSandbox({ scale: 300 });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await sandbox?.close();
});

/** Runs one query per demo connection into the host, streaming pages as they arrive. */
async function fillFromSandbox(host: TimelineHost): Promise<number> {
  const connections = demoConnections(sandbox.url);
  const session = host.startQuery({
    title: 'All demo connections · 2025',
    connections: connections.map((c) => c.connection.label),
    range: '1 January – 30 June 2025',
  });
  const journeys = sandbox.truth.sfmc.journeys().slice(0, 4);
  let pages = 0;
  let total = 0;
  const warnings: string[] = [];
  for (const { connection, secrets } of connections) {
    const provider = getProvider(connection.provider);
    const providerSession = provider.connect(connection, secrets, { http: new HttpClient({ redactor: new Redactor() }) });
    const queries: AuditQuery[] =
      connection.provider === 'sfmc'
        ? journeys.map((j) => ({ journey: j.id }))
        : [{ account: DEMO.liveperson.accountId, from: '2025-01-01', to: '2025-06-30' }];
    for (const query of queries) {
      const result = await providerSession.fetchAudit(query, {
        signal: session.signal,
        onRecords: (records) => session.addRecords(records),
        onProgress: (p) => session.progress({ ...p, pagesDone: pages + p.pagesDone, connection: connection.label }),
      });
      session.addRecords(result.records);
      pages += result.pages;
      total += result.records.length;
      warnings.push(...result.warnings.map((w) => `${connection.label}: ${w}`));
    }
  }
  session.complete(warnings);
  return total;
}

for (const theme of [LIGHT, DARK]) {
  test(`timeline with sandbox data, ${theme.name} theme (screenshot)`, async () => {
    const actions = recordingActions();
    const host = new TimelineHost(actions, { throttleMs: 50 });
    const fetched = await fillFromSandbox(host);
    assert.ok(fetched > 100, `the providers fetched records from the sandbox (${fetched})`);
    const t = await openTimeline(browser, server, { theme, host: { host, actions } });
    try {
      const { page } = t;
      await page.locator('.tl-row[data-index]').first().waitFor({ timeout: 15_000 });
      const total = host.sessionState.total;
      await page.locator('.hdr-count', { hasText: `${total.toLocaleString('en-US')} records` }).waitFor();
      assert.equal(await page.locator('.facet-value[data-facet="provider"]').count(), 4, 'all four providers');
      await page.screenshot({ path: join(RESULTS_DIR, `timeline-${theme.name}.png`) });

      // An investigation: failures only, the newest failed publish opened.
      await page.locator('.facet-value[data-facet="outcome"][data-value="failure"]').click();
      await page.locator('.hdr-count', { hasText: ' of ' }).waitFor();
      await page.locator('.tl-row.outcome-failure').first().click();
      await page.locator('audit-detail .detail-title').waitFor();
      await page.screenshot({ path: join(RESULTS_DIR, `timeline-detail-${theme.name}.png`) });
      assert.deepEqual(await t.problems(), []);
    } finally {
      await t.close();
    }
  });
}
