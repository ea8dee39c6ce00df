import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getField } from '../../../src/core/fieldAccess';

test('getField: the exact spelling first, then any casing; absent is undefined', () => {
  assert.equal(getField({ userId: 1, UserId: 2 }, 'UserId'), 2);
  assert.equal(getField({ USERID: 3 }, 'userId'), 3);
  assert.equal(getField({ publishstatus: 'Error' }, 'publishStatus'), 'Error');
  assert.equal(getField({ user: 1, userIds: 2 }, 'userId'), undefined, 'a prefix or a longer key is not the field');
  assert.equal(getField({ a: undefined }, 'A'), undefined);
  assert.equal(getField({ a: null }, 'A'), null);
});

test('getField reads own fields only, and no key that merely lowercases alike in another script', () => {
  const inherited = Object.create({ Action: 'inherited' }) as Record<string, unknown>;
  assert.equal(getField(inherited, 'action'), undefined);
  // U+0130 (İ) lowercases to "i̇", two code units: never the ASCII "id".
  assert.equal(getField({ 'İD': 'x' }, 'id'), undefined);
  // U+212A (Kelvin sign) lowercases to ASCII "k", one for one: the same field as "K".
  assert.equal(getField({ '\u212Aey': 'kelvin' }, 'key'), 'kelvin');
});
