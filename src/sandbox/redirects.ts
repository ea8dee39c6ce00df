/**
 * Answers parked for the other origin. A 303 (FloQast's payload-too-large
 * path, or the `303`/`307` faults) stores the real answer here under an
 * unguessable token; the other origin serves it to whoever presents the URL,
 * with no credential, like a pre-signed storage URL.
 */
import { randomBytes } from 'node:crypto';
import type { ProviderId } from '../core/model';
import { bodyBytes, type SandboxResponse } from './http';

interface Parked {
  response: SandboxResponse;
  provider?: ProviderId;
  bytes: number;
}

export const REDIRECT_PATH_PREFIX = '/redirected/';

export class RedirectStore {
  private readonly parked = new Map<string, Parked>();
  private bytes = 0;

  /**
   * Clients fetch a redirect target right away, so only the latest few are
   * kept; the byte bound matters because a FloQast page of 30 000 items is
   * over 10 MB and a benchmark parks hundreds of them.
   */
  constructor(
    private readonly maxEntries = 256,
    private readonly maxBytes = 96 * 1024 * 1024,
  ) {}

  /** Parks `response`; returns the path (on the other origin) that serves it. */
  park(response: SandboxResponse, provider?: ProviderId): string {
    const token = randomBytes(18).toString('base64url');
    // Serialized once here, not again on every fetch of the target.
    const body = bodyBytes(response);
    const bytes = body.length;
    while (this.parked.size > 0 && (this.parked.size >= this.maxEntries || this.bytes + bytes > this.maxBytes)) {
      const [oldest, entry] = this.parked.entries().next().value as [string, Parked];
      this.parked.delete(oldest);
      this.bytes -= entry.bytes;
    }
    this.parked.set(token, { response: { ...response, body }, bytes, ...(provider ? { provider } : {}) });
    this.bytes += bytes;
    return `${REDIRECT_PATH_PREFIX}${token}`;
  }

  /** The parked answer for a path on the other origin; it stays, so a client may retry. */
  get(path: string): Parked | undefined {
    if (!path.startsWith(REDIRECT_PATH_PREFIX)) return undefined;
    return this.parked.get(path.slice(REDIRECT_PATH_PREFIX.length));
  }
}
