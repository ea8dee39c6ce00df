/** The request and response shapes the sandbox's routes work with. */
import type { IncomingHttpHeaders } from 'node:http';

export type SandboxOrigin = 'main' | 'other';

export interface SandboxRequest {
  method: string;
  /** Path and query exactly as received, e.g. `/api/v1/audit-trail?filter%5BstartDate%5D=…`. */
  rawUrl: string;
  url: URL;
  /** The URL's pathname, still percent-encoded. */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  origin: SandboxOrigin;
}

export interface SandboxResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function jsonResponse(status: number, value: unknown, headers: Record<string, string> = {}): SandboxResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(value),
  };
}

/** A body already serialized (seed fixtures are served byte for byte). */
export function rawJsonResponse(status: number, text: string, headers: Record<string, string> = {}): SandboxResponse {
  return { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: text };
}

export function bodyBytes(response: SandboxResponse): Buffer {
  const body = response.body ?? '';
  return typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
}

/** The bearer token of an `Authorization: Bearer …` header, if any. */
export function bearerOf(request: SandboxRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1] : undefined;
}

/** Parses a JSON request body; undefined when it is not JSON. */
export function jsonBody(request: SandboxRequest): unknown {
  if (request.body.length === 0) return undefined;
  try {
    return JSON.parse(request.body.toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
}

/** Parses a JSON or form-urlencoded body into string fields (token endpoints accept both). */
export function fieldsOfBody(request: SandboxRequest): Record<string, string> | undefined {
  const text = request.body.toString('utf8');
  const type = String(request.headers['content-type'] ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  const parsed = jsonBody(request);
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out[k] = String(v);
  }
  return out;
}
