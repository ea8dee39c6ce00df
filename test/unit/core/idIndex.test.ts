import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IdIndex, hashText } from '../../../src/core/idIndex';

function indexOver(ids: string[]): IdIndex {
  return new IdIndex((h) => ids[h] as string, 4);
}

test('IdIndex: an id is added once; a repeat is refused and the first handle is kept', () => {
  const ids: string[] = [];
  const index = indexOver(ids);
  for (const id of ['a', 'b', 'a', '', 'b', '']) {
    if (index.add(id, ids.length)) ids.push(id);
  }
  assert.deepEqual(ids, ['a', 'b', '']);
  assert.equal(index.size, 3);
  assert.equal(index.add('c', 3), true, 'an id never added is new');
});

test('IdIndex keeps knowing every id as it grows far past its first capacity', () => {
  const ids: string[] = [];
  const index = indexOver(ids);
  for (let i = 0; i < 20_000; i++) {
    const id = `${(i * 7919) % 20_000}`;
    assert.equal(index.add(id, ids.length), true);
    ids.push(id);
  }
  for (let h = 0; h < ids.length; h++) assert.equal(index.add(ids[h] as string, ids.length), false);
  assert.equal(index.size, 20_000);
});

test('IdIndex tells apart ids whose hashes are equal', () => {
  // Same hash, different text: found by brute force over short strings, then stored together.
  const seen = new Map<number, string>();
  let pair: [string, string] | undefined;
  for (let i = 0; !pair && i < 2_000_000; i++) {
    const text = i.toString(36);
    const h = hashText(text);
    const other = seen.get(h);
    if (other !== undefined) pair = [other, text];
    else seen.set(h, text);
  }
  assert.ok(pair, 'a colliding pair exists among short strings');
  const [x, y] = pair;
  const ids: string[] = [];
  const index = indexOver(ids);
  assert.equal(index.add(x, 0), true);
  ids.push(x);
  assert.equal(index.add(y, 1), true, 'an equal hash is not an equal id');
  ids.push(y);
  assert.equal(index.add(x, 2), false);
  assert.equal(index.add(y, 2), false);
});
