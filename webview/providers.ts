/** How each provider is drawn: a codicon and a short name, the same in rows, facets and detail. */
import type { ProviderId } from '../src/core/model';
import { PROVIDER_LABELS } from '../src/protocol';

const ICONS: Record<ProviderId, string> = {
  sfmc: 'cloud',
  liveperson: 'comment-discussion',
  uniphore: 'pulse',
  floqast: 'graph',
};

const SHORT: Record<ProviderId, string> = {
  sfmc: 'SFMC',
  liveperson: 'LivePerson',
  uniphore: 'Uniphore',
  floqast: 'FloQast',
};

function known(p: string): p is ProviderId {
  return Object.prototype.hasOwnProperty.call(ICONS, p);
}

export function providerIcon(p: string): string {
  return known(p) ? ICONS[p] : 'question';
}

export function providerShortName(p: string): string {
  return known(p) ? SHORT[p] : p;
}

export function providerLabel(p: string): string {
  return known(p) ? PROVIDER_LABELS[p] : p;
}
