/**
 * Finds a store's record by connection and id. Lookups by id are rare (a
 * command handed `{connection, id}`, a record document opened by its
 * address), so no map of every id is kept while records stream in: the
 * first lookup indexes the store once, and later ones index only what was
 * added since. The map's keys are the store's own id strings.
 */
import type { AuditRecord } from '../../core/model';
import type { RecordStore } from '../../core/recordStore';

export class RecordKeyIndex {
  /** Connection → id → the store's key. */
  private readonly keys = new Map<string, Map<string, number>>();
  private indexed = 0;

  constructor(private readonly store: RecordStore) {}

  find(connection: string, id: string): AuditRecord | undefined {
    const key = this.keyOf(connection, id);
    return key === undefined ? undefined : this.store.record(key);
  }

  keyOf(connection: string, id: string): number | undefined {
    this.catchUp();
    return this.keys.get(connection)?.get(id);
  }

  /** Keys are handed out in the order records are added, so the records not indexed yet are the last ones. */
  private catchUp(): void {
    for (const size = this.store.size; this.indexed < size; this.indexed++) {
      const r = this.store.identity(this.indexed);
      if (!r) continue;
      let ids = this.keys.get(r.connection);
      if (!ids) this.keys.set(r.connection, (ids = new Map()));
      ids.set(r.id, this.indexed);
    }
  }
}
