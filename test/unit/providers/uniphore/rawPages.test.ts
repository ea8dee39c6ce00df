/**
 * Uniphore streams each page with its response text: every record's raw item
 * is found again in that text (the Spring page's `content`), the mapping
 * narrowed when items are dropped as already seen, outside the days asked
 * for, or of another category; and a fetch that does not collect streams
 * what a collecting one returns.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http';
import { resolveTimeZone } from '../../../../src/core/time';
import { uniphoreProvider } from '../../../../src/providers/uniphore';
import { normalizeUniphoreItem } from '../../../../src/providers/uniphore/normalize';
import { DEMO, startSandbox, type Sandbox } from '../../../../src/sandbox/index';
import { assertCollectFalseStreamsTheSame, assertDriftNarrowsPages, assertRawPagesMatch, fetchStreaming, streamedRecords } from '../streamChecks';

const PAGE_SIZE = 25;

function connect(sandbox: Sandbox) {
  return uniphoreProvider.connect(
    { id: 'uniphore', provider: 'uniphore', label: 'Sandbox', settings: { baseUrl: sandbox.url, authMethod: 'token' } },
    { token: DEMO.uniphore.token },
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ scale: { sfmc: 0, liveperson: 0, uniphore: 300, floqast: 0 } });
});
after(() => sandbox.close());

/** From the day of the 200th newest item to the day of the 50th. */
function innerDays(): { from: string; to: string } {
  const all = sandbox.truth.uniphore.items();
  const day = (i: number) => normalizeUniphoreItem(all[i], { connection: 'uniphore', zone: resolveTimeZone('UTC') }).time.slice(0, 10);
  return { from: day(200), to: day(50) };
}

test('every streamed record is its page item; a category and days narrow the page', async () => {
  const plain = await fetchStreaming(connect(sandbox), {}, { pageSize: PAGE_SIZE });
  assertRawPagesMatch(plain);
  assert.ok(plain.batches.length >= 5, `${plain.batches.length} pages`);

  const category = sandbox.truth.uniphore.activityTypes()[0] ?? '';
  const byCategory = await fetchStreaming(connect(sandbox), { category }, { pageSize: PAGE_SIZE });
  assert.ok(assertRawPagesMatch(byCategory).narrowed >= 1, 'pages lost the items of other categories');
  assert.ok(streamedRecords(byCategory).every((r) => r.action === category));

  // The list's own date filter serves whole days already; the provider's check must not disturb the mapping.
  const ranged = await fetchStreaming(connect(sandbox), innerDays(), { pageSize: PAGE_SIZE });
  assertRawPagesMatch(ranged);
});

test('items repeated by offset drift are dropped from the page mapping too', async () => {
  await assertDriftNarrowsPages(
    () => startSandbox({ scale: { sfmc: 0, liveperson: 0, uniphore: 300, floqast: 0 }, seed: 7 }),
    { provider: 'uniphore', count: 3, skip: 1, times: 4 },
    connect,
    { pageSize: PAGE_SIZE, concurrency: 1 },
    300,
  );
});

test('collect false: the same records streamed as a collecting fetch returns, all, by days and by category', async () => {
  await assertCollectFalseStreamsTheSame(() => connect(sandbox), {}, { pageSize: PAGE_SIZE });
  await assertCollectFalseStreamsTheSame(() => connect(sandbox), innerDays(), { pageSize: PAGE_SIZE });
  const category = sandbox.truth.uniphore.activityTypes()[0] ?? '';
  await assertCollectFalseStreamsTheSame(() => connect(sandbox), { category }, { pageSize: PAGE_SIZE });
});
