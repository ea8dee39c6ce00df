import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEMO, type UniphoreAuditItem } from '../../../src/sandbox';
import { call, uniphore, useSandbox } from './helpers';

const sandbox = useSandbox({ scale: 450 });

const SPRING_PAGE_KEYS = ['content', 'empty', 'first', 'last', 'number', 'numberOfElements', 'pageable', 'size', 'sort', 'totalElements', 'totalPages'];

test('token: client credentials with the audience give a bearer the API accepts; wrong ones are refused', async () => {
  const s = sandbox();
  const post = (body: object, form = false) =>
    call<any>(`${s.url}${DEMO.uniphore.tokenPath}`, {
      method: 'POST',
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json' },
      body: form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body),
    });
  const good = { grant_type: 'client_credentials', client_id: DEMO.uniphore.clientId, client_secret: DEMO.uniphore.clientSecret, audience: DEMO.uniphore.audience };
  for (const form of [false, true]) {
    const a = await post(good, form);
    assert.equal(a.status, 200);
    assert.equal(a.json.token_type, 'Bearer');
    assert.ok(a.json.expires_in > 0);
    assert.equal((await uniphore(s, '/audit_log/?size=1', a.json.access_token)).status, 200);
  }
  assert.equal((await post({ ...good, client_secret: 'wrong' })).status, 401);
  assert.equal((await post({ ...good, audience: 'elsewhere' })).status, 403);
});

test('without a valid token: 401 in the Spring error shape', async () => {
  const s = sandbox();
  for (const token of ['', 'made-up', DEMO.liveperson.bearer]) {
    const a = await uniphore<any>(s, '/audit_log/833032', token);
    assert.equal(a.status, 401);
    assert.deepEqual(Object.keys(a.json).sort(), ['error', 'message', 'path', 'status', 'timestamp']);
    assert.equal(a.json.status, 401);
  }
});

test('get by id: generated items, 404 for unknown ids, 400 for non-integer ids', async () => {
  const s = sandbox();
  const truth = s.truth.uniphore.items();
  for (const item of [truth[0]!, truth[truth.length - 1]!, truth[77]!]) {
    const a = await uniphore<UniphoreAuditItem>(s, `/audit_log/${item.id}`);
    assert.equal(a.status, 200);
    assert.deepEqual(a.json, item);
    assert.deepEqual(s.truth.uniphore.item(item.id), item);
  }
  const unknown = await uniphore<any>(s, `/audit_log/${truth[0]!.id + 1000}`);
  assert.equal(unknown.status, 404);
  assert.equal(unknown.json.status, 404);
  for (const bad of ['abc', '12.5', '-3', '1e3']) {
    const a = await uniphore<any>(s, `/audit_log/${bad}`);
    assert.equal(a.status, 400, bad);
    assert.equal(a.json.error, 'Bad Request');
  }
});

test('list: a Spring page; every page together is the ground truth with no overlap', async () => {
  const s = sandbox();
  const truth = s.truth.uniphore.items();
  assert.equal(truth.length, 450);
  const got: UniphoreAuditItem[] = [];
  let totalPages = Infinity;
  for (let page = 0; page < totalPages; page++) {
    const a = await uniphore<any>(s, `/audit_log/?page=${page}&size=40&sort=createdDate,desc`);
    assert.equal(a.status, 200);
    assert.deepEqual(Object.keys(a.json).sort(), SPRING_PAGE_KEYS);
    assert.equal(a.json.totalElements, 450);
    assert.equal(a.json.number, page);
    assert.equal(a.json.size, 40);
    assert.equal(a.json.pageable.pageNumber, page);
    assert.equal(a.json.first, page === 0);
    totalPages = a.json.totalPages;
    got.push(...a.json.content);
  }
  assert.equal(totalPages, Math.ceil(450 / 40));
  assert.deepEqual(got, truth);
  assert.equal(new Set(got.map((i) => i.id)).size, 450);
  const beyond = await uniphore<any>(s, '/audit_log/?page=99&size=40');
  assert.deepEqual(beyond.json.content, []);
  assert.equal(beyond.json.empty, true);
});

test('list: default size 20, unsorted (oldest id first), ascending sort, size cap', async () => {
  const s = sandbox();
  const truth = s.truth.uniphore.items();
  const dflt = await uniphore<any>(s, '/audit_log/');
  assert.equal(dflt.json.size, 20);
  assert.equal(dflt.json.sort.unsorted, true);
  assert.deepEqual(dflt.json.content, truth.slice(-20).reverse());
  const asc = await uniphore<any>(s, '/audit_log?sort=createdDate,asc&size=5');
  assert.deepEqual(asc.json.content, truth.slice(-5).reverse());
  const desc = await uniphore<any>(s, '/audit_log/?sort=id,desc&size=5');
  assert.deepEqual(desc.json.content, truth.slice(0, 5));
  const huge = await uniphore<any>(s, '/audit_log/?size=100000');
  assert.equal(huge.json.size, 2000);
  assert.equal((await uniphore(s, '/audit_log/?sort=colour,desc')).status, 400);
  assert.equal((await uniphore(s, '/audit_log/?page=first')).status, 400);
});

test('list: startDate and endDate (YYYY-MM-DDTHH:mm:ss.SSS, UTC) select an inclusive window', async () => {
  const s = sandbox();
  const truth = s.truth.uniphore.items();
  const iso = (item: UniphoreAuditItem) => {
    const [d, t] = item.createdDate.split(' ');
    const [mm, dd, yyyy] = d!.split('-');
    return `${yyyy}-${mm}-${dd}T${t}.000`;
  };
  const end = iso(truth[100]!);
  const start = iso(truth[300]!);
  const a = await uniphore<any>(s, `/audit_log/?startDate=${start}&endDate=${end}&size=2000&sort=createdDate,desc`);
  assert.equal(a.status, 200);
  const expected = s.truth.uniphore.items({ startDate: start, endDate: end });
  assert.deepEqual(a.json.content, expected);
  // Inclusive at both ends.
  assert.ok(expected.some((i) => i.id === truth[100]!.id) && expected.some((i) => i.id === truth[300]!.id));
  assert.ok(expected.length >= 201);
  for (const bad of ['2024-01-01', '2024-01-01T00:00:00', '2024-13-01T00:00:00.000']) {
    assert.equal((await uniphore(s, `/audit_log/?startDate=${bad}`)).status, 400, bad);
  }
});

test('content: UTC MM-DD-YYYY dates, failures with output, Map.toString details, many actors and activity types', () => {
  const s = sandbox();
  const items = s.truth.uniphore.items();
  assert.ok(items.every((i) => /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/.test(i.createdDate) && /^\d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/.test(i.updatedDate)));
  assert.ok(items.every((i) => i.source === null && i.version === null && Number.isInteger(i.id) && i.tenantId === DEMO.uniphore.tenantId));
  assert.ok(items.some((i) => i.result === false) && items.some((i) => i.result === true));
  const details = items.map((i) => (Array.isArray(i.details) ? i.details[0]! : i.details));
  assert.ok(items.some((i) => Array.isArray(i.details)), 'some details come as an array of one object');
  assert.ok(details.every((d) => /^\{.*\}$/.test(d.input) && /^\{.*\}$/.test(d.output) && d.actionType && d.actionDescription));
  assert.ok(new Set(items.map((i) => i.activityType)).size >= 8);
  assert.ok(new Set(items.map((i) => i.fullName)).size >= 15);
  assert.ok(items.some((i) => i.agentId === 0) && items.some((i) => i.agentId > 0));
  const ids = items.map((i) => i.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a));
});

test('insert adds newer items at the top of the newest-first list', async () => {
  const s = sandbox();
  const before = s.truth.uniphore.items();
  const added = s.truth.uniphore.insert(3);
  const a = await uniphore<any>(s, '/audit_log/?size=5&sort=createdDate,desc');
  assert.equal(a.json.totalElements, before.length + 3);
  assert.deepEqual(a.json.content, [...added, ...before.slice(0, 2)]);
  assert.ok(added.every((i) => i.id > before[0]!.id));
});
