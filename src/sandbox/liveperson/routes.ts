/**
 * LivePerson: the Domain API, user login, the sentinel app token, the
 * GraphQL audit call and the Users API. All of them live on the sandbox's one
 * origin; the Domain API returns that origin's `host:port` as every
 * service's `baseURI`.
 */
import { DEMO } from '../demoCredentials';
import type { SandboxContext } from '../context';
import { errorResponse } from '../errorShapes';
import { bearerOf, fieldsOfBody, jsonBody, jsonResponse, rawJsonResponse, type SandboxRequest, type SandboxResponse } from '../http';
import { LIVEPERSON_SEED_BODY } from '../fixtures/livePersonSeed';
import { decodeSegment } from '../params';
import { AuditQueryError, parseAuditQuery } from './auditQuery';
import { selectFields } from './data';

const LOGIN_TTL_SECONDS = 3600;
const APP_TOKEN_TTL_SECONDS = 3600;
const DEFAULT_FIRST = 50;
/** Service names are case-sensitive, as on the real Domain API. */
const SERVICES = new Set(['accountConfigReadOnly', 'accountConfigReadWrite', 'agentVep', 'sentinel', 'leDataReporting', 'msgHist', 'asyncMessagingEnt']);

function lpError(request: SandboxRequest, status: number, message?: string): SandboxResponse {
  return errorResponse('liveperson', request.path, status, message !== undefined ? { message } : {});
}

function authorized(request: SandboxRequest, ctx: SandboxContext, account: string): boolean {
  const token = bearerOf(request);
  return token === DEMO.liveperson.bearer || ctx.tokens.isValid(token, 'liveperson', account);
}

function domain(request: SandboxRequest, ctx: SandboxContext, account: string, service: string): SandboxResponse {
  if (request.method !== 'GET') return lpError(request, 405, 'Use GET');
  if (!SERVICES.has(service)) return lpError(request, 404, `Unknown service name "${service}"`);
  return jsonResponse(200, { service, account, baseURI: ctx.hostPort });
}

function login(request: SandboxRequest, ctx: SandboxContext, account: string): SandboxResponse {
  if (request.method !== 'POST') return lpError(request, 405, 'Use POST');
  const body = fieldsOfBody(request);
  if (!body) return lpError(request, 400, 'The request body must be JSON with username and password');
  if (body.username !== DEMO.liveperson.username || body.password !== DEMO.liveperson.password) {
    return jsonResponse(401, { error: 'invalid_credentials', error_description: 'Login failed: wrong username or password' });
  }
  const lifetime = ctx.settings.tokenLifetimeSeconds ?? LOGIN_TTL_SECONDS;
  const bearer = ctx.tokens.issue('liveperson', lifetime, account);
  return jsonResponse(200, {
    csrf: bearer.slice(-24),
    wasAlreadyLoggedIn: false,
    bearer,
    // The live API sends the session lifetime in milliseconds, as a string.
    sessionTTl: String(lifetime * 1000),
    config: { userId: '1000000001', loginName: DEMO.liveperson.username, accountId: account, isLPA: false },
    accountData: { agentGroupsData: { items: [{ id: -1, deleted: false, name: 'Main Group' }] } },
  });
}

function appToken(request: SandboxRequest, ctx: SandboxContext, account: string): SandboxResponse {
  if (request.method !== 'POST') return lpError(request, 405, 'Use POST');
  const body = fieldsOfBody(request) ?? {};
  if (body.grant_type !== 'client_credentials') {
    return jsonResponse(400, { error: 'unsupported_grant_type', error_description: 'grant_type must be client_credentials' });
  }
  if (body.client_id !== DEMO.liveperson.clientId || body.client_secret !== DEMO.liveperson.clientSecret) {
    return jsonResponse(401, { error: 'invalid_client', error_description: 'Client authentication failed' });
  }
  const lifetime = ctx.settings.tokenLifetimeSeconds ?? APP_TOKEN_TTL_SECONDS;
  return jsonResponse(200, {
    access_token: ctx.tokens.issue('liveperson', lifetime, account),
    token_type: 'Bearer',
    expires_in: lifetime,
  });
}

function graphqlError(message: string): SandboxResponse {
  // GraphQL errors arrive with HTTP 200, as the contract warns.
  return jsonResponse(200, { errors: [{ message, extensions: { classification: 'ValidationError' } }], data: null });
}

function audit(request: SandboxRequest, ctx: SandboxContext, account: string): SandboxResponse {
  if (request.method !== 'POST') return lpError(request, 405, 'Use POST');
  if (!authorized(request, ctx, account)) return lpError(request, 401);
  const body = jsonBody(request);
  if (!body || typeof body !== 'object' || Array.isArray(body)) return lpError(request, 400, 'The request body must be a JSON object with a "query" field');
  const { query, variables } = body as { query?: unknown; variables?: unknown };
  let parsed;
  try {
    parsed = parseAuditQuery(query, variables);
  } catch (e) {
    if (e instanceof AuditQueryError) return graphqlError(e.message);
    throw e;
  }
  if (parsed.isSeedExample) return rawJsonResponse(200, LIVEPERSON_SEED_BODY, { 'x-total-count': '6' });

  const { args } = parsed;
  const data = ctx.liveperson.account(account);
  const { list, from, to } = data.select(args);
  const first = Math.min(args.first ?? DEFAULT_FIRST, ctx.settings.livePersonMaxFirst);
  const offset = args.offset ?? 0;
  const descending = (args.orderDirection?.[0] ?? 'DESC') === 'DESC';
  const timezone = args.timezone ?? 'US/Eastern';
  const items: Record<string, unknown>[] = [];
  for (let k = 0; k < first; k++) {
    const position = descending ? to - 1 - offset - k : from + offset + k;
    if (position < from || position >= to) break;
    items.push(selectFields(data.item(list.at(position), timezone), parsed.fields));
  }
  const total = ctx.settings.livePersonTotalCount === 'page' ? items.length : to - from;
  return jsonResponse(200, { data: { [parsed.responseKey]: items } }, { 'x-total-count': String(total) });
}

function users(request: SandboxRequest, ctx: SandboxContext, account: string): SandboxResponse {
  if (request.method !== 'GET') return lpError(request, 405, 'Use GET');
  if (!authorized(request, ctx, account)) return lpError(request, 401);
  return jsonResponse(200, ctx.liveperson.account(account).users);
}

/** Handles a LivePerson path; undefined when the path is not LivePerson's. */
export function handleLivePerson(request: SandboxRequest, ctx: SandboxContext): SandboxResponse | undefined {
  const path = request.path;
  let m = /^\/sentinel\/api\/(?:v2\/)?account\/([^/]+)\/app\/token\/?$/.exec(path);
  if (m) return validAccount(m[1]!) ? appToken(request, ctx, m[1]!) : lpError(request, 400, 'Invalid account id');
  if (path.startsWith('/sentinel/')) return lpError(request, 404, 'Not found');
  m = /^\/api\/account\/([^/]+)\/(.*?)\/?$/.exec(path);
  if (!m) return undefined;
  const account = m[1]!;
  const rest = m[2]!;
  if (!validAccount(account)) return lpError(request, 400, 'Invalid account id');
  let s = /^service\/([^/]+)\/baseURI\.json$/.exec(rest);
  if (s) return domain(request, ctx, account, decodeSegment(s[1]!) ?? s[1]!);
  if (rest === 'login') return login(request, ctx, account);
  if (rest === 'configuration/metadata/audit') return audit(request, ctx, account);
  s = /^configuration\/le-users\/users$/.exec(rest);
  if (s) return users(request, ctx, account);
  return lpError(request, 404, 'Not found');
}

function validAccount(account: string): boolean {
  return /^[A-Za-z0-9]{1,32}$/.test(account);
}
