import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readOffsetPages } from '../../../../src/providers/liveperson/offsetPaging';

/** A newest-first list served by offset, as LivePerson's audit API serves it. */
class FakeList {
  rows: { seq: number }[];
  private nextSeq: number;
  inFlight = 0;
  peakInFlight = 0;
  offsetsServed: number[] = [];

  constructor(count: number, private readonly cap = Number.POSITIVE_INFINITY) {
    // Newest first: the highest sequence number is at offset 0.
    this.rows = Array.from({ length: count }, (_, i) => ({ seq: count - 1 - i }));
    this.nextSeq = count;
  }

  insertAtTop(n: number): void {
    for (let i = 0; i < n; i++) this.rows.unshift({ seq: this.nextSeq++ });
  }

  serve(offset: number, first: number): { seq: number }[] {
    this.offsetsServed.push(offset);
    return this.rows.slice(offset, offset + Math.min(first, this.cap)).map((r) => ({ ...r }));
  }

  /** A fetch that yields to the event loop so that requests really overlap. */
  fetcher(first: number, before?: (offset: number) => Promise<void>) {
    return async (offset: number) => {
      this.inFlight++;
      this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
      try {
        await new Promise((r) => setImmediate(r));
        await before?.(offset);
        return this.serve(offset, first);
      } finally {
        this.inFlight--;
      }
    };
  }
}

function collect() {
  const seen: number[] = [];
  return { seen, onPage: (items: readonly unknown[]) => seen.push(...items.map((i) => (i as { seq: number }).seq)) };
}

function assertEveryOnce(seen: number[], from: number, to: number): void {
  const distinct = new Set(seen);
  for (let s = from; s < to; s++) assert.ok(distinct.has(s), `row ${s} was lost`);
}

test('reads every row of a multi-page list and stops at the short page', async () => {
  const list = new FakeList(1234);
  const { seen, onPage } = collect();
  const result = await readOffsetPages(list.fetcher(100), { first: 100, concurrency: 4, onPage });
  assertEveryOnce(seen, 0, 1234);
  assert.deepStrictEqual(new Set(seen).size, 1234);
  assert.equal(result.rereads, 0);
  assert.deepStrictEqual(result.warnings, []);
  // Pages overlap by one row, so the step is 99; nothing beyond the fetch-ahead window is read.
  assert.ok(list.offsetsServed.every((o) => o % 99 === 0));
  assert.ok(result.requests <= Math.ceil(1234 / 99) + 4);
});

test('an empty list takes one request', async () => {
  const list = new FakeList(0);
  const result = await readOffsetPages(list.fetcher(500), { first: 500, concurrency: 6 });
  assert.equal(result.requests, 1);
});

test('a list that fits in one page takes two requests and no fetch-ahead', async () => {
  const list = new FakeList(7);
  const { seen, onPage } = collect();
  const result = await readOffsetPages(list.fetcher(500), { first: 500, concurrency: 6, onPage });
  assertEveryOnce(seen, 0, 7);
  assert.equal(result.requests, 2);
});

test('a list whose length is a multiple of the page still ends', async () => {
  const list = new FakeList(99 * 5 + 1);
  const { seen, onPage } = collect();
  await readOffsetPages(list.fetcher(100), { first: 100, concurrency: 3, onPage });
  assertEveryOnce(seen, 0, 99 * 5 + 1);
});

test('a server that honours a smaller page than asked loses nothing', async () => {
  const list = new FakeList(1000, 37);
  const { seen, onPage } = collect();
  const result = await readOffsetPages(list.fetcher(500), { first: 500, concurrency: 6, onPage });
  assertEveryOnce(seen, 0, 1000);
  // The step follows the served length (36), not the asked one.
  assert.ok(list.offsetsServed.every((o) => o % 36 === 0));
  assert.deepStrictEqual(result.warnings, []);
});

test('never more requests in flight than the concurrency limit', async () => {
  const list = new FakeList(5000);
  await readOffsetPages(list.fetcher(50), { first: 50, concurrency: 3 });
  assert.ok(list.peakInFlight <= 3, `peak ${list.peakInFlight}`);
  assert.ok(list.peakInFlight >= 2, 'pages were fetched ahead concurrently');
});

test('rows inserted at the top while paging in order: every original row is read', async () => {
  const list = new FakeList(2000);
  const { seen, onPage } = collect();
  await readOffsetPages(
    list.fetcher(100, async () => list.insertAtTop(7)),
    { first: 100, concurrency: 6, onPage },
  );
  assertEveryOnce(seen, 0, 2000);
});

test('a lower page served after a higher one, with inserts in between, is read again instead of skipping rows', async () => {
  // Page 1 is held until page 2 has been served, and 10 rows arrive just before page 1 is served:
  // page 1 then ends 10 rows above where page 2 began, and those rows are in neither read.
  const list = new FakeList(1000);
  let releasePage1!: () => void;
  const page2Served = new Promise<void>((r) => (releasePage1 = r));
  let inserted = false;
  const { seen, onPage } = collect();
  const fetchAt = list.fetcher(100, async (offset) => {
    if (offset === 99 && !inserted) {
      await page2Served;
      list.insertAtTop(10);
      inserted = true;
    }
  });
  const result = await readOffsetPages(
    async (offset) => {
      const items = await fetchAt(offset);
      if (offset === 198) releasePage1();
      return items;
    },
    { first: 100, concurrency: 6, onPage },
  );
  assert.ok(inserted);
  assertEveryOnce(seen, 0, 1000);
  assert.ok(result.rereads >= 1, 'the page that started past its predecessor was read again');
  assert.deepStrictEqual(result.warnings, []);
});

test('random inserts and random serving order never lose an original row', async () => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let round = 0; round < 25; round++) {
    const count = 300 + Math.floor(random() * 700);
    const list = new FakeList(count);
    const { seen, onPage } = collect();
    await readOffsetPages(
      list.fetcher(40, async () => {
        // Requests finish in a shuffled order, with inserts landing between them.
        for (let i = Math.floor(random() * 5); i > 0; i--) await new Promise((r) => setImmediate(r));
        if (random() < 0.4) list.insertAtTop(1 + Math.floor(random() * 15));
      }),
      { first: 40, concurrency: 6, onPage },
    );
    assertEveryOnce(seen, 0, count);
  }
});

test('rows removed while paging cannot be followed: a warning says records may be missing', async () => {
  const list = new FakeList(500);
  let removed = false;
  const result = await readOffsetPages(
    list.fetcher(50, async (offset) => {
      if (offset > 0 && !removed) {
        list.rows.splice(0, 20);
        removed = true;
      }
    }),
    { first: 50, concurrency: 1 },
  );
  assert.equal(result.warnings.length, 1);
  assert.match(result.warnings[0] as string, /may be missing/);
});

test('a failing page fails the read', async () => {
  const list = new FakeList(1000);
  const fetchAt = list.fetcher(100);
  await assert.rejects(
    readOffsetPages(
      async (offset) => {
        if (offset === 297) throw new Error('boom');
        return fetchAt(offset);
      },
      { first: 100, concurrency: 4 },
    ),
    /boom/,
  );
});
