/** What every route handler gets: the data, the token store and the sandbox's own addresses. */
import type { FloQastData } from './floqast/data';
import type { LivePersonData } from './liveperson/data';
import type { RedirectStore } from './redirects';
import type { SfmcData } from './sfmc/data';
import type { TokenStore } from './tokens';
import type { UniphoreData } from './uniphore/data';

export interface SandboxSettings {
  /** Seconds: SFMC 1080, LivePerson login 3600, LivePerson app token 3600, Uniphore 86400 unless overridden. */
  tokenLifetimeSeconds?: number;
  /** The most items a LivePerson page holds, whatever `first` asks (default 500). */
  livePersonMaxFirst: number;
  /** What LivePerson's `X-Total-Count` counts: every matching item (default) or the page's items. */
  livePersonTotalCount: 'total' | 'page';
  /** Largest Uniphore page (Spring's default cap is 2000). */
  uniphoreMaxPageSize: number;
  /** FloQast pages whose JSON exceeds this many bytes answer 413 (or 303 with allowRedirect). Default 1 MiB. */
  floQastMaxBodyBytes: number;
}

export interface SandboxContext {
  settings: SandboxSettings;
  tokens: TokenStore;
  redirects: RedirectStore;
  /** Base URL of the main origin, no trailing slash. */
  url: string;
  /** Base URL of the other origin (FloQast's 303 target), no trailing slash. */
  otherUrl: string;
  /** `host:port` of the main origin, as LivePerson's Domain API returns it. */
  hostPort: string;
  sfmc: SfmcData;
  liveperson: LivePersonData;
  uniphore: UniphoreData;
  floqast: FloQastData;
}
