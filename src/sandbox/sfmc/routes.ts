/**
 * SFMC: `POST /v2/token`, `GET /interaction/v1/interactions` (journeys),
 * `GET /interaction/v1/interactions/{id|key:KEY}` (a version's definition)
 * and `GET /interaction/v1/interactions/{id|key:KEY}/audit/{action}`.
 */
import { DEMO } from '../demoCredentials';
import type { SandboxContext } from '../context';
import { errorResponse } from '../errorShapes';
import { bearerOf, fieldsOfBody, jsonResponse, rawJsonResponse, type SandboxRequest, type SandboxResponse } from '../http';
import { boolParam, decodeSegment, intParam, ParamError } from '../params';
import { SFMC_SEED_AUDIT_BODY } from '../fixtures/sfmcSeed';
import type { JourneyModel } from './data';
import type { SfmcAuditPathAction, SfmcJourneySummary } from './types';

const TOKEN_LIFETIME_SECONDS = 1080;
const MAX_PAGE_SIZE = 50;
const AUDIT_ACTIONS: readonly SfmcAuditPathAction[] = ['all', 'create', 'modify', 'publish', 'unpublish', 'delete'];
export const SFMC_SCOPES = 'automations_read journeys_read list_and_subscribers_read data_extensions_read';

function sfmcError(request: SandboxRequest, status: number, message: string, code?: number): SandboxResponse {
  return errorResponse('sfmc', request.path, status, { message, ...(code !== undefined ? { code } : {}) });
}

function token(request: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  if (request.method !== 'POST') return sfmcError(request, 405, 'Use POST');
  const body = fieldsOfBody(request);
  if (!body) return errorResponse('sfmc', request.path, 400, { message: 'The request body must be JSON' });
  if (body.grant_type !== 'client_credentials') {
    return jsonResponse(400, { error: 'unsupported_grant_type', error_description: 'Use "grant_type": "client_credentials"', error_uri: 'https://developer.salesforce.com/docs' });
  }
  if (body.client_id !== DEMO.sfmc.clientId || body.client_secret !== DEMO.sfmc.clientSecret) {
    return jsonResponse(401, { error: 'invalid_client', error_description: 'Client authentication failed.', error_uri: 'https://developer.salesforce.com/docs' });
  }
  if (body.account_id !== undefined && body.account_id !== DEMO.sfmc.accountId) {
    return jsonResponse(401, { error: 'invalid_client', error_description: 'The client is not authorized for this account_id.', error_uri: 'https://developer.salesforce.com/docs' });
  }
  const lifetime = ctx.settings.tokenLifetimeSeconds ?? TOKEN_LIFETIME_SECONDS;
  return jsonResponse(200, {
    access_token: ctx.tokens.issue('sfmc', lifetime),
    token_type: 'Bearer',
    expires_in: lifetime,
    scope: body.scope ?? SFMC_SCOPES,
    soap_instance_url: `${ctx.url}/`,
    rest_instance_url: `${ctx.url}/`,
  });
}

const ORDER_FIELDS: Record<string, keyof SfmcJourneySummary> = {
  name: 'name',
  modifieddate: 'modifiedDate',
  createddate: 'createdDate',
  version: 'version',
  status: 'status',
};

function listJourneys(request: SandboxRequest, ctx: SandboxContext): SandboxResponse {
  const q = request.query;
  const page = intParam(q, '$page', { min: 1 }) ?? 1;
  const pageSize = Math.min(intParam(q, '$pageSize', { min: 1 }) ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const orderBy = (q.get('$orderBy') ?? 'ModifiedDate DESC').trim();
  const m = /^(\w+)(?:\s+(ASC|DESC))?$/i.exec(orderBy);
  const field = m ? ORDER_FIELDS[m[1]!.toLowerCase()] : undefined;
  if (!m || !field) throw new ParamError('$orderBy', `Invalid $orderBy "${orderBy}": use Name, ModifiedDate, CreatedDate, Version or Status, then ASC or DESC`);
  const direction = (m[2] ?? 'ASC').toUpperCase() === 'DESC' ? -1 : 1;
  const mostRecentVersionOnly = boolParam(q, 'mostRecentVersionOnly') ?? true;
  const versionNumber = intParam(q, 'versionNumber', { min: 1 });
  const status = q.get('status');
  const text = q.get('nameOrDescription')?.toLowerCase();
  const id = q.get('id');
  const key = q.get('key');

  const rows: SfmcJourneySummary[] = [];
  for (const journey of ctx.sfmc.journeys) {
    if (id && journey.id !== id) continue;
    if (key && journey.key !== key) continue;
    if (text && !journey.name.toLowerCase().includes(text) && !journey.description.toLowerCase().includes(text)) continue;
    const versions =
      versionNumber !== undefined
        ? journey.versions.filter((v) => v.version === versionNumber)
        : mostRecentVersionOnly
          ? [ctx.sfmc.latest(journey)]
          : journey.versions;
    for (const v of versions) {
      if (status && v.status.toLowerCase() !== status.toLowerCase()) continue;
      rows.push(ctx.sfmc.summary(journey, v));
    }
  }
  rows.sort((a, b) => {
    const x = a[field] as string | number;
    const y = b[field] as string | number;
    if (x !== y) return (x < y ? -1 : 1) * direction;
    if (a.key !== b.key) return a.key < b.key ? -1 : 1;
    return b.version - a.version;
  });
  const slice = rows.slice((page - 1) * pageSize, page * pageSize);
  // The live API leaves `items` out of an empty answer.
  return jsonResponse(200, { count: rows.length, page, pageSize, links: {}, ...(slice.length ? { items: slice } : {}) });
}

function findJourney(request: SandboxRequest, ctx: SandboxContext, segment: string): JourneyModel | SandboxResponse {
  const idOrKey = decodeSegment(segment);
  const journey = idOrKey === undefined ? undefined : ctx.sfmc.find(idOrKey);
  if (!journey) return sfmcError(request, 404, `Journey "${idOrKey ?? segment}" was not found.`, 30000);
  return journey;
}

function definition(request: SandboxRequest, ctx: SandboxContext, journey: JourneyModel): SandboxResponse {
  const versionNumber = intParam(request.query, 'versionNumber', { min: 1 }) ?? ctx.sfmc.latest(journey).version;
  const def = ctx.sfmc.definition(journey, versionNumber);
  if (!def) return sfmcError(request, 404, `Version ${versionNumber} of journey "${journey.key}" was not found.`, 30003);
  return jsonResponse(200, def);
}

function audit(request: SandboxRequest, ctx: SandboxContext, journey: JourneyModel, actionSegment: string): SandboxResponse {
  const action = actionSegment.toLowerCase() as SfmcAuditPathAction;
  if (!AUDIT_ACTIONS.includes(action)) {
    return sfmcError(request, 400, `Invalid action "${actionSegment}": use all, create, modify, publish, unpublish or delete.`, 10001);
  }
  const q = request.query;
  const versionNumber = intParam(q, 'versionNumber', { min: 1 });
  const mostRecentVersionOnly = boolParam(q, 'mostRecentVersionOnly') ?? false;
  const mostRecentVersionOrRunningOnly = boolParam(q, 'mostRecentVersionOrRunningOnly') ?? false;
  if (mostRecentVersionOnly && mostRecentVersionOrRunningOnly) {
    return sfmcError(request, 400, 'mostRecentVersionOnly and mostRecentVersionOrRunningOnly cannot be used together.', 10003);
  }
  if (versionNumber !== undefined && (mostRecentVersionOnly || mostRecentVersionOrRunningOnly)) {
    return sfmcError(request, 400, 'versionNumber cannot be combined with mostRecentVersionOnly or mostRecentVersionOrRunningOnly.', 10003);
  }
  if (versionNumber !== undefined && !ctx.sfmc.version(journey, versionNumber)) {
    return sfmcError(request, 404, `Version ${versionNumber} of journey "${journey.key}" was not found.`, 30003);
  }
  const pageParam = intParam(q, '$page', { min: 1 });
  const page = pageParam ?? 1;
  // $pageSize is honoured only together with $page, as documented.
  const pageSize = pageParam === undefined ? MAX_PAGE_SIZE : Math.min(intParam(q, '$pageSize', { min: 1 }) ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const items = ctx.sfmc.auditItems(journey, action, {
    ...(versionNumber !== undefined ? { versionNumber } : {}),
    mostRecentVersionOnly,
    mostRecentVersionOrRunningOnly,
  });
  if (journey.origin === 'seed' && action === 'all' && page === 1 && pageSize === MAX_PAGE_SIZE) {
    return rawJsonResponse(200, SFMC_SEED_AUDIT_BODY);
  }
  const slice = items.slice((page - 1) * pageSize, page * pageSize);
  const count = items.length + journey.countExcess;
  if (journey.envelope === 'pascal') return jsonResponse(200, { Page: page, PageSize: pageSize, Count: count, Items: slice });
  return jsonResponse(200, { count, page, pageSize, links: {}, items: slice });
}

/** Handles an SFMC path; undefined when the path is not SFMC's. */
export function handleSfmc(request: SandboxRequest, ctx: SandboxContext): SandboxResponse | undefined {
  if (request.path === '/v2/token') return token(request, ctx);
  const m = /^\/interaction\/v1\/interactions\/?(?:([^/]+)(?:\/audit\/([^/]+))?)?\/?$/.exec(request.path);
  if (!m) return request.path.startsWith('/interaction/') ? sfmcError(request, 404, 'Resource not found', 10002) : undefined;
  if (request.method !== 'GET') return sfmcError(request, 405, 'Use GET', 10001);
  if (!ctx.tokens.isValid(bearerOf(request), 'sfmc')) return errorResponse('sfmc', request.path, 401);
  try {
    if (!m[1]) return listJourneys(request, ctx);
    const journey = findJourney(request, ctx, m[1]);
    if (!('id' in journey)) return journey;
    if (m[2] === undefined) return definition(request, ctx, journey);
    return audit(request, ctx, journey, m[2]);
  } catch (e) {
    if (e instanceof ParamError) return sfmcError(request, 400, e.message, 10001);
    throw e;
  }
}
