/**
 * FloQast actions are "<METHOD> <uri without query or fragment>". The path is
 * cut without a regex per record (issue 6); it must cut exactly where
 * `uri.replace(/[?#].*$/, '')` does, line breaks included.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalizeFloQastItem } from '../../../../src/providers/floqast/normalize';
import { FUZZ_RUNS } from '../../core/fuzzRuns';

test('the action keeps the uri up to its first ? or #, as the regex reading does', () => {
  const uriArb = fc.string({ unit: fc.constantFrom('/', 'a', 'B', '?', '#', '=', '&', '\n', '\r', '\u2028', ' ', 'é'), minLength: 1, maxLength: 16 });
  fc.assert(
    fc.property(uriArb, fc.constantFrom('get', 'POST', 'Put'), (uri, method) => {
      const record = normalizeFloQastItem({ id: 'x', method, uri, createdAt: '2024-01-01T00:00:00.000Z' }, 'c');
      assert.equal(record.action, `${method.toUpperCase()} ${uri.replace(/[?#].*$/, '')}`);
    }),
    { numRuns: FUZZ_RUNS * 5 },
  );
  assert.equal(normalizeFloQastItem({ id: 'x', method: 'get', uri: '/api/v1/users?page[size]=5#top', createdAt: '2024-01-01T00:00:00.000Z' }, 'c').action, 'GET /api/v1/users');
});
