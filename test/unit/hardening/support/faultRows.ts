/**
 * The rows of the fault matrix (issue 7): each fault, how it is switched on
 * in a sandbox, and what each provider must do about it. A fault fires in
 * mid-run: the first audit page is served as usual, the fault hits a later
 * one. Every cell ends one of two ways: every record exactly once, or a
 * typed error naming the provider and the cause.
 */
import assert from 'node:assert/strict';
import type { AuditErrorKind } from '../../../../src/core/errors';
import type { ProviderId } from '../../../../src/core/model';
import type { RuleHandle, Sandbox } from '../../../../src/sandbox/index';
import { AUDIT_PATH, bearerTokensSeen, CREDENTIAL_HEADER, DEMO_SECRETS, pageRequest, type CredentialKind } from './providerSetups';

export type Expectation =
  | { outcome: 'complete'; note?: string }
  | { outcome: 'error'; kind: AuditErrorKind; cause: RegExp }
  | { outcome: 'n/a'; why: string };

export interface ArmContext {
  s: Sandbox;
  provider: ProviderId;
  path: RegExp;
  /** Cancels the run under test (the session's AbortSignal, or the CLI's SIGINT). */
  abort: () => void;
}

export interface FaultRow {
  id: string;
  /** The fault as issue 7 names it. */
  title: string;
  /** How the sandbox was told to misbehave, for the document. */
  how: Record<ProviderId, string> | string;
  credential?: CredentialKind;
  /** Per-request timeout for this row's runs. */
  timeoutMs?: number;
  /** Records are added while paging: the result must hold every record that existed at the start, once. */
  inserts?: boolean;
  expect: (provider: ProviderId) => Expectation;
  /** Switches the fault on; returns the rules that must have fired for the cell to count. */
  arm: (ctx: ArmContext) => RuleHandle[];
  /** Extra checks once the run is over (what the other origin received…). */
  after?: (ctx: ArmContext) => void;
}

const complete: Expectation = { outcome: 'complete' };

function each<T>(value: T): (provider: ProviderId) => T {
  return () => value;
}

/** No credential, and no secret or issued token, in any header the other origin received. */
function assertNothingCrossedToOtherOrigin(ctx: ArmContext): void {
  const other = ctx.s.stats.requests.filter((r) => r.origin === 'other');
  assert.ok(other.length >= 1, `${ctx.provider}: the redirect target on the other origin was never fetched`);
  const secrets = [...DEMO_SECRETS, ...bearerTokensSeen(ctx.s)];
  for (const r of other) {
    for (const name of ['authorization', 'x-api-key', 'cookie', 'proxy-authorization']) {
      assert.equal(r.headers[name], undefined, `${ctx.provider}: ${name} reached the other origin (${r.method} ${r.path})`);
    }
    const all = JSON.stringify(r.headers);
    for (const secret of secrets) assert.ok(!all.includes(secret), `${ctx.provider}: a credential reached the other origin in its headers`);
  }
  const header = CREDENTIAL_HEADER[ctx.provider];
  const main = ctx.s.stats.requestsTo(ctx.path, 'main');
  assert.ok(main.length > 0 && main.every((r) => typeof r.headers[header] === 'string'), `${ctx.provider}: the API's own origin still gets the credential`);
}

const BODY_FAULTS = [
  { kind: 'malformed', title: 'malformed JSON', how: 'the body cut in half', cause: /malformed JSON/ },
  { kind: 'html', title: 'an HTML error page served with 200', how: 'an nginx maintenance page', cause: /HTML page instead of JSON/ },
  { kind: 'empty', title: 'an empty body', how: 'no body', cause: /empty body/ },
] as const;

export const FAULT_ROWS: readonly FaultRow[] = [
  {
    id: 'none',
    title: 'no fault (baseline)',
    how: 'none',
    expect: each(complete),
    arm: () => [],
  },
  {
    id: '429-seconds',
    title: '429 with `Retry-After` in seconds',
    how: '429, `Retry-After: 1`, once',
    expect: each(complete),
    arm: ({ s, path }) => [s.faults.add({ path, kind: '429', retryAfter: 1, skip: 1 })],
  },
  {
    id: '429-date',
    title: '429 with `Retry-After` as an HTTP date',
    how: '429, `Retry-After` an HTTP date 1 s ahead, once',
    expect: each(complete),
    arm: ({ s, path }) => [s.faults.add({ path, kind: '429-date', retryAfter: 1, skip: 1 })],
  },
  {
    id: '429-none',
    title: '429 with no `Retry-After`',
    how: '429 without `Retry-After` (SFMC: code 50200), twice',
    expect: each(complete),
    arm: ({ s, path }) => [s.faults.add({ path, kind: '429-none', skip: 1, times: 2 })],
  },
  {
    id: '5xx-burst',
    title: 'a burst of 500, 502 and 503',
    how: '503, 500, 502 on three requests in a row',
    expect: each(complete),
    // Each rule lets the first request by and fires on the next one it sees: three faulted requests in a row.
    arm: ({ s, path }) => [
      s.faults.add({ path, kind: '503', skip: 1 }),
      s.faults.add({ path, kind: '500', skip: 1 }),
      s.faults.add({ path, kind: '502', skip: 1 }),
    ],
  },
  {
    id: 'reset',
    title: 'a connection reset in the middle of a body',
    how: 'headers and half the body, then the socket destroyed, once',
    expect: each(complete),
    arm: ({ s, path }) => [s.faults.add({ path, kind: 'reset', skip: 1 })],
  },
  {
    id: 'timeout',
    title: 'a timeout',
    how: 'one page never answers; requests time out after 1500 ms',
    timeoutMs: 1500,
    expect: each({ outcome: 'error', kind: 'timeout', cause: /timed out after 1500 ms/ }),
    arm: ({ s, path }) => [s.faults.add({ path, kind: 'timeout', skip: 1 })],
  },
  // A body that should be JSON and isn't is retried like a 5xx: a one-off recovers, a lasting one fails clearly.
  ...BODY_FAULTS.flatMap((f): FaultRow[] => [
    {
      id: f.kind,
      title: `${f.title}, once`,
      how: `status 200, ${f.how}, once`,
      expect: each(complete),
      arm: ({ s, path }) => [s.faults.add({ path, kind: f.kind, skip: 1 })],
    },
    {
      id: `${f.kind}-always`,
      title: `${f.title}, every time`,
      how: `status 200, ${f.how}, on every request after the first`,
      expect: each({ outcome: 'error', kind: 'bad-response', cause: f.cause }),
      arm: ({ s, path }) => [s.faults.add({ path, kind: f.kind, skip: 1, times: Infinity })],
    },
  ]),
  {
    id: '401-renewable',
    title: 'a 401 expiry in mid-run (renewable credential)',
    how: 'every issued token invalidated before one page (client credentials)',
    credential: 'renewable',
    expect: (p) =>
      p === 'floqast'
        ? { outcome: 'n/a', why: "API keys can't be renewed: see the next row" }
        : { outcome: 'complete', note: 'token renewed once' },
    arm: ({ s, path }) => [s.faults.add({ path, kind: 'expire-tokens', skip: 1 })],
    after: ({ s, provider, path }) => {
      assert.ok(s.stats.requestsTo(path).some((r) => r.status === 401), `${provider}: no 401 was ever served`);
      assert.ok(s.tokensIssued >= 2, `${provider}: the token was not renewed`);
    },
  },
  {
    id: '401-pasted',
    title: "a 401 in mid-run (a pasted token or API key, which can't be renewed)",
    how: 'the provider\'s own 401 body on one page (pasted bearer token, API key)',
    credential: 'pasted',
    expect: (p) =>
      p === 'sfmc'
        ? { outcome: 'n/a', why: 'SFMC takes client credentials only, always renewable' }
        : { outcome: 'error', kind: 'auth', cause: /expired or (was |been )?revoked/i },
    arm: ({ s, path }) => [s.faults.add({ path, kind: '401', skip: 1 })],
  },
  {
    id: '403',
    title: 'a 403 for a missing scope',
    how: "the provider's own 403 body on one page",
    expect: (p) =>
      p === 'sfmc'
        ? { outcome: 'error', kind: 'auth', cause: /Automation \| Journeys \| Read/ }
        : { outcome: 'error', kind: 'auth', cause: /Forbidden \(missing permission or scope\?\)/ },
    arm: ({ s, path }) => [s.faults.add({ path, kind: '403', skip: 1 })],
  },
  {
    id: '413',
    title: '413 (FloQast recovers; the others fail clearly)',
    how: "the provider's own 413 body on one page",
    expect: (p) =>
      p === 'floqast'
        ? { outcome: 'complete', note: 'retried with allowRedirect=true' }
        : { outcome: 'error', kind: 'provider', cause: /Payload too large/ },
    arm: ({ s, path }) => [s.faults.add({ path, kind: '413', skip: 1 })],
  },
  {
    id: 'redirect',
    title: 'a redirect to another origin',
    how: {
      sfmc: '307 to the other origin, which serves the page, twice',
      liveperson: '307 to the other origin, which serves the page, twice',
      uniphore: '307 to the other origin, which serves the page, twice',
      floqast: "FloQast's 303 `{data:{url}}` to the other origin, twice",
    },
    expect: each({ outcome: 'complete', note: 'the other origin got no credential' }),
    arm: ({ s, path, provider }) => [s.faults.add({ path, kind: provider === 'floqast' ? '303' : '307', skip: 1, times: 2 })],
    after: assertNothingCrossedToOtherOrigin,
  },
  {
    id: 'insert',
    title: 'records inserted while paging',
    how: '3 newer records inserted before the second page is served',
    inserts: true,
    expect: each({ outcome: 'complete', note: 'records present at the start, each once' }),
    arm: ({ s, provider }) => [s.faults.insertOnRequest({ provider, count: 3 })],
  },
  {
    id: 'insert-reordered',
    title: 'records inserted while paging, pages answered out of order',
    how: 'page 2 held back 300 ms; 3 newer records inserted while it waits, after page 3 was served',
    inserts: true,
    expect: each({ outcome: 'complete', note: 'records present at the start, each once' }),
    arm: ({ s, provider, path }) => {
      // Page 2 (index 1) is answered late, after page 3 (index 2) was served and an insert shifted the list.
      const second = pageRequest(provider, 1);
      const fourth = pageRequest(provider, 3);
      return [
        s.faults.add({ path, kind: 'slow', delayMs: 300, ...(second ? { where: second } : { skip: 1 }) }),
        s.faults.insertOnRequest({ provider, count: 3, path, ...(fourth ? { where: fourth, skip: 0 } : { skip: 3 }) }),
      ];
    },
  },
  {
    id: 'cancel',
    title: 'cancellation in mid-run',
    how: 'cancelled (AbortSignal; SIGINT for the CLI) when the second page is requested',
    expect: each({ outcome: 'error', kind: 'cancelled', cause: /cancel|interrupt/i }),
    arm: ({ s, path, abort }) => [s.faults.onRequest({ path, skip: 1 }, () => abort())],
  },
];

export function auditPath(provider: ProviderId): RegExp {
  return AUDIT_PATH[provider];
}
