/**
 * Sorts record handles into display order: time descending, equal times by
 * a tie comparator. At 10^6 records a comparator sort makes some 20 million
 * JS calls (about a second); this one sorts on the time bits with an LSD
 * radix sort over typed arrays and calls the comparator only inside runs of
 * equal times.
 */

/** Below this many handles the comparator sort is cheaper than setting up the radix passes. */
const SMALL = 64;
/** Runs of equal times up to this long are sorted by insertion. */
const RUN_INSERTION_MAX = 16;
/** Digit width: 2^11 counters (8 KiB) per pass stay in the L1 cache while scattering. */
const MAX_DIGIT_BITS = 11;

// The f64 bits are read through a Uint32Array view: which of a pair is the low word depends on the platform.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LO = LITTLE_ENDIAN ? 0 : 1;
const HI = 1 - LO;

/**
 * Sorts `handles` in place exactly as
 * `handles.sort((a, b) => time[a] !== time[b] ? (time[a] < time[b] ? 1 : -1) : compareTies(a, b))`
 * would, stable like it. Times are indexed by handle and must not be NaN
 * (-Infinity and ±0 are fine; -0 ties with 0, as `!==` says).
 *
 * Returns the sorted handles' times, in their new order: the sort has them
 * at hand, where reading them back by handle would cost a cache miss each.
 */
export function sortByTimeDescending(handles: Int32Array, time: Float64Array, compareTies: (a: number, b: number) => number): Float64Array {
  const n = handles.length;
  if (n < SMALL) {
    handles.sort((a, b) => {
      const ta = time[a] as number;
      const tb = time[b] as number;
      if (ta !== tb) return ta < tb ? 1 : -1;
      return compareTies(a, b);
    });
    return timesOf(handles, time);
  }
  const keys = descendingKeys(handles, time);
  if (!radixSort(handles, keys)) {
    // Every time is the same: one run.
    handles.sort(compareTies);
    return timesOf(handles, time);
  }
  sortRunsOfEqualKeys(handles, keys, compareTies);
  return timesFromKeys(keys, handles, time);
}

function timesOf(handles: Int32Array, time: Float64Array): Float64Array {
  const out = new Float64Array(handles.length);
  for (let i = 0; i < handles.length; i++) out[i] = time[handles[i] as number] as number;
  return out;
}

/**
 * Per handle, two words (low, high) of a 64-bit key whose unsigned order is
 * the times' descending order: the f64 bits with every bit but the sign
 * flipped for positive numbers (larger magnitude first), as they are for
 * negative ones (larger magnitude last), so -Infinity comes last.
 */
function descendingKeys(handles: Int32Array, time: Float64Array): Uint32Array {
  const n = handles.length;
  const values = new Float64Array(n);
  // + 0 turns -0 into 0: the two compare equal, so their keys must be equal too.
  for (let i = 0; i < n; i++) values[i] = (time[handles[i] as number] as number) + 0;
  const words = new Uint32Array(values.buffer);
  const keys = LITTLE_ENDIAN ? words : new Uint32Array(2 * n);
  for (let i = 0; i < 2 * n; i += 2) {
    const hi = words[i + HI] as number;
    const lo = words[i + LO] as number;
    if (hi & 0x80000000) {
      keys[i] = lo;
      keys[i + 1] = hi;
    } else {
      keys[i] = ~lo >>> 0;
      keys[i + 1] = (hi ^ 0x7fffffff) >>> 0;
    }
  }
  return keys;
}

/** Turns sorted keys back into times, in place (descendingKeys undone). */
function timesFromKeys(keys: Uint32Array, handles: Int32Array, time: Float64Array): Float64Array {
  const n = handles.length;
  const out = LITTLE_ENDIAN ? new Float64Array(keys.buffer, keys.byteOffset, n) : new Float64Array(n);
  const words = LITTLE_ENDIAN ? keys : new Uint32Array(out.buffer);
  for (let i = 0; i < 2 * n; i += 2) {
    const lo = keys[i] as number;
    const hi = keys[i + 1] as number;
    let bitsHi = hi;
    let bitsLo = lo;
    if (!(hi & 0x80000000)) {
      bitsHi = (hi ^ 0x7fffffff) >>> 0;
      bitsLo = ~lo >>> 0;
    }
    // The keys read -0 as 0; the record's own time says which zero it was.
    if ((bitsHi | bitsLo) === 0 && Object.is(time[handles[i >> 1] as number], -0)) bitsHi = 0x80000000;
    words[i + HI] = bitsHi;
    words[i + LO] = bitsLo;
  }
  return out;
}

/**
 * Stable LSD radix sort of `handles` by `keys` (pairs low, high, unsigned),
 * both permuted in place. Only the bits that differ between keys are
 * sorted on: times of one year in ms vary in about 35 of the 64 bits, so
 * this takes 4 passes rather than 6. Returns false when all keys are equal.
 */
function radixSort(handles: Int32Array, keys: Uint32Array): boolean {
  const n = handles.length;
  const lo0 = keys[0] as number;
  const hi0 = keys[1] as number;
  let diffLo = 0;
  let diffHi = 0;
  for (let i = 2; i < 2 * n; i += 2) {
    diffLo |= (keys[i] as number) ^ lo0;
    diffHi |= (keys[i + 1] as number) ^ hi0;
  }
  if (diffLo === 0 && diffHi === 0) return false;
  const lowest = diffLo !== 0 ? trailingZeros(diffLo) : 32 + trailingZeros(diffHi);
  const highest = diffHi !== 0 ? 63 - Math.clz32(diffHi) : 31 - Math.clz32(diffLo);
  const span = highest - lowest + 1;
  const passes = Math.ceil(span / MAX_DIGIT_BITS);
  const width = Math.ceil(span / passes);
  const radix = 1 << width;
  const mask = radix - 1;
  const shifts: number[] = [];
  for (let p = 0; p < passes; p++) shifts.push(lowest + p * width);

  // All the passes' counts in one read of the keys: they do not depend on the order.
  const counts = new Uint32Array(passes * radix);
  for (let i = 0; i < 2 * n; i += 2) {
    const lo = keys[i] as number;
    const hi = keys[i + 1] as number;
    for (let p = 0; p < passes; p++) {
      const d = p * radix + digit(lo, hi, shifts[p] as number, mask);
      counts[d] = (counts[d] as number) + 1;
    }
  }

  let fromHandles = handles;
  let fromKeys = keys;
  let toHandles: Int32Array = new Int32Array(n);
  let toKeys: Uint32Array = new Uint32Array(2 * n);
  for (let p = 0; p < passes; p++) {
    const base = p * radix;
    // A digit that every key shares would leave the order as it is.
    let skip = false;
    let sum = 0;
    for (let d = base; d < base + radix; d++) {
      const c = counts[d] as number;
      if (c === n) skip = true;
      counts[d] = sum;
      sum += c;
    }
    if (skip) continue;
    const shift = shifts[p] as number;
    for (let i = 0; i < n; i++) {
      const lo = fromKeys[2 * i] as number;
      const hi = fromKeys[2 * i + 1] as number;
      const d = base + digit(lo, hi, shift, mask);
      const o = counts[d] as number;
      counts[d] = o + 1;
      toHandles[o] = fromHandles[i] as number;
      toKeys[2 * o] = lo;
      toKeys[2 * o + 1] = hi;
    }
    [fromHandles, toHandles] = [toHandles, fromHandles];
    [fromKeys, toKeys] = [toKeys, fromKeys];
  }
  if (fromHandles !== handles) {
    handles.set(fromHandles);
    keys.set(fromKeys);
  }
  return true;
}

/** The `mask`-wide digit at bit `shift` of the 64-bit key (lo, hi). */
function digit(lo: number, hi: number, shift: number, mask: number): number {
  if (shift >= 32) return (hi >>> (shift - 32)) & mask;
  // (hi << 1) << (31 - shift) is hi << (32 - shift), which JS would read as hi << 0 at shift 0.
  return ((lo >>> shift) | ((hi << 1) << (31 - shift))) & mask;
}

function trailingZeros(x: number): number {
  return 31 - Math.clz32(x & -x);
}

/** Sorts each run of handles with equal keys by the tie comparator. */
function sortRunsOfEqualKeys(handles: Int32Array, keys: Uint32Array, compareTies: (a: number, b: number) => number): void {
  const n = handles.length;
  let i = 1;
  while (i < n) {
    // A key equal to the one before starts a run; with times to the millisecond that is rare, so this loop is kept tight.
    if (keys[2 * i] !== keys[2 * i - 2] || keys[2 * i + 1] !== keys[2 * i - 1]) {
      i++;
      continue;
    }
    const start = i - 1;
    const lo = keys[2 * start] as number;
    const hi = keys[2 * start + 1] as number;
    let end = i + 1;
    while (end < n && keys[2 * end] === lo && keys[2 * end + 1] === hi) end++;
    sortRun(handles, start, end, compareTies);
    // The key at `end` differs from the run's, so the next pair to look at is (end, end + 1).
    i = end + 1;
  }
}

function sortRun(handles: Int32Array, start: number, end: number, compareTies: (a: number, b: number) => number): void {
  if (end - start > RUN_INSERTION_MAX) {
    handles.subarray(start, end).sort(compareTies);
    return;
  }
  // Most runs are short (times to the second: a few records each); a typed array sort costs more to set up.
  for (let i = start + 1; i < end; i++) {
    const h = handles[i] as number;
    let j = i - 1;
    while (j >= start && compareTies(handles[j] as number, h) > 0) {
      handles[j + 1] = handles[j] as number;
      j--;
    }
    handles[j + 1] = h;
  }
}
