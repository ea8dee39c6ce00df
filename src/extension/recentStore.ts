/**
 * Uniphore's "Recent" node: the audit log items opened by id, per connection,
 * newest first. Only ids and labels are kept (in globalState), never records.
 */
import type { MementoLike } from './connectionStore';
import type { RecentItem } from './tree/nodes';

const KEY = 'auditLens.recentItems';
const MAX = 20;

export class RecentStore {
  constructor(private readonly state: MementoLike) {}

  private all(): Record<string, RecentItem[]> {
    const v = this.state.get<Record<string, RecentItem[]>>(KEY);
    return v && typeof v === 'object' ? v : {};
  }

  list(connectionId: string): RecentItem[] {
    const items = this.all()[connectionId];
    return Array.isArray(items) ? items.filter((i) => typeof i?.id === 'string') : [];
  }

  async add(connectionId: string, item: RecentItem): Promise<void> {
    const all = this.all();
    all[connectionId] = [item, ...this.list(connectionId).filter((i) => i.id !== item.id)].slice(0, MAX);
    await this.state.update(KEY, all);
  }

  async forget(connectionId: string): Promise<void> {
    const all = this.all();
    delete all[connectionId];
    await this.state.update(KEY, all);
  }
}
