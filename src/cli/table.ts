/**
 * A plain aligned text table for people at a terminal. Cells are cleaned of
 * control characters (record text comes from remote APIs and must not be able
 * to move the cursor or recolour the terminal) and cut to a readable width.
 */

export interface Column<T> {
  header: string;
  cell: (row: T) => string;
  /** Longer cells are cut with an ellipsis. */
  maxWidth?: number;
}

// C0 and C1 controls, DEL, and bidi overrides that could disguise text.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function cleanCell(text: string, maxWidth = Number.POSITIVE_INFINITY): string {
  const flat = text.replace(/\r\n|\r|\n|\t/g, ' ').replace(UNSAFE, '');
  const chars = [...flat];
  if (chars.length <= maxWidth) return flat;
  return `${chars.slice(0, Math.max(1, maxWidth - 1)).join('')}…`;
}

function width(text: string): number {
  return [...text].length;
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)));
}

/** Rows of the table as lines, header first; columns are separated by two spaces, trailing spaces trimmed. */
export function renderTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string[] {
  const cells = rows.map((row) => columns.map((c) => cleanCell(c.cell(row), c.maxWidth)));
  const widths = columns.map((c, i) => Math.max(width(c.header), ...cells.map((r) => width(r[i] ?? ''))));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => pad(v, widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header.toUpperCase())), ...cells.map(line)];
}
