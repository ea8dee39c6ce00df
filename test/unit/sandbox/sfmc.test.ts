import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, type SfmcAuditItem } from '../../../src/sandbox';
import { call, sfmcToken, useSandbox } from './helpers';

const sandbox = useSandbox();

async function rest<T = any>(path: string) {
  const s = sandbox();
  const token = await sfmcToken(s);
  return call<T>(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
}

test('token: client credentials give a Bearer token and a rest_instance_url on the sandbox', async () => {
  const s = sandbox();
  const a = await call<any>(`${s.url}/v2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: DEMO.sfmc.clientId, client_secret: DEMO.sfmc.clientSecret, account_id: DEMO.sfmc.accountId }),
  });
  assert.equal(a.status, 200);
  assert.deepEqual(Object.keys(a.json).sort(), ['access_token', 'expires_in', 'rest_instance_url', 'scope', 'soap_instance_url', 'token_type']);
  assert.equal(a.json.token_type, 'Bearer');
  assert.equal(a.json.expires_in, 1080);
  assert.equal(a.json.rest_instance_url, `${s.url}/`);
  assert.match(a.json.scope, /journeys_read/);
});

test('token: wrong secret, wrong account or wrong grant type are refused', async () => {
  const s = sandbox();
  const post = (body: object) => call<any>(`${s.url}/v2/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const wrongSecret = await post({ grant_type: 'client_credentials', client_id: DEMO.sfmc.clientId, client_secret: 'nope' });
  assert.equal(wrongSecret.status, 401);
  assert.equal(wrongSecret.json.error, 'invalid_client');
  const wrongAccount = await post({ grant_type: 'client_credentials', client_id: DEMO.sfmc.clientId, client_secret: DEMO.sfmc.clientSecret, account_id: '999' });
  assert.equal(wrongAccount.status, 401);
  const wrongGrant = await post({ grant_type: 'password', client_id: DEMO.sfmc.clientId, client_secret: DEMO.sfmc.clientSecret });
  assert.equal(wrongGrant.status, 400);
});

test('REST calls without a valid token get 401 in the SFMC error shape, code 0', async () => {
  const s = sandbox();
  for (const headers of [{}, { authorization: 'Bearer made-up' }, { authorization: `Bearer ${DEMO.liveperson.bearer}` }] as Record<string, string>[]) {
    const a = await call<any>(`${s.url}/interaction/v1/interactions`, { headers });
    assert.equal(a.status, 401);
    assert.deepEqual(Object.keys(a.json).sort(), ['documentation', 'errorcode', 'message']);
    assert.equal(a.json.errorcode, 0);
  }
});

test('journeys: pages of at most 50 cover every journey once, in the requested order', async () => {
  const s = sandbox();
  const truth = s.truth.sfmc.journeys();
  assert.ok(truth.length > 12, `${truth.length} journeys`);
  const seen: any[] = [];
  for (let page = 1; ; page++) {
    const a = await rest(`/interaction/v1/interactions?$page=${page}&$pageSize=7&$orderBy=Name%20ASC`);
    assert.equal(a.status, 200);
    assert.equal(a.json.count, truth.length);
    assert.equal(a.json.pageSize, 7);
    assert.deepEqual(a.json.links, {});
    if (!a.json.items) break;
    seen.push(...a.json.items);
  }
  assert.deepEqual(seen.map((j) => j.id).sort(), truth.map((j) => j.id).sort());
  const names = seen.map((j) => j.name);
  assert.deepEqual(names, [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  for (const j of seen) {
    const t = truth.find((x) => x.id === j.id)!;
    assert.equal(j.key, t.key);
    assert.equal(j.version, t.latestVersion);
    assert.equal(j.status, t.status);
    for (const field of ['id', 'key', 'name', 'description', 'version', 'status', 'createdDate', 'modifiedDate']) assert.ok(field in j, field);
  }
  const capped = await rest('/interaction/v1/interactions?$pageSize=500');
  assert.equal(capped.json.pageSize, 50);
});

test('journeys: every version with mostRecentVersionOnly=false, filters, and no items field when empty', async () => {
  const s = sandbox();
  const welcome = s.truth.sfmc.journey('key:welcome-series')!;
  const versions = await rest(`/interaction/v1/interactions?mostRecentVersionOnly=false&key=${welcome.key}`);
  assert.deepEqual(versions.json.items.map((j: any) => j.version).sort(), welcome.versions);
  assert.ok(versions.json.items.every((j: any) => j.id === welcome.id));
  const one = await rest(`/interaction/v1/interactions?versionNumber=2&key=${welcome.key}`);
  assert.deepEqual(one.json.items.map((j: any) => j.version), [2]);
  const byText = await rest('/interaction/v1/interactions?nameOrDescription=welcome%20SERIES');
  assert.ok(byText.json.items.some((j: any) => j.key === 'welcome-series'));
  const published = await rest('/interaction/v1/interactions?status=Published&$pageSize=50');
  assert.ok(published.json.items.length > 0 && published.json.items.every((j: any) => j.status === 'Published'));
  const none = await rest('/interaction/v1/interactions?nameOrDescription=no-such-journey-anywhere');
  assert.deepEqual(none.json, { count: 0, page: 1, pageSize: 50, links: {} });
  const bad = await rest('/interaction/v1/interactions?$orderBy=Colour%20DESC');
  assert.equal(bad.status, 400);
  assert.equal(typeof bad.json.errorcode, 'number');
});

async function allAuditPages(path: string, pageSize: number): Promise<{ items: SfmcAuditItem[]; envelopes: any[] }> {
  const items: SfmcAuditItem[] = [];
  const envelopes: any[] = [];
  for (let page = 1; page < 1000; page++) {
    const a = await rest(`${path}${path.includes('?') ? '&' : '?'}$page=${page}&$pageSize=${pageSize}`);
    assert.equal(a.status, 200, a.text);
    envelopes.push(a.json);
    const got = a.json.Items ?? a.json.items;
    items.push(...got);
    if (got.length < pageSize) break;
  }
  return { items, envelopes };
}

test('audit: every page together is the ground truth, in order, with no overlap, in either envelope', async () => {
  const s = sandbox();
  for (const j of s.truth.sfmc.journeys()) {
    const truth = s.truth.sfmc.auditItems(j.id);
    const { items, envelopes } = await allAuditPages(`/interaction/v1/interactions/${j.id}/audit/all`, 10);
    assert.deepEqual(items, truth, j.key);
    for (const e of envelopes) {
      if (j.envelope === 'pascal') {
        assert.deepEqual(Object.keys(e), ['Page', 'PageSize', 'Count', 'Items']);
        assert.equal(e.Count, truth.length + j.countExcess);
      } else {
        assert.deepEqual(Object.keys(e), ['count', 'page', 'pageSize', 'links', 'items']);
        assert.equal(e.count, truth.length + j.countExcess);
      }
    }
  }
});

test('audit: the high-volume journey spans several pages of 50 and its Count overstates the items by one', async () => {
  const s = sandbox();
  const big = s.truth.sfmc.journey('key:loyalty-program-nurture')!;
  assert.ok(big.auditCount >= 250, `${big.auditCount}`);
  assert.equal(big.envelope, 'lower');
  assert.equal(big.countExcess, 1);
  const { items, envelopes } = await allAuditPages('/interaction/v1/interactions/key:loyalty-program-nurture/audit/all', 50);
  assert.ok(envelopes.length >= 5);
  assert.equal(items.length, big.auditCount);
  assert.equal(envelopes[0].count, big.auditCount + 1);
});

test('audit: action and version filters; $pageSize only counts with $page', async () => {
  const s = sandbox();
  const big = s.truth.sfmc.journey('key:loyalty-program-nurture')!;
  const noPage = await rest(`/interaction/v1/interactions/${big.id}/audit/all?$pageSize=5`);
  assert.equal(noPage.json.items.length, 50);
  assert.equal(noPage.json.pageSize, 50);
  const welcome = s.truth.sfmc.journey('key:welcome-series')!;
  for (const action of ['create', 'modify', 'publish', 'unpublish', 'delete'] as const) {
    const a = await rest(`/interaction/v1/interactions/${welcome.id}/audit/${action}`);
    const expected = s.truth.sfmc.auditItems(welcome.id, { action });
    assert.deepEqual(a.json.Items, expected);
    assert.ok(expected.every((i) => i.action.toLowerCase() === action));
  }
  const all = s.truth.sfmc.auditItems(welcome.id);
  assert.ok(all.some((i) => i.action === 'Stop'), 'Stop items come under all');
  const v4 = await rest(`/interaction/v1/interactions/${welcome.id}/audit/all?versionNumber=4`);
  assert.deepEqual(v4.json.Items, all.filter((i) => i.versionNumber === 4));
  assert.deepEqual(v4.json.Items, s.truth.sfmc.auditItems(welcome.id, { version: 4 }));
  const latest = await rest(`/interaction/v1/interactions/${welcome.id}/audit/all?mostRecentVersionOnly=true`);
  assert.deepEqual(latest.json.Items, all.filter((i) => i.versionNumber === welcome.latestVersion));
  const running = await rest(`/interaction/v1/interactions/${welcome.id}/audit/all?mostRecentVersionOrRunningOnly=true`);
  const runningVersions = new Set([welcome.latestVersion, ...welcome.versions.filter((v) => welcome.versionStatus[v] === 'Published')]);
  assert.deepEqual(running.json.Items, all.filter((i) => runningVersions.has(i.versionNumber)));
});

test('audit: a missing version, exclusive flags, unknown journeys and actions answer in the SFMC error shape', async () => {
  const s = sandbox();
  const welcome = s.truth.sfmc.journey('key:welcome-series')!;
  assert.deepEqual(welcome.missingVersions, [3]);
  const missing = await rest(`/interaction/v1/interactions/${welcome.id}/audit/all?versionNumber=3`);
  assert.equal(missing.status, 404);
  assert.deepEqual(Object.keys(missing.json).sort(), ['documentation', 'errorcode', 'message']);
  assert.match(missing.json.message, /Version 3/);
  for (const q of [
    'mostRecentVersionOnly=true&mostRecentVersionOrRunningOnly=true',
    'versionNumber=2&mostRecentVersionOnly=true',
    'versionNumber=2&mostRecentVersionOrRunningOnly=true',
    'versionNumber=two',
  ]) {
    const a = await rest(`/interaction/v1/interactions/${welcome.id}/audit/all?${q}`);
    assert.equal(a.status, 400, q);
    assert.ok(a.json.errorcode >= 10000 && a.json.errorcode <= 10006, q);
  }
  assert.equal((await rest('/interaction/v1/interactions/no-such-id/audit/all')).status, 404);
  assert.equal((await rest(`/interaction/v1/interactions/${welcome.id}/audit/everything`)).status, 400);
});

test('definitions: each version has one; a missing version is an error; versions differ; a failed version shows its defect', async () => {
  const s = sandbox();
  const welcome = s.truth.sfmc.journey('key:welcome-series')!;
  const defs = new Map<number, any>();
  for (const v of welcome.versions) {
    const a = await rest(`/interaction/v1/interactions/key:welcome-series?versionNumber=${v}`);
    assert.equal(a.status, 200);
    for (const field of ['id', 'key', 'name', 'version', 'status', 'activities', 'triggers', 'goals', 'modifiedDate']) assert.ok(field in a.json, field);
    assert.equal(a.json.version, v);
    assert.equal(a.json.id, welcome.id);
    assert.deepEqual(a.json, s.truth.sfmc.definition(welcome.id, v));
    defs.set(v, a.json);
  }
  const missing = await rest(`/interaction/v1/interactions/${welcome.id}?versionNumber=3`);
  assert.equal(missing.status, 404);
  assert.ok('errorcode' in missing.json);
  const latest = await rest(`/interaction/v1/interactions/${welcome.id}`);
  assert.equal(latest.json.version, welcome.latestVersion);
  // v5 failed with "An entry event must be configured…": its definition has no trigger; v4 (published) has one.
  assert.equal(welcome.latestPublishFailed, true);
  assert.deepEqual(defs.get(5).triggers, []);
  assert.equal(defs.get(4).triggers.length, 1);
  assert.equal(defs.get(4).status, 'Published');
  assert.notDeepEqual(defs.get(4).activities, defs.get(2).activities);
});

test('content: publish errors, successes, stops with ContactsEjected, both id casings, many users, 1 to 7 fraction digits', async () => {
  const s = sandbox();
  const items = s.truth.sfmc.journeys().flatMap((j) => s.truth.sfmc.auditItems(j.id));
  const actions = new Set(items.map((i) => i.action));
  for (const a of ['Create', 'Modify', 'Publish', 'Unpublish', 'Stop', 'Delete']) assert.ok(actions.has(a as never), a);
  const errors = items.flatMap((i) => i.errors ?? []);
  assert.ok(errors.some((e) => e.ErrorCode === 'VALIDATE_GENERAL_EXCEPTION' && e.ErrorDetail === 'An entry event must be configured before activation can be successful'));
  assert.ok(errors.some((e) => e.ErrorCode === 'Salesforce_JB_Triggers_Error' && /DUPLICATE_VALUE/.test(e.ErrorDetail)));
  const publishes = items.filter((i) => i.action === 'Publish');
  assert.ok(publishes.every((p) => p.publishStatus === 'Error' ? (p.errors?.length ?? 0) > 0 : p.errors === undefined));
  assert.ok(publishes.some((p) => p.publishStatus === 'PublishCompleted'));
  assert.ok(publishes.some((p) => 'PublishRequestId' in p) && publishes.some((p) => 'publishRequestId' in p));
  assert.ok(items.some((i) => 'UserId' in i.user) && items.some((i) => 'userId' in i.user));
  assert.ok(items.filter((i) => i.action === 'Stop').every((i) => typeof i.ContactsEjected === 'number' && i.executionMode === undefined));
  assert.ok(new Set(items.map((i) => i.user.name)).size >= 10);
  const digits = new Set(items.map((i) => /\.(\d+)$/.exec(i.timeStamp)?.[1]?.length));
  for (let d = 1; d <= 7; d++) assert.ok(digits.has(d), `${d} fraction digits`);
  assert.ok(items.every((i) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{1,7}$/.test(i.timeStamp)));
  // Served oldest first, as the seed lists Create before Publish; all before the anchor (in UTC−06:00).
  for (const j of s.truth.sfmc.journeys()) {
    const stamps = s.truth.sfmc.auditItems(j.id).map((i) => i.timeStamp);
    assert.deepEqual(stamps, [...stamps].sort(), j.key);
  }
  assert.ok(items.every((i) => i.timeStamp < '2025-06-30T12:00:00'));
  // Two Salesforce-triggered journeys were published in parallel and collided.
  const dup = publishes.filter((p) => p.errors?.some((e) => e.ErrorCode === 'Salesforce_JB_Triggers_Error'));
  assert.ok(new Set(dup.map((p) => p.key)).size >= 2);
});

test('insert appends newer Modify items to the latest version', async () => {
  const s = sandbox();
  const j = s.truth.sfmc.journey('key:case-follow-up-sf')!;
  const before = s.truth.sfmc.auditItems(j.id);
  const added = s.truth.sfmc.insert(j.id, 2);
  const after = s.truth.sfmc.auditItems(j.id);
  assert.deepEqual(after, [...before, ...added]);
  assert.ok(added.every((i) => i.action === 'Modify' && i.versionNumber === j.latestVersion));
  assert.ok(added[0]!.timeStamp > before[before.length - 1]!.timeStamp);
  const a = await rest(`/interaction/v1/interactions/${j.id}/audit/all`);
  assert.deepEqual(a.json.Items ?? a.json.items, after);
});
