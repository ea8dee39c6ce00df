/**
 * Full-text search for the record store. Each distinct text (lowercased) is
 * stored once; a record is a short list of text codes. A query term is first
 * matched against the distinct texts (one `includes` per distinct text, not
 * per record), then each record only tests whether one of its codes matched.
 * Actions, actors and targets repeat across records, so the first step is
 * much smaller than the record count and the second is integer lookups.
 *
 * Texts are interned as they arrive (the lowercase copy is made once per
 * distinct text, not per record), and a document is written code by code,
 * so adding a record allocates nothing when its texts were seen before.
 */
import { GrowableTypedArray } from './growableTypedArray';

/**
 * Splits a query into lowercase terms: whitespace separates terms, double
 * quotes keep a phrase together. A record matches when every term occurs as
 * a substring of one of its texts.
 */
export function parseSearchTerms(text: string): string[] {
  const terms = new Set<string>();
  for (const m of text.toLowerCase().matchAll(/"([^"]*)"|(\S+)/g)) {
    const term = (m[1] ?? m[2] ?? '').trim();
    if (term) terms.add(term);
  }
  return [...terms];
}

interface TermMask {
  mask: Uint8Array;
  /** How many dictionary entries the mask has been computed for. */
  covered: number;
}

/** Term masks kept for reuse: typing "pub" → "publ" narrows from the cached mask. */
const MASK_CACHE_SIZE = 32;

export class TextSearchIndex {
  /** Text as added → code. Texts differing only in case get separate codes; matching reads the lowercase copies. */
  private readonly codeOfText = new Map<string, number>();
  /** Lowercase text by code. */
  private readonly lowered: string[] = [];
  /** Text as added, by code (the same strings the map holds as keys). */
  private readonly texts: string[] = [];
  private readonly offsets = new GrowableTypedArray('u32');
  private readonly codes = new GrowableTypedArray('u32');
  private readonly masks = new Map<string, TermMask>();
  private documentStart = -1;

  constructor() {
    this.offsets.push(0);
  }

  /** The code of a text, for addCode; the same text always gets the same code. */
  codeOf(text: string): number {
    let code = this.codeOfText.get(text);
    if (code === undefined) {
      code = this.lowered.length;
      this.lowered.push(text.toLowerCase());
      this.texts.push(text);
      this.codeOfText.set(text, code);
    }
    return code;
  }

  /** The text given to codeOf for `code`. */
  text(code: number): string {
    return this.texts[code] as string;
  }

  /** Starts the next document; documents are numbered 0, 1, 2… in the order added. */
  beginDocument(): number {
    this.documentStart = this.codes.length;
    return this.offsets.length - 1;
  }

  /** Adds a text (by codeOf) to the document begun last; repeats within it are kept once. */
  addCode(code: number): void {
    const codes = this.codes;
    for (let k = this.documentStart; k < codes.length; k++) if (codes.get(k) === code) return;
    codes.push(code);
  }

  addText(text: string | undefined): void {
    if (text) this.addCode(this.codeOf(text));
  }

  endDocument(): void {
    this.offsets.push(this.codes.length);
  }

  /** Adds one document (a record's texts); empty texts are skipped. */
  addDocument(texts: Iterable<string>): number {
    const doc = this.beginDocument();
    for (const text of texts) this.addText(text);
    this.endDocument();
    return doc;
  }

  get documentCount(): number {
    return this.offsets.length - 1;
  }

  /**
   * One byte per document, 1 when every term matches; undefined for no terms
   * (everything matches). Walks the documents in order, so memory is read
   * sequentially.
   */
  matchDocuments(terms: readonly string[]): Uint8Array | undefined {
    if (terms.length === 0) return undefined;
    const masks = terms.map((t) => this.maskFor(t));
    const offsets = this.offsets.raw;
    const codes = this.codes.raw;
    const docs = this.documentCount;
    const out = new Uint8Array(docs);
    for (let doc = 0; doc < docs; doc++) {
      const begin = offsets[doc] as number;
      const end = offsets[doc + 1] as number;
      let all = 1;
      for (let m = 0; m < masks.length && all; m++) {
        const mask = masks[m] as Uint8Array;
        all = 0;
        for (let k = begin; k < end; k++) {
          if (mask[codes[k] as number]) {
            all = 1;
            break;
          }
        }
      }
      out[doc] = all;
    }
    return out;
  }

  private maskFor(term: string): Uint8Array {
    const size = this.lowered.length;
    let entry = this.masks.get(term);
    if (entry) {
      this.masks.delete(term);
    } else {
      entry = this.narrowFromCached(term, size) ?? { mask: new Uint8Array(size), covered: 0 };
    }
    this.masks.set(term, entry);
    if (this.masks.size > MASK_CACHE_SIZE) {
      const oldest = this.masks.keys().next().value;
      if (oldest !== undefined) this.masks.delete(oldest);
    }
    if (entry.covered < size) this.extend(term, entry, size);
    return entry.mask;
  }

  /** A text containing `term` also contains every substring of it, so only those texts need testing. */
  private narrowFromCached(term: string, size: number): TermMask | undefined {
    let best: TermMask | undefined;
    let bestLength = 0;
    for (const [cachedTerm, cached] of this.masks) {
      if (cached.covered === size && cachedTerm.length > bestLength && term.includes(cachedTerm)) {
        best = cached;
        bestLength = cachedTerm.length;
      }
    }
    if (!best) return undefined;
    const mask = new Uint8Array(size);
    const from = best.mask;
    const texts = this.lowered;
    for (let i = 0; i < size; i++) if (from[i] && (texts[i] as string).includes(term)) mask[i] = 1;
    return { mask, covered: size };
  }

  private extend(term: string, entry: TermMask, size: number): void {
    if (entry.mask.length < size) {
      const bigger = new Uint8Array(Math.max(size, entry.mask.length * 2));
      bigger.set(entry.mask.subarray(0, entry.covered));
      entry.mask = bigger;
    }
    const mask = entry.mask;
    const texts = this.lowered;
    for (let i = entry.covered; i < size; i++) mask[i] = (texts[i] as string).includes(term) ? 1 : 0;
    entry.covered = size;
  }
}
