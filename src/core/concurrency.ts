/**
 * Bounded concurrency for page fetching. The configured limit is a promise to
 * the user and to the provider's rate limiter: it is never exceeded.
 */
import { CancelledError } from './errors';

/**
 * Runs `task(i)` for i = 0…count-1 with at most `limit` in flight. Stops
 * starting new tasks after the first failure or abort, waits for those in
 * flight, then rethrows the first failure.
 */
export async function forEachLimited(
  count: number,
  limit: number,
  task: (index: number) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const width = Math.max(1, Math.min(Math.floor(limit) || 1, count));
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < count) {
      if (signal?.aborted) {
        failure ??= { error: new CancelledError() };
        return;
      }
      const i = next++;
      try {
        await task(i);
      } catch (e) {
        failure ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  if (failure) throw failure.error;
}

/**
 * Fetches pages ahead of a stop condition that is known only once a page
 * arrives (offset paging with no trustworthy total): keeps `limit` pages in
 * flight from `first` on, and stops issuing new ones once `fetchPage` reports
 * that the page ended the data. Pages past the end are harmless empty reads.
 */
export async function fetchAheadUntilEnd(
  first: number,
  limit: number,
  fetchPage: (page: number) => Promise<{ last: boolean }>,
  signal?: AbortSignal,
): Promise<void> {
  let next = first;
  let endAt = Number.POSITIVE_INFINITY;
  let failure: { error: unknown } | undefined;
  const width = Math.max(1, Math.floor(limit) || 1);
  const worker = async () => {
    while (!failure && next < endAt) {
      if (signal?.aborted) {
        failure ??= { error: new CancelledError() };
        return;
      }
      const page = next++;
      try {
        const { last } = await fetchPage(page);
        if (last && page < endAt) endAt = page;
      } catch (e) {
        // A failure past the end of the data doesn't matter; one before it does.
        if (page <= endAt) failure ??= { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  if (failure) throw failure.error;
}
