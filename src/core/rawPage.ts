/**
 * A page of audit items kept as the response body it arrived in, its items
 * parsed again when one is asked for. A parsed item tree weighs several
 * times its JSON and, kept for every record, dominates both the heap and
 * the garbage collector's work at 10^6 records (issue 6: heap within 2× the
 * raw JSON, ingest within 3× JSON.parse). The body is already in memory when
 * the page is normalized, so keeping it costs nothing at ingest; reading an
 * item back costs one parse of its page, shared by the page's neighbours
 * through a small cache (a window of the timeline usually spans one or two
 * pages).
 */

/** Finds the item array in a parsed body; the same function the provider read the page with. */
export type ItemLocator = (body: unknown) => readonly unknown[];

const CACHE_SIZE = 4;
/** Most recently parsed pages first. */
const parsed: { page: RawPage; items: readonly unknown[] }[] = [];

const utf8 = new TextDecoder('utf-8');

export class RawPage {
  /**
   * `body` is the response as received: its UTF-8 bytes when the HTTP layer has them (exactly the
   * size of the raw JSON, outside the JS heap; a string holding any character beyond Latin-1 takes
   * two bytes per character), or its text.
   */
  constructor(
    private readonly body: string | Uint8Array,
    private readonly locate: ItemLocator,
  ) {}

  /** The page's item at `index`, equal to the one the page was normalized from. */
  item(index: number): unknown {
    return this.items()[index];
  }

  private items(): readonly unknown[] {
    for (let i = 0; i < parsed.length; i++) {
      const hit = parsed[i] as { page: RawPage; items: readonly unknown[] };
      if (hit.page === this) {
        if (i > 0) parsed.unshift(...parsed.splice(i, 1));
        return hit.items;
      }
    }
    const body = this.body;
    const items = this.locate(JSON.parse(typeof body === 'string' ? body : utf8.decode(body)));
    parsed.unshift({ page: this, items });
    if (parsed.length > CACHE_SIZE) parsed.pop();
    return items;
  }
}

/**
 * Where a batch of records keeps its raw items: record `i` of the batch is
 * item `index[i]` of `page` (item `i` when `index` is absent).
 */
export interface RawItems {
  page: RawPage;
  index?: readonly number[];
}

/** The records `keep` accepts, with the raw mapping narrowed to match. */
export function keepRecords<R>(records: readonly R[], raw: RawItems | undefined, keep: (record: R) => boolean): { records: R[]; raw: RawItems | undefined } {
  const kept: R[] = [];
  const index: number[] | undefined = raw ? [] : undefined;
  for (let i = 0; i < records.length; i++) {
    const r = records[i] as R;
    if (!keep(r)) continue;
    kept.push(r);
    index?.push(raw?.index ? (raw.index[i] as number) : i);
  }
  if (!raw || kept.length === records.length) return { records: kept, raw };
  return { records: kept, raw: { page: raw.page, index: index as number[] } };
}
