/**
 * Which records an `audit-lens:` address resolves to. The records a user
 * opened are pinned, so their documents resolve for as long as VS Code runs
 * (a record opened from the timeline outlives the panel and the next query).
 * Every other record of the last query is looked up where the query keeps it,
 * the timeline's store: the registry holds no copy of a query's records.
 */
import type { AuditRecord } from '../core/model';

export interface RecordLookup {
  find(connection: string, id: string): AuditRecord | undefined;
}

export class RecordRegistry {
  private readonly pinned = new Map<string, AuditRecord>();
  private lookup: RecordLookup | undefined;

  private static key(connection: string, id: string): string {
    return `${connection}\u0000${id}`;
  }

  /** A new query's records replace the previous query's; pinned records stay. */
  replace(lookup: RecordLookup | undefined): void {
    this.lookup = lookup;
  }

  pin(record: AuditRecord): void {
    this.pinned.set(RecordRegistry.key(record.connection, record.id), record);
  }

  get(connection: string, id: string): AuditRecord | undefined {
    return this.pinned.get(RecordRegistry.key(connection, id)) ?? this.lookup?.find(connection, id);
  }
}
