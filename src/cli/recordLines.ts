/**
 * A query's records kept as the JSON lines the CLI prints, put in the
 * contract's order (newest first, ties by id, each id once, whatever the
 * provider did) once all have arrived. A parsed record with its raw item
 * weighs several times its line: a million LivePerson records held as
 * objects took 3.9 GB, at the edge of Node's default heap.
 */
import type { AuditRecord } from '../core/model';
import { compareRecords } from '../core/order';

export class RecordLines {
  private readonly keys: Pick<AuditRecord, 'time' | 'id'>[] = [];
  private readonly lines: string[] = [];
  private readonly seen = new Set<string>();

  /** Keeps each record's line; a record whose id came before is dropped (the first one stays). */
  add(records: readonly AuditRecord[]): void {
    for (const r of records) {
      if (this.seen.has(r.id)) continue;
      this.seen.add(r.id);
      this.keys.push({ time: r.time, id: r.id });
      this.lines.push(JSON.stringify(r));
    }
  }

  get size(): number {
    return this.lines.length;
  }

  /** The lines in contract order, the first `limit` of them. */
  *sorted(limit = Infinity): Generator<string, void, undefined> {
    const keys = this.keys;
    const order = Array.from(keys.keys()).sort((a, b) => compareRecords(keys[a] as AuditRecord, keys[b] as AuditRecord));
    const n = Math.min(order.length, limit);
    for (let i = 0; i < n; i++) yield this.lines[order[i] as number] as string;
  }
}
