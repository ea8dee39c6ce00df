/**
 * Synthesized ids (DESIGN.md §3): hex SHA-256 of the canonical JSON, cut to
 * 32 characters. canonicalJson takes a fast path for plain JSON data (cached
 * key orders per object layout); it must agree with the definition, written
 * out again here, on everything, including values JSON cannot hold.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { canonicalJson, canonicalJsonBytes, hashId, synthesizePageIds } from '../../../src/core/recordId';
import { FUZZ_RUNS } from './fuzzRuns';

function definition(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    const s = JSON.stringify(value);
    return s === undefined ? 'null' : s;
  }
  if (Array.isArray(value)) return `[${value.map(definition).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${definition(obj[k])}`).join(',')}}`;
}

test('canonical JSON sorts keys at every level, by code unit, with no whitespace', () => {
  const item = { b: 1, a: { d: [true, null, 'x'], c: -0, 'é': 2, Z: 3, '10': 4, '9': 5 }, '': 'empty' };
  assert.equal(canonicalJson(item), '{"":"empty","a":{"10":4,"9":5,"Z":3,"c":0,"d":[true,null,"x"],"é":2},"b":1}');
  assert.equal(canonicalJson('quote " backslash \\ newline \n lone \ud800 pair 😀'), JSON.stringify('quote " backslash \\ newline \n lone \ud800 pair 😀'));
  assert.equal(canonicalJson({ a: undefined, b: 1, c: () => 1 }), '{"b":1,"c":null}');
  assert.equal(canonicalJson([undefined, NaN, Infinity, 1e21, 5e-7]), '[null,null,null,1e+21,5e-7]');
  assert.equal(canonicalJson({}), '{}');
  assert.equal(canonicalJson([]), '[]');
});

test('canonical JSON agrees with its definition on any value', () => {
  fc.assert(
    fc.property(fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withObjectString: true }), (value) => {
      assert.equal(canonicalJson(value), definition(value));
    }),
    { numRuns: FUZZ_RUNS * 3 },
  );
});

test('canonical JSON agrees with its definition on items that share layouts, in any key order', () => {
  // Few keys, many orders and casings: the layout cache is hit, missed and evicted.
  const keyArb = fc.constantFrom('action', 'Action', 'id', 'user', 'userId', 'UserId', 'timeStamp', 'errors', 'name', 'a', 'b', 'c', 'd', 'e', 'f', 'g');
  const leaf = fc.oneof(fc.string(), fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.constant(undefined));
  const item = fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, leaf, tie('object'), fc.array(tie('value'), { maxLength: 3 })),
    object: fc.dictionary(keyArb, tie('value'), { maxKeys: 8 }),
  })).object;
  fc.assert(
    fc.property(fc.array(item, { minLength: 1, maxLength: 60 }), (items) => {
      for (const i of items) assert.equal(canonicalJson(i), definition(i));
    }),
    { numRuns: FUZZ_RUNS },
  );
});

test('ids are the first 32 hex characters of the SHA-256 of the canonical JSON; repeats within a page get #n', () => {
  const a = { z: 1, a: 'x' };
  const b = { a: 'x', z: 2 };
  const expected = createHash('sha256').update('{"a":"x","z":1}').digest('hex').slice(0, 32);
  assert.equal(hashId(a), expected);
  assert.equal(hashId({ a: 'x', z: 1 }), expected, 'key order does not matter');
  const ids = synthesizePageIds([a, b, { a: 'x', z: 1 }, a, b]);
  assert.deepEqual(ids, [expected, hashId(b), `${expected}#2`, `${expected}#3`, `${hashId(b)}#2`]);
  assert.deepEqual(synthesizePageIds([b]), [hashId(b)], 'another page starts counting afresh');
});

test('the digest reads exactly the UTF-8 of the canonical JSON, for any text and value', () => {
  const text = fc.string({ unit: 'binary', maxLength: 40 });
  const value = fc.oneof(
    fc.anything({ withBoxedValues: true, withSparseArray: true, withNullPrototype: true }),
    fc.dictionary(text, fc.oneof(text, fc.double(), fc.constant(null), fc.array(text, { maxLength: 3 })), { maxKeys: 6 }),
  );
  fc.assert(
    fc.property(value, (v) => {
      assert.deepEqual(Buffer.from(canonicalJsonBytes(v)), Buffer.from(canonicalJson(v), 'utf8'));
      assert.equal(hashId(v), createHash('sha256').update(canonicalJson(v)).digest('hex').slice(0, 32));
    }),
    { numRuns: FUZZ_RUNS * 3 },
  );
  // Controls, quotes, a pair and lone surrogates; and an item larger than the buffer starts.
  const awkward = { s: '\u0000\u0001\b\t\n\u000b\f\r\u001f "\\ é € 😀 \ud800 x \udc00', big: 'ü'.repeat(40_000) };
  assert.deepEqual(Buffer.from(canonicalJsonBytes(awkward)), Buffer.from(canonicalJson(awkward), 'utf8'));
});
