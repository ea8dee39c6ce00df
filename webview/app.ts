/**
 * The timeline app: owns the UI state (filter, selection, zone), asks the
 * host for what is on screen, and lays out the header, histogram, facets,
 * search, list and detail pane. UI state goes to the webview's setState, so
 * it survives the page being discarded while the panel is hidden.
 */
import { html, nothing } from 'lit';
import { customElement, query, state } from 'lit/decorators.js';
import type {
  FacetCounts,
  HistogramBins,
  RecordDetailView,
  RecordFilter,
  RecordRow,
  RequestMethod,
  RequestParams,
  RequestResult,
  SessionState,
  TimelineLayout,
} from '../src/protocol';
import { MAX_WINDOW_ROWS } from '../src/protocol';
import { HostClient } from './hostClient';
import { LightElement } from './lightElement';
import { localZone } from './format';
import { rowText } from './rowText';
import type { FacetToggle } from './facetsView';
import type { BrushRange } from './histogramView';
import type { RowRange, RowSource, TimelineList } from './timelineList';
import type { VsCodeApi } from './vscodeApi';

/** What survives the page being discarded (setState). */
export interface UiState {
  filter: RecordFilter;
  utc: boolean;
  selectedKey?: number;
  detailOpen: boolean;
  scrollTop: number;
  queryId?: number;
  queryTitle?: string;
}

const BLOCK = 100;

/** Rows of one (filter, generation), fetched in blocks as the viewport needs them. */
class RowCache implements RowSource {
  readonly rows = new Map<number, RecordRow>();
  readonly requested = new Set<number>();
  constructor(
    readonly generation: number,
    readonly matched: number,
  ) {}

  row(index: number): RecordRow | undefined {
    return this.rows.get(index);
  }

  missingBlocks(range: RowRange): number[] {
    const out: number[] = [];
    const end = Math.min(range.end, this.matched);
    for (let b = Math.floor(range.start / BLOCK); b * BLOCK < end; b++) if (!this.requested.has(b)) out.push(b);
    return out;
  }
}

function hasConstraints(f: RecordFilter): boolean {
  return (
    f.from !== undefined ||
    f.to !== undefined ||
    !!f.text?.trim() ||
    Object.values(f.include ?? {}).some((v) => v && v.length > 0) ||
    Object.values(f.exclude ?? {}).some((v) => v && v.length > 0)
  );
}

@customElement('audit-timeline-app')
export class TimelineApp extends LightElement {
  @state() private session: SessionState | undefined;
  @state() private filter: RecordFilter = {};
  @state() private searchText = '';
  @state() private utc = false;
  @state() private layout: (TimelineLayout & { generation: number }) | undefined;
  @state() private facets: FacetCounts[] = [];
  @state() private bins: HistogramBins | undefined;
  @state() private selected = -1;
  @state() private detail: RecordDetailView | undefined;
  @state() private detailOpen = false;
  @state() private detailLoading = false;
  @state() private detailError = '';
  @state() private rowsVersion = 0;
  @state() private error = '';
  @state() private toast = '';
  @query('audit-timeline-list') private list!: TimelineList;
  @query('.search-field') private searchField!: HTMLElement & { value: string };

  private client!: HostClient;
  private api!: VsCodeApi<UiState>;
  private rowCache = new RowCache(-1, 0);
  private selectedKey: number | undefined;
  private seq = 0;
  private refreshing = false;
  private refreshAgain = false;
  private maxBins = 120;
  private binsSeq = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  private toastTimer: ReturnType<typeof setTimeout> | undefined;
  private saveTimer: ReturnType<typeof setTimeout> | undefined;
  private restoredScroll: number | undefined;
  private detailSeq = 0;

  /** Wires the app to the host; called once by main.ts. */
  start(api: VsCodeApi<UiState>, client: HostClient): void {
    this.api = api;
    this.client = client;
    const saved = api.getState();
    if (saved) {
      this.filter = saved.filter ?? {};
      this.searchText = saved.filter?.text ?? '';
      this.utc = !!saved.utc;
      this.selectedKey = saved.selectedKey;
      this.detailOpen = !!saved.detailOpen && saved.selectedKey !== undefined;
      this.restoredScroll = saved.scrollTop;
    }
    client.onState((s) => this.onSession(s, saved));
    document.addEventListener('keydown', this.onGlobalKey);
    client.command({ type: 'ready' });
    // The host may hold another filter than this page shows (a panel restored after a restart, or opened
    // again): Export and the pickers follow what the user sees.
    client.command({ type: 'filter/changed', filter: this.filter });
  }

  private get zone(): string {
    return this.utc ? 'UTC' : localZone();
  }

  private onSession(s: SessionState, saved: UiState | undefined): void {
    const prev = this.session;
    this.session = s;
    if (!prev || prev.queryId !== s.queryId) {
      // A saved UI state applies to the query it was saved for (also after a restart restored it).
      const sameQuery = !prev && saved && (saved.queryId === s.queryId || (s.restored && saved.queryTitle === s.query?.title));
      // The shown query run again keeps the user's filter and search; its records (and so the selection) are new.
      if (prev && s.keepView) this.resetSelection();
      else if (!sameQuery && (prev || saved)) this.resetForNewQuery();
      this.saveUi();
      this.refresh();
      return;
    }
    if (prev.generation !== s.generation) this.refresh();
  }

  private resetForNewQuery(): void {
    this.filter = {};
    this.client.command({ type: 'filter/changed', filter: this.filter });
    this.searchText = '';
    if (this.searchField) this.searchField.value = '';
    this.resetSelection();
  }

  private resetSelection(): void {
    this.selected = -1;
    this.selectedKey = undefined;
    this.detail = undefined;
    this.detailOpen = false;
    this.restoredScroll = 0;
    this.list?.setScroll(0);
  }

  private async request<M extends RequestMethod>(method: M, params: RequestParams<M>): Promise<RequestResult<M>> {
    return this.client.request(method, params);
  }

  /** Asks again for everything on screen; one refresh at a time, the latest state wins. */
  private refresh(): void {
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    void this.doRefresh().finally(() => {
      this.refreshing = false;
      if (this.refreshAgain) {
        this.refreshAgain = false;
        this.refresh();
      }
    });
  }

  /**
   * Rows first: the window in view and the layout (match count, day groups)
   * go out before facets and bins, and the list shows as soon as those two
   * are back; facets and bins fill in when they arrive. The host answers in
   * order, so the slower requests never hold up the first rows.
   */
  private async doRefresh(): Promise<void> {
    const seq = ++this.seq;
    const filter = this.filter;
    try {
      const visible = this.list && this.layout ? this.list.visibleRows() : { start: 0, end: 60 };
      const firstBlock = Math.floor(visible.start / BLOCK);
      const blockCount = Math.min(Math.floor(MAX_WINDOW_ROWS / BLOCK), Math.max(1, Math.ceil(Math.max(visible.end, visible.start + 60) / BLOCK) - firstBlock));
      const windowReply = this.request('records/window', { filter, start: firstBlock * BLOCK, count: blockCount * BLOCK });
      const layoutReply = this.request('records/layout', { filter, timeZone: this.zone });
      const facetsReply = this.request('records/facets', { filter });
      const binsSeq = ++this.binsSeq;
      const binsReply = this.request('records/bins', { filter, maxBins: this.maxBins });
      // Nobody may be waiting on these when an earlier one fails; their errors surface below.
      facetsReply.catch(() => undefined);
      binsReply.catch(() => undefined);
      const [layout, rows] = await Promise.all([layoutReply, windowReply]);
      if (seq !== this.seq) return;
      const cache = new RowCache(layout.generation, layout.matched);
      if (rows.generation === layout.generation) {
        for (let b = 0; b < blockCount; b++) cache.requested.add(firstBlock + b);
        rows.rows.forEach((row, i) => cache.rows.set(firstBlock * BLOCK + i, row));
      }
      let selected = -1;
      if (this.selectedKey !== undefined) selected = (await this.request('records/locate', { filter, key: this.selectedKey })).index;
      if (seq !== this.seq) return;
      this.layout = layout;
      this.rowCache = cache;
      this.rowsVersion++;
      this.selected = selected;
      this.error = '';
      if (this.restoredScroll !== undefined) {
        const top = this.restoredScroll;
        this.restoredScroll = undefined;
        await this.updateComplete;
        this.list?.setScroll(top);
      }
      if (this.detailOpen && this.selectedKey !== undefined && this.detail?.key !== this.selectedKey) void this.loadDetail(this.selectedKey);
      const [facets, bins] = await Promise.all([facetsReply, binsReply]);
      if (seq !== this.seq) return;
      this.facets = facets.facets;
      if (binsSeq === this.binsSeq) this.bins = bins.bins;
    } catch (e) {
      if (seq === this.seq) this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** The histogram's width changed: only the bins are asked for again. */
  private async refreshBins(): Promise<void> {
    const seq = this.seq;
    const binsSeq = ++this.binsSeq;
    try {
      const reply = await this.request('records/bins', { filter: this.filter, maxBins: this.maxBins });
      if (seq === this.seq && binsSeq === this.binsSeq) this.bins = reply.bins;
    } catch (e) {
      if (seq === this.seq && binsSeq === this.binsSeq) this.error = e instanceof Error ? e.message : String(e);
    }
  }

  private async fetchBlock(cache: RowCache, block: number, filter: RecordFilter): Promise<void> {
    cache.requested.add(block);
    try {
      const reply = await this.request('records/window', { filter, start: block * BLOCK, count: BLOCK });
      // Rows of another generation would not line up with this layout; the coming refresh fetches them again.
      if (reply.generation !== cache.generation) return;
      reply.rows.forEach((row, i) => {
        cache.rows.set(block * BLOCK + i, row);
        // Formatted now, while the rows are still off screen, not in the frame that shows them.
        rowText(row, this.zone);
      });
    } catch (e) {
      cache.requested.delete(block);
      this.showToast(`Could not load rows: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private onRowsWanted(range: RowRange): void {
    const cache = this.rowCache;
    const filter = this.filter;
    const blocks = cache.missingBlocks(range);
    if (blocks.length) {
      // Each block is drawn as it lands; the list rewrites only the slots it fills.
      for (const b of blocks) {
        void this.fetchBlock(cache, b, filter).then(() => {
          if (this.rowCache === cache) this.list?.rowsArrived();
        });
      }
    }
    this.saveUiSoon();
  }

  private setFilter(filter: RecordFilter): void {
    this.filter = filter;
    this.client.command({ type: 'filter/changed', filter });
    this.saveUi();
    this.list?.setScroll(0);
    this.refresh();
  }

  private onFacetToggle(t: FacetToggle): void {
    const include = { ...(this.filter.include ?? {}) };
    const exclude = { ...(this.filter.exclude ?? {}) };
    const inc = new Set(include[t.facet] ?? []);
    const exc = new Set(exclude[t.facet] ?? []);
    if (t.mode === 'include') {
      if (inc.has(t.value)) inc.delete(t.value);
      else {
        inc.add(t.value);
        exc.delete(t.value);
      }
    } else if (exc.has(t.value)) exc.delete(t.value);
    else {
      exc.add(t.value);
      inc.delete(t.value);
    }
    include[t.facet] = [...inc];
    exclude[t.facet] = [...exc];
    const clean = (m: typeof include) => Object.fromEntries(Object.entries(m).filter(([, v]) => v && v.length > 0));
    const next: RecordFilter = { ...this.filter, include: clean(include), exclude: clean(exclude) };
    if (!Object.keys(next.include ?? {}).length) delete next.include;
    if (!Object.keys(next.exclude ?? {}).length) delete next.exclude;
    this.setFilter(next);
  }

  private onBrush(range: BrushRange): void {
    this.setFilter({ ...this.filter, from: range.from, to: range.to });
  }

  private resetZoom(): void {
    const next = { ...this.filter };
    delete next.from;
    delete next.to;
    this.setFilter(next);
  }

  private clearFilters(): void {
    this.searchText = '';
    if (this.searchField) this.searchField.value = '';
    this.setFilter({});
  }

  private onSearchInput(value: string): void {
    this.searchText = value;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => this.applySearch(), 200);
  }

  private applySearch(): void {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = undefined;
    const text = this.searchText.trim();
    if ((this.filter.text ?? '') === text) return;
    const next = { ...this.filter };
    if (text) next.text = text;
    else delete next.text;
    this.setFilter(next);
  }

  private onGlobalKey = (e: KeyboardEvent) => {
    const path = e.composedPath();
    const inSearch = this.searchField ? path.includes(this.searchField) : false;
    const editable = path.some((t) => t instanceof HTMLElement && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable));
    if (e.key === '/' && !editable && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.searchField?.focus();
      return;
    }
    if (e.key === 'Escape') {
      if (inSearch) {
        e.preventDefault();
        if (this.searchText) {
          this.searchField.value = '';
          this.onSearchInput('');
          this.applySearch();
        } else {
          this.focusList();
        }
        return;
      }
      if (this.detailOpen) {
        e.preventDefault();
        this.closeDetail();
        this.focusList();
        return;
      }
      if (this.searchText) {
        e.preventDefault();
        this.searchText = '';
        if (this.searchField) this.searchField.value = '';
        this.applySearch();
      }
      return;
    }
    if (inSearch && (e.key === 'ArrowDown' || e.key === 'Enter')) {
      e.preventDefault();
      this.applySearch();
      this.focusList();
      if (this.selected < 0 && (this.layout?.matched ?? 0) > 0) this.select(0);
    }
  };

  private focusList(): void {
    (this.querySelector('.tl-scroller') as HTMLElement | null)?.focus();
  }

  private select(index: number): void {
    this.selected = index;
    const row = this.rowCache.row(index);
    this.selectedKey = row?.key;
    if (this.detailOpen && row) void this.loadDetail(row.key);
    this.saveUiSoon();
  }

  private async openRow(index: number): Promise<void> {
    let row = this.rowCache.row(index);
    if (!row) {
      const reply = await this.request('records/window', { filter: this.filter, start: index, count: 1 });
      row = reply.rows[0];
    }
    if (!row) return;
    this.selected = index;
    this.selectedKey = row.key;
    this.detailOpen = true;
    this.saveUi();
    await this.loadDetail(row.key);
  }

  private attemptKeySet: { source: SessionState['investigation']; keys: ReadonlySet<number> } = { source: undefined, keys: new Set() };

  /** The publish attempts' keys, recomputed only when the investigation changes. */
  private attemptKeys(s: SessionState | undefined): ReadonlySet<number> {
    const inv = s?.investigation;
    if (this.attemptKeySet.source !== inv) this.attemptKeySet = { source: inv, keys: new Set((inv?.attempts ?? []).map((a) => a.key).filter((k) => k >= 0)) };
    return this.attemptKeySet.keys;
  }

  /** Opens a record's detail by key (from the investigation), selecting its row when the filter shows it. */
  private async openKey(key: number): Promise<void> {
    this.selectedKey = key;
    this.detailOpen = true;
    this.saveUi();
    void this.loadDetail(key);
    try {
      const { index } = await this.request('records/locate', { filter: this.filter, key });
      if (this.selectedKey !== key) return;
      this.selected = index;
      if (index >= 0) {
        await this.updateComplete;
        this.list?.scrollToRow(index);
      }
    } catch (e) {
      this.showToast(e instanceof Error ? e.message : String(e), true);
    }
  }

  private async loadDetail(key: number): Promise<void> {
    const seq = ++this.detailSeq;
    this.detailLoading = true;
    this.detailError = '';
    try {
      const detail = await this.request('records/detail', { key });
      if (seq !== this.detailSeq) return;
      this.detail = detail;
    } catch (e) {
      if (seq !== this.detailSeq) return;
      this.detail = undefined;
      this.detailError = e instanceof Error ? e.message : String(e);
    } finally {
      if (seq === this.detailSeq) this.detailLoading = false;
    }
  }

  private closeDetail(): void {
    this.detailOpen = false;
    this.detail = undefined;
    this.detailError = '';
    this.saveUi();
  }

  private async act<M extends RequestMethod>(method: M, params: RequestParams<M>, done?: string): Promise<void> {
    try {
      await this.request(method, params);
      if (done) this.showToast(done);
    } catch (e) {
      this.showToast(e instanceof Error ? e.message : String(e), true);
    }
  }

  private showToast(message: string, isError = false): void {
    this.toast = `${isError ? '⚠ ' : ''}${message}`;
    if (this.toastTimer) clearTimeout(this.toastTimer);
    this.toastTimer = setTimeout(() => (this.toast = ''), 4000);
  }

  private saveUi(): void {
    if (!this.api) return;
    this.api.setState({
      filter: this.filter,
      utc: this.utc,
      ...(this.selectedKey !== undefined ? { selectedKey: this.selectedKey } : {}),
      detailOpen: this.detailOpen,
      scrollTop: this.list?.currentScrollTop ?? this.restoredScroll ?? 0,
      ...(this.session ? { queryId: this.session.queryId } : {}),
      ...(this.session?.query ? { queryTitle: this.session.query.title } : {}),
    });
  }

  private saveUiSoon(): void {
    if (this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = undefined;
      this.saveUi();
    }, 300);
  }

  protected override render() {
    const s = this.session;
    const matched = this.layout?.matched ?? 0;
    const filtered = hasConstraints(this.filter);
    const running = s?.status === 'running';
    return html`<div class="app ${this.detailOpen ? 'with-detail' : ''}">
      <audit-header
        .state=${s}
        .matched=${matched}
        .filtered=${filtered}
        .zone=${this.zone}
        .utc=${this.utc}
        @cancel=${() => this.client.command({ type: 'query/cancel' })}
        @rerun=${() => this.client.command({ type: 'query/rerun' })}
        @toggle-zone=${() => {
          this.utc = !this.utc;
          this.saveUi();
          this.refresh();
        }}
      ></audit-header>
      ${this.error
        ? html`<div class="banner banner-error" role="alert">
            <span class="codicon codicon-error" aria-hidden="true"></span>
            <span>${this.error}</span>
            <vscode-button secondary @click=${() => this.refresh()}>Retry</vscode-button>
          </div>`
        : nothing}
      <audit-histogram
        .bins=${this.bins}
        .zone=${this.zone}
        .zoomed=${this.filter.from !== undefined || this.filter.to !== undefined}
        @brush=${(e: CustomEvent<BrushRange>) => this.onBrush(e.detail)}
        @reset-zoom=${() => this.resetZoom()}
        @bins-wanted=${(e: CustomEvent<number>) => {
          this.maxBins = e.detail;
          if (this.session) void this.refreshBins();
        }}
      ></audit-histogram>
      <audit-facets
        .facets=${this.facets}
        .filter=${this.filter}
        .zone=${this.zone}
        @facet-toggle=${(e: CustomEvent<FacetToggle>) => this.onFacetToggle(e.detail)}
        @reset-zoom=${() => this.resetZoom()}
        @clear-filters=${() => this.clearFilters()}
      ></audit-facets>
      <div class="search-row" role="search">
        <vscode-textfield
          class="search-field"
          type="search"
          placeholder="Search action, actor, target, errors and changes  ( / )"
          label="Search records"
          aria-label="Search records"
          .value=${this.searchText}
          @input=${(e: Event) => this.onSearchInput((e.target as HTMLInputElement).value)}
        >
          <span slot="content-before" class="codicon codicon-search search-icon" aria-hidden="true"></span>
        </vscode-textfield>
        <span class="muted search-hint" aria-hidden="true">↑/↓ move · Enter details · Esc clears</span>
      </div>
      <div class="main">
        ${s?.investigation
          ? html`<audit-publish-investigation
              .investigation=${s.investigation}
              .zone=${this.zone}
              @attempt-open=${(e: CustomEvent<number>) => void this.openKey(e.detail)}
              @compare-definitions=${(e: CustomEvent<number>) =>
                void this.act('publish/compareDefinitions', { attempt: e.detail }, 'Opened the definition diff')}
            ></audit-publish-investigation>`
          : nothing}
        <audit-timeline-list
          .count=${matched}
          .days=${this.layout?.days ?? []}
          .source=${this.rowCache}
          .version=${this.rowsVersion}
          .selected=${this.selected}
          .zone=${this.zone}
          .loading=${running || !this.layout}
          .highlighted=${this.attemptKeys(s)}
          @rows-wanted=${(e: CustomEvent<RowRange>) => this.onRowsWanted(e.detail)}
          @row-select=${(e: CustomEvent<number>) => this.select(e.detail)}
          @row-open=${(e: CustomEvent<number>) => void this.openRow(e.detail)}
        ></audit-timeline-list>
        ${this.detailOpen
          ? html`<audit-detail
              .detail=${this.detail}
              .zone=${this.zone}
              .error=${this.detailError}
              .loading=${this.detailLoading}
              @close=${() => {
                this.closeDetail();
                this.focusList();
              }}
              @open-json=${(e: CustomEvent<boolean>) => this.detail && void this.act('record/openJson', { key: this.detail.key, normalized: e.detail })}
              @compare=${() =>
                this.detail?.previousKey !== undefined &&
                void this.act('record/compare', { key: this.detail.key, otherKey: this.detail.previousKey })}
              @copy=${() => this.detail && void this.act('record/copy', { key: this.detail.key }, 'Copied the record as JSON')}
              @open-link=${(e: CustomEvent<string>) => void this.act('link/open', { url: e.detail })}
            ></audit-detail>`
          : nothing}
      </div>
      <div class="toast ${this.toast ? 'show' : ''}" role="status" aria-live="polite">${this.toast}</div>
    </div>`;
  }
}
