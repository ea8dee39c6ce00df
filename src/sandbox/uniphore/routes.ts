/**
 * Uniphore: `POST /oauth/token` (Auth0-style client credentials with an
 * audience), `GET /audit_log/{id}` and `GET /audit_log/` (a Spring Data page).
 */
import { DEMO } from '../demoCredentials';
import type { SandboxContext } from '../context';
import { errorResponse } from '../errorShapes';
import { bearerOf, fieldsOfBody, jsonResponse, rawJsonResponse, type SandboxRequest, type SandboxResponse } from '../http';
import { UNIPHORE_SEED_BODY, UNIPHORE_SEED_ID } from '../fixtures/uniphoreSeed';
import { intParam, ParamError } from '../params';
import type { UniphoreAuditItem, UniphorePage } from './types';

const TOKEN_LIFETIME_SECONDS = 86_400;
const DEFAULT_SIZE = 20;
const DATE_PARAM = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

function uniError(request: SandboxRequest, status: number, message?: string): SandboxResponse {
  return errorResponse('uniphore', request.path, status, message !== undefined ? { message } : {});
}

function token(request: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  if (request.method !== 'POST') return uniError(request, 405, 'Use POST');
  const body = fieldsOfBody(request);
  if (!body) return jsonResponse(400, { error: 'invalid_request', error_description: 'Missing or malformed body' });
  if (body.grant_type !== 'client_credentials') {
    return jsonResponse(403, { error: 'unauthorized_client', error_description: 'Grant type not allowed for the client.' });
  }
  if (body.client_id !== DEMO.uniphore.clientId || body.client_secret !== DEMO.uniphore.clientSecret) {
    return jsonResponse(401, { error: 'access_denied', error_description: 'Unauthorized' });
  }
  if (body.audience !== DEMO.uniphore.audience) {
    return jsonResponse(403, { error: 'access_denied', error_description: `Service not found: ${body.audience ?? ''}` });
  }
  const lifetime = ctx.settings.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  return jsonResponse(200, { access_token: ctx.tokens.issue('uniphore', lifetime), scope: 'read:audit_log', expires_in: lifetime, token_type: 'Bearer' });
}

function dateParam(query: URLSearchParams, name: string): number | undefined {
  const raw = query.get(name);
  if (raw === null || raw === '') return undefined;
  const ms = DATE_PARAM.test(raw) ? Date.parse(`${raw}Z`) : NaN;
  // The round trip rejects what Date would roll over, such as month 13 or 30 February.
  if (Number.isNaN(ms) || new Date(ms).toISOString() !== `${raw}Z`) {
    throw new ParamError(name, `Failed to convert ${name} "${raw}": expected yyyy-MM-dd'T'HH:mm:ss.SSS`);
  }
  return ms;
}

function list(request: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const q = request.query;
  const page = intParam(q, 'page', { min: 0 }) ?? 0;
  const size = Math.min(intParam(q, 'size', { min: 1 }) ?? DEFAULT_SIZE, ctx.settings.uniphoreMaxPageSize);
  const sort = q.get('sort');
  let descending = false;
  let sorted = false;
  if (sort) {
    const [property, direction = 'asc'] = sort.split(',').map((s) => s.trim());
    if (property !== 'createdDate' && property !== 'id') throw new ParamError('sort', `No property '${property}' found for type 'AuditLog'`);
    if (!/^(asc|desc)$/i.test(direction)) throw new ParamError('sort', `Invalid sort direction '${direction}'`);
    descending = direction.toLowerCase() === 'desc';
    sorted = true;
  }
  const start = dateParam(q, 'startDate');
  const end = dateParam(q, 'endDate');
  const data = ctx.uniphore;
  const all = data.series.all();
  // endDate is inclusive; createdDate has whole seconds.
  const { from, to } = data.series.timeWindow(all, start, end === undefined ? undefined : end + 1);
  const total = to - from;
  const content: UniphoreAuditItem[] = [];
  for (let k = 0; k < size; k++) {
    const offset = page * size + k;
    const position = descending ? to - 1 - offset : from + offset;
    if (offset >= total) break;
    content.push(data.item(all.at(position)));
  }
  const sortInfo = { empty: !sorted, sorted, unsorted: !sorted };
  const totalPages = Math.ceil(total / size);
  const body: UniphorePage = {
    content,
    pageable: { sort: sortInfo, offset: page * size, pageNumber: page, pageSize: size, paged: true, unpaged: false },
    last: page >= totalPages - 1,
    totalPages,
    totalElements: total,
    size,
    number: page,
    sort: sortInfo,
    first: page === 0,
    numberOfElements: content.length,
    empty: content.length === 0,
  };
  return jsonResponse(200, body);
}

function byId(request: SandboxRequest, ctx: SandboxContext, raw: string): SandboxResponse {
  if (!/^\d{1,15}$/.test(raw)) {
    return uniError(
      request,
      400,
      `Failed to convert value of type 'java.lang.String' to required type 'java.lang.Long'; nested exception is java.lang.NumberFormatException: For input string: "${decodeURIComponentSafe(raw)}"`,
    );
  }
  const id = Number(raw);
  if (id === UNIPHORE_SEED_ID) return rawJsonResponse(200, UNIPHORE_SEED_BODY);
  const item = ctx.uniphore.byId(id);
  if (!item) return uniError(request, 404, `Audit log entry ${id} not found`);
  return jsonResponse(200, item);
}

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Handles a Uniphore path; undefined when the path is not Uniphore's. */
export function handleUniphore(request: SandboxRequest, ctx: SandboxContext): SandboxResponse | undefined {
  if (request.path === '/oauth/token') return token(request, ctx);
  const m = /^\/audit_log(?:\/([^/]*))?\/?$/.exec(request.path);
  if (!m) return request.path.startsWith('/audit_log') ? uniError(request, 404, 'No handler found') : undefined;
  if (request.method !== 'GET') return uniError(request, 405, `Request method '${request.method}' not supported`);
  const bearer = bearerOf(request);
  if (bearer !== DEMO.uniphore.token && !ctx.tokens.isValid(bearer, 'uniphore')) return uniError(request, 401, 'Full authentication is required to access this resource');
  try {
    if (m[1] === undefined || m[1] === '') return list(request, ctx);
    return byId(request, ctx, m[1]);
  } catch (e) {
    if (e instanceof ParamError) return uniError(request, 400, e.message);
    throw e;
  }
}
