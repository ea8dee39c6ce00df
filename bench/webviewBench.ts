/**
 * Section 4, webview: the built timeline in headless Chromium (Debian's
 * /usr/bin/chromium) with 10⁶ records, against the same view with 10³ as the
 * baseline — a virtualized list should not care how many records there are.
 * Measures time to first rows, frame times while scrolling (p95), and the
 * DOM node count (shadow roots included).
 */
import type { Browser, Page } from 'playwright-core';
import { buildWebview, hostWithRecords, launchBrowser, openTimeline, startPageServer, type PageServer } from '../test/webview/harness';
import { DARK } from '../test/webview/themes';
import { syntheticRecords } from './storeBench';
import { compare, summarize, type Comparison, type Figure } from './stats';

export interface WebviewResult {
  comparisons: Comparison[];
  facts: string[];
  domNodes: Record<string, number>;
}

const DEEP_NODE_COUNT = `(() => {
  let n = 0;
  const walk = (root) => { for (const el of root.querySelectorAll('*')) { n++; if (el.shadowRoot) walk(el.shadowRoot); } };
  walk(document);
  return n;
})()`;

/** Scrolls the list for a while and returns the frame-to-frame intervals seen by requestAnimationFrame. */
async function scrollFrameTimes(page: Page): Promise<number[]> {
  await page.evaluate(`(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 400) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  const box = (await page.locator('.tl-scroller').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let i = 0; i < 60; i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(16);
  }
  await page.waitForTimeout(300);
  const frames = (await page.evaluate('window.__frames')) as number[];
  // The first interval spans the script's start, not a frame.
  return frames.slice(1);
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))] ?? NaN;
}

async function measure(browser: Browser, server: PageServer, count: number, runs: number) {
  const records = syntheticRecords(count);
  const firstRows: number[] = [];
  const frameP95: number[] = [];
  let nodes = 0;
  for (let i = 0; i < runs; i++) {
    const filled = hostWithRecords(records, `benchmark · ${count} records`);
    const t0 = performance.now();
    const tl = await openTimeline(browser, server, { theme: DARK, host: filled });
    // Polled from here: in-page polling would need eval, which the webview's CSP refuses.
    while (!(await tl.page.evaluate(`document.querySelectorAll('.tl-row[data-index]').length > 0`))) {
      if (performance.now() - t0 > 120_000) throw new Error(`no rows after 120 s with ${count} records`);
      await new Promise((r) => setTimeout(r, 10));
    }
    firstRows.push(performance.now() - t0);
    const frames = await scrollFrameTimes(tl.page);
    frameP95.push(p95(frames));
    nodes = (await tl.page.evaluate(DEEP_NODE_COUNT)) as number;
    await tl.close();
  }
  return { firstRows: summarize(firstRows, 'ms'), frameP95: summarize(frameP95, 'ms'), nodes };
}

export async function benchWebview(runs: number, log: (s: string) => void): Promise<WebviewResult> {
  await buildWebview();
  const server = await startPageServer();
  const browser = await launchBrowser();
  try {
    log('webview: 10³ records (baseline)');
    const small = await measure(browser, server, 1_000, runs);
    log('webview: 10⁶ records');
    const big = await measure(browser, server, 1_000_000, runs);
    const frameGoal = (f: Figure) => f.median < 16;
    return {
      comparisons: [
        compare('time to first rows, 10⁶ vs 10³ records', small.firstRows, big.firstRows, 'close to the 10³ figure', (r) => r < 3),
        compare('p95 frame time while scrolling, 10⁶ vs 10³', small.frameP95, big.frameP95, 'p95 < 16 ms', () => frameGoal(big.frameP95)),
      ],
      facts: [`DOM nodes (shadow roots included) after scrolling: ${small.nodes} at 10³ records, ${big.nodes} at 10⁶ — ${small.nodes === big.nodes ? 'equal' : 'NOT equal'}`],
      domNodes: { '1000': small.nodes, '1000000': big.nodes },
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
