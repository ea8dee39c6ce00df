/**
 * The publish investigation (Investigate Publish Errors): a journey's publish
 * attempts, newest first, above the timeline's list. Each attempt shows its
 * version, who published it and when, its status, and every ErrorCode /
 * ErrorDetail with the known-error explanation; a failure also lists the
 * Modify rows since the last successful publish ("what changed before it
 * failed") and offers the definition diff against that version. All record
 * text is bound as text.
 */
import { html, nothing } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import type { PublishAttemptView, PublishInvestigationView, TimelineRecordRef } from '../src/protocol';
import { LightElement } from './lightElement';
import { formatShort, plural } from './format';

const OUTCOME_TEXT: Record<string, string> = { success: 'Published', failure: 'Failed', unknown: 'Status unknown' };

@customElement('audit-publish-investigation')
export class PublishInvestigationPanel extends LightElement {
  @property({ attribute: false }) investigation: PublishInvestigationView | undefined;
  @property() zone = 'UTC';
  @state() private folded = false;

  protected override render() {
    const inv = this.investigation;
    if (!inv) return nothing;
    const failed = inv.attempts.filter((a) => a.outcome === 'failure').length;
    return html`<section class="pi" aria-label=${`Publish attempts of ${inv.journeyName}`}>
      <div class="pi-top">
        <span class="codicon codicon-rocket" aria-hidden="true"></span>
        <h2 class="pi-title">Publish attempts · ${inv.journeyName}</h2>
        <span class="muted">${plural(inv.attempts.length, 'attempt')}${failed ? html` · <span class="pi-failed-count">${failed} failed</span>` : nothing}</span>
        ${inv.skippedVersions.length
          ? html`<span class="muted" title="The history walk skips versions that no longer exist and goes on down to version 1"
              >· ${inv.skippedVersions.length === 1 ? 'version' : 'versions'} ${inv.skippedVersions.join(', ')} no longer
              ${inv.skippedVersions.length === 1 ? 'exists' : 'exist'} (skipped)</span
            >`
          : nothing}
        <span class="spacer"></span>
        <button
          class="icon-button"
          aria-expanded=${this.folded ? 'false' : 'true'}
          aria-label=${this.folded ? 'Show the publish attempts' : 'Hide the publish attempts'}
          title=${this.folded ? 'Show the publish attempts' : 'Hide the publish attempts'}
          @click=${() => (this.folded = !this.folded)}
        >
          <span class="codicon codicon-${this.folded ? 'chevron-down' : 'chevron-up'}" aria-hidden="true"></span>
        </button>
      </div>
      ${this.folded
        ? nothing
        : inv.attempts.length === 0
          ? html`<p class="muted pi-empty">This journey has never been published.</p>`
          : html`<ol class="pi-list">
              ${inv.attempts.map((a, i) => this.renderAttempt(a, i, i === inv.focus))}
            </ol>`}
    </section>`;
  }

  private renderAttempt(a: PublishAttemptView, index: number, focus: boolean) {
    const ms = Date.parse(a.time);
    const version = a.version !== undefined ? `Version ${a.version}` : 'Unknown version';
    return html`<li class="pi-attempt outcome-${a.outcome} ${focus ? 'focus' : ''}" data-attempt=${index}>
      <div class="pi-head">
        <span class="badge badge-${a.outcome}">${OUTCOME_TEXT[a.outcome] ?? a.outcome}</span>
        <button class="pi-link pi-version" title="Show this publish record" @click=${() => this.open(a.key)}>${version}</button>
        <span>published by <strong>${a.publisher ?? 'an unknown user'}</strong></span>
        <span class="muted" title=${a.time}>· ${formatShort(ms, this.zone)}</span>
        ${a.status ? html`<span class="muted">· status <code>${a.status}</code></span>` : nothing}
        <span class="spacer"></span>
        ${a.canCompare && a.lastSuccess
          ? html`<vscode-button
              secondary
              icon="diff"
              class="pi-compare"
              title=${`Diff the journey definition of ${version.toLowerCase()} against version ${a.lastSuccess.version}, the last one published successfully`}
              @click=${() => this.emit('compare-definitions', index)}
              >Compare with last successful version (v${a.lastSuccess.version})</vscode-button
            >`
          : nothing}
      </div>
      ${a.errors.length
        ? html`<ul class="errors pi-errors">
            ${a.errors.map(
              (e) => html`<li class="error-item">
                ${e.code ? html`<code class="error-code">${e.code}</code>` : nothing}
                <span class="error-message">${e.message}</span>
                ${e.explanation
                  ? html`<div class="error-explain">
                      <strong>Likely cause:</strong> ${e.explanation.cause}<br /><strong>Next step:</strong> ${e.explanation.nextStep}
                    </div>`
                  : html`<div class="error-explain muted">Not a known error: shown as Marketing Cloud sent it.</div>`}
              </li>`,
            )}
          </ul>`
        : a.outcome === 'failure'
          ? html`<p class="muted pi-note">The publish failed without an error detail.</p>`
          : nothing}
      ${a.outcome === 'failure' ? this.renderChanges(a, focus) : nothing}
    </li>`;
  }

  private renderChanges(a: PublishAttemptView, open: boolean) {
    const since = a.lastSuccess
      ? `since version ${a.lastSuccess.version ?? '?'} was published (${formatShort(Date.parse(a.lastSuccess.time), this.zone)})`
      : 'since the journey was created (no earlier successful publish)';
    if (a.changesTotal === 0) return html`<p class="muted pi-note">What changed before it failed: no Modify rows ${since}.</p>`;
    const hidden = a.changesTotal - a.changesBefore.length;
    return html`<details class="pi-changes" ?open=${open}>
      <summary>What changed before it failed: ${plural(a.changesTotal, 'Modify row')} ${since}</summary>
      <ul class="pi-change-list">
        ${hidden > 0 ? html`<li class="muted">… ${plural(hidden, 'earlier row')} (filter the timeline by Modify to see them)</li>` : nothing}
        ${a.changesBefore.map((c) => this.renderChange(c))}
      </ul>
    </details>`;
  }

  private renderChange(c: TimelineRecordRef) {
    return html`<li>
      <button class="pi-link" ?disabled=${c.key < 0} @click=${() => this.open(c.key)}>
        <span class="codicon codicon-edit" aria-hidden="true"></span> Modify · ${formatShort(Date.parse(c.time), this.zone)}
      </button>
      <span class="muted">by ${c.actor ?? 'unknown'}${c.version !== undefined ? ` · version ${c.version}` : ''}</span>
    </li>`;
  }

  private open(key: number): void {
    if (key >= 0) this.emit('attempt-open', key);
  }
}
