/**
 * Seeded, index-addressable randomness. The sandbox builds audit items on
 * demand by index (10⁶ of them must never be materialized at once), so every
 * item's randomness comes from a hash of (seed, salt, index) rather than from
 * one shared stream whose state depends on what was generated before.
 */

/** A 32-bit finalizer (murmur3 fmix32): cheap, and good enough to decorrelate neighbouring indexes. */
export function mix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Combines any number of integers into one uint32 hash. */
export function hashInts(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    // Fold the high bits of indexes above 2³² too (they never occur today, but stay distinct).
    h = mix32(h ^ mix32((p | 0) ^ Math.floor(p / 0x100000000)));
  }
  return h;
}

/** A stable uint32 for a string (accounts, journey keys), FNV-1a then mixed. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return mix32(h);
}

/** A uniform float in [0, 1) from a uint32. */
export function unit(h: number): number {
  return (h >>> 0) / 0x100000000;
}

/** mulberry32: a small sequential generator for building one item or one journey. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next uint32. */
  nextU32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** [0, 1). */
  next(): number {
    return this.nextU32() / 0x100000000;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight; `weights` parallel to `items`. */
  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    let total = 0;
    for (const w of weights) total += w;
    let r = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      r -= weights[i] ?? 0;
      if (r < 0) return items[i] as T;
    }
    return items[items.length - 1] as T;
  }

  /** Lowercase hex digits, `length` of them. */
  hex(length: number): string {
    let out = '';
    while (out.length < length) out += this.nextU32().toString(16).padStart(8, '0');
    return out.slice(0, length);
  }

  /** A GUID-shaped string (SFMC ids, request ids, tenants). */
  guid(): string {
    const h = this.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.nextU32() % 4]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }
}

/** An Rng for one addressable thing: (seed, salt, index). */
export function rngFor(seed: number, salt: number, index: number): Rng {
  return new Rng(hashInts(seed, salt, index));
}
