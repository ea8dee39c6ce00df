/** What was queried, how many records, how the fetch is going (with Cancel), and what went wrong. */
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { SessionState } from '../src/protocol';
import { LightElement } from './lightElement';
import { formatCount, formatDateTime, plural } from './format';

@customElement('audit-header')
export class HeaderView extends LightElement {
  @property({ attribute: false }) state: SessionState | undefined;
  @property({ type: Number }) matched = 0;
  @property({ type: Boolean }) filtered = false;
  @property() zone = 'UTC';
  @property({ type: Boolean }) utc = false;

  protected override render() {
    const s = this.state;
    if (!s || !s.query) {
      return html`<header class="hdr">
        <div class="hdr-main">
          <h1 class="hdr-title">Audit timeline</h1>
          <p class="hdr-sub">No query yet. Run “Query Audit Records…” from the Audit Lens view to fill this timeline.</p>
        </div>
      </header>`;
    }
    const q = s.query;
    const parts = [q.connections.join(', '), q.scope, q.range].filter((p): p is string => !!p);
    return html`<header class="hdr">
      <div class="hdr-main">
        <div class="hdr-text">
          <h1 class="hdr-title" title=${q.title}>${q.title}</h1>
          <p class="hdr-sub">${parts.join(' · ')}</p>
        </div>
        <div class="hdr-side">
          <span class="hdr-count" role="status" aria-live="polite" aria-label=${this.countLabel(s)}>${this.countText(s)}</span>
          ${this.renderStatus(s)}
          <vscode-button
            secondary
            class="zone-toggle"
            icon="globe"
            aria-pressed=${this.utc ? 'true' : 'false'}
            aria-label=${this.utc ? 'Times shown in UTC; show local time instead' : `Times shown in local time (${this.zone}); show UTC instead`}
            title="Toggle between local time and UTC"
            @click=${() => this.emit('toggle-zone')}
            >${this.utc ? 'UTC' : 'Local'}</vscode-button
          >
        </div>
      </div>
      ${this.renderBanners(s)}
    </header>`;
  }

  private countText(s: SessionState) {
    return this.filtered && s.total > 0 ? `${formatCount(this.matched)} of ${plural(s.total, 'record')}` : plural(s.total, 'record');
  }

  private countLabel(s: SessionState) {
    return this.filtered && s.total > 0 ? `${formatCount(this.matched)} of ${plural(s.total, 'record')} match the filter` : plural(s.total, 'record');
  }

  private renderStatus(s: SessionState) {
    switch (s.status) {
      case 'running': {
        const p = s.progress;
        const pages = p ? (p.pagesTotal ? `page ${formatCount(p.pagesDone)} of ${formatCount(p.pagesTotal)}` : plural(p.pagesDone, 'page')) : '';
        const msg = [p?.connection, pages, p?.message].filter(Boolean).join(' · ');
        return html`<span class="hdr-status running">
            <vscode-progress-ring aria-label="Fetching records" class="ring"></vscode-progress-ring>
            <span>Fetching…${msg ? html` <span class="muted">${msg}</span>` : nothing}</span>
          </span>
          <vscode-button class="cancel" icon="debug-stop" aria-label="Cancel the running query" @click=${() => this.emit('cancel')}>Cancel</vscode-button>`;
      }
      case 'complete':
        return html`<span class="hdr-status ok"><span class="codicon codicon-pass" aria-hidden="true"></span>Complete</span>`;
      case 'cancelled':
        return html`<span class="hdr-status warn"><span class="codicon codicon-circle-slash" aria-hidden="true"></span>Cancelled</span>`;
      case 'incomplete':
        return html`<span class="hdr-status bad"><span class="codicon codicon-warning" aria-hidden="true"></span>Incomplete</span>`;
      default:
        return nothing;
    }
  }

  /** Runs the shown query again, from a banner that says the timeline is missing records. */
  private rerunButton(s: SessionState) {
    if (!s.canRerun) return nothing;
    return html`<vscode-button secondary class="banner-action rerun" icon="refresh" aria-label="Run the query again" @click=${() => this.emit('rerun')}>Run again</vscode-button>`;
  }

  private renderBanners(s: SessionState) {
    return html`
      ${s.status === 'incomplete' && s.failure
        ? html`<div class="banner banner-error" role="alert">
            <span class="codicon codicon-error" aria-hidden="true"></span>
            <div>
              <strong>Incomplete results.</strong> ${s.failure.message}
              ${s.failure.failedParts?.length
                ? html`<div class="banner-parts">Not fetched: ${s.failure.failedParts.join('; ')}</div>`
                : nothing}
              <div class="muted">The records shown are the ones that arrived; the timeline may be missing others.</div>
            </div>
            ${this.rerunButton(s)}
          </div>`
        : nothing}
      ${s.status === 'cancelled'
        ? html`<div class="banner banner-warn" role="status">
            <span class="codicon codicon-info" aria-hidden="true"></span>
            <div>The query was cancelled: the timeline shows only the ${plural(s.total, 'record')} that arrived before.</div>
            ${this.rerunButton(s)}
          </div>`
        : nothing}
      ${s.warnings.length
        ? html`<div class="banner banner-warn" role="status">
            <span class="codicon codicon-warning" aria-hidden="true"></span>
            <ul class="banner-list">
              ${s.warnings.map((w) => html`<li>${w}</li>`)}
            </ul>
          </div>`
        : nothing}
      ${s.restored
        ? html`<div class="banner banner-info" role="status">
            <span class="codicon codicon-history" aria-hidden="true"></span>
            <div>
              Restored after a restart from results saved ${formatDateTime(Date.parse(s.restored.savedAt), this.zone)}${s.restored.keptRecords < s.restored.totalRecords
                ? html`: the newest ${formatCount(s.restored.keptRecords)} of ${plural(s.restored.totalRecords, 'record')} were kept. Run the query again for all of them.`
                : '.'}
            </div>
            ${s.restored.keptRecords < s.restored.totalRecords ? this.rerunButton(s) : nothing}
          </div>`
        : nothing}
    `;
  }
}
