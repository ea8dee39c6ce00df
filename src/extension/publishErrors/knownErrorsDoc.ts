/**
 * docs/known-errors.md, generated from KNOWN_PUBLISH_ERRORS so the document
 * users read and the table the extension applies cannot drift apart (a unit
 * test compares them; AUDIT_LENS_UPDATE_DOCS=1 rewrites the file).
 */
import { KNOWN_PUBLISH_ERRORS, type KnownError } from '../../core/knownErrors';

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
}

function messageRule(e: KnownError): string {
  return e.message ? `matches \`/${e.message.source}/${e.message.flags}\`` : 'any';
}

export function knownErrorsMarkdown(table: readonly KnownError[] = KNOWN_PUBLISH_ERRORS): string {
  const lines = [
    '# Known journey publish errors',
    '',
    '<!-- Generated from src/core/knownErrors.ts (KNOWN_PUBLISH_ERRORS) by test/unit/publishErrors/knownErrorsDoc.test.ts. Do not edit by hand: change the table, then run `AUDIT_LENS_UPDATE_DOCS=1 node scripts/run-unit-tests.mjs test/unit/publishErrors`. -->',
    '',
    'Investigate Publish Errors shows every `ErrorCode` and `ErrorDetail` of a failed Journey Builder publish. When an error matches a row below, the timeline and the tree add its plain-language cause and next step; an error that matches no row is shown exactly as Marketing Cloud sent it, with no guess.',
    '',
    'How a row matches: its code must appear in the error\'s code or inside its message (case-insensitive; Marketing Cloud sometimes nests one code in another\'s text, as `Salesforce_JB_Triggers_Error` carrying `DUPLICATE_VALUE`), and its message pattern, when it has one, must match the message. The first matching row wins, so specific rows come before general ones.',
    '',
    '| # | Code | Message | Likely cause | Next step |',
    '|---|---|---|---|---|',
    ...table.map((e, i) => `| ${i + 1} | \`${cell(e.code)}\` | ${cell(messageRule(e))} | ${cell(e.cause)} | ${cell(e.nextStep)} |`),
    '',
  ];
  return lines.join('\n');
}
