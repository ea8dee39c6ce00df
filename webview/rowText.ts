/**
 * A row's display strings, formatted once per row and zone. The app formats
 * a block when it arrives, ahead of the viewport, so scrolling a row into
 * view only copies strings and never waits on Intl formatting.
 */
import type { RecordRow } from '../src/protocol';
import { formatDateTime, formatDay, formatTime, plural } from './format';
import { providerShortName } from './providers';

export const OUTCOME_LABELS: Record<string, string> = { success: 'Success', failure: 'Failure', unknown: 'Unknown' };

export interface RowText {
  time: string;
  /** The full date and time with zone, for the tooltip. */
  full: string;
  outcome: string;
  /** The first error (and how many more), or the number of changes. */
  detail: string;
  /** What a screen reader says for the row: the day the header above shows, every cell, the provider. */
  label: string;
}

const memo = new WeakMap<RecordRow, { zone: string; text: RowText }>();

export function rowText(row: RecordRow, zone: string): RowText {
  const hit = memo.get(row);
  if (hit && hit.zone === zone) return hit.text;
  const ms = Date.parse(row.time);
  const detail = row.firstError
    ? `${row.firstError}${row.errorCount > 1 ? ` (+${row.errorCount - 1} more)` : ''}`
    : row.changeCount
      ? plural(row.changeCount, 'change')
      : '';
  const time = formatTime(ms, zone);
  const outcome = OUTCOME_LABELS[row.outcome] ?? row.outcome;
  const text: RowText = {
    time,
    full: formatDateTime(ms, zone),
    outcome,
    detail,
    // The visible cells, space-separated exactly as they read on screen (WCAG's label in name),
    // after the day, which shows as a header above, and before the provider, which shows as an icon.
    label: `${formatDay(ms, zone)}, ${[time, row.action, row.actor || '—', row.target || '—', outcome, detail].filter(Boolean).join(' ')}, ${providerShortName(row.provider)}`,
  };
  memo.set(row, { zone, text });
  return text;
}
