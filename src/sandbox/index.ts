/**
 * The loopback sandbox: all four audit APIs (SFMC, LivePerson, Uniphore,
 * FloQast) at the root of one origin, plus a second port acting as "the
 * other origin" for FloQast's 303. Data is seeded and deterministic, built on
 * demand so that 10⁶ items cost nothing until served. Tests read the ground
 * truth (`truth`), flip faults (`faults`), and check what arrived (`stats`).
 *
 *   const sandbox = await startSandbox({ scale: 2000 });
 *   sandbox.faults.add({ path: '/audit_log', kind: '429', retryAfter: 0 });
 *   … point a client at sandbox.url with the DEMO credentials …
 *   await sandbox.close();
 */
import { PROVIDER_IDS, type ProviderId } from '../core/model';
import type { SandboxContext, SandboxSettings } from './context';
import { DEMO } from './demoCredentials';
import { Faults, type InsertOnRequestOptions, type RequestInfo } from './faults';
import { FloQastData } from './floqast/data';
import { LivePersonData } from './liveperson/data';
import { RedirectStore } from './redirects';
import { SandboxServers } from './server';
import { SfmcData } from './sfmc/data';
import { Stats } from './stats';
import { TokenStore } from './tokens';
import { buildTruth, type SandboxTruth } from './truth';
import { UniphoreData } from './uniphore/data';

export type { SandboxTruth, SfmcTruth, LivePersonTruth, UniphoreTruth, FloQastTruth, LivePersonTruthOptions } from './truth';
export type { FaultKind, FaultRule, RequestMatch, RuleHandle, RequestInfo, InsertOnRequestOptions } from './faults';
export { Faults, FAULT_KINDS } from './faults';
export type { Stats, SeenRequest, PathMatcher } from './stats';
export type { SfmcAuditItem, SfmcAuditUser, SfmcPublishError, SfmcJourneyTruth, SfmcDefinition, SfmcJourneySummary, SfmcAuditPathAction, SfmcAction, SfmcJourneyStatus } from './sfmc/types';
export type { LivePersonAuditItem, LivePersonAuditArgs, LivePersonField, LivePersonUser } from './liveperson/types';
export { LIVEPERSON_FIELDS } from './liveperson/types';
export type { UniphoreAuditItem, UniphoreDetails, UniphorePage } from './uniphore/types';
export type { FloQastAuditItem, FloQastApiKey, FloQastPage } from './floqast/types';
export { DEMO, DEMO_SECRETS } from './demoCredentials';
export { PUBLISH_ERRORS } from './sfmc/data';

/** The newest generated item lands just before this instant unless `anchorTime` says otherwise. */
export const DEFAULT_ANCHOR_TIME = '2025-06-30T18:00:00.000Z';
export const DEFAULT_SCALE = 300;
export const DEFAULT_SEED = 1;

export interface SandboxOptions {
  /** Main origin port; 0 (default) picks a free one. */
  port?: number;
  /** The other origin's port; 0 (default) picks a free one. */
  otherPort?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * Items per provider: LivePerson (per account), Uniphore and FloQast audit
   * items; for SFMC, the number of journeys (about scale/12) and the size of
   * the high-volume journey (`loyalty-program-nurture`, scale items, 260 to
   * 20 000). Default 300. A number applies to all four.
   */
  scale?: number | Partial<Record<ProviderId, number>>;
  /** Default 1. The same seed always gives the same data. */
  seed?: number;
  /** Injected latency per request, in ms (benchmarks use 50). */
  latencyMs?: number;
  /** ISO time or epoch ms; generated data ends just before it. Default 2025-06-30T18:00:00Z. */
  anchorTime?: string | number;
  /** Overrides every issued token's lifetime (SFMC 1080 s, LivePerson 3600 s, Uniphore 86400 s). */
  tokenLifetimeSeconds?: number;
  /** LivePerson: the most items a page holds, whatever `first` asks. Default 500. */
  livePersonMaxFirst?: number;
  /** LivePerson: what `X-Total-Count` counts. Default `total` (every match); `page` counts the page's items. */
  livePersonTotalCount?: 'total' | 'page';
  /** Uniphore: the largest page size (Spring's default cap, 2000). */
  uniphoreMaxPageSize?: number;
  /** FloQast: pages whose JSON is larger answer 413 or 303. Default 1 MiB. */
  floQastMaxBodyBytes?: number;
}

export interface Sandbox {
  /** Base URL of the main origin, no trailing slash, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** Base URL of the other origin (FloQast's 303 target), no trailing slash. */
  readonly otherOriginUrl: string;
  readonly port: number;
  readonly otherPort: number;
  readonly seed: number;
  readonly truth: SandboxTruth;
  readonly faults: Faults;
  readonly stats: Stats;
  /** Tokens issued so far, over every provider (tests check that clients cache them). */
  readonly tokensIssued: number;
  /** Latency injected before every answer, in ms. */
  setLatency(ms: number): void;
  /** Stops both servers; open requests are cut. */
  close(): Promise<void>;
}

function scaleFor(scale: SandboxOptions['scale'], provider: ProviderId): number {
  const value = typeof scale === 'number' ? scale : (scale?.[provider] ?? DEFAULT_SCALE);
  if (!Number.isFinite(value) || value < 0) throw new Error(`Invalid scale ${String(value)} for ${provider}`);
  return Math.floor(value);
}

function anchorMs(anchor: SandboxOptions['anchorTime']): number {
  const ms = typeof anchor === 'number' ? anchor : Date.parse(anchor ?? DEFAULT_ANCHOR_TIME);
  if (!Number.isFinite(ms)) throw new Error(`Invalid anchorTime ${String(anchor)}`);
  return ms;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const seed = Math.floor(options.seed ?? DEFAULT_SEED);
  const anchor = anchorMs(options.anchorTime);
  for (const p of PROVIDER_IDS) scaleFor(options.scale, p);
  const settings: SandboxSettings = {
    livePersonMaxFirst: options.livePersonMaxFirst ?? 500,
    livePersonTotalCount: options.livePersonTotalCount ?? 'total',
    uniphoreMaxPageSize: options.uniphoreMaxPageSize ?? 2000,
    floQastMaxBodyBytes: options.floQastMaxBodyBytes ?? 1024 * 1024,
    ...(options.tokenLifetimeSeconds !== undefined ? { tokenLifetimeSeconds: options.tokenLifetimeSeconds } : {}),
  };
  const data = {
    sfmc: new SfmcData({ seed, scale: scaleFor(options.scale, 'sfmc'), anchorMs: anchor }),
    liveperson: new LivePersonData(seed, scaleFor(options.scale, 'liveperson'), anchor),
    uniphore: new UniphoreData(seed, scaleFor(options.scale, 'uniphore'), anchor),
    floqast: new FloQastData(seed, scaleFor(options.scale, 'floqast'), anchor),
  };
  const truth = buildTruth(data, settings.livePersonMaxFirst);
  const tokens = new TokenStore();
  const stats = new Stats();
  const faults = new Faults(
    (o, request) => insertFor(truth, o, request),
    () => tokens.expireAll(),
  );
  let latency = Math.max(0, options.latencyMs ?? 0);
  const ctx: SandboxContext = {
    settings,
    tokens,
    redirects: new RedirectStore(),
    url: '',
    otherUrl: '',
    hostPort: '',
    ...data,
  };
  const servers = new SandboxServers({ ctx, faults, stats, latency: () => latency });
  const host = options.host ?? '127.0.0.1';
  const ports = await servers.listen(host, options.port ?? 0, options.otherPort ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  ctx.url = `http://${urlHost}:${ports.port}`;
  ctx.otherUrl = `http://${urlHost}:${ports.otherPort}`;
  ctx.hostPort = `${urlHost}:${ports.port}`;
  return {
    url: ctx.url,
    otherOriginUrl: ctx.otherUrl,
    port: ports.port,
    otherPort: ports.otherPort,
    seed,
    truth,
    faults,
    stats,
    get tokensIssued() {
      return tokens.count;
    },
    setLatency(ms: number) {
      latency = Math.max(0, ms);
    },
    close: () => servers.close(),
  };
}

function insertFor(truth: SandboxTruth, options: InsertOnRequestOptions, request: RequestInfo): void {
  switch (options.provider) {
    case 'liveperson': {
      const fromPath = /^\/api\/account\/([^/]+)\//.exec(request.path)?.[1];
      truth.liveperson.insert(options.count, options.accountId ?? fromPath ?? DEMO.liveperson.accountId);
      return;
    }
    case 'sfmc': {
      const fromPath = /^\/interaction\/v1\/interactions\/([^/]+)/.exec(request.path)?.[1];
      const journey = options.journey ?? (fromPath ? decodeURIComponent(fromPath) : undefined);
      if (journey && truth.sfmc.journey(journey)) truth.sfmc.insert(journey, options.count);
      return;
    }
    case 'uniphore':
      truth.uniphore.insert(options.count);
      return;
    case 'floqast':
      truth.floqast.insert(options.count);
      return;
  }
}
