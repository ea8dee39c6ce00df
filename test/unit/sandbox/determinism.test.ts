import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSandbox, type Sandbox } from '../../../src/sandbox';
import { ALL_LP_FIELDS, floqast, lpAudit, sfmcToken, uniphore, call } from './helpers';

function snapshot(s: Sandbox) {
  return {
    sfmc: s.truth.sfmc.journeys().map((j) => ({ j, items: s.truth.sfmc.auditItems(j.id), defs: j.versions.map((v) => s.truth.sfmc.definition(j.id, v)) })),
    liveperson: s.truth.liveperson.items(),
    lpUsers: s.truth.liveperson.users(),
    uniphore: s.truth.uniphore.items(),
    floqast: s.truth.floqast.items(),
    keys: s.truth.floqast.apiKeys(),
  };
}

async function responses(s: Sandbox): Promise<string[]> {
  const token = await sfmcToken(s);
  const welcome = s.truth.sfmc.journey('key:welcome-series')!;
  const bodies = [
    (await call(`${s.url}/interaction/v1/interactions?$page=2&$pageSize=5`, { headers: { authorization: `Bearer ${token}` } })).text,
    (await call(`${s.url}/interaction/v1/interactions/${welcome.id}/audit/all`, { headers: { authorization: `Bearer ${token}` } })).text,
    (await lpAudit(s, `{auditData(first: 40, offset: 10) { ${ALL_LP_FIELDS} }}`)).text,
    (await uniphore(s, '/audit_log/?page=1&size=30&sort=createdDate,desc')).text,
    (await floqast(s, '/api/v1/audit-trail?page[size]=30')).text,
  ];
  return bodies;
}

test('the same seed gives the same data and the same answers; another seed gives other data', async () => {
  const [a, b, c] = await Promise.all([startSandbox({ seed: 7 }), startSandbox({ seed: 7 }), startSandbox({ seed: 8 })]);
  try {
    assert.deepEqual(snapshot(a), snapshot(b));
    assert.deepEqual(await responses(a), await responses(b));
    const sa = snapshot(a);
    const sc = snapshot(c);
    assert.notDeepEqual(sa.liveperson, sc.liveperson);
    assert.notDeepEqual(sa.uniphore, sc.uniphore);
    assert.notDeepEqual(sa.floqast, sc.floqast);
    assert.notDeepEqual(sa.sfmc, sc.sfmc);
    // The demo stories keep their shape whatever the seed.
    assert.deepEqual(c.truth.sfmc.journey('key:welcome-series')!.missingVersions, [3]);
    assert.equal(c.truth.sfmc.journey('key:welcome-series')!.latestPublishFailed, true);
  } finally {
    await Promise.all([a.close(), b.close(), c.close()]);
  }
});

test('scale sets the number of items, per provider or for all', async () => {
  const s = await startSandbox({ scale: { liveperson: 40, uniphore: 55, floqast: 66, sfmc: 24 } });
  try {
    assert.equal(s.truth.liveperson.count(), 40);
    assert.equal(s.truth.uniphore.count(), 55);
    assert.equal(s.truth.floqast.count(), 66);
    assert.equal((await uniphore<any>(s, '/audit_log/?size=1')).json.totalElements, 55);
    // SFMC: the demo stories, the seed journey, and generated journeys (at least 6).
    assert.ok(s.truth.sfmc.journeys().filter((j) => j.origin === 'generated').length >= 6);
  } finally {
    await s.close();
  }
  await assert.rejects(startSandbox({ scale: -1 }));
});

test('10⁶ items per provider are served on demand, deep pages included', async () => {
  const s = await startSandbox({ scale: { liveperson: 1_000_000, uniphore: 1_000_000, floqast: 1_000_000, sfmc: 300 } });
  try {
    assert.equal(s.truth.uniphore.count(), 1_000_000);
    const last = await uniphore<any>(s, '/audit_log/?page=499&size=2000&sort=createdDate,desc');
    assert.equal(last.json.totalElements, 1_000_000);
    assert.equal(last.json.content.length, 2000);
    assert.equal(last.json.last, true);
    const lp = await lpAudit(s, `{auditData(first: 500, offset: 999000, lpa: true, automaticUpdates: true) { changeDate }}`);
    assert.equal(lp.headers.get('x-total-count'), '1000000');
    assert.equal(lp.json.data.auditData.length, 500);
    const filtered = await lpAudit(s, `{auditData(first: 10, offset: 900000) { changeDate }}`);
    assert.ok(Number(filtered.headers.get('x-total-count')) < 1_000_000);
    const fq = await floqast<any>(s, '/api/v1/audit-trail?page[size]=5');
    assert.equal(fq.json.data.length, 5);
    const oldest = s.truth.floqast.items({ endDate: fq.json.data[0].createdAt.slice(0, 10) });
    assert.ok(oldest.length > 0);
  } finally {
    await s.close();
  }
});
