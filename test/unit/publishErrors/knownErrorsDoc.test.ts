import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KNOWN_PUBLISH_ERRORS, explainError } from '../../../src/core/knownErrors';
import { knownErrorsMarkdown } from '../../../src/extension/publishErrors/knownErrorsDoc';

const DOC = join(__dirname, '../../../docs/known-errors.md');

test('docs/known-errors.md is the table the extension applies', () => {
  const expected = knownErrorsMarkdown();
  if (process.env.AUDIT_LENS_UPDATE_DOCS === '1') writeFileSync(DOC, expected);
  assert.equal(readFileSync(DOC, 'utf8'), expected, 'docs/known-errors.md is stale: run AUDIT_LENS_UPDATE_DOCS=1 node scripts/run-unit-tests.mjs test/unit/publishErrors');
});

test('the document lists every row, with its cause and next step, in the order lookups apply them', () => {
  const doc = knownErrorsMarkdown();
  const rows = doc.split('\n').filter((l) => /^\| \d+ \|/.test(l));
  assert.equal(rows.length, KNOWN_PUBLISH_ERRORS.length);
  KNOWN_PUBLISH_ERRORS.forEach((e, i) => {
    const row = rows[i]!;
    assert.ok(row.startsWith(`| ${i + 1} | \`${e.code}\``), `row ${i + 1} is ${e.code}`);
    assert.ok(row.includes(e.cause) && row.includes(e.nextStep), `row ${i + 1} carries its cause and next step`);
    if (e.message) assert.ok(row.includes(e.message.source));
  });
  assert.match(doc, /DUPLICATE_VALUE/);
  assert.match(doc, /entry event must be configured/);
});

test('a pipe in a cause cannot break the Markdown table', () => {
  const doc = knownErrorsMarkdown([{ code: 'X|Y', cause: 'a | b', nextStep: 'c\nd' }]);
  const row = doc.split('\n').find((l) => l.startsWith('| 1 |'))!;
  assert.equal(row, '| 1 | `X\\|Y` | any | a \\| b | c d |');
});

test('the issue’s two examples are explained, and the trigger error says to publish one journey at a time', () => {
  const entry = explainError({ code: 'VALIDATE_GENERAL_EXCEPTION', message: 'An entry event must be configured before activation can be successful' });
  assert.ok(entry);
  const dup = explainError({ code: 'Salesforce_JB_Triggers_Error', message: 'DUPLICATE_VALUE: duplicate value found: <unknown> duplicates value on record with id: <unknown>' });
  assert.match(dup!.nextStep, /one journey at a time/i);
  assert.equal(explainError({ code: 'SOMETHING_NEW', message: 'never seen' }), undefined);
});
