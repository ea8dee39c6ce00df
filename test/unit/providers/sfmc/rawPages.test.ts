/**
 * SFMC streams each page with its response text: every record's raw item is
 * found again in that text, through the same envelope reader (Pascal, lower
 * or oddly cased), narrowed when items already seen are dropped; and a fetch
 * that does not collect streams what a collecting one returns.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/core/http';
import { sortAndDedupe } from '../../../../src/core/order';
import type { ProviderSession } from '../../../../src/core/provider';
import { sfmcProvider } from '../../../../src/providers/sfmc';
import { DEMO, startSandbox, type Sandbox } from '../../../../src/sandbox/index';
import { startFakeServer, type FakeServer } from './fakeServer';
import { assertCollectFalseStreamsTheSame, assertRawPagesMatch, assertStreamedOnce, fetchStreaming, streamedRecords } from '../streamChecks';

const BIG = 'loyalty-program-nurture';

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ scale: { sfmc: 300, liveperson: 0, uniphore: 0, floqast: 0 } });
});
after(() => sandbox.close());

function connect(authBaseUrl = sandbox.url): ProviderSession {
  return sfmcProvider.connect(
    { id: 'sfmc', provider: 'sfmc', label: 'Sandbox', settings: { authBaseUrl, clientId: DEMO.sfmc.clientId, accountId: DEMO.sfmc.accountId } },
    { clientSecret: DEMO.sfmc.clientSecret },
    { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
  );
}

test('every streamed record is its page item, in the Pascal and the lowercase envelope', async () => {
  const journeys = sandbox.truth.sfmc.journeys();
  const pascal = journeys.filter((j) => j.envelope === 'pascal' && j.auditCount > 0).slice(0, 3);
  const lower = journeys.filter((j) => j.envelope === 'lower' && j.auditCount > 0).slice(0, 3);
  assert.ok(pascal.length > 0 && lower.length > 0, 'the sandbox serves both envelopes');
  for (const j of [...pascal, ...lower]) {
    const run = await fetchStreaming(connect(), { journey: j.id }, { pageSize: 7 });
    const { batches } = assertRawPagesMatch(run);
    assert.ok(batches >= 2 || j.auditCount <= 7, `${j.key}: ${batches} batches`);
    assert.deepEqual(sortAndDedupe(streamedRecords(run)), run.result.records, `${j.key}: what was streamed is the result`);
  }
});

test('the seed journey: records read back from the seed response text, tabs and all, as the documentation prints it', async () => {
  const run = await fetchStreaming(connect(), { journey: 'key:some-journey-key', version: 2 });
  assertRawPagesMatch(run);
  assert.equal(streamedRecords(run).length, 5);
});

test('collect false: the big journey streamed exactly as a collecting fetch returns it, deduplicated, nothing kept', async () => {
  const big = sandbox.truth.sfmc.journey(`key:${BIG}`);
  assert.ok(big);
  const run = await assertCollectFalseStreamsTheSame(() => connect(), { journey: big.id }, { pageSize: 25 });
  assert.equal(streamedRecords(run).length, big.auditCount);
});

/** A token endpoint and one version's audit listing whose pages overlap by `overlap` items, in the envelope `envelope` builds. */
async function overlappingServer(items: Record<string, unknown>[], overlap: number, envelope: (count: number, slice: unknown[]) => unknown): Promise<FakeServer> {
  const fake: FakeServer = await startFakeServer((req) => {
    if (req.method === 'POST' && req.url.pathname === '/v2/token') {
      return { json: { access_token: 'tok', token_type: 'Bearer', expires_in: 1080, rest_instance_url: `${fake.url}/` } };
    }
    if (/\/audit\/all$/.test(req.url.pathname)) {
      const page = Number(req.url.searchParams.get('$page'));
      const size = Number(req.url.searchParams.get('$pageSize'));
      // Offsets drift: every page after the first starts `overlap` items early, repeating the end of the one before.
      const start = Math.max(0, (page - 1) * size - (page > 1 ? overlap : 0));
      return { json: envelope(items.length, items.slice(start, start + size)) };
    }
    return { status: 404, json: { message: 'no route', errorcode: 404 } };
  });
  return fake;
}

function auditItem(i: number): Record<string, unknown> {
  const stamp = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString().slice(0, 19);
  return { action: i % 5 === 0 ? 'Publish' : 'Modify', id: 'jid-1', key: 'jk', name: 'J', versionNumber: 1, timeStamp: `${stamp}.5`, user: { name: `U${i}`, userId: i }, note: `item ${i}` };
}

test('items already seen are dropped and the page mapping narrowed with them, in an oddly cased envelope too', async () => {
  const items = Array.from({ length: 60 }, (_, i) => auditItem(i));
  const envelopes: Record<string, (count: number, slice: unknown[]) => unknown> = {
    pascal: (count, slice) => ({ Page: 1, Count: count, Items: slice }),
    'upper case': (count, slice) => ({ COUNT: count, ITEMS: slice }),
  };
  for (const [name, envelope] of Object.entries(envelopes)) {
    const fake = await overlappingServer(items, 5, envelope);
    try {
      const session = () =>
        sfmcProvider.connect(
          { id: 'c1', provider: 'sfmc', label: 'Fake', settings: { authBaseUrl: fake.url, clientId: 'cid' } },
          { clientSecret: 'secret' },
          { http: new HttpClient({ retry: { baseDelayMs: 5 } }) },
        );
      const run = await fetchStreaming(session(), { journey: 'jid-1', version: 1 }, { pageSize: 20 });
      const { narrowed } = assertRawPagesMatch(run);
      assert.ok(narrowed >= 1, `${name}: a page lost its repeated items (${narrowed} narrowed)`);
      assertStreamedOnce(run);
      assert.equal(streamedRecords(run).length, items.length, `${name}: every item once`);
      await assertCollectFalseStreamsTheSame(session, { journey: 'jid-1', version: 1 }, { pageSize: 20 });
    } finally {
      await fake.close();
    }
  }
});
