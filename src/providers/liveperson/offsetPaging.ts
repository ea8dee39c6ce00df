/**
 * Reads every page of LivePerson's offset-paged, newest-first audit list,
 * fetching ahead concurrently, without losing a record when new ones are
 * inserted at the top while paging.
 *
 * An insert at the top moves every row one offset down. Read in order, pages
 * can then only repeat rows (dropped later by id), never skip them. But pages
 * fetched concurrently are not read in order: if page k+1 is served before an
 * insert and page k after it, the row pushed from the end of page k to the
 * start of page k+1 is in neither. So consecutive pages overlap by one row
 * (the step is one less than the page length) and each page is checked to
 * start inside the page before it. A page that doesn't is fetched again, now
 * later than every earlier read, which, with rows only moving down, makes it
 * start inside its predecessor again. The check walks pages in order, so
 * each is re-read at most once.
 *
 * The server may honour a smaller `first` than asked, so the step comes from
 * the first page's actual length, and the end is an empty page or one shorter
 * than the longest seen, never merely one shorter than asked.
 */
import { fetchAheadUntilEnd } from '../../core/concurrency';
import { canonicalJson } from '../../core/recordId';

export interface OffsetPagingOptions {
  /** The page length asked of the server. */
  first: number;
  /** Most requests in flight at once. */
  concurrency: number;
  signal?: AbortSignal;
  /** Every page read, in arrival order, including pages read twice. */
  onPage?: (items: readonly unknown[], offset: number) => void;
}

export interface OffsetPagingResult {
  /** Requests made. */
  requests: number;
  /** Pages read again because they didn't start inside the page before. */
  rereads: number;
  warnings: string[];
}

export async function readOffsetPages(
  fetchAt: (offset: number) => Promise<readonly unknown[]>,
  options: OffsetPagingOptions,
): Promise<OffsetPagingResult> {
  const pages = new Map<number, readonly unknown[]>();
  const result: OffsetPagingResult = { requests: 0, rereads: 0, warnings: [] };
  let longest = 0;

  const read = async (offset: number): Promise<readonly unknown[]> => {
    const items = await fetchAt(offset);
    result.requests++;
    if (items.length > longest) longest = items.length;
    options.onPage?.(items, offset);
    return items;
  };
  const endsData = (items: readonly unknown[]) => items.length === 0 || items.length < longest;

  const firstPage = await read(0);
  if (firstPage.length === 0) return result;
  pages.set(0, firstPage);
  // A one-row page can't overlap its neighbour; the check is then impossible (a server capping pages at 1).
  const canCheck = firstPage.length > 1;
  const step = canCheck ? firstPage.length - 1 : 1;
  const readPage = async (k: number) => {
    const items = await read(k * step);
    pages.set(k, items);
    return items;
  };

  let aheadFrom = 1;
  if (firstPage.length < options.first) {
    // Short: either all there is, or the server caps pages. One more page tells which, before any fetch-ahead.
    const second = await readPage(1);
    aheadFrom = endsData(second) ? -1 : 2;
  }
  if (aheadFrom > 0) {
    await fetchAheadUntilEnd(
      aheadFrom,
      options.concurrency,
      async (k) => ({ last: endsData(await readPage(k)) }),
      options.signal,
    );
  }

  let warned = false;
  for (let k = 0; ; k++) {
    const current = pages.get(k) as readonly unknown[];
    if (endsData(current)) break;
    let next = pages.get(k + 1);
    if (next !== undefined && (!canCheck || startsInside(next, current))) continue;
    if (next !== undefined) result.rereads++;
    next = await readPage(k + 1);
    if (canCheck && !startsInside(next, current) && !warned) {
      warned = true;
      result.warnings.push(
        'The LivePerson audit trail changed while paging in a way offsets cannot follow (rows removed or reordered); some records may be missing.',
      );
    }
  }
  return result;
}

/** True when `next`'s first row is one of `previous`'s rows: no gap between the two reads. */
function startsInside(next: readonly unknown[], previous: readonly unknown[]): boolean {
  if (next.length === 0) return false;
  const head = canonicalJson(next[0]);
  // Without drift the overlap is exactly previous's last row.
  for (let i = previous.length - 1; i >= 0; i--) {
    if (canonicalJson(previous[i]) === head) return true;
  }
  return false;
}
