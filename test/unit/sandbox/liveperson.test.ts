import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, LIVEPERSON_FIELDS } from '../../../src/sandbox';
import { ALL_LP_FIELDS, call, LP_ACCOUNT, lpAudit, useSandbox } from './helpers';

const sandbox = useSandbox({ scale: 1200 });

test('Domain API: every service the client needs resolves to the sandbox host:port; unknown names are 404', async () => {
  const s = sandbox();
  for (const service of ['accountConfigReadOnly', 'agentVep', 'sentinel']) {
    const a = await call<any>(`${s.url}/api/account/${LP_ACCOUNT}/service/${service}/baseURI.json?version=1.0`);
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, { service, account: LP_ACCOUNT, baseURI: new URL(s.url).host });
  }
  const wrongCase = await call(`${s.url}/api/account/${LP_ACCOUNT}/service/AccountConfigReadOnly/baseURI.json?version=1.0`);
  assert.equal(wrongCase.status, 404);
});

test('login and app token issue bearer tokens the audit call accepts; wrong credentials are refused', async () => {
  const s = sandbox();
  const login = await call<any>(`${s.url}/api/account/${LP_ACCOUNT}/login?v=1.3`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DEMO.liveperson.username, password: DEMO.liveperson.password }),
  });
  assert.equal(login.status, 200);
  for (const field of ['bearer', 'csrf', 'sessionTTl']) assert.ok(login.json[field], field);
  assert.ok(Number(login.json.sessionTTl) > 0);
  const app = await call<any>(`${s.url}/sentinel/api/account/${LP_ACCOUNT}/app/token?v=1.0`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: DEMO.liveperson.clientId, client_secret: DEMO.liveperson.clientSecret, grant_type: 'client_credentials' }).toString(),
  });
  assert.equal(app.status, 200);
  assert.equal(app.json.token_type, 'Bearer');
  assert.ok(app.json.expires_in > 0);
  for (const bearer of [login.json.bearer, app.json.access_token]) {
    const a = await lpAudit(s, `{auditData(first: 1) { objectType }}`, { bearer });
    assert.equal(a.status, 200);
    assert.equal(a.json.data.auditData.length, 1);
    // Tokens belong to their account.
    assert.equal((await lpAudit(s, `{auditData(first: 1) { objectType }}`, { bearer, account: '999' })).status, 401);
  }
  const badLogin = await call(`${s.url}/api/account/${LP_ACCOUNT}/login?v=1.3`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: DEMO.liveperson.username, password: 'wrong' }),
  });
  assert.equal(badLogin.status, 401);
  const badApp = await call(`${s.url}/sentinel/api/account/${LP_ACCOUNT}/app/token?v=1.0`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: DEMO.liveperson.clientId, client_secret: 'wrong', grant_type: 'client_credentials' }).toString(),
  });
  assert.equal(badApp.status, 401);
  const refused = await lpAudit(s, `{auditData(first: 1) { objectType }}`, { bearer: 'not-a-token' });
  assert.equal(refused.status, 401);
  assert.equal(refused.json.code, 401);
  assert.equal(typeof refused.json.message, 'string');
});

test('paging with first/offset over the default query gives exactly the ground truth, newest first', async () => {
  const s = sandbox();
  const truth = s.truth.liveperson.query(LP_ACCOUNT, { timezone: 'UTC' });
  assert.ok(truth.length > 1000);
  const got: any[] = [];
  for (let offset = 0; ; offset += 250) {
    const a = await lpAudit(s, `{auditData(first: 250, offset: ${offset}, orderBy: ["changeTimestamp"], orderDirection: ["DESC"], timezone: "UTC") { ${ALL_LP_FIELDS} }}`);
    assert.equal(a.status, 200);
    assert.equal(a.headers.get('x-total-count'), String(truth.length));
    got.push(...a.json.data.auditData);
    if (a.json.data.auditData.length < 250) break;
  }
  assert.deepEqual(got, truth);
  assert.deepEqual(Object.keys(got[0] as object), [...LIVEPERSON_FIELDS]);
  const times = got.map((i) => i.changeDate);
  assert.deepEqual(times, [...times].sort().reverse());
});

test('the server honours a smaller first than asked (500 by default); the default first is 50', async () => {
  const s = sandbox();
  assert.equal(s.truth.liveperson.maxFirst, 500);
  const big = await lpAudit(s, `{auditData(first: 900, lpa: true, automaticUpdates: true) { changeDate }}`);
  assert.equal(big.json.data.auditData.length, 500);
  const dflt = await lpAudit(s, `{auditData(lpa: true) { changeDate }}`);
  assert.equal(dflt.json.data.auditData.length, 50);
});

test('lists accept enum literals and strings; ASC order; single values coerce to lists', async () => {
  const s = sandbox();
  const asEnums = await lpAudit(s, `{auditData(first: 20, orderBy: [changeTimestamp], orderDirection: [ASC], componentTypes: [Users, Skills]) { objectType changeDate }}`);
  const asStrings = await lpAudit(s, `{auditData(first: 20, orderBy: ["changeTimestamp"], orderDirection: ["ASC"], componentTypes: ["Users", "Skills"]) { objectType changeDate }}`);
  const single = await lpAudit(s, `{auditData(first: 20, orderBy: "changeTimestamp", orderDirection: ASC, componentTypes: ["Users", "Skills"]) { objectType changeDate }}`);
  assert.equal(asEnums.status, 200);
  assert.deepEqual(asEnums.json, asStrings.json);
  assert.deepEqual(single.json, asStrings.json);
  const items = asStrings.json.data.auditData;
  assert.ok(items.every((i: any) => i.objectType === 'Users' || i.objectType === 'Skills'));
  const expected = s.truth.liveperson.query(LP_ACCOUNT, { componentTypes: ['Users', 'Skills'], orderDirection: ['ASC'] }, { fields: ['objectType', 'changeDate'] }).slice(0, 20);
  assert.deepEqual(items, expected);
  const times = items.map((i: any) => i.changeDate);
  assert.deepEqual(times, [...times].sort());
});

test('filters: dates (inclusive days in the request zone), users, component types, lpa and automatic updates', async () => {
  const s = sandbox();
  const all = s.truth.liveperson.items(LP_ACCOUNT, { timezone: 'UTC' });
  const lpaItems = all.filter((i) => i.originatorIsLpa);
  const automatic = all.filter((i) => i.originatorLoginName === 'automatic.update');
  assert.ok(lpaItems.length > 0 && automatic.length > 0);
  const q = (args: string, fields = 'originatorLoginName originatorIsLpa objectType changeDate') =>
    lpAudit(s, `{auditData(first: 500, timezone: "UTC"${args ? `, ${args}` : ''}) { ${fields} }}`).then((a) => a.json.data.auditData as any[]);

  const dflt = await q('');
  assert.ok(dflt.length > 0 && dflt.every((i) => !i.originatorIsLpa && i.originatorLoginName !== 'automatic.update'));
  const withLpa = await q('lpa: true, automaticUpdates: true');
  assert.ok(withLpa.some((i) => i.originatorIsLpa) && withLpa.some((i) => i.originatorLoginName === 'automatic.update'));

  const day = all[Math.floor(all.length / 3)]!.changeDate.slice(0, 10);
  const oneDay = all.filter((i) => i.changeDate.startsWith(day) && !i.originatorIsLpa && i.originatorLoginName !== 'automatic.update');
  const got = await q(`fromDate: "${day}", toDate: "${day}"`, ALL_LP_FIELDS);
  assert.deepEqual(got, oneDay);
  assert.ok(got.length > 0);

  const login = all.find((i) => !i.originatorIsLpa && i.originatorLoginName !== 'automatic.update')!.originatorLoginName;
  const byUser = await q(`users: ["${login}"]`);
  assert.ok(byUser.length > 0 && byUser.every((i) => i.originatorLoginName === login));
  assert.equal(byUser.length, s.truth.liveperson.query(LP_ACCOUNT, { users: [login] }).length);

  const types = await q('componentTypes: ["Agent Groups"]');
  assert.ok(types.length > 0 && types.every((i) => i.objectType === 'Agent Groups'));
});

test('changeDate is written in the request timezone (US/Eastern by default, with daylight saving)', async () => {
  const s = sandbox();
  const utc = s.truth.liveperson.items(LP_ACCOUNT, { timezone: 'UTC' });
  const eastern = s.truth.liveperson.items(LP_ACCOUNT);
  const hours = (a: string, b: string) => (Date.parse(`${a.replace(' ', 'T').slice(0, 19)}Z`) - Date.parse(`${b.replace(' ', 'T').slice(0, 19)}Z`)) / 3_600_000;
  const jan = utc.findIndex((i) => /^\d{4}-01-/.test(i.changeDate));
  const jul = utc.findIndex((i) => /^\d{4}-07-/.test(i.changeDate));
  assert.ok(jan >= 0 && jul >= 0);
  assert.equal(hours(utc[jan]!.changeDate, eastern[jan]!.changeDate), 5);
  assert.equal(hours(utc[jul]!.changeDate, eastern[jul]!.changeDate), 4);
  assert.match(eastern[0]!.changeDate, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.0$/);
  const dflt = await lpAudit(s, `{auditData(first: 3, lpa: true, automaticUpdates: true) { changeDate }}`);
  assert.deepEqual(dflt.json.data.auditData.map((i: any) => i.changeDate), eastern.slice(0, 3).map((i) => i.changeDate));
  const tokyo = await lpAudit(s, `{auditData(first: 1, lpa: true, automaticUpdates: true, timezone: "Asia/Tokyo") { changeDate }}`);
  assert.equal(hours(tokyo.json.data.auditData[0].changeDate, utc[0]!.changeDate), 9);
});

test('only the selected fields come back, in the selected order, under aliases too; variables work', async () => {
  const s = sandbox();
  const a = await lpAudit(s, `{audit: auditData(first: 2) { changeDate type: objectType actionType }}`);
  assert.deepEqual(Object.keys(a.json.data), ['audit']);
  for (const item of a.json.data.audit) assert.deepEqual(Object.keys(item), ['changeDate', 'type', 'actionType']);
  const v = await lpAudit(s, `query Q($n: Int, $types: [String]) { auditData(first: $n, componentTypes: $types) { objectType } }`, { variables: { n: 3, types: ['Skills'] } });
  assert.equal(v.json.data.auditData.length, 3);
  assert.ok(v.json.data.auditData.every((i: any) => i.objectType === 'Skills'));
});

test('invalid arguments and fields are GraphQL errors sent with HTTP 200 and data null', async () => {
  const s = sandbox();
  for (const query of [
    '{auditData(first: "ten") { changeDate }}',
    '{auditData(first: -1) { changeDate }}',
    '{auditData(fromDate: "2024/01/01") { changeDate }}',
    '{auditData(toDate: "2024-02-30") { changeDate }}',
    '{auditData(orderDirection: [SIDEWAYS]) { changeDate }}',
    '{auditData(orderBy: ["objectName"]) { changeDate }}',
    '{auditData(timezone: "Mars/Olympus") { changeDate }}',
    '{auditData(lpa: "yes") { changeDate }}',
    '{auditData(colour: "red") { changeDate }}',
    '{auditData(first: 1) { changeDate password }}',
    '{auditData(first: 1) }',
    '{somethingElse { id }}',
    '{auditData(first: 1) { changeDate',
    'mutation { auditData { changeDate } }',
  ]) {
    const a = await lpAudit(s, query);
    assert.equal(a.status, 200, query);
    assert.equal(a.json.data, null, query);
    assert.equal(a.json.errors.length, 1, query);
    assert.equal(typeof a.json.errors[0].message, 'string', query);
  }
  const notJson = await call(`${s.url}/api/account/${LP_ACCOUNT}/configuration/metadata/audit`, {
    method: 'POST',
    headers: { authorization: `Bearer ${DEMO.liveperson.bearer}`, 'content-type': 'application/json' },
    body: '{not json',
  });
  assert.equal(notJson.status, 400);
});

test('X-Total-Count is the match count, and the page size when configured so', async () => {
  const { startSandbox } = await import('../../../src/sandbox');
  const s = await startSandbox({ scale: 100, livePersonTotalCount: 'page', livePersonMaxFirst: 7 });
  try {
    const a = await lpAudit(s, `{auditData(first: 50) { changeDate }}`);
    assert.equal(a.json.data.auditData.length, 7);
    assert.equal(a.headers.get('x-total-count'), '7');
  } finally {
    await s.close();
  }
});

test('records inserted while paging appear at the top and push older rows to later offsets', async () => {
  const s = sandbox();
  const account = '31337';
  const page = async (offset: number) =>
    (await lpAudit(s, `{auditData(first: 100, offset: ${offset}, lpa: true, automaticUpdates: true) { ${ALL_LP_FIELDS} }}`, { account })).json.data.auditData as any[];
  const before = s.truth.liveperson.items(account);
  const first = await page(0);
  assert.deepEqual(first, before.slice(0, 100));
  const added = s.truth.liveperson.insert(5, account);
  assert.equal(added.length, 5);
  assert.equal(s.truth.liveperson.count(account), before.length + 5);
  const second = await page(100);
  // The five newest rows of page one come back at the start of page two.
  assert.deepEqual(second.slice(0, 5), before.slice(95, 100));
  assert.deepEqual(second.slice(5), before.slice(100, 195));
  assert.deepEqual((await page(0)).slice(0, 5), added);
  assert.ok(added.every((i) => i.changeDate >= before[0]!.changeDate));
});

test('accounts have their own data; the Users API lists the people behind the changes', async () => {
  const s = sandbox();
  const a = s.truth.liveperson.items('52642741').slice(0, 20);
  const b = s.truth.liveperson.items('11112222').slice(0, 20);
  assert.notDeepEqual(a, b);
  assert.equal(a[0]!.accountId, 'le52642741');
  const users = await call<any[]>(`${s.url}/api/account/${LP_ACCOUNT}/configuration/le-users/users?v=6.0`, { headers: { authorization: `Bearer ${DEMO.liveperson.bearer}` } });
  assert.equal(users.status, 200);
  assert.deepEqual(users.json, s.truth.liveperson.users());
  const logins = new Set(users.json.map((u) => u.loginName));
  const changes = s.truth.liveperson.items(LP_ACCOUNT);
  const people = new Set(changes.filter((i) => !i.originatorIsLpa && i.originatorUserId !== '-1').map((i) => i.originatorLoginName));
  assert.ok(people.size >= 20, `${people.size} people`);
  for (const p of people) assert.ok(logins.has(p), p);
  const types = new Set(changes.map((i) => i.objectType));
  assert.ok(types.size >= 12, `${types.size} component types`);
  assert.ok(changes.some((i) => i.oldValue !== '' && i.newValue !== '' && i.oldValue !== i.newValue));
  assert.ok(changes.some((i) => i.element === 'N/A' && i.oldValue === '' && i.newValue === ''));
});
