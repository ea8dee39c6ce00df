/**
 * FloQast streams each page with the text of the response that held it (the
 * API's, or a 303 target's on another origin): every record's raw item is
 * found again in that text, the mapping narrowed when items outside the days
 * asked for are dropped; and a fetch that does not collect streams what a
 * collecting one returns.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http';
import { floQastProvider } from '../../../../src/providers/floqast';
import { DEMO, startSandbox, type Sandbox } from '../../../../src/sandbox/index';
import { assertCollectFalseStreamsTheSame, assertRawPagesMatch, fetchStreaming, streamedRecords } from '../streamChecks';

const SCALE = 600;
const PAGE = 100;
const TRAIL = /^\/api\/v1\/audit-trail/;

function session(sandbox: Sandbox) {
  return floQastProvider.connect(
    { id: 'fq-sandbox', provider: 'floqast', label: 'FQ', settings: { baseUrl: sandbox.url } },
    { apiKey: DEMO.floqast.apiKey },
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ scale: SCALE, seed: 21 });
});
after(() => sandbox.close());

function innerDays(): { from: string; to: string } {
  const days = [...new Set(sandbox.truth.floqast.items().map((i) => i.createdAt.slice(0, 10)))].sort();
  assert.ok(days.length >= 4);
  return { from: days[1] as string, to: days[days.length - 2] as string };
}

test('every streamed record is its page item; items outside the days asked for narrow the page', async () => {
  const plain = await fetchStreaming(session(sandbox), {}, { pageSize: PAGE });
  assertRawPagesMatch(plain);
  assert.equal(streamedRecords(plain).length, SCALE);
  assert.ok(plain.batches.length >= 5);

  const ranged = await fetchStreaming(session(sandbox), innerDays(), { pageSize: PAGE });
  assert.ok(assertRawPagesMatch(ranged).narrowed >= 1, 'a page lost the items outside the days asked for');
});

test('pages served by a 303 target on the other origin are read back from that response', async () => {
  sandbox.faults.clear();
  sandbox.stats.reset();
  const fault = sandbox.faults.add({ path: TRAIL, kind: '303', skip: 1, times: 3 });
  try {
    const run = await fetchStreaming(session(sandbox), {}, { pageSize: PAGE });
    assert.equal(sandbox.stats.requests.filter((r) => r.origin === 'other').length, 3);
    assertRawPagesMatch(run);
    assert.equal(streamedRecords(run).length, SCALE);
  } finally {
    fault.remove();
  }
});

test('413 recovery: pages read after allowRedirect and a redirect map back to their text', async () => {
  const small = await startSandbox({ scale: SCALE, seed: 22, floQastMaxBodyBytes: 24_000 });
  try {
    const run = await fetchStreaming(session(small), {}, { pageSize: PAGE });
    assert.ok(run.result.warnings.some((w) => /413/.test(w)));
    assertRawPagesMatch(run);
    assert.equal(streamedRecords(run).length, SCALE);
  } finally {
    await small.close();
  }
});

test('collect false: the same records streamed as a collecting fetch returns, all and within days', async () => {
  await assertCollectFalseStreamsTheSame(() => session(sandbox), {}, { pageSize: PAGE });
  await assertCollectFalseStreamsTheSame(() => session(sandbox), innerDays(), { pageSize: PAGE });
});

test('the API keys are learned while the trail is streamed, not from collected records', async () => {
  const s = session(sandbox);
  const page = await s.listScopes({});
  assert.deepEqual(page.scopes.map((k) => k.id).sort(), sandbox.truth.floqast.apiKeys().map((k) => k.id).sort());
});
