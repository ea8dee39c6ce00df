/**
 * Maps strings to small dense integers. Facet values repeat across many
 * records (a few dozen actions, a few hundred actors), so each record stores
 * a 4-byte code, and counting by facet value is an index into a typed array.
 */
export class StringInterner {
  private readonly codes = new Map<string, number>();
  private readonly values: string[] = [];
  // Consecutive records mostly repeat a value (one provider per page, runs of one action).
  private lastValue: string | undefined;
  private lastCode = -1;

  /** The code of `value`, adding it when new. */
  intern(value: string): number {
    if (value === this.lastValue && this.lastCode >= 0) return this.lastCode;
    let code = this.codes.get(value);
    if (code === undefined) {
      code = this.values.length;
      this.values.push(value);
      this.codes.set(value, code);
    }
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }

  /** The code of `value`, or undefined when it was never interned. */
  lookup(value: string): number | undefined {
    return this.codes.get(value);
  }

  value(code: number): string {
    const v = this.values[code];
    if (v === undefined) throw new RangeError(`no interned string with code ${code}`);
    return v;
  }

  /** Every interned string, indexed by code (read-only view for tight loops). */
  get all(): readonly string[] {
    return this.values;
  }

  get size(): number {
    return this.values.length;
  }
}
