/**
 * Time bins for the histogram. Widths come from a ladder of round durations
 * so that bin edges fall on whole seconds, minutes, hours or days (UTC) and
 * the axis reads naturally; the count stays at or under the asked maximum.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const NICE_BIN_WIDTHS_MS: readonly number[] = [
  1, 2, 5, 10, 20, 50, 100, 200, 500,
  SECOND, 2 * SECOND, 5 * SECOND, 10 * SECOND, 15 * SECOND, 30 * SECOND,
  MINUTE, 2 * MINUTE, 5 * MINUTE, 10 * MINUTE, 15 * MINUTE, 30 * MINUTE,
  HOUR, 2 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR,
  DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 90 * DAY, 365 * DAY,
];

export interface BinLayout {
  /** Start of the first bin, ms since the epoch (a multiple of `width`). */
  start: number;
  width: number;
  count: number;
}

/**
 * Bins covering [from, to): the smallest round width that needs at most
 * `maxBins` bins; beyond a year per bin, whole multiples of a year.
 */
export function layoutBins(from: number, to: number, maxBins: number): BinLayout {
  const max = Math.max(1, Math.floor(maxBins));
  const end = Math.max(to, from + 1);
  for (const width of NICE_BIN_WIDTHS_MS) {
    const start = Math.floor(from / width) * width;
    const count = Math.ceil((end - start) / width);
    if (count <= max) return { start, width, count };
  }
  const year = 365 * DAY;
  let width = Math.ceil((end - from) / max / year) * year;
  let start = Math.floor(from / width) * width;
  // Aligning the start down can push one bin over the maximum; widen once more.
  while (Math.ceil((end - start) / width) > max) {
    width += year;
    start = Math.floor(from / width) * width;
  }
  return { start, width, count: Math.ceil((end - start) / width) };
}

/** The bin a time falls in, or -1 outside the layout. */
export function binIndex(layout: BinLayout, timeMs: number): number {
  const i = Math.floor((timeMs - layout.start) / layout.width);
  return i >= 0 && i < layout.count ? i : -1;
}
