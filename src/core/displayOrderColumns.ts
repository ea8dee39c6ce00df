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
   * after the record at `position`, for equal times only. `batchTime`, the
   * batch's times in batch order when the caller has them (the sort does),
   * spares reading them back by handle.
   */
  merge(batch: Int32Array, source: HandleColumns, tieAfter: (position: number, handle: number) => boolean, batchTime?: Float64Array): void {
    const n = this.length;
    const k = batch.length;
    if (k === 0) return;
    const first = batch[0] as number;
    const appendOnly = n === 0 || this.sortsAfter(n - 1, first, source, tieAfter);
    // Pages usually arrive newest first, so a batch often belongs wholly after the rows already there.
    if (appendOnly && n + k <= this.handle.length) {
      this.gather(this, n, batch.subarray(0, k), source, batchTime?.subarray(0, k));
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
    if (j < k) this.gather(target, o, batch.subarray(j), source, batchTime?.subarray(j));
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

  /**
   * Writes the values of `handles` to `to` from position `o` onwards, one
   * column at a time: the handles come in display order, so every read is a
   * random access into a source column, and reading one column at a time
   * keeps that column in the cache where seven at once (29 MB at 10^6) did
   * not fit — several times faster for the first batch of a large store.
   */
  private gather(to: DisplayOrderColumns, o: number, handles: Int32Array, source: HandleColumns, times: Float64Array | undefined): void {
    to.handle.set(handles, o);
    if (times) to.time.set(times, o);
    else gatherF64(to.time, o, handles, source.time);
    gatherU8(to.outcome, o, handles, source.outcome);
    for (let f = 0; f < this.facetCount; f++) gatherU32(to.facets[f] as Uint32Array, o, handles, source.facets[f] as Uint32Array);
  }

  /** Copies positions [start, end) of `from` to position `o` onwards. */
  private copyRun(from: DisplayOrderColumns, start: number, end: number, o: number): void {
    this.handle.set(from.handle.subarray(start, end), o);
    this.time.set(from.time.subarray(start, end), o);
    this.outcome.set(from.outcome.subarray(start, end), o);
    for (let f = 0; f < this.facetCount; f++) (this.facets[f] as Uint32Array).set((from.facets[f] as Uint32Array).subarray(start, end), o);
  }
}

// One function per array type, so that each loop's element access stays monomorphic.
function gatherF64(to: Float64Array, o: number, handles: Int32Array, from: Float64Array): void {
  for (let i = 0; i < handles.length; i++) to[o + i] = from[handles[i] as number] as number;
}

function gatherU8(to: Uint8Array, o: number, handles: Int32Array, from: Uint8Array): void {
  for (let i = 0; i < handles.length; i++) to[o + i] = from[handles[i] as number] as number;
}

function gatherU32(to: Uint32Array, o: number, handles: Int32Array, from: Uint32Array): void {
  for (let i = 0; i < handles.length; i++) to[o + i] = from[handles[i] as number] as number;
}
