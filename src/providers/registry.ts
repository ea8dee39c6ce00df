/** The four providers, by id. The extension, the CLI and the tests look providers up here. */
import type { ProviderId } from '../core/model';
import type { Provider } from '../core/provider';
import { sfmcProvider } from './sfmc';
import { livePersonProvider } from './liveperson';
import { uniphoreProvider } from './uniphore';
import { floQastProvider } from './floqast';

export const PROVIDERS: Readonly<Record<ProviderId, Provider>> = {
  sfmc: sfmcProvider,
  liveperson: livePersonProvider,
  uniphore: uniphoreProvider,
  floqast: floQastProvider,
};

export function getProvider(id: ProviderId): Provider {
  return PROVIDERS[id];
}
