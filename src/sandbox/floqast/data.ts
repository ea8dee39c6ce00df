/**
 * FloQast audit-trail items (one per API call made with any of the client's
 * keys), generated on demand by index. Served newest first. The cursor is the
 * id of the first item of a page, so cursors stay valid when new calls are
 * logged while a client pages.
 */
import { hashInts, Rng, unit } from '../prng';
import { ipAddress } from '../people';
import { ItemSeries, Timeline, type IndexList } from '../series';
import type { FloQastApiKey, FloQastAuditItem } from './types';

const SALT = 0xf10a;
const DAY = 86_400_000;

const KEY_NAMES = [
  'API Token', 'NetSuite Sync', 'Power BI Export', 'Close Dashboard', 'Intacct Connector', 'Audit Script',
  'Reconciliation Bot', 'Flux Analysis', 'Data Warehouse ETL', 'Month-end Checklist', 'Sandbox Testing', 'Legacy Integration',
];

interface Endpoint {
  method: string;
  uri: string;
  service: string;
  weight: number;
  query?: (rng: Rng) => Record<string, string>;
  /** Error messages by status. */
  errors: Partial<Record<string, string>>;
}

const hex24 = (rng: Rng) => rng.hex(24);

const ENDPOINTS: readonly Endpoint[] = [
  {
    method: 'GET',
    uri: '/api/v1/reconciliations',
    service: 'Reconciliations',
    weight: 20,
    query: (rng) => ({ 'filter[modifiedBefore]': `202${rng.int(3, 5)}-0${rng.int(1, 9)}-01`, 'page[size]': String(rng.pick([100, 500])) }),
    errors: { '400': 'filter[modifiedBefore] must be in iso format', '500': 'Internal Server Error' },
  },
  {
    method: 'GET',
    uri: '/api/v1/reconciliations/:id',
    service: 'Reconciliations',
    weight: 8,
    errors: { '404': 'Reconciliation not found', '500': 'Internal Server Error' },
  },
  {
    method: 'PATCH',
    uri: '/api/v1/reconciliations/:id',
    service: 'Reconciliations',
    weight: 4,
    errors: { '400': 'balance must be a number', '404': 'Reconciliation not found' },
  },
  {
    method: 'GET',
    uri: '/api/v1/checklists',
    service: 'Checklists',
    weight: 12,
    query: (rng) => ({ 'filter[period]': `202${rng.int(3, 5)}-${String(rng.int(1, 12)).padStart(2, '0')}`, 'page[size]': '500' }),
    errors: { '400': 'filter[period] must match YYYY-MM', '500': 'Internal Server Error' },
  },
  {
    method: 'POST',
    uri: '/api/v1/checklists/:id/sign-off',
    service: 'Checklists',
    weight: 4,
    errors: { '400': 'signer is required', '404': 'Checklist not found' },
  },
  { method: 'GET', uri: '/api/v1/users', service: 'Users', weight: 6, query: () => ({ 'page[size]': '500' }), errors: { '500': 'Internal Server Error' } },
  { method: 'GET', uri: '/api/v1/entities', service: 'Entities', weight: 6, errors: { '500': 'Internal Server Error' } },
  { method: 'GET', uri: '/api/v1/folders', service: 'Folders', weight: 4, errors: { '404': 'Folder not found' } },
  {
    method: 'POST',
    uri: '/api/v1/transactions',
    service: 'Transactions',
    weight: 8,
    errors: { '400': 'amount is required', '500': 'Internal Server Error' },
  },
  {
    method: 'GET',
    uri: '/api/v1/transactions',
    service: 'Transactions',
    weight: 6,
    query: (rng) => ({ 'filter[entity]': `E${rng.int(100, 999)}` }),
    errors: { '400': 'filter[entity] is invalid' },
  },
  { method: 'GET', uri: '/api/v1/flux-analysis', service: 'FluxAnalysis', weight: 4, errors: { '500': 'Internal Server Error' } },
  {
    method: 'GET',
    uri: '/api/v1/audit-trail',
    service: 'AuditTrail',
    weight: 3,
    query: () => ({ 'page[size]': '30000' }),
    errors: { '400': 'filter[startDate] must be in iso format' },
  },
  { method: 'GET', uri: '/api/v1/me', service: 'Me', weight: 5, errors: {} },
];

const ENDPOINT_WEIGHTS = ENDPOINTS.map((e) => e.weight);

/** Cheap, index-only facts used for filtering without building the item. */
interface Attrs {
  key: number;
}

export class FloQastData {
  readonly series: ItemSeries;
  readonly keys: FloQastApiKey[];
  readonly userId: string;
  /** The middle ten hex digits of every generated id. */
  private readonly idStem: string;

  constructor(
    private readonly seed: number,
    count: number,
    anchorMs: number,
  ) {
    const rng = new Rng(hashInts(seed, SALT, 0));
    this.keys = KEY_NAMES.map((name) => ({ id: hex24(rng), name }));
    this.userId = hex24(rng);
    this.idStem = rng.hex(10);
    this.series = new ItemSeries(
      new Timeline({ seed, salt: SALT, startMs: anchorMs - 365 * DAY, endMs: anchorMs, initialCount: count, resolutionMs: 1, tieRate: 0.01 }),
      count,
    );
  }

  /** The key the demo API key belongs to. */
  get demoKey(): FloQastApiKey {
    return this.keys[0]!;
  }

  attrs(index: number): Attrs {
    // A skewed pick: integrations call far more often than people.
    const u = unit(hashInts(this.seed, SALT, index, 1));
    return { key: Math.floor(u * u * this.keys.length) };
  }

  idOf(index: number): string {
    const seconds = Math.floor(this.series.timeMs(index) / 1000);
    return `${seconds.toString(16).padStart(8, '0')}${this.idStem}${(index & 0xffffff).toString(16).padStart(6, '0')}`;
  }

  /** The index whose id this is, if any. */
  indexOf(id: string): number | undefined {
    if (!/^[0-9a-f]{24}$/.test(id) || id.slice(8, 18) !== this.idStem) return undefined;
    const index = parseInt(id.slice(18), 16);
    return index < this.series.count && this.idOf(index) === id ? index : undefined;
  }

  item(index: number): FloQastAuditItem {
    const rng = new Rng(hashInts(this.seed, SALT, index, 2));
    const endpoint = rng.weighted(ENDPOINTS, ENDPOINT_WEIGHTS);
    const key = this.keys[this.attrs(index).key]!;
    const failures = Object.keys(endpoint.errors);
    let status: string;
    if (failures.length && rng.chance(0.14)) status = rng.pick(failures);
    else status = endpoint.method === 'POST' ? '201' : '200';
    const queryParameters = endpoint.query ? endpoint.query(rng) : {};
    let uri = endpoint.uri.replace(':id', rng.hex(24));
    // Some logged URIs carry their query string, which must not leak into the action.
    if (Object.keys(queryParameters).length && rng.chance(0.3)) {
      uri += `?${Object.entries(queryParameters).map(([k, v]) => `${k}=${v}`).join('&')}`;
    }
    const meta: FloQastAuditItem['meta'] = { status, service: endpoint.service, queryParameters };
    const error = endpoint.errors[status];
    if (error) meta.error = error;
    return {
      id: this.idOf(index),
      uri,
      method: endpoint.method,
      sourceIp: ipAddress(rng),
      meta,
      userApiKey: { id: key.id, name: key.name },
      createdAt: new Date(this.series.timeMs(index)).toISOString(),
    };
  }

  /** The items a filter selects, as positions [from, to) of an ascending index list. */
  select(filter: { startDate?: string; endDate?: string; apiKeyId?: string }): { list: IndexList; from: number; to: number } {
    let list: IndexList;
    if (filter.apiKeyId === undefined) list = this.series.all();
    else {
      const wanted = this.keys.findIndex((k) => k.id === filter.apiKeyId);
      list = this.series.matching(`key=${wanted}`, (i) => wanted >= 0 && this.attrs(i).key === wanted);
    }
    const start = filter.startDate ? Date.parse(`${filter.startDate}T00:00:00.000Z`) : undefined;
    const end = filter.endDate ? Date.parse(`${filter.endDate}T00:00:00.000Z`) + DAY : undefined;
    const { from, to } = this.series.timeWindow(list, start, end);
    return { list, from, to };
  }
}
