/**
 * Append-only typed arrays that grow by half their capacity. The record store keeps
 * one column per indexed field; at 10^6 records plain JS arrays of numbers
 * cost several times the memory and defeat the engine's fast paths.
 */

type TypedArrayOf<T> = T extends 'u8' ? Uint8Array : T extends 'u32' ? Uint32Array : T extends 'i32' ? Int32Array : Float64Array;
type Kind = 'u8' | 'u32' | 'i32' | 'f64';

function allocate<K extends Kind>(kind: K, size: number): TypedArrayOf<K> {
  const a = kind === 'u8' ? new Uint8Array(size) : kind === 'u32' ? new Uint32Array(size) : kind === 'i32' ? new Int32Array(size) : new Float64Array(size);
  return a as TypedArrayOf<K>;
}

export class GrowableTypedArray<K extends Kind> {
  private data: TypedArrayOf<K>;
  private size = 0;

  constructor(
    private readonly kind: K,
    initialCapacity = 1024,
  ) {
    this.data = allocate(kind, Math.max(1, initialCapacity));
  }

  get length(): number {
    return this.size;
  }

  push(value: number): void {
    if (this.size === this.data.length) {
      // 1.5× rather than 2×: at most a third of the memory sits unused, for a few more copies (memcpy).
      const bigger = allocate(this.kind, Math.ceil(this.data.length * 1.5));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.size++] = value;
  }

  get(index: number): number {
    return this.data[index] as number;
  }

  /** The live backing array; valid until the next push. Entries past `length` are unused. */
  get raw(): TypedArrayOf<K> {
    return this.data;
  }
}
