/** Shared helpers for the sandbox tests: start one, call it with the demo credentials. */
import { after, before } from 'node:test';
import { DEMO, startSandbox, type Sandbox, type SandboxOptions } from '../../../src/sandbox';

export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  text: string;
  json: T;
}

export async function call<T = any>(url: string, init: RequestInit = {}): Promise<Answer<T>> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json: json as T };
}

/** Starts a sandbox before the file's tests and closes it after them. */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  before(async () => {
    sandbox = await startSandbox(options);
  });
  after(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('sandbox not started');
    return sandbox;
  };
}

export async function sfmcToken(sandbox: Sandbox): Promise<string> {
  const a = await call<{ access_token: string }>(`${sandbox.url}/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: DEMO.sfmc.clientId, client_secret: DEMO.sfmc.clientSecret }),
  });
  if (a.status !== 200) throw new Error(`token: ${a.status} ${a.text}`);
  return a.json.access_token;
}

export const LP_ACCOUNT = DEMO.liveperson.accountId;

export function lpAudit<T = any>(sandbox: Sandbox, query: string, options: { account?: string; bearer?: string; variables?: unknown } = {}): Promise<Answer<T>> {
  return call<T>(`${sandbox.url}/api/account/${options.account ?? LP_ACCOUNT}/configuration/metadata/audit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${options.bearer ?? DEMO.liveperson.bearer}`, 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(options.variables === undefined ? { query } : { query, variables: options.variables }),
  });
}

export const ALL_LP_FIELDS =
  'accountId objectType objectName element oldValue newValue originator originatorLoginName originatorUserId originatorUserAgent originatorAuthType originatorIsLpa changeDate';

export function uniphore<T = any>(sandbox: Sandbox, path: string, token: string = DEMO.uniphore.token): Promise<Answer<T>> {
  return call<T>(`${sandbox.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

export function floqast<T = any>(sandbox: Sandbox, pathOrUrl: string, key: string = DEMO.floqast.apiKey): Promise<Answer<T>> {
  const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sandbox.url}${pathOrUrl}`;
  return call<T>(url, { headers: { 'x-api-key': key } });
}

/** A FloQast audit-trail path with its query encoded by URLSearchParams, as a careful client builds it. */
export function floqastPath(params: Record<string, string>): string {
  return `/api/v1/audit-trail?${new URLSearchParams(params).toString()}`;
}
