import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor } from '../../../src/core/redact';
import { requestLogLine } from '../../../src/extension/requestLogLine';

test('a request line: method, path and query, status, time; secrets masked', () => {
  const r = new Redactor().add('s3cr3t-value');
  const line = requestLogLine({ method: 'GET', url: 'https://h.example/api/v1/audit-trail?filter%5Bx%5D=s3cr3t-value&page=2', status: 200, ms: 12, attempt: 1 }, r, 'floqast');
  assert.equal(line, '[floqast] GET /api/v1/audit-trail?filter%5Bx%5D=***&page=2 → 200 in 12 ms');
  const failed = requestLogLine({ method: 'POST', url: 'https://h.example/v2/token', ms: 30000, attempt: 2, error: 'timeout' }, r);
  assert.equal(failed, 'POST /v2/token → failed (timeout) in 30000 ms attempt 2');
  const noted = requestLogLine({ method: 'GET', url: 'https://h/x', status: 429, ms: 0, attempt: 1, note: 'rate limited' }, r);
  assert.ok(noted.endsWith('(rate limited)'));
});
