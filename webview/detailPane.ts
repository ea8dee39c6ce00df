/**
 * One record in full: every normalized field, errors with their codes (and a
 * plain-language cause when the code is known), changes as old → new, and
 * the raw item, collapsible. Every value is bound as text; https links open
 * only through the host.
 */
import { html, nothing, type TemplateResult } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { RecordDetailView } from '../src/protocol';
import { LightElement } from './lightElement';
import { formatDateTime } from './format';
import { providerIcon, providerLabel } from './providers';
import { OUTCOME_LABELS } from './timelineList';

/** Raw JSON past this size is cut in the pane (Open as JSON shows it all). */
const RAW_PREVIEW_CHARS = 200_000;

function isHttpsLink(value: string): boolean {
  if (!/^https:\/\/\S+$/i.test(value)) return false;
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

@customElement('audit-detail')
export class DetailPane extends LightElement {
  @property({ attribute: false }) detail: RecordDetailView | undefined;
  @property() zone = 'UTC';
  @property() error = '';
  @property({ type: Boolean }) loading = false;

  protected override render() {
    if (this.error) {
      return html`<section class="detail" aria-label="Record details">
        ${this.renderTop(html`<span>Record details</span>`)}
        <div class="banner banner-error" role="alert"><span class="codicon codicon-error" aria-hidden="true"></span>${this.error}</div>
      </section>`;
    }
    const d = this.detail;
    if (!d) {
      return html`<section class="detail" aria-label="Record details" aria-busy=${this.loading ? 'true' : 'false'}>
        ${this.renderTop(html`<span>${this.loading ? 'Loading…' : 'Record details'}</span>`)}
      </section>`;
    }
    const r = d.record;
    const ms = Date.parse(r.time);
    return html`<section class="detail outcome-${r.outcome}" aria-label=${`Details of ${r.action} at ${formatDateTime(ms, this.zone)}`}>
      ${this.renderTop(html`<span class="codicon codicon-${providerIcon(r.provider)} prov-${r.provider}" aria-hidden="true"></span>
        <h2 class="detail-title">${r.action}</h2>
        <span class="badge badge-${r.outcome}">${OUTCOME_LABELS[r.outcome] ?? r.outcome}</span>`)}
      <div class="detail-actions" role="toolbar" aria-label="Record actions">
        <vscode-button secondary icon="json" @click=${() => this.emit('open-json', true)}>Open as JSON</vscode-button>
        <vscode-button secondary icon="file-code" @click=${() => this.emit('open-json', false)}>Open raw item</vscode-button>
        <vscode-button
          secondary
          icon="diff"
          ?disabled=${d.previousKey === undefined}
          title=${d.previousKey === undefined ? 'No older record of the same target in this timeline' : 'Compare with the previous record of the same target'}
          @click=${() => this.emit('compare')}
          >Compare with previous</vscode-button
        >
        <vscode-button secondary icon="copy" @click=${() => this.emit('copy')}>Copy</vscode-button>
      </div>
      <div class="detail-body">
        <dl class="fields">
          ${this.field('Time', `${formatDateTime(ms, this.zone)} (${r.time})`)}
          ${this.field('Provider', providerLabel(r.provider))}
          ${this.field('Connection', r.connection)}
          ${this.field('Record id', r.id)}
          ${this.field('Action', r.action)}
          ${this.field('Outcome', OUTCOME_LABELS[r.outcome] ?? r.outcome)}
          ${this.field('Actor id', r.actor.id)} ${this.field('Actor name', r.actor.name)} ${this.field('Actor email', r.actor.email)}
          ${this.field('Target type', r.target.type)} ${this.field('Target id', r.target.id)} ${this.field('Target name', r.target.name)}
          ${this.field('Target version', r.target.version === undefined ? undefined : String(r.target.version))}
        </dl>
        ${r.errors.length
          ? html`<h3 class="detail-h">Errors (${r.errors.length})</h3>
              <ul class="errors">
                ${r.errors.map((e, i) => {
                  const x = d.explanations[i];
                  return html`<li class="error-item">
                    ${e.code ? html`<code class="error-code">${e.code}</code>` : nothing}
                    <span class="error-message">${this.valueText(e.message)}</span>
                    ${x
                      ? html`<div class="error-explain"><strong>Likely cause:</strong> ${x.cause}<br /><strong>Next step:</strong> ${x.nextStep}</div>`
                      : nothing}
                  </li>`;
                })}
              </ul>`
          : nothing}
        ${r.changes.length
          ? html`<h3 class="detail-h">Changes (${r.changes.length})</h3>
              <table class="changes">
                <thead>
                  <tr><th scope="col">Field</th><th scope="col">Old</th><th scope="col" aria-label="becomes"></th><th scope="col">New</th></tr>
                </thead>
                <tbody>
                  ${r.changes.map(
                    (c) => html`<tr>
                      <th scope="row">${c.field}</th>
                      <td class="old">${c.old === undefined ? html`<span class="muted">(none)</span>` : c.old === '' ? html`<span class="muted">(empty)</span>` : c.old}</td>
                      <td class="arrow" aria-hidden="true">→</td>
                      <td class="new">${c.new === undefined ? html`<span class="muted">(none)</span>` : c.new === '' ? html`<span class="muted">(empty)</span>` : c.new}</td>
                    </tr>`,
                  )}
                </tbody>
              </table>`
          : nothing}
        <vscode-collapsible heading="Raw JSON (as the provider sent it)" class="raw">
          <pre class="raw-json" tabindex="0" aria-label="Raw JSON">${this.rawText(r.raw)}</pre>
        </vscode-collapsible>
      </div>
    </section>`;
  }

  private renderTop(title: TemplateResult) {
    return html`<div class="detail-top">
      ${title}
      <span class="spacer"></span>
      <button class="icon-button" aria-label="Close details (Escape)" title="Close details (Escape)" @click=${() => this.emit('close')}>
        <span class="codicon codicon-close" aria-hidden="true"></span>
      </button>
    </div>`;
  }

  private field(name: string, value: string | undefined) {
    if (value === undefined || value === '') return nothing;
    return html`<dt>${name}</dt>
      <dd>${this.valueText(value)}</dd>`;
  }

  /** Text, or for an https URL a link that asks the host to open it. */
  private valueText(value: string) {
    if (!isHttpsLink(value)) return value;
    return html`<a
      href="#"
      class="ext-link"
      title="Open in the browser"
      @click=${(e: Event) => {
        e.preventDefault();
        this.emit('open-link', value);
      }}
      >${value}</a
    >`;
  }

  private rawText(raw: unknown): string {
    let text: string;
    try {
      text = JSON.stringify(raw, null, 2) ?? 'undefined';
    } catch {
      text = String(raw);
    }
    return text.length > RAW_PREVIEW_CHARS ? `${text.slice(0, RAW_PREVIEW_CHARS)}\n… (cut here; Open raw item shows all of it)` : text;
  }
}
