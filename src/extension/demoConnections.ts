/**
 * The demo connections: one per provider, all pointing at the built-in
 * sandbox on loopback and using its fixed demo credentials. Their ids are
 * fixed, so opening the demo again updates them instead of adding more.
 */
import type { Connection, ConnectionSecrets, ProviderId } from '../core/model';
import { DEMO } from '../sandbox/demoCredentials';

export const DEMO_CONNECTION_IDS: Record<ProviderId, string> = {
  sfmc: 'demo-sfmc',
  liveperson: 'demo-liveperson',
  uniphore: 'demo-uniphore',
  floqast: 'demo-floqast',
};

export interface DemoConnection {
  connection: Connection;
  secrets: ConnectionSecrets;
}

/** The four demo connections for a sandbox at `url` (no trailing slash). */
export function demoConnections(url: string): DemoConnection[] {
  const demo = 'true';
  return [
    {
      connection: {
        id: DEMO_CONNECTION_IDS.sfmc,
        provider: 'sfmc',
        label: 'Demo Marketing Cloud',
        settings: { authBaseUrl: url, clientId: DEMO.sfmc.clientId, accountId: DEMO.sfmc.accountId, timeZone: '-06:00', demo },
      },
      secrets: { clientSecret: DEMO.sfmc.clientSecret },
    },
    {
      connection: {
        id: DEMO_CONNECTION_IDS.liveperson,
        provider: 'liveperson',
        label: 'Demo LivePerson',
        settings: { accountId: DEMO.liveperson.accountId, domainApi: url, authMethod: 'bearer', demo },
      },
      secrets: { bearer: DEMO.liveperson.bearer },
    },
    {
      connection: {
        id: DEMO_CONNECTION_IDS.uniphore,
        provider: 'uniphore',
        label: 'Demo Uniphore',
        settings: { baseUrl: url, authMethod: 'token', demo },
      },
      secrets: { token: DEMO.uniphore.token },
    },
    {
      connection: {
        id: DEMO_CONNECTION_IDS.floqast,
        provider: 'floqast',
        label: 'Demo FloQast',
        settings: { baseUrl: url, demo },
      },
      secrets: { apiKey: DEMO.floqast.apiKey },
    },
  ];
}

/** The settings of a demo connection that name the sandbox's address. */
const URL_KEYS = ['authBaseUrl', 'domainApi', 'baseUrl', 'tokenUrl'] as const;

/** The same connection, re-pointed from an old sandbox address to the running one. */
export function repointDemoConnection(connection: Connection, url: string): Connection {
  const settings = { ...connection.settings };
  for (const k of URL_KEYS) {
    const v = settings[k];
    if (!v) continue;
    try {
      const old = new URL(v);
      const now = new URL(url);
      if (old.origin !== now.origin) settings[k] = `${now.origin}${old.pathname === '/' ? '' : old.pathname}${old.search}`;
    } catch {
      /* leave a value that isn't a URL alone */
    }
  }
  return { ...connection, settings };
}
