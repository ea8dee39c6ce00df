/**
 * The store's indexed values copied into display order (newest first). A
 * filter pass then walks memory sequentially: at 10^6 records, reading the
 * same columns through the insertion-order handles is a cache miss per
 * record and several times slower.
 */

/** Values of one record, by handle (insertion order), where new batches are read from. */
export interface HandleColumns {
  time: Float64Array;
  outcome: Uint8Array;
  facets: readonly Uint32Array[];
}

export class DisplayOrderColumns {
  handle: Int32Array;
  time: Float64Array;
  outcome: Uint8Array;
  facets: Uint32Array[];
  length = 0;

  constructor(
    private readonly facetCount: number,
    capacity = 1024,
  ) {
    this.handle = new Int32Array(capacity);
    this.time = new Float64Array(capacity);
    this.outcome = new Uint8Array(capacity);
    this.facets = Array.from({ length: facetCount }, () => new Uint32Array(capacity));
  }

  /**
   * Merges `batch` (handles sorted in display order) into the columns.
   * `after(position, handle)` is true when the batch record `handle` sorts
   * after the record at `position`, for equal times only.
   */
  merge(batch: Int32Array, source: HandleColumns, tieAfter: (position: number, handle: number) => boolean): void {
    const n = this.length;
    const k = batch.length;
    if (k === 0) return;
    const first = batch[0] as number;
    const appendOnly = n === 0 || this.sortsAfter(n - 1, first, source, tieAfter);
    // Pages usually arrive newest first, so a batch often belongs wholly after the rows already there.
    if (appendOnly && n + k <= this.handle.length) {
      for (let j = 0; j < k; j++) this.write(this, n + j, batch[j] as number, source);
      this.length = n + k;
      return;
    }
    const target = new DisplayOrderColumns(this.facetCount, Math.max(n + k, this.handle.length * 2));
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < n && j < k) {
      const h = batch[j] as number;
      const run = i;
      while (i < n && this.sortsAfter(i, h, source, tieAfter)) i++;
      if (i > run) {
        target.copyRun(this, run, i, o);
        o += i - run;
      }
      this.write(target, o++, h, source);
      j++;
    }
    if (i < n) {
      target.copyRun(this, i, n, o);
      o += n - i;
    }
    while (j < k) this.write(target, o++, batch[j++] as number, source);
    this.handle = target.handle;
    this.time = target.time;
    this.outcome = target.outcome;
    this.facets = target.facets;
    this.length = n + k;
  }

  /** Whether batch record `h` belongs after the record at `position`. */
  private sortsAfter(position: number, h: number, source: HandleColumns, tieAfter: (position: number, handle: number) => boolean): boolean {
    const tp = this.time[position] as number;
    const th = source.time[h] as number;
    if (tp !== th) return th < tp;
    return tieAfter(position, h);
  }

  private write(to: DisplayOrderColumns, o: number, h: number, source: HandleColumns): void {
    to.handle[o] = h;
    to.time[o] = source.time[h] as number;
    to.outcome[o] = source.outcome[h] as number;
    for (let f = 0; f < this.facetCount; f++) (to.facets[f] as Uint32Array)[o] = (source.facets[f] as Uint32Array)[h] as number;
  }

  /** Copies positions [start, end) of `from` to position `o` onwards. */
  private copyRun(from: DisplayOrderColumns, start: number, end: number, o: number): void {
    this.handle.set(from.handle.subarray(start, end), o);
    this.time.set(from.time.subarray(start, end), o);
    this.outcome.set(from.outcome.subarray(start, end), o);
    for (let f = 0; f < this.facetCount; f++) (this.facets[f] as Uint32Array).set((from.facets[f] as Uint32Array).subarray(start, end), o);
  }
}
