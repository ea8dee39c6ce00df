/**
 * The virtualized timeline: a fixed number of DOM rows whatever the record
 * count, grouped under day headers. Rows come from the app's row cache,
 * filled by `records/window` requests as the viewport moves. Browsers cap an
 * element's height (about 33 M px in Chromium), so past a few million pixels
 * the scrollbar maps proportionally onto the virtual height instead of 1:1.
 */
import { html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { DayGroup, RecordRow } from '../src/protocol';
import { LightElement } from './lightElement';
import { formatDateTime, formatDay, formatTime, plural } from './format';
import { providerIcon, providerLabel, providerShortName } from './providers';
import { styleProps } from './styleProps';

export interface RowSource {
  row(index: number): RecordRow | undefined;
}

export interface RowRange {
  start: number;
  end: number;
}

export const ROW_HEIGHT = 24;
const MAX_SCROLL_HEIGHT = 8_000_000;
const OVERSCAN = 6;

type Item = { kind: 'day'; day: DayGroup; dayIndex: number } | { kind: 'row'; index: number };

export const OUTCOME_LABELS: Record<string, string> = { success: 'Success', failure: 'Failure', unknown: 'Unknown' };

@customElement('audit-timeline-list')
export class TimelineList extends LightElement {
  @property({ type: Number }) count = 0;
  @property({ attribute: false }) days: DayGroup[] = [];
  @property({ attribute: false }) source: RowSource = { row: () => undefined };
  /** Bumped by the app when rows arrive, to re-render. */
  @property({ type: Number }) version = 0;
  @property({ type: Number }) selected = -1;
  @property() zone = 'UTC';
  @property({ type: Boolean }) loading = false;
  /** Keys of rows to highlight (the publish attempts of an investigation). */
  @property({ attribute: false }) highlighted: ReadonlySet<number> = new Set();
  @state() private scrollPos = 0;
  @state() private viewport = 0;
  @query('.tl-scroller') private scroller!: HTMLElement;
  private resizeObserver: ResizeObserver | undefined;
  private lastRange = '';

  get itemCount(): number {
    return this.count + this.days.length;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.measure());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
  }

  protected override firstUpdated(): void {
    this.resizeObserver?.observe(this.scroller);
    this.measure();
  }

  /** The scroller's height; never more than the window's, so a layout slip cannot render every row. */
  private measure(): void {
    const h = Math.min(this.scroller?.clientHeight ?? 0, window.innerHeight);
    if (h !== this.viewport) this.viewport = h;
  }

  /** The virtual pixel offset shown at the top of the viewport. */
  private get offset(): number {
    const virtual = this.itemCount * ROW_HEIGHT;
    const scrollable = Math.min(virtual, MAX_SCROLL_HEIGHT);
    if (scrollable <= this.viewport) return 0;
    return (this.scrollPos * (virtual - this.viewport)) / (scrollable - this.viewport);
  }

  private scrollTopFor(offset: number): number {
    const virtual = this.itemCount * ROW_HEIGHT;
    const scrollable = Math.min(virtual, MAX_SCROLL_HEIGHT);
    if (virtual <= this.viewport) return 0;
    return (offset * (scrollable - this.viewport)) / (virtual - this.viewport);
  }

  /** Number of day headers at or before row `index`: its item index is index + that. */
  private itemOfRow(index: number): number {
    let lo = 0;
    let hi = this.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.days[mid] as DayGroup).index <= index) lo = mid + 1;
      else hi = mid;
    }
    return index + lo;
  }

  private itemAt(item: number): Item | undefined {
    // The last day whose header item is at or before `item`.
    let lo = 0;
    let hi = this.days.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.days[mid] as DayGroup).index + mid <= item) lo = mid + 1;
      else hi = mid;
    }
    const d = lo - 1;
    if (d < 0) return item < this.count ? { kind: 'row', index: item } : undefined;
    const day = this.days[d] as DayGroup;
    const header = day.index + d;
    if (item === header) return { kind: 'day', day, dayIndex: d };
    const index = item - d - 1;
    return index < this.count ? { kind: 'row', index } : undefined;
  }

  /** Scrolls just enough to show row `index`. */
  scrollToRow(index: number): void {
    if (index < 0 || index >= this.count) return;
    const item = this.itemOfRow(index);
    const top = item * ROW_HEIGHT;
    // Keep the day header above the first row of a day in view too.
    const header = this.itemAt(item - 1)?.kind === 'day' ? ROW_HEIGHT : 0;
    let offset = this.offset;
    if (top - header < offset) offset = top - header;
    else if (top + ROW_HEIGHT > offset + this.viewport) offset = top + ROW_HEIGHT - this.viewport;
    else return;
    this.setScroll(this.scrollTopFor(offset));
  }

  setScroll(scrollTop: number): void {
    this.scrollPos = Math.max(0, scrollTop);
    if (this.scroller) this.scroller.scrollTop = this.scrollPos;
  }

  get currentScrollTop(): number {
    return this.scrollPos;
  }

  /** Rows in view (plus overscan), for the app to fetch. */
  visibleRows(): RowRange {
    const first = Math.max(0, Math.floor(this.offset / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.itemCount, Math.ceil((this.offset + Math.max(this.viewport, ROW_HEIGHT * 20)) / ROW_HEIGHT) + OVERSCAN);
    let start = -1;
    let end = -1;
    for (let i = first; i < last; i++) {
      const it = this.itemAt(i);
      if (it?.kind !== 'row') continue;
      if (start < 0) start = it.index;
      end = it.index + 1;
    }
    return start < 0 ? { start: 0, end: 0 } : { start, end };
  }

  private get pageRows(): number {
    return Math.max(1, Math.floor(this.viewport / ROW_HEIGHT) - 2);
  }

  private onKey = (e: KeyboardEvent) => {
    if (this.count === 0) return;
    const cur = this.selected;
    let next: number | undefined;
    switch (e.key) {
      case 'ArrowDown':
        next = cur < 0 ? 0 : cur + 1;
        break;
      case 'ArrowUp':
        next = cur < 0 ? 0 : cur - 1;
        break;
      case 'PageDown':
        next = (cur < 0 ? 0 : cur) + this.pageRows;
        break;
      case 'PageUp':
        next = (cur < 0 ? 0 : cur) - this.pageRows;
        break;
      case 'Home':
        next = 0;
        break;
      case 'End':
        next = this.count - 1;
        break;
      case 'Enter':
      case ' ':
        if (cur >= 0) {
          e.preventDefault();
          this.emit('row-open', cur);
        }
        return;
      default:
        return;
    }
    e.preventDefault();
    next = Math.max(0, Math.min(this.count - 1, next));
    this.emit('row-select', next);
    this.scrollToRow(next);
  };

  private onScroll = () => {
    this.scrollPos = this.scroller.scrollTop;
  };

  protected override render() {
    const virtual = this.itemCount * ROW_HEIGHT;
    const scrollable = Math.min(virtual, MAX_SCROLL_HEIGHT);
    const offset = this.offset;
    const first = Math.max(0, Math.floor(offset / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.itemCount, Math.ceil((offset + this.viewport) / ROW_HEIGHT) + OVERSCAN);
    const items: unknown[] = [];
    for (let i = first; i < last; i++) {
      const it = this.itemAt(i);
      if (!it) continue;
      const top = `${Math.round(i * ROW_HEIGHT - offset)}px`;
      items.push(it.kind === 'day' ? this.renderDay(it.day, top) : this.renderRow(it.index, top));
    }
    const active = this.selected >= 0 && this.selected < this.count ? `tl-row-${this.selected}` : '';
    return html`<div class="tl-columns" aria-hidden="true">
        <span>Time</span><span></span><span>Action</span><span>Actor</span><span>Target</span><span>Outcome</span><span>Details</span>
      </div>
      <div
        class="tl-scroller"
        tabindex="0"
        role="listbox"
        aria-label=${`Audit records, ${plural(this.count, 'record')}. Up and Down move, Enter opens details.`}
        aria-activedescendant=${active || nothing}
        @keydown=${this.onKey}
        @scroll=${this.onScroll}
      >
        <div class="tl-layer" .style=${styleProps({ height: `${this.viewport}px` })}>${items}</div>
        <div class="tl-spacer" .style=${styleProps({ height: `${Math.max(0, scrollable - this.viewport)}px` })}></div>
        ${this.count === 0
          ? html`<div class="tl-empty" role="presentation">${this.loading ? 'Waiting for records…' : 'No records match.'}</div>`
          : nothing}
      </div>`;
  }

  protected override updated(): void {
    const r = this.visibleRows();
    const key = `${r.start}:${r.end}:${this.version}`;
    if (key !== this.lastRange) {
      this.lastRange = key;
      this.emit<RowRange>('rows-wanted', r);
    }
  }

  private renderDay(day: DayGroup, top: string) {
    return html`<div class="tl-day" aria-hidden="true" .style=${styleProps({ transform: `translateY(${top})` })}>
      <span class="codicon codicon-calendar"></span>
      <span class="tl-day-label">${formatDay(day.dayStart, this.zone)}</span>
      <span class="muted">${plural(day.count, 'record')}</span>
    </div>`;
  }

  private renderRow(index: number, top: string) {
    const row = this.source.row(index);
    const selected = index === this.selected;
    const pos = { transform: `translateY(${top})` };
    if (!row) {
      return html`<div
        class="tl-row tl-loading"
        role="option"
        id=${`tl-row-${index}`}
        aria-selected=${selected ? 'true' : 'false'}
        aria-posinset=${index + 1}
        aria-setsize=${this.count}
        aria-label="Loading record"
        .style=${styleProps(pos)}
      >
        <span class="c-time muted">…</span>
      </div>`;
    }
    const ms = Date.parse(row.time);
    const outcome = OUTCOME_LABELS[row.outcome] ?? row.outcome;
    const detail = row.firstError
      ? `${row.firstError}${row.errorCount > 1 ? ` (+${row.errorCount - 1} more)` : ''}`
      : row.changeCount
        ? plural(row.changeCount, 'change')
        : '';
    return html`<div
      class="tl-row outcome-${row.outcome} ${selected ? 'selected' : ''} ${this.highlighted.has(row.key) ? 'publish-attempt' : ''}"
      role="option"
      id=${`tl-row-${index}`}
      data-index=${index}
      aria-selected=${selected ? 'true' : 'false'}
      aria-posinset=${index + 1}
      aria-setsize=${this.count}
      .style=${styleProps(pos)}
      @click=${() => {
        this.emit('row-select', index);
        this.emit('row-open', index);
      }}
    >
      <span class="c-time" title=${formatDateTime(ms, this.zone)}
        ><span class="visually-hidden">${formatDay(ms, this.zone)}, </span>${formatTime(ms, this.zone)}</span
      >
      <span class="c-prov" title=${`${providerLabel(row.provider)} · ${row.connection}`}
        ><span class="codicon codicon-${providerIcon(row.provider)} prov-${row.provider}" aria-hidden="true"></span
        ><span class="visually-hidden">${providerShortName(row.provider)}</span></span
      >
      <span class="c-action" title=${row.action}>${row.action}</span>
      <span class="c-actor" title=${row.actor}>${row.actor || '—'}</span>
      <span class="c-target" title=${row.target}>${row.target || '—'}</span>
      <span class="c-outcome"><span class="badge badge-${row.outcome}">${outcome}</span></span>
      <span class="c-detail ${row.firstError ? 'err-inline' : 'muted'}" title=${detail}
        >${row.firstError ? html`<span class="codicon codicon-error"></span>` : nothing}${detail}</span
      >
    </div>`;
  }
}

