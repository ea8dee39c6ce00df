/**
 * The field rules of DESIGN.md §3 that every consumer relies on, checked on
 * any record a provider produced, whatever its input was.
 */
import assert from 'node:assert/strict';
import type { AuditRecord, ProviderId } from '../../../../src/core/model';

const RECORD_KEYS = ['action', 'actor', 'changes', 'connection', 'errors', 'id', 'outcome', 'provider', 'raw', 'target', 'time'];

function onlyStrings(value: unknown, allowed: readonly string[], what: string, numeric: readonly string[] = []): void {
  assert.ok(value !== null && typeof value === 'object' && !Array.isArray(value), `${what} is an object`);
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    assert.ok(allowed.includes(k), `${what} has no field "${k}"`);
    if (numeric.includes(k)) assert.ok(typeof v === 'number' && Number.isFinite(v), `${what}.${k} is a finite number`);
    else assert.equal(typeof v, 'string', `${what}.${k} is a string (optional fields are left out, never null)`);
  }
}

export function assertRecordContract(r: AuditRecord, provider: ProviderId): void {
  assert.deepEqual(Object.keys(r).sort(), RECORD_KEYS, 'exactly the fields of the neutral record');
  assert.equal(r.provider, provider);
  assert.ok(typeof r.connection === 'string' && r.connection !== '', 'connection is a non-empty string');
  assert.ok(typeof r.id === 'string' && r.id !== '', 'id is a non-empty string');
  assert.equal(typeof r.time, 'string');
  assert.equal(new Date(r.time).toISOString(), r.time, 'time is exactly what toISOString prints');
  assert.ok(/^\d{4}-/.test(r.time), 'time has a four-digit year');
  assert.equal(typeof r.action, 'string');
  assert.ok(['success', 'failure', 'unknown'].includes(r.outcome));
  onlyStrings(r.actor, ['id', 'name', 'email'], 'actor');
  onlyStrings(r.target, ['type', 'id', 'name', 'version'], 'target', ['version']);
  assert.ok(Array.isArray(r.errors), 'errors is always present');
  for (const e of r.errors) {
    onlyStrings(e, ['code', 'message'], 'an error');
    assert.equal(typeof e.message, 'string', 'an error has a message');
  }
  assert.ok(Array.isArray(r.changes), 'changes is always present');
  for (const c of r.changes) {
    onlyStrings(c, ['field', 'old', 'new'], 'a change');
    assert.equal(typeof c.field, 'string', 'a change names its field');
  }
}
