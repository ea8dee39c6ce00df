import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stableJson } from '../../../src/extension/publishErrors/definitionJson';

test('keys are sorted at every depth; arrays keep their order', () => {
  const a = stableJson({ version: 5, name: 'W', activities: [{ type: 'EMAIL', key: 'b' }, { key: 'a', type: 'WAIT' }], triggers: { z: 1, a: { y: 2, b: 3 } } });
  assert.equal(
    a,
    '{\n  "activities": [\n    {\n      "key": "b",\n      "type": "EMAIL"\n    },\n    {\n      "key": "a",\n      "type": "WAIT"\n    }\n  ],\n  "name": "W",\n  "triggers": {\n    "a": {\n      "b": 3,\n      "y": 2\n    },\n    "z": 1\n  },\n  "version": 5\n}\n',
  );
});

test('two definitions that differ only in key order print the same', () => {
  assert.equal(stableJson({ b: 1, a: [1, { d: 2, c: 3 }] }), stableJson({ a: [1, { c: 3, d: 2 }], b: 1 }));
});

test('a key named __proto__ stays data, and odd values print as JSON does', () => {
  const parsed = JSON.parse('{"__proto__": {"polluted": true}, "a": null}');
  const text = stableJson(parsed);
  assert.match(text, /"__proto__": \{/);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(stableJson(undefined), 'null\n');
  assert.equal(stableJson('x'), '"x"\n');
});

test('a cycle cannot hang the diff', () => {
  const o: Record<string, unknown> = { a: 1 };
  o.self = o;
  assert.match(stableJson(o), /"self": "\[Circular\]"/);
});
