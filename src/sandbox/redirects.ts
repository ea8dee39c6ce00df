/**
 * Answers parked for the other origin. A 303 (FloQast's payload-too-large
 * path, or the `303`/`307` faults) stores the real answer here under an
 * unguessable token; the other origin serves it to whoever presents the URL,
 * with no credential, like a pre-signed storage URL.
 */
import { randomBytes } from 'node:crypto';
import type { ProviderId } from '../core/model';
import type { SandboxResponse } from './http';

interface Parked {
  response: SandboxResponse;
  provider?: ProviderId;
}

export const REDIRECT_PATH_PREFIX = '/redirected/';

export class RedirectStore {
  private readonly parked = new Map<string, Parked>();

  constructor(private readonly maxEntries = 64) {}

  /** Parks `response`; returns the path (on the other origin) that serves it. */
  park(response: SandboxResponse, provider?: ProviderId): string {
    const token = randomBytes(18).toString('base64url');
    if (this.parked.size >= this.maxEntries) {
      const oldest = this.parked.keys().next().value;
      if (oldest !== undefined) this.parked.delete(oldest);
    }
    this.parked.set(token, { response, ...(provider ? { provider } : {}) });
    return `${REDIRECT_PATH_PREFIX}${token}`;
  }

  /** The parked answer for a path on the other origin; it stays, so a client may retry. */
  get(path: string): Parked | undefined {
    if (!path.startsWith(REDIRECT_PATH_PREFIX)) return undefined;
    return this.parked.get(path.slice(REDIRECT_PATH_PREFIX.length));
  }
}
