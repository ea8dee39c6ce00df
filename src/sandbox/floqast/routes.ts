/**
 * FloQast: `GET /api/v1/me` and `GET /api/v1/audit-trail` with cursor paging.
 * A page whose JSON would pass 1 MB answers 413, or, with
 * `allowRedirect=true`, 303 to the other origin, which serves it by an
 * unguessable URL (like a pre-signed storage link) and never needs the key.
 */
import { isCalendarDay } from '../../core/time';
import { DEMO } from '../demoCredentials';
import type { SandboxContext } from '../context';
import { errorResponse } from '../errorShapes';
import { jsonResponse, type SandboxRequest, type SandboxResponse } from '../http';
import { floQastSeedPages, FLOQAST_SEED_END_DATE, FLOQAST_SEED_START_DATE } from '../fixtures/floQastSeed';
import type { FloQastAuditItem, FloQastPage } from './types';

export const FLOQAST_MAX_PAGE_SIZE = 30_000;
const PARAMS = ['filter[startDate]', 'filter[endDate]', 'filter[userApiKey._id]', 'page[size]', 'page[cursor]', 'allowRedirect'];

function badRequest(errors: { field: string; message: string }[]): SandboxResponse {
  return jsonResponse(400, { message: { errors }, name: 'BadRequest', status: 400 });
}

/** A root-relative link in the seed's style: parameter names with raw brackets. */
function link(params: Map<string, string>, cursor: string | undefined): string {
  const parts: string[] = [];
  for (const name of PARAMS) {
    const value = name === 'page[cursor]' ? cursor : params.get(name);
    if (value !== undefined) parts.push(`${name}=${encodeURIComponent(value)}`);
  }
  return `/api/v1/audit-trail${parts.length ? `?${parts.join('&')}` : ''}`;
}

/** Parks the page on the other origin and answers 303, as FloQast does for large payloads. */
export function redirectToOtherOrigin(ctx: SandboxContext, page: SandboxResponse, status = 303): SandboxResponse {
  const url = `${ctx.otherUrl}${ctx.redirects.park(page, 'floqast')}`;
  return jsonResponse(status, { data: { url } }, { location: url });
}

function auditTrail(request: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const q = request.query;
  const errors: { field: string; message: string }[] = [];
  const params = new Map<string, string>();
  for (const [name, value] of q) {
    if (!PARAMS.includes(name)) errors.push({ field: name, message: `${name} is not allowed` });
    else params.set(name, value);
  }
  for (const field of ['filter[startDate]', 'filter[endDate]']) {
    const v = params.get(field);
    if (v !== undefined && !isCalendarDay(v)) errors.push({ field, message: `${field} must be in iso format` });
  }
  let size = FLOQAST_MAX_PAGE_SIZE;
  const rawSize = params.get('page[size]');
  if (rawSize !== undefined) {
    if (!/^\d+$/.test(rawSize) || Number(rawSize) < 1) errors.push({ field: 'page[size]', message: 'page[size] must be a positive integer' });
    else if (Number(rawSize) > FLOQAST_MAX_PAGE_SIZE) errors.push({ field: 'page[size]', message: `page[size] must be less than or equal to ${FLOQAST_MAX_PAGE_SIZE}` });
    else size = Number(rawSize);
  }
  const allowRedirect = params.get('allowRedirect');
  if (allowRedirect !== undefined && allowRedirect !== 'true' && allowRedirect !== 'false') {
    errors.push({ field: 'allowRedirect', message: 'allowRedirect must be a boolean' });
  }
  if (errors.length) return badRequest(errors);

  const startDate = params.get('filter[startDate]');
  const endDate = params.get('filter[endDate]');
  const apiKeyId = params.get('filter[userApiKey._id]');
  const cursor = params.get('page[cursor]');
  let items: FloQastAuditItem[];
  let next: string | undefined;
  if (startDate === FLOQAST_SEED_START_DATE && endDate === FLOQAST_SEED_END_DATE && apiKeyId === undefined) {
    // The seed's own window: its documented example values, two pages of one item.
    const pages = floQastSeedPages();
    const at = cursor === undefined ? 0 : pages.findIndex((p) => p[0]!.id === cursor);
    if (at < 0) return badRequest([{ field: 'page[cursor]', message: 'page[cursor] is invalid' }]);
    items = pages[at]!;
    next = pages[at + 1]?.[0]?.id;
  } else {
    const data = ctx.floqast;
    const { list, from, to } = data.select({
      ...(startDate ? { startDate } : {}),
      ...(endDate ? { endDate } : {}),
      ...(apiKeyId !== undefined ? { apiKeyId } : {}),
    });
    // Newest first: position to-1 is the first item.
    let top = to - 1;
    if (cursor !== undefined) {
      const index = data.indexOf(cursor);
      const position = index === undefined ? -1 : findPosition(list, from, to, index);
      if (position < 0) return badRequest([{ field: 'page[cursor]', message: 'page[cursor] is invalid' }]);
      top = position;
    }
    items = [];
    let p = top;
    for (; p >= from && items.length < size; p--) items.push(data.item(list.at(p)));
    next = p >= from ? data.idOf(list.at(p)) : undefined;
  }
  const body: FloQastPage = { data: items, links: { self: link(params, items[0]?.id ?? cursor), next: next === undefined ? null : link(params, next) } };
  const page = jsonResponse(200, body);
  if (Buffer.byteLength(page.body as string) > ctx.settings.floQastMaxBodyBytes) {
    if (allowRedirect === 'true') return redirectToOtherOrigin(ctx, page);
    return errorResponse('floqast', request.path, 413);
  }
  return page;
}

/** The position of `index` in list[from, to), or -1. */
function findPosition(list: { at(p: number): number }, from: number, to: number, index: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.at(mid) < index) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && list.at(lo) === index ? lo : -1;
}

/** Handles a FloQast path; undefined when the path is not FloQast's. */
export function handleFloQast(request: SandboxRequest, ctx: SandboxContext): SandboxResponse | undefined {
  if (!request.path.startsWith('/api/v1/')) return undefined;
  if (request.headers['x-api-key'] !== DEMO.floqast.apiKey) return errorResponse('floqast', request.path, 401);
  if (request.method !== 'GET') return errorResponse('floqast', request.path, 405, { message: `Method ${request.method} is not allowed` });
  if (request.path === '/api/v1/me') return jsonResponse(200, { data: { apiKeyId: ctx.floqast.demoKey.id, userId: ctx.floqast.userId } });
  if (request.path === '/api/v1/audit-trail' || request.path === '/api/v1/audit-trail/') return auditTrail(request, ctx);
  return errorResponse('floqast', request.path, 404, { message: `Cannot GET ${request.path}` });
}
