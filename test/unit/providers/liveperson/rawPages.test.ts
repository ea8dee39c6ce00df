/**
 * LivePerson streams each page with its response text: every record's raw
 * item is found again in that text (`data.auditData`), the mapping narrowed
 * when rows repeated by offset drift or outside the UTC days asked for are
 * dropped; and a fetch that does not collect streams what a collecting one
 * returns.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http';
import { livePersonProvider } from '../../../../src/providers/liveperson';
import { DEMO, startSandbox, type Sandbox } from '../../../../src/sandbox/index';
import { assertCollectFalseStreamsTheSame, assertDriftNarrowsPages, assertRawPagesMatch, fetchStreaming } from '../streamChecks';

const PAGE = 100;
const account = DEMO.liveperson.accountId;

function session(sandbox: Sandbox) {
  return livePersonProvider.connect(
    { id: 'lp-sandbox', provider: 'liveperson', label: 'LP', settings: { accountId: account, domainApi: sandbox.url, authMethod: 'bearer' } },
    { bearer: DEMO.liveperson.bearer },
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ scale: 600, seed: 11 });
});
after(() => sandbox.close());

/** UTC days inside the data, so that the provider's extra day on each side is dropped. */
async function innerDays(): Promise<{ from: string; to: string }> {
  const all = await session(sandbox).fetchAudit({}, { pageSize: PAGE });
  const days = [...new Set(all.records.map((r) => r.time.slice(0, 10)))].sort();
  assert.ok(days.length >= 4);
  return { from: days[1] as string, to: days[days.length - 2] as string };
}

test('every streamed record is its page item; rows outside the days asked for narrow the page', async () => {
  const plain = await fetchStreaming(session(sandbox), {}, { pageSize: PAGE });
  assertRawPagesMatch(plain);
  assert.ok(plain.batches.length >= 5, `${plain.batches.length} pages`);

  const ranged = await fetchStreaming(session(sandbox), await innerDays(), { pageSize: PAGE });
  const { narrowed } = assertRawPagesMatch(ranged);
  assert.ok(narrowed >= 1, 'a page lost the rows outside the days asked for');
});

test('rows repeated by offset drift are dropped from the page mapping too', async () => {
  // New changes land at the top before every request after the first, so pages repeat rows of the one before.
  await assertDriftNarrowsPages(
    () => startSandbox({ scale: 600, seed: 12 }),
    { provider: 'liveperson', count: 10, skip: 1, times: Infinity },
    session,
    { pageSize: PAGE, concurrency: 6 },
    600,
  );
});

test('collect false: the same records streamed as a collecting fetch returns, all time and within days', async () => {
  await assertCollectFalseStreamsTheSame(() => session(sandbox), {}, { pageSize: PAGE });
  await assertCollectFalseStreamsTheSame(() => session(sandbox), await innerDays(), { pageSize: PAGE });
});
