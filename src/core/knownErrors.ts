/**
 * Plain-language explanations for journey publish errors. Users meet these
 * codes at the worst moment (a publish just failed); the table says what
 * usually causes each one and what to do next. Unknown codes are shown with
 * their raw text only — a guess would be worse than nothing.
 */
import type { RecordError } from './model';

export interface KnownError {
  /** The provider's error code, compared case-insensitively. */
  code: string;
  /** When set, the message must match too (the same code covers several causes). */
  message?: RegExp;
  cause: string;
  nextStep: string;
}

export const KNOWN_PUBLISH_ERRORS: readonly KnownError[] = [
  {
    code: 'VALIDATE_GENERAL_EXCEPTION',
    message: /entry event must be configured/i,
    cause: 'The journey has no configured entry source: its entry event (or data extension, API event or Salesforce trigger) is missing or incomplete.',
    nextStep: 'Open the journey in Journey Builder, select the entry source on the canvas, finish its configuration (event definition, filter criteria) and publish again.',
  },
  {
    code: 'VALIDATE_GENERAL_EXCEPTION',
    message: /activity must be created and configured/i,
    cause: 'At least one activity on the canvas was added but never configured (an email without content, a wait without a duration, a split without criteria).',
    nextStep: 'Look for activities marked with a warning on the canvas, complete their settings, then publish again.',
  },
  {
    code: 'DUPLICATE_VALUE',
    cause: 'Several Salesforce-triggered journeys were published at the same time; Marketing Cloud Connect could not create their triggers in parallel (Salesforce_JB_Triggers_Error).',
    nextStep: 'Publish one journey at a time, waiting for each publish to complete before starting the next.',
  },
  {
    code: 'Salesforce_JB_Triggers_Error',
    cause: 'Marketing Cloud Connect failed to create the Salesforce trigger for this journey, usually because another journey was being published at the same time (DUPLICATE_VALUE).',
    nextStep: 'Publish one journey at a time, waiting for each publish to complete before starting the next.',
  },
  {
    code: 'VALIDATE_GENERAL_EXCEPTION',
    cause: 'Journey Builder rejected the journey during validation.',
    nextStep: 'Read the error detail: it names the part of the journey that failed validation. Fix it on the canvas and publish again.',
  },
];

export interface ErrorExplanation {
  cause: string;
  nextStep: string;
}

/**
 * The first table entry whose code appears as the error's code or inside its
 * message (SFMC sometimes nests one code in another's text, as with
 * Salesforce_JB_Triggers_Error carrying DUPLICATE_VALUE), and whose message
 * pattern, if any, matches. Undefined for unknown codes.
 */
export function explainError(error: RecordError, table: readonly KnownError[] = KNOWN_PUBLISH_ERRORS): ErrorExplanation | undefined {
  const haystack = `${error.code ?? ''} ${error.message}`.toLowerCase();
  for (const entry of table) {
    if (!haystack.includes(entry.code.toLowerCase())) continue;
    if (entry.message && !entry.message.test(error.message)) continue;
    return { cause: entry.cause, nextStep: entry.nextStep };
  }
  return undefined;
}
