/**
 * Progress on stderr, only when stderr is a terminal: scripts that capture
 * stderr see nothing but warnings and the one error line.
 */
import type { ProviderId } from '../core/model';
import type { FetchProgress } from '../core/provider';

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

// A redraw per page would flood a slow terminal at 10⁴ pages.
const MIN_REDRAW_MS = 100;

export class ProgressLine {
  private shown = false;
  private lastDraw = 0;

  constructor(
    private readonly stream: ProgressStream,
    private readonly provider: ProviderId,
    private readonly now: () => number = Date.now,
  ) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  update(p: FetchProgress): void {
    if (!this.enabled) return;
    const t = this.now();
    if (this.shown && t - this.lastDraw < MIN_REDRAW_MS) return;
    this.lastDraw = t;
    const pages = p.pagesTotal !== undefined ? `${p.pagesDone}/${p.pagesTotal} pages` : `${p.pagesDone} pages`;
    const note = p.message ? `, ${p.message.replace(/[\u0000-\u001f\u007f]/g, ' ')}` : '';
    this.stream.write(`\r\x1b[K${this.provider}: ${pages}, ${p.records} records${note}`);
    this.shown = true;
  }

  /** Erases the line so that what follows starts clean. */
  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[K');
    this.shown = false;
  }
}
