/**
 * Each API's own error body, so that clients are tested against the shapes
 * they will meet: SFMC `{message, errorcode, documentation}`, LivePerson
 * `{code, message}`, Uniphore's Spring Boot error, FloQast's
 * `{message, name, status}`, and OAuth `{error, error_description}` on the
 * token endpoints.
 */
import type { ProviderId } from '../core/model';
import { jsonResponse, type SandboxResponse } from './http';

/** Which emulated API a path belongs to. */
export function apiForPath(path: string): ProviderId | undefined {
  if (path === '/v2/token' || path.startsWith('/interaction/')) return 'sfmc';
  if (path.startsWith('/api/account/') || path.startsWith('/sentinel/')) return 'liveperson';
  if (path === '/oauth/token' || path.startsWith('/audit_log')) return 'uniphore';
  if (path.startsWith('/api/v1/')) return 'floqast';
  return undefined;
}

/** OAuth token endpoints answer in the OAuth error shape, not the API's. */
export function isTokenEndpoint(path: string): boolean {
  return (
    path === '/v2/token' ||
    path === '/oauth/token' ||
    /^\/sentinel\/api\/(?:v2\/)?account\/[^/]+\/app\/token$/.test(path) ||
    /^\/api\/account\/[^/]+\/login$/.test(path)
  );
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

// FloQast's API names its errors like FeathersJS does.
const FLOQAST_NAMES: Record<number, string> = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  413: 'PayloadTooLarge',
  429: 'TooManyRequests',
  500: 'GeneralError',
  502: 'BadGateway',
  503: 'Unavailable',
};

const SFMC_DOCS = 'https://developer.salesforce.com/docs/marketing/marketing-cloud/guide/error-handling.html';

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? 'Error';
}

export interface ErrorOptions {
  /** The provider's own message; a per-status default otherwise. */
  message?: string;
  /** SFMC `errorcode`. */
  code?: number;
  /** Seconds, echoed in SFMC's 429 body as `retryAfter`. */
  retryAfter?: number;
  headers?: Record<string, string>;
}

function defaultMessage(api: ProviderId | undefined, status: number): string {
  switch (status) {
    case 401:
      if (api === 'floqast') return 'Invalid token';
      if (api === 'sfmc') return 'Not Authorized';
      return 'Authentication failed: the token is missing, invalid or expired';
    case 403:
      if (api === 'sfmc') return 'Insufficient privileges to complete this action. Required scope: journeys_read (Automation | Journeys | Read)';
      return 'Not authorized to access this resource';
    case 413:
      return 'Response size is greater than 1MB';
    case 429:
      return 'Too many requests';
    default:
      return reasonPhrase(status);
  }
}

function sfmcCode(status: number): number {
  if (status === 401) return 0;
  if (status === 403) return 20001;
  if (status === 429) return 50100;
  if (status === 404) return 30003;
  if (status >= 400 && status < 500) return 10001;
  return 0;
}

/** An error response in the shape `api` uses on `path`. */
export function errorResponse(api: ProviderId | undefined, path: string, status: number, options: ErrorOptions = {}): SandboxResponse {
  const message = options.message ?? defaultMessage(api, status);
  const headers = options.headers ?? {};
  if (isTokenEndpoint(path) && status >= 400 && status < 500 && status !== 429) {
    const error = status === 401 ? 'invalid_client' : status === 403 ? 'access_denied' : 'invalid_request';
    return jsonResponse(status, { error, error_description: message }, headers);
  }
  switch (api) {
    case 'sfmc': {
      const body: Record<string, unknown> = { message, errorcode: options.code ?? sfmcCode(status), documentation: SFMC_DOCS };
      if (options.retryAfter !== undefined) body.retryAfter = options.retryAfter;
      return jsonResponse(status, body, headers);
    }
    case 'liveperson':
      return jsonResponse(status, { code: status, message }, headers);
    case 'uniphore':
      return jsonResponse(
        status,
        { timestamp: new Date().toISOString(), status, error: reasonPhrase(status), message, path },
        headers,
      );
    case 'floqast':
      return jsonResponse(status, { message, name: FLOQAST_NAMES[status] ?? 'GeneralError', status }, headers);
    default:
      return jsonResponse(status, { status, error: reasonPhrase(status), message }, headers);
  }
}
