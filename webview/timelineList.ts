/**
 * The virtualized timeline: a fixed pool of row slots whatever the record
 * count, day headers included, so the DOM is the same size at 10³ records
 * and at 10⁶. Each slot keeps the same child elements and only switches
 * between showing a record, a loading row, a day header or nothing; item `i`
 * always lands in slot `i mod pool`, so when the list scrolls by a few rows
 * only the slots that scrolled in are rewritten and the others just move.
 *
 * Scrolling does not go through Lit: the scroll handler writes the slots
 * directly (text, classes and a transform, never layout-affecting offsets).
 * Lit renders the pool's skeleton and re-renders only when the data, the
 * selection or the viewport size change. Rows come from the app's row cache,
 * filled by `records/window` requests for the rows in view and a stretch
 * ahead of them on both sides.
 *
 * Browsers cap an element's height (Chromium's layout units stop at about
 * 33.5 M px), so past 30 M px (about 1.25 M rows) the scrollbar maps
 * proportionally onto the virtual height instead of 1:1. Below that a wheel
 * step moves the list by what it says: a lower cap made each step at 10^6
 * rows jump three times as far, past rows not loaded yet, and rewrite every
 * slot each frame.
 */
import { html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { DayGroup, RecordRow } from '../src/protocol';
import { LightElement } from './lightElement';
import { formatDay, plural } from './format';
import { providerIcon, providerLabel } from './providers';
import { rowText } from './rowText';
import { styleProps } from './styleProps';

export interface RowSource {
  row(index: number): RecordRow | undefined;
}

export interface RowRange {
  start: number;
  end: number;
}

export const ROW_HEIGHT = 24;
const MAX_SCROLL_HEIGHT = 30_000_000;
const OVERSCAN = 6;
/** Rows asked for beyond the pool on each side, so a fast scroll finds them loaded. */
const LOOKAHEAD = 200;

type Item = { kind: 'day'; day: DayGroup; dayIndex: number } | { kind: 'row'; index: number };

export { OUTCOME_LABELS } from './rowText';

/** One slot's elements, found once, and what it last showed (to skip unchanged writes). */
interface Slot {
  el: HTMLElement;
  dayLabel: HTMLElement;
  dayCount: HTMLElement;
  time: HTMLElement;
  prov: HTMLElement;
  provIcon: HTMLElement;
  action: HTMLElement;
  actor: HTMLElement;
  target: HTMLElement;
  badge: HTMLElement;
  detail: HTMLElement;
  detailIcon: HTMLElement;
  detailText: HTMLElement;
  /** What the slot shows: the item, the row object, and the flags that change its look. */
  shown: string;
  row: RecordRow | undefined;
  item: number;
  y: number;
}

@customElement('audit-timeline-list')
export class TimelineList extends LightElement {
  @property({ type: Number }) count = 0;
  @property({ attribute: false }) days: DayGroup[] = [];
  @property({ attribute: false }) source: RowSource = { row: () => undefined };
  /** Bumped by the app when its row cache is replaced, to re-render. */
  @property({ type: Number }) version = 0;
  @property({ type: Number }) selected = -1;
  @property() zone = 'UTC';
  @property({ type: Boolean }) loading = false;
  /** Keys of rows to highlight (the publish attempts of an investigation). */
  @property({ attribute: false }) highlighted: ReadonlySet<number> = new Set();
  @state() private viewport = 0;
  @query('.tl-scroller') private scroller!: HTMLElement;
  @query('.tl-layer') private layer!: HTMLElement | null;
  private scrollPos = 0;
  private resizeObserver: ResizeObserver | undefined;
  private lastRange = '';
  private slots: Slot[] = [];
  /** Ends the current scroll gesture when no scroll event came for a while. */
  private scrollEnd: ReturnType<typeof setTimeout> | undefined;
  /** Bumped whenever every slot must be rewritten (data, selection, zone). */
  private epoch = 0;

  get itemCount(): number {
    return this.count + this.days.length;
  }

  /** Slots in the pool: a viewport of rows plus overscan above and below. */
  private get poolSize(): number {
    return Math.ceil(this.viewport / ROW_HEIGHT) + 1 + 2 * OVERSCAN;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.measure());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    if (this.scrollEnd !== undefined) clearTimeout(this.scrollEnd);
    this.scrollEnd = undefined;
  }

  protected override firstUpdated(): void {
    this.resizeObserver?.observe(this.scroller);
    this.measure();
  }

  /** The scroller's height; never more than the window's, so a layout slip cannot make the pool huge. */
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
    if (item < 0) return undefined;
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
    if (this.scroller) {
      this.scroller.scrollTop = this.scrollPos;
      // The browser clamps; keep what it actually shows.
      this.scrollPos = this.scroller.scrollTop;
    }
    this.paint();
  }

  get currentScrollTop(): number {
    return this.scrollPos;
  }

  /** The first item of the pool's window. */
  private firstItem(): number {
    return Math.max(0, Math.floor(this.offset / ROW_HEIGHT) - OVERSCAN);
  }

  /** Rows in view (plus overscan), for the app to fetch. */
  visibleRows(): RowRange {
    const first = this.firstItem();
    const last = Math.min(this.itemCount, first + Math.max(this.poolSize, 20 + 2 * OVERSCAN));
    return this.rowsOfItems(first, last);
  }

  private rowsOfItems(first: number, last: number): RowRange {
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

  /** Called by the app when rows arrive in the cache it already gave the list. */
  rowsArrived(): void {
    this.paint();
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
    // While scrolling, rows under a still pointer would change hover state every frame; hit-testing waits.
    if (this.scrollEnd === undefined) this.layer?.classList.add('scrolling');
    else clearTimeout(this.scrollEnd);
    this.scrollEnd = setTimeout(() => {
      this.scrollEnd = undefined;
      this.layer?.classList.remove('scrolling');
    }, 150);
    this.paint();
  };

  private onClick = (e: MouseEvent) => {
    const el = (e.target as Element | null)?.closest('.tl-slot');
    const slot = this.slots.find((s) => s.el === el);
    if (!slot?.row) return;
    const it = this.itemAt(slot.item);
    if (it?.kind !== 'row') return;
    this.emit('row-select', it.index);
    this.emit('row-open', it.index);
  };

  protected override render() {
    const virtual = this.itemCount * ROW_HEIGHT;
    const scrollable = Math.min(virtual, MAX_SCROLL_HEIGHT);
    const active = this.selected >= 0 && this.selected < this.count ? `tl-row-${this.selected}` : '';
    const pool: unknown[] = [];
    for (let i = 0; i < this.poolSize; i++) pool.push(SLOT);
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
        <div class="tl-layer" @click=${this.onClick} .style=${styleProps({ height: `${this.viewport}px` })}>${pool}</div>
        <div class="tl-spacer" .style=${styleProps({ height: `${Math.max(0, scrollable - this.viewport)}px` })}></div>
        <div class="tl-empty" role="presentation" ?hidden=${this.count > 0}>${this.loading ? 'Waiting for records…' : 'No records match.'}</div>
      </div>`;
  }

  protected override updated(): void {
    const els = this.querySelectorAll<HTMLElement>('.tl-layer > .tl-slot');
    if (els.length !== this.slots.length) this.slots = [...els].map(slotOf);
    // Whatever changed (data, selection, zone, highlights), every slot is rewritten once.
    this.epoch++;
    this.paint();
  }

  /** Writes the slots for the current scroll position; only what changed touches the DOM. */
  private paint(): void {
    const n = this.slots.length;
    if (n === 0) return;
    const offset = this.offset;
    const first = this.firstItem();
    for (let i = first; i < first + n; i++) {
      const slot = this.slots[i % n] as Slot;
      this.paintSlot(slot, i, Math.round(i * ROW_HEIGHT - offset));
    }
    const r = this.rowsOfItems(first, Math.min(this.itemCount, first + n));
    const wanted = r.end > r.start ? { start: Math.max(0, r.start - LOOKAHEAD), end: Math.min(this.count, r.end + LOOKAHEAD) } : r;
    const key = `${wanted.start}:${wanted.end}:${this.version}`;
    if (key !== this.lastRange) {
      this.lastRange = key;
      this.emit<RowRange>('rows-wanted', wanted);
    }
  }

  private paintSlot(slot: Slot, item: number, y: number): void {
    const it = this.itemAt(item);
    const row = it?.kind === 'row' ? this.source.row(it.index) : undefined;
    const shown = !it
      ? 'none'
      : it.kind === 'day'
        ? `d${item}:${this.epoch}`
        : `r${item}:${row ? 'loaded' : 'loading'}:${this.epoch}`;
    if (shown !== slot.shown || row !== slot.row) {
      slot.shown = shown;
      slot.row = row;
      slot.item = item;
      if (!it) hide(slot);
      else if (it.kind === 'day') this.writeDay(slot, it.day);
      else if (row) this.writeRow(slot, it.index, row);
      else this.writeLoading(slot, it.index);
    }
    if (it && y !== slot.y) {
      slot.y = y;
      slot.el.style.transform = `translateY(${y}px)`;
    }
  }

  private writeDay(slot: Slot, day: DayGroup): void {
    const el = slot.el;
    el.className = 'tl-slot tl-day';
    el.hidden = false;
    setAttrs(el, { 'aria-hidden': 'true', role: null, id: null, 'data-index': null, 'aria-selected': null, 'aria-posinset': null, 'aria-setsize': null, 'aria-label': null });
    setText(slot.dayLabel, formatDay(day.dayStart, this.zone));
    setText(slot.dayCount, plural(day.count, 'record'));
  }

  private writeLoading(slot: Slot, index: number): void {
    const el = slot.el;
    el.className = `tl-slot tl-row tl-loading${index === this.selected ? ' selected' : ''}`;
    el.hidden = false;
    setAttrs(el, {
      'aria-hidden': null,
      role: 'option',
      id: `tl-row-${index}`,
      'data-index': null,
      'aria-selected': index === this.selected ? 'true' : 'false',
      'aria-posinset': String(index + 1),
      'aria-setsize': String(this.count),
      'aria-label': 'Loading record',
    });
    clearCells(slot);
    setText(slot.time, '…');
  }

  private writeRow(slot: Slot, index: number, row: RecordRow): void {
    const el = slot.el;
    const selected = index === this.selected;
    el.className = `tl-slot tl-row outcome-${row.outcome}${selected ? ' selected' : ''}${this.highlighted.has(row.key) ? ' publish-attempt' : ''}`;
    el.hidden = false;
    const text = rowText(row, this.zone);
    // The accessible name is an attribute, not hidden text: it costs no layout while scrolling.
    setAttrs(el, {
      'aria-hidden': null,
      role: 'option',
      id: `tl-row-${index}`,
      'data-index': String(index),
      'aria-selected': selected ? 'true' : 'false',
      'aria-posinset': String(index + 1),
      'aria-setsize': String(this.count),
      'aria-label': text.label,
    });
    const detail = text.detail;
    setTitle(slot.time, text.full);
    setText(slot.time, text.time);
    setTitle(slot.prov, `${providerLabel(row.provider)} · ${row.connection}`);
    setClass(slot.provIcon, `codicon codicon-${providerIcon(row.provider)} prov-${row.provider}`);
    setTitle(slot.action, row.action);
    setText(slot.action, row.action);
    setTitle(slot.actor, row.actor);
    setText(slot.actor, row.actor || '—');
    setTitle(slot.target, row.target);
    setText(slot.target, row.target || '—');
    setClass(slot.badge, `badge badge-${row.outcome}`);
    setText(slot.badge, text.outcome);
    setClass(slot.detail, `c-detail ${row.firstError ? 'err-inline' : 'muted'}`);
    setTitle(slot.detail, detail);
    setClass(slot.detailIcon, row.firstError ? 'codicon codicon-error' : 'codicon');
    setText(slot.detailText, detail);
  }
}

/**
 * One slot's fixed elements: the day header's parts and the row's cells, all
 * always present; CSS shows the ones of the slot's current kind.
 */
const SLOT = html`<div class="tl-slot" hidden>
  <span class="tl-day-head"><span class="codicon codicon-calendar"></span><span class="tl-day-label"></span><span class="muted tl-day-count"></span></span>
  <span class="c-time"></span>
  <span class="c-prov"><span class="codicon"></span></span>
  <span class="c-action"></span>
  <span class="c-actor"></span>
  <span class="c-target"></span>
  <span class="c-outcome"><span class="badge"></span></span>
  <span class="c-detail"><span class="codicon"></span><span class="c-detail-text"></span></span>
</div>`;

function slotOf(el: HTMLElement): Slot {
  const q = (selector: string) => el.querySelector(selector) as HTMLElement;
  return {
    el,
    dayLabel: q('.tl-day-label'),
    dayCount: q('.tl-day-count'),
    time: q('.c-time'),
    prov: q('.c-prov'),
    provIcon: q('.c-prov > .codicon'),
    action: q('.c-action'),
    actor: q('.c-actor'),
    target: q('.c-target'),
    badge: q('.c-outcome > span'),
    detail: q('.c-detail'),
    detailIcon: q('.c-detail > .codicon'),
    detailText: q('.c-detail-text'),
    shown: '',
    row: undefined,
    item: -1,
    y: Number.NaN,
  };
}

function hide(slot: Slot): void {
  slot.el.hidden = true;
  slot.el.className = 'tl-slot';
  setAttrs(slot.el, { 'aria-hidden': null, role: null, id: null, 'data-index': null, 'aria-selected': null, 'aria-posinset': null, 'aria-setsize': null, 'aria-label': null });
}

function clearCells(slot: Slot): void {
  for (const el of [slot.time, slot.prov, slot.action, slot.actor, slot.target, slot.detail]) setTitle(el, '');
  for (const el of [slot.time, slot.action, slot.actor, slot.target, slot.badge, slot.detailText]) setText(el, '');
  setClass(slot.provIcon, 'codicon');
  setClass(slot.badge, '');
  setClass(slot.detail, 'c-detail muted');
  setClass(slot.detailIcon, 'codicon');
}

function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

function setTitle(el: HTMLElement, title: string): void {
  if (title) {
    if (el.title !== title) el.title = title;
  } else if (el.hasAttribute('title')) el.removeAttribute('title');
}

function setClass(el: HTMLElement, className: string): void {
  if (el.className !== className) el.className = className;
}

function setAttrs(el: HTMLElement, attrs: Record<string, string | null>): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null) {
      if (el.hasAttribute(name)) el.removeAttribute(name);
    } else if (el.getAttribute(name) !== value) el.setAttribute(name, value);
  }
}
