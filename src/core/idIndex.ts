/**
 * The record store's duplicate check: which ids a source already holds.
 *
 * A Set<string> of every id cost about a third of a microsecond per record
 * at 10^5 records (issue 6: ingest within a few times JSON.parse), most of it
 * growing and rehashing a table of heap entries. Here the table is two typed
 * arrays (a hash and a record handle per slot, open addressing), the ids stay
 * where the store keeps them anyway, and a hash is computed once per id.
 */

/** FNV-1a over UTF-16 code units: ids are short, and this needs no allocation. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const EMPTY = -1;

export class IdIndex {
  private handles: Int32Array;
  private hashes: Uint32Array;
  private mask: number;
  private count = 0;

  /** `idOf(handle)`: the id of a record already added. */
  constructor(private readonly idOf: (handle: number) => string, capacity = 1024) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.handles = new Int32Array(size).fill(EMPTY);
    this.hashes = new Uint32Array(size);
    this.mask = size - 1;
  }

  get size(): number {
    return this.count;
  }

  /** Adds `id` for `handle` unless present; false when it was already there. */
  add(id: string, handle: number): boolean {
    const hash = hashText(id);
    const { handles, hashes, mask } = this;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const h = handles[slot] as number;
      if (h === EMPTY) break;
      if (hashes[slot] === hash && this.idOf(h) === id) return false;
    }
    handles[slot] = handle;
    hashes[slot] = hash;
    // At most half full, so probes stay short.
    if (++this.count * 2 > handles.length) this.grow();
    return true;
  }

  private grow(): void {
    const oldHandles = this.handles;
    const oldHashes = this.hashes;
    const size = oldHandles.length * 2;
    const handles = new Int32Array(size).fill(EMPTY);
    const hashes = new Uint32Array(size);
    const mask = size - 1;
    for (let s = 0; s < oldHandles.length; s++) {
      const h = oldHandles[s] as number;
      if (h === EMPTY) continue;
      const hash = oldHashes[s] as number;
      let slot = hash & mask;
      while (handles[slot] !== EMPTY) slot = (slot + 1) & mask;
      handles[slot] = h;
      hashes[slot] = hash;
    }
    this.handles = handles;
    this.hashes = hashes;
    this.mask = mask;
  }
}
