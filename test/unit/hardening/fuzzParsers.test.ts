/**
 * Property tests (fast-check) for the parsers and normalizers issue 7 names,
 * filling what the core and provider suites leave open: every date format
 * over every year and both offset spellings, every argument of LivePerson's
 * GraphQL builder, FloQast's `links.next`, Uniphore's `Map.toString()`
 * details, SFMC (and Uniphore) field casing, and the error-body readers.
 * Runs: FUZZ_RUNS (a few hundred in CI; `npm run fuzz` sets 10 000).
 */
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Kind, parse, type ArgumentNode, type FieldNode, type OperationDefinitionNode, type ValueNode } from 'graphql';
import { AuditLensError, BadResponseError, ConfigError } from '../../../src/core/errors';
import { defaultErrorDetails, parseRetryAfter } from '../../../src/core/http';
import { isCalendarDay, parseIsoInstant, parseWallTimeMdy, parseWallTimeYmd, resolveTimeZone, utcDayBounds } from '../../../src/core/time';
import { FloQastClient, floQastErrorDetails } from '../../../src/providers/floqast/client';
import { HttpClient } from '../../../src/core/http';
import { livePersonErrorDetails, readAuditAnswer } from '../../../src/providers/liveperson/client';
import { AUDIT_FIELDS, buildAuditQuery, type AuditQueryArgs } from '../../../src/providers/liveperson/query';
import { checkRestInstanceUrl } from '../../../src/providers/sfmc/auth';
import { parseSfmcError, readEnvelope } from '../../../src/providers/sfmc/client';
import { normalizeSfmcItem } from '../../../src/providers/sfmc/normalize';
import { readSpringPage } from '../../../src/providers/uniphore/client';
import { parseJavaMapString, printJavaMapValue, uniphoreStructuredDetails, type JavaMapValue } from '../../../src/providers/uniphore/mapToString';
import { normalizeUniphoreItem } from '../../../src/providers/uniphore/normalize';
import { startSandbox, type Sandbox } from '../../../src/sandbox/index';
import { FUZZ_RUNS } from '../core/fuzzRuns';

const runs = { numRuns: FUZZ_RUNS };

/** Throws the error unless it is one of the typed errors. */
function typedOnly(e: unknown): void {
  if (!(e instanceof AuditLensError)) throw e;
}

// ---------------------------------------------------------------- date formats

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The UTC instant of wall fields read at a fixed offset, or undefined for an impossible date. */
function expectedInstant(y: number, mo: number, d: number, h: number, mi: number, s: number, ms: number, offsetMinutes: number): number | undefined {
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  const t = new Date(0);
  t.setUTCFullYear(y, mo - 1, d);
  if (t.getUTCDate() !== d) return undefined;
  t.setUTCHours(h, mi, s, ms);
  return t.getTime() - offsetMinutes * 60_000;
}

const wallFields = fc.record({
  y: fc.integer({ min: 0, max: 9999 }),
  mo: fc.integer({ min: 0, max: 13 }),
  d: fc.integer({ min: 0, max: 32 }),
  h: fc.integer({ min: 0, max: 24 }),
  mi: fc.integer({ min: 0, max: 60 }),
  s: fc.integer({ min: 0, max: 60 }),
  // 1 to 9 fraction digits (SFMC sends up to 7), or none.
  frac: fc.option(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 1, maxLength: 9 }), { nil: undefined }),
});
const fixedZones = fc.constantFrom('UTC', '-06:00', '+05:30', '-03:30', '+14:00', '-12:00');

function offsetOf(zone: string): number {
  if (zone === 'UTC') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  return sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

/** The instant, or "typed error" when the parser must refuse (impossible date, or outside the years 0000–9999). */
function outcomeOf(parse: () => string): string {
  try {
    return parse();
  } catch (e) {
    typedOnly(e);
    return 'typed error';
  }
}

function expectedOutcome(ms: number | undefined): string {
  if (ms === undefined) return 'typed error';
  const iso = new Date(ms).toISOString();
  return /^\d{4}-/.test(iso) ? iso : 'typed error';
}

test('fuzz: SFMC and LivePerson wall times (any year, 0–9 fraction digits, T or space) read at a fixed offset give exactly their instant', () => {
  fc.assert(
    fc.property(wallFields, fixedZones, fc.constantFrom('T', ' '), ({ y, mo, d, h, mi, s, frac }, zone, sep) => {
      const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}${sep}${pad(h)}:${pad(mi)}:${pad(s)}${frac !== undefined ? `.${frac}` : ''}`;
      // Fractions beyond milliseconds are cut, never rounded (DESIGN.md §3).
      const ms = frac === undefined ? 0 : Number(`${frac}00`.slice(0, 3));
      const expected = expectedOutcome(expectedInstant(y, mo, d, h, mi, s, ms, offsetOf(zone)));
      assert.equal(outcomeOf(() => parseWallTimeYmd(text, resolveTimeZone(zone))), expected, text);
    }),
    runs,
  );
});

test('fuzz: Uniphore MM-DD-YYYY HH:MM:SS (any year) read at a fixed offset gives exactly its instant', () => {
  fc.assert(
    fc.property(wallFields, fixedZones, ({ y, mo, d, h, mi, s }, zone) => {
      const text = `${pad(mo)}-${pad(d)}-${pad(y, 4)} ${pad(h)}:${pad(mi)}:${pad(s)}`;
      const expected = expectedOutcome(expectedInstant(y, mo, d, h, mi, s, 0, offsetOf(zone)));
      assert.equal(outcomeOf(() => parseWallTimeMdy(text, resolveTimeZone(zone))), expected, text);
    }),
    runs,
  );
});

test('fuzz: ISO instants with Z, ±hh:mm or ±hhmm give exactly the instant they name; impossible dates are typed errors', () => {
  const offset = fc.record({ minutes: fc.integer({ min: -14 * 60, max: 14 * 60 }), form: fc.constantFrom('Z', 'colon', 'plain') });
  fc.assert(
    fc.property(wallFields, offset, ({ y, mo, d, h, mi, s, frac }, { minutes, form }) => {
      const off = form === 'Z' ? 0 : minutes;
      const sign = off < 0 ? '-' : '+';
      const abs = Math.abs(off);
      const suffix = form === 'Z' ? 'Z' : `${sign}${pad(Math.floor(abs / 60))}${form === 'colon' ? ':' : ''}${pad(abs % 60)}`;
      const text = `${pad(y, 4)}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${frac !== undefined ? `.${frac}` : ''}${suffix}`;
      const ms = frac === undefined ? 0 : Number(`${frac}00`.slice(0, 3));
      assert.equal(outcomeOf(() => parseIsoInstant(text)), expectedOutcome(expectedInstant(y, mo, d, h, mi, s, ms, off)), text);
    }),
    runs,
  );
});

test('fuzz: calendar days are exactly the real YYYY-MM-DD dates, and their UTC bounds are one day apart', () => {
  const dayish = fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
    .map(([y, m, d]) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`);
  fc.assert(
    fc.property(fc.oneof(dayish, fc.string()), (text) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
      const real = m !== null && expectedInstant(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, 0, 0, 0) !== undefined;
      assert.equal(isCalendarDay(text), real, text);
      if (real) {
        const { startMs, endMs } = utcDayBounds(text);
        assert.equal(new Date(startMs).toISOString().slice(0, 10), text);
        assert.equal(endMs - startMs, 86_400_000);
      }
    }),
    runs,
  );
});

test('fuzz: Retry-After reads seconds and HTTP dates, and anything else as absent, never as a negative or endless wait', () => {
  const now = 1_700_000_000_000;
  fc.assert(
    fc.property(
      fc.oneof(
        fc.integer({ min: 0, max: 86_400 }).map((n) => ({ text: String(n), ms: n * 1000 })),
        fc.integer({ min: -3600, max: 3600 }).map((n) => ({ text: new Date(now + n * 1000).toUTCString(), ms: Math.max(0, n * 1000) })),
        fc.string().map((text) => ({ text, ms: undefined as number | undefined })),
      ),
      ({ text, ms }) => {
        const got = parseRetryAfter(text, now);
        if (ms !== undefined) assert.equal(got, ms, text);
        else assert.ok(got === undefined || (Number.isFinite(got) && got >= 0), `${JSON.stringify(text)} → ${got}`);
      },
    ),
    runs,
  );
});

// ------------------------------------------------------- LivePerson GraphQL builder

function plain(value: ValueNode): unknown {
  switch (value.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return value.value;
    case Kind.INT:
      return Number(value.value);
    case Kind.ENUM:
      return { enum: value.value };
    case Kind.LIST:
      return value.values.map(plain);
    default:
      throw new Error(`unexpected ${value.kind}`);
  }
}

/** The printed query parsed back: one operation, one auditData field, the 13 fields, and its arguments. */
function printedArguments(query: string): Record<string, unknown> {
  const doc = parse(query);
  assert.equal(doc.definitions.length, 1);
  const op = doc.definitions[0] as OperationDefinitionNode;
  assert.equal(op.selectionSet.selections.length, 1);
  const field = op.selectionSet.selections[0] as FieldNode;
  assert.equal(field.name.value, 'auditData');
  assert.equal(field.alias, undefined);
  assert.equal(field.directives?.length ?? 0, 0);
  assert.deepEqual(
    field.selectionSet?.selections.map((s) => (s as FieldNode).name.value),
    [...AUDIT_FIELDS],
  );
  const out: Record<string, unknown> = {};
  for (const a of (field.arguments ?? []) as readonly ArgumentNode[]) {
    assert.ok(!(a.name.value in out), `argument ${a.name.value} twice`);
    out[a.name.value] = plain(a.value);
  }
  return out;
}

test('fuzz: the LivePerson GraphQL builder, arbitrary strings in every argument: the printed query parses and its arguments equal the inputs', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const list = fc.array(text, { maxLength: 4 });
  const args = fc.record(
    {
      fromDate: text,
      toDate: text,
      first: fc.nat(),
      offset: fc.nat(),
      orderBy: list,
      orderDirection: list,
      users: list,
      componentTypes: list,
      language: text,
      timezone: text,
      lpa: fc.boolean(),
      automaticUpdates: fc.boolean(),
    },
    { requiredKeys: [] },
  );
  fc.assert(
    fc.property(args, (input: AuditQueryArgs) => {
      const expected: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(input)) {
        // Empty lists are left out, as the builder documents.
        if (Array.isArray(v) && v.length === 0) continue;
        expected[k] = v;
      }
      assert.deepStrictEqual(printedArguments(buildAuditQuery(input)), expected);
    }),
    runs,
  );
});

test('fuzz: LivePerson enum-literal ordering sends only GraphQL names, refusing anything else before a request', () => {
  fc.assert(
    fc.property(fc.array(fc.oneof(fc.constantFrom('DESC', 'ASC', 'changeTimestamp', '_x1'), fc.string({ unit: 'binary', maxLength: 12 })), { minLength: 1, maxLength: 3 }), (values) => {
      const names = values.every((v) => /^[_A-Za-z][_0-9A-Za-z]*$/.test(v));
      let query: string;
      try {
        query = buildAuditQuery({ orderBy: values, orderDirection: values, orderValueStyle: 'enum' });
      } catch (e) {
        assert.ok(e instanceof ConfigError, `not a ConfigError: ${String(e)}`);
        assert.ok(!names, 'a valid name was refused');
        return;
      }
      assert.ok(names, 'a value that is no GraphQL name was sent as an enum literal');
      const got = printedArguments(query);
      assert.deepStrictEqual(got.orderBy, values.map((v) => ({ enum: v })));
    }),
    runs,
  );
});

test('fuzz: LivePerson first and offset refuse negative, fractional and unsafe numbers as ConfigError', () => {
  fc.assert(
    fc.property(fc.oneof(fc.integer(), fc.double(), fc.constantFrom(2 ** 53, -1, 0.5, Number.NaN)), (n) => {
      const ok = Number.isSafeInteger(n) && n >= 0;
      try {
        const got = printedArguments(buildAuditQuery({ first: n, offset: n }));
        assert.ok(ok, `${n} was sent`);
        // -0 goes out as 0.
        assert.deepEqual([got.first, got.offset], [n + 0, n + 0]);
      } catch (e) {
        if (e instanceof assert.AssertionError) throw e;
        assert.ok(e instanceof ConfigError && !ok, `${n}: ${String(e)}`);
      }
    }),
    runs,
  );
});

// ------------------------------------------------------------ FloQast links.next

const FQ_BASE = 'https://fq-api.floqast.app';

test('fuzz: FloQast links.next gives a same-origin URL with a properly encoded query, or a typed error', () => {
  const client = new FloQastClient(new HttpClient({ provider: 'floqast' }), new URL(FQ_BASE), 'unused-key');
  const next = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 80 }),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.webPath().map((p) => `/${p.replace(/^\/+/, '')}`),
    fc.constantFrom('//evil.example/api/v1/audit-trail', '\\\\evil.example/x', 'http://fq-api.floqast.app/api/v1/audit-trail', 'https://fq-api.floqast.app:444/x', 'javascript:alert(1)'),
  );
  fc.assert(
    fc.property(next, fc.integer({ min: 1, max: 30_000 }), fc.boolean(), (link, size, allowRedirect) => {
      let url: URL;
      try {
        url = client.nextUrl(link, { size, allowRedirect });
      } catch (e) {
        assert.ok(e instanceof BadResponseError, `not a typed error: ${String(e)}`);
        return;
      }
      assert.equal(url.origin, FQ_BASE, `${JSON.stringify(link)} left the API's origin`);
      assert.equal(url.username + url.password, '', 'no userinfo');
      assert.equal(url.hash, '');
      const params = new URLSearchParams(url.search);
      assert.equal(url.search, params.size ? `?${params.toString()}` : '', 'the query is exactly what URLSearchParams prints');
      assert.equal(params.get('page[size]'), String(size));
      assert.equal(params.get('allowRedirect'), allowRedirect ? 'true' : null);
      // Every other parameter of the link survives, in order.
      const fromLink = new URLSearchParams(link.replace(/#.*$/, '').split('?').slice(1).join('?'));
      const kept = [...fromLink].filter(([k]) => k !== 'page[size]' && k !== 'allowRedirect');
      assert.deepEqual([...params].filter(([k]) => k !== 'page[size]' && k !== 'allowRedirect'), kept);
    }),
    runs,
  );
});

test('fuzz: FloQast cursors of any text round-trip through links.next with bracketed names percent-encoded', () => {
  const client = new FloQastClient(new HttpClient({ provider: 'floqast' }), new URL(FQ_BASE), 'unused-key');
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 60 }), fc.string({ maxLength: 12 }), (cursor, keyId) => {
      // The seed's style: raw brackets in the names, values encoded.
      const link = `/api/v1/audit-trail?filter[userApiKey._id]=${encodeURIComponent(keyId)}&page[size]=5&page[cursor]=${encodeURIComponent(cursor)}`;
      const url = client.nextUrl(link, { size: 5, allowRedirect: false });
      assert.equal(url.pathname, '/api/v1/audit-trail');
      assert.ok(!/[[\]]/.test(url.search), 'brackets are percent-encoded');
      const params = new URLSearchParams(url.search);
      assert.equal(params.get('page[cursor]'), cursor);
      assert.equal(params.get('filter[userApiKey._id]'), keyId);
    }),
    runs,
  );
});

// ---------------------------------------------------------- Uniphore Map.toString

test('fuzz: Uniphore Map.toString() text: any reading the parser offers prints back to exactly the text, and it never throws', () => {
  const javaish = fc.stringMatching(/^[{}[\]=, a-z0-9()]{0,40}$/);
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 60 }), javaish, fc.anything()), (text) => {
      const value = parseJavaMapString(text);
      if (value !== undefined) assert.equal(printJavaMapValue(value), text);
    }),
    runs,
  );
});

test('fuzz: Uniphore maps, lists and scalars printed the way Java prints them parse back to the same structure', () => {
  // Scalars and keys without Java's delimiters are unambiguous, except that a list of one empty
  // string prints as "[]", like an empty list: list items are never empty.
  const scalar = fc.stringMatching(/^[^{}[\]=,]{0,12}$/);
  const item = fc.stringMatching(/^[^{}[\]=,]{1,12}$/);
  const key = fc.stringMatching(/^[^{}[\]=,]{0,8}$/);
  const { value, listItem } = fc.letrec<{ value: JavaMapValue; listItem: JavaMapValue; map: { [k: string]: JavaMapValue } }>((tie) => ({
    value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, fc.array(tie('listItem'), { maxLength: 3 }), tie('map')),
    listItem: fc.oneof({ depthSize: 'small', withCrossShrink: true }, item, fc.array(tie('listItem'), { maxLength: 3 }), tie('map')),
    map: fc.dictionary(key, tie('value'), { maxKeys: 3, noNullPrototype: true }),
  }));
  fc.assert(
    fc.property(fc.oneof(fc.dictionary(key, value, { maxKeys: 4, noNullPrototype: true }), fc.array(listItem, { maxLength: 4 })), (structure) => {
      const text = printJavaMapValue(structure);
      assert.deepStrictEqual(parseJavaMapString(text), structure, text);
    }),
    runs,
  );
});

test('Uniphore details as Java maps: the seed and the failure shapes read as structures; raw text stays as it was', () => {
  assert.deepStrictEqual(parseJavaMapString('{request={pageSize=500}}'), { request: { pageSize: '500' } });
  assert.deepStrictEqual(parseJavaMapString('{live_calls=(Count: 32), next_page_token=, total_count=32}'), {
    live_calls: '(Count: 32)',
    next_page_token: '',
    total_count: '32',
  });
  assert.deepStrictEqual(parseJavaMapString('{ids=[1, 2], filter={agentName=Ava*, sentiment=ANY}}'), { ids: ['1', '2'], filter: { agentName: 'Ava*', sentiment: 'ANY' } });
  assert.equal(parseJavaMapString('plain text'), undefined);
  assert.equal(parseJavaMapString('{unclosed=1'), undefined);
  const item = { id: 1, createdDate: '04-05-2024 09:38:09', activityType: 'X', details: [{ input: '{a=1}', output: 'not a map' }] };
  const copy = structuredClone(item);
  assert.deepStrictEqual(uniphoreStructuredDetails(item), { input: { a: '1' } });
  assert.deepStrictEqual(item, copy, 'the item is not touched');
});

test('fuzz: Uniphore structured details never throw on arbitrary JSON', () => {
  fc.assert(
    fc.property(fc.oneof(fc.jsonValue(), fc.record({ details: fc.oneof(fc.jsonValue(), fc.record({ input: fc.jsonValue(), output: fc.jsonValue() })) })), (item) => {
      uniphoreStructuredDetails(item);
    }),
    runs,
  );
});

// --------------------------------------------------------------- field casing

/** Every key of every object, recursively, in a case picked by `flip`. */
function recase(value: unknown, flip: () => boolean): unknown {
  if (Array.isArray(value)) return value.map((v) => recase(v, flip));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = [...k].map((c) => (flip() ? c.toUpperCase() : c.toLowerCase())).join('');
    out[key] = recase(v, flip);
  }
  return out;
}

/** A tiny seeded generator, so that fast-check shrinks to a seed. */
function flips(seed: number): () => boolean {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s & 1) === 1;
  };
}

/** Two keys that differ only by case would make "the same field" ambiguous: such items are left out. */
function caseUnique(value: unknown): boolean {
  if (Array.isArray(value)) return value.every(caseUnique);
  if (value === null || typeof value !== 'object') return true;
  const keys = Object.keys(value).map((k) => k.toLowerCase());
  return new Set(keys).size === keys.length && Object.values(value).every(caseUnique);
}

let sandbox: Sandbox;
before(async () => {
  sandbox = await startSandbox({ scale: { sfmc: 36, liveperson: 0, uniphore: 40, floqast: 0 } });
});
after(async () => {
  await sandbox.close();
});

test('fuzz: SFMC items and envelopes with their field names in any case give the same record', () => {
  const items = sandbox.truth.sfmc
    .journeys()
    .flatMap((j) => sandbox.truth.sfmc.auditItems(j.id))
    .filter(caseUnique);
  // Publish errors, Stop and copied Create items must be among them, or the property proves little.
  assert.ok(items.some((i) => Array.isArray((i as { errors?: unknown }).errors)));
  const ctx = { connection: 'sfmc', zone: resolveTimeZone('-06:00') };
  fc.assert(
    fc.property(fc.constantFrom(...items), fc.integer(), (item, seed) => {
      const recased = recase(item, flips(seed));
      const { raw: _a, ...expected } = normalizeSfmcItem(item, 'fixed-id', ctx);
      const { raw, ...got } = normalizeSfmcItem(recased, 'fixed-id', ctx);
      assert.deepStrictEqual(got, expected);
      assert.equal(raw, recased, 'raw is the item exactly as received');
      const envelope = recase({ Count: 1, Page: 1, PageSize: 50, Items: [] }, flips(seed));
      (envelope as Record<string, unknown>)[Object.keys(envelope as object).find((k) => k.toLowerCase() === 'items') as string] = [recased];
      assert.deepStrictEqual(readEnvelope(envelope, 'fuzz'), { count: 1, items: [recased] });
    }),
    runs,
  );
});

test('fuzz: Uniphore items with their field names in any case give the same record', () => {
  const items = [sandbox.truth.uniphore.seedItem(), ...sandbox.truth.uniphore.items()].filter(caseUnique);
  const ctx = { connection: 'uniphore', zone: resolveTimeZone('UTC') };
  fc.assert(
    fc.property(fc.constantFrom(...items), fc.integer(), (item, seed) => {
      const recased = recase(item, flips(seed));
      const { raw: _a, ...expected } = normalizeUniphoreItem(item, ctx);
      const { raw, ...got } = normalizeUniphoreItem(recased, ctx);
      assert.deepStrictEqual(got, expected);
      assert.equal(raw, recased);
    }),
    runs,
  );
});

// ------------------------------------------------------------ error bodies, envelopes

test('fuzz: error-body readers and envelope readers take any JSON: details or nothing, a shape or a typed error', () => {
  const authBase = new URL('https://mc-sub.auth.marketingcloudapis.com/');
  fc.assert(
    fc.property(fc.jsonValue(), (body) => {
      for (const read of [defaultErrorDetails, parseSfmcError, livePersonErrorDetails, floQastErrorDetails]) {
        const details = read(body);
        if (details !== undefined) {
          assert.ok(details.message === undefined || typeof details.message === 'string');
          assert.ok(details.code === undefined || typeof details.code === 'string');
        }
      }
      for (const read of [
        () => readEnvelope(body, 'fuzz'),
        () => readSpringPage(body, 'fuzz'),
        () => readAuditAnswer(body, (s) => s),
        () => checkRestInstanceUrl(body, authBase),
      ]) {
        try {
          read();
        } catch (e) {
          typedOnly(e);
        }
      }
    }),
    runs,
  );
});
