/**
 * Requests shaped like each seed's example get that seed's items, byte for
 * byte where the seed's JSON is valid. The fixtures live in src/sandbox (the
 * shipped product cannot read ../shared); this test holds them to the seeds.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SFMC_SEED_AUDIT_BODY } from '../../../src/sandbox/fixtures/sfmcSeed';
import { LIVEPERSON_SEED_BODY, LIVEPERSON_SEED_QUERIES } from '../../../src/sandbox/fixtures/livePersonSeed';
import { UNIPHORE_SEED_BODY } from '../../../src/sandbox/fixtures/uniphoreSeed';
import { call, floqast, lpAudit, sfmcToken, uniphore, useSandbox } from './helpers';

const SEEDS = join(__dirname, '..', '..', '..', '..', 'shared', 'seeds');
const seed = (name: string) => readFileSync(join(SEEDS, name), 'utf8');

function between(text: string, start: string, end: string): string {
  const i = text.indexOf(start);
  assert.ok(i >= 0, `seed lacks ${JSON.stringify(start)}`);
  const j = text.indexOf(end, i + start.length);
  assert.ok(j >= 0, `seed lacks ${JSON.stringify(end)}`);
  return text.slice(i + start.length, j);
}

const sandbox = useSandbox();

test('SFMC seed 000: the fixture is the documented example with its // comment lines removed', () => {
  const block = between(seed('000_d06b40de84ae57c4.txt'), 'HTTP/1.1 200\n', '\n```');
  const withoutComments = block
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n');
  assert.equal(SFMC_SEED_AUDIT_BODY, withoutComments);
  const parsed = JSON.parse(SFMC_SEED_AUDIT_BODY);
  assert.equal(parsed.Items.length, 5);
});

test('SFMC seed 000: the example request returns the example body byte for byte', async () => {
  const s = sandbox();
  const token = await sfmcToken(s);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const a = await call(`${s.url}/interaction/v1/interactions/unique-UUID-provided-by-SFMC/audit/all?versionNumber=2`, { headers });
  assert.equal(a.status, 200);
  assert.equal(a.text, SFMC_SEED_AUDIT_BODY);
  // By key, too, and with an explicit first page of 50.
  const byKey = await call(`${s.url}/interaction/v1/interactions/key:some-journey-key/audit/all?versionNumber=2&$page=1&$pageSize=50`, { headers });
  assert.equal(byKey.text, SFMC_SEED_AUDIT_BODY);
  // Smaller pages of the same journey hold the same items, in the seed's envelope.
  const page2 = await call<any>(`${s.url}/interaction/v1/interactions/unique-UUID-provided-by-SFMC/audit/all?versionNumber=2&$page=2&$pageSize=2`, { headers });
  assert.deepEqual(page2.json, { Page: 2, PageSize: 2, Count: 5, Items: JSON.parse(SFMC_SEED_AUDIT_BODY).Items.slice(2, 4) });
  assert.deepEqual(s.truth.sfmc.auditItems('unique-UUID-provided-by-SFMC'), JSON.parse(SFMC_SEED_AUDIT_BODY).Items);
});

test('LivePerson seed 001: the fixture is the documented response body', () => {
  const text = seed('001_160024fb00e0885c.txt');
  assert.equal(LIVEPERSON_SEED_BODY, between(text, '**Response Body**\n\n```json\n', '\n```'));
  assert.equal(JSON.parse(LIVEPERSON_SEED_BODY).data.auditData.length, 6);
  // The two example queries, as documented (the first sits in a JSON-ish body with raw newlines).
  const first = between(text, '{"query" :\n"', '"\n }');
  assert.equal(LIVEPERSON_SEED_QUERIES[0], first);
  assert.equal(LIVEPERSON_SEED_QUERIES[1], between(text, 'Example:\n\n```json\n{"query" :\n"', '"\n}'));
});

test('LivePerson seed 001: either example query returns the six items byte for byte, for any account', async () => {
  const s = sandbox();
  for (const query of LIVEPERSON_SEED_QUERIES) {
    for (const account of ['52642741', '12345678']) {
      const a = await lpAudit(s, query, { account });
      assert.equal(a.status, 200);
      assert.equal(a.text, LIVEPERSON_SEED_BODY);
      assert.equal(a.headers.get('x-total-count'), '6');
    }
  }
  // Whitespace does not matter: it is the same GraphQL document.
  const compact = await lpAudit(s, '{ auditData { accountId objectType objectName element oldValue newValue originator originatorLoginName originatorUserId originatorUserAgent originatorAuthType originatorIsLpa changeDate } }');
  assert.equal(compact.text, LIVEPERSON_SEED_BODY);
});

test('Uniphore seed 002: GET /audit_log/833032 returns the sample response byte for byte', async () => {
  const text = seed('002_8097da18285ee147.txt');
  const sample = text.slice(text.indexOf('Sample Response\n') + 'Sample Response\n'.length);
  assert.equal(UNIPHORE_SEED_BODY, sample);
  const s = sandbox();
  const a = await uniphore(s, '/audit_log/833032');
  assert.equal(a.status, 200);
  assert.equal(a.text, sample);
  assert.deepEqual(s.truth.uniphore.item(833032), JSON.parse(sample));
});

/** `data.meta.status` → "400", from the seed's "Example:" notes under "Response 200 fields". */
function floQastExamples(): Map<string, unknown> {
  const text = seed('003_752363419a3046fa.txt');
  const section = between(text, '## Response 200 fields', '## Response 303');
  const out = new Map<string, unknown>();
  const re = /- `([\w.[\]]+)` \((\w+)\)[^`]*?Example: ("(?:[^"\\]|\\.)*"|\{[^}]*\}|\d+)/g;
  for (const m of section.matchAll(re)) out.set(m[1]!, JSON.parse(m[3]!));
  return out;
}

function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

test("FloQast seed 003: the seed's request returns items with the documented example values and links", async () => {
  const examples = floQastExamples();
  assert.ok(examples.size >= 12, `found ${examples.size} example values`);
  const s = sandbox();
  const a = await floqast<any>(s, '/api/v1/audit-trail?filter[startDate]=2023-11-01&filter[endDate]=2023-12-01&page[size]=12000');
  assert.equal(a.status, 200);
  const item = a.json.data[0];
  for (const [path, example] of examples) {
    if (path.startsWith('data.')) assert.deepEqual(at(item, path.slice(5)), example, path);
  }
  assert.equal(a.json.links.self, examples.get('links.self'));
  assert.equal(a.json.links.next, examples.get('links.next'));
  // Following next (its query rebuilt with URLSearchParams) ends the window.
  const next = new URL(a.json.links.next, s.url);
  const b = await floqast<any>(s, `${next.pathname}?${new URLSearchParams(next.searchParams).toString()}`);
  assert.equal(b.status, 200);
  assert.equal(b.json.data[0].id, '5e94d5b63f557b001420bbe6');
  assert.equal(b.json.links.next, null);
  assert.deepEqual(s.truth.floqast.seedPages(), [a.json.data, b.json.data]);
});
