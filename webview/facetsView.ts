/**
 * Facet columns with counts. Click includes a value, Alt/Ctrl/⌘-click (or
 * Alt/Ctrl+Enter) excludes it; clicking a selected value removes it. Above
 * them, the active filters as removable chips.
 */
import { html, nothing } from 'lit';
import { customElement, property } from 'lit/decorators.js';
import type { FacetCounts, FacetName, RecordFilter } from '../src/protocol';
import { LightElement } from './lightElement';
import { formatCount, formatShort } from './format';
import { providerShortName } from './providers';
import { OUTCOME_LABELS } from './timelineList';

export const FACET_TITLES: Record<FacetName, string> = {
  provider: 'Provider',
  action: 'Action',
  actor: 'Actor',
  targetType: 'Target type',
  outcome: 'Outcome',
};

export interface FacetToggle {
  facet: FacetName;
  value: string;
  mode: 'include' | 'exclude';
}

export function facetValueLabel(facet: FacetName, value: string): string {
  if (value === '') return '(none)';
  if (facet === 'outcome') return OUTCOME_LABELS[value] ?? value;
  return facet === 'provider' ? providerShortName(value) : value;
}

@customElement('audit-facets')
export class FacetsView extends LightElement {
  @property({ attribute: false }) facets: FacetCounts[] = [];
  @property({ attribute: false }) filter: RecordFilter = {};
  @property() zone = 'UTC';

  protected override render() {
    return html`${this.renderChips()}
      <div class="facets" role="group" aria-label="Facets">
        ${this.facets.map((f) => this.renderFacet(f))}
      </div>`;
  }

  private renderChips() {
    const f = this.filter;
    const chips: { label: string; remove: () => void; kind: string }[] = [];
    if (f.from !== undefined || f.to !== undefined) {
      chips.push({
        kind: 'time',
        label: `Time: ${f.from !== undefined ? formatShort(f.from, this.zone) : '…'} – ${f.to !== undefined ? formatShort(f.to, this.zone) : '…'}`,
        remove: () => this.emit('reset-zoom'),
      });
    }
    for (const mode of ['include', 'exclude'] as const) {
      for (const [facet, values] of Object.entries(f[mode] ?? {}) as [FacetName, string[]][]) {
        for (const value of values) {
          chips.push({
            kind: mode,
            label: `${FACET_TITLES[facet]} ${mode === 'include' ? 'is' : 'is not'} ${facetValueLabel(facet, value)}`,
            remove: () => this.emit<FacetToggle>('facet-toggle', { facet, value, mode }),
          });
        }
      }
    }
    if (chips.length === 0) return nothing;
    return html`<div class="chips" role="group" aria-label="Active filters">
      ${chips.map(
        (c) => html`<span class="chip chip-${c.kind}">
          <span class="chip-label">${c.label}</span>
          <button class="chip-remove" aria-label=${`Remove filter: ${c.label}`} title="Remove" @click=${c.remove}>
            <span class="codicon codicon-close" aria-hidden="true"></span>
          </button>
        </span>`,
      )}
      <button class="link-button" @click=${() => this.emit('clear-filters')}>Clear all</button>
    </div>`;
  }

  private renderFacet(f: FacetCounts) {
    const title = FACET_TITLES[f.facet];
    const include = new Set(this.filter.include?.[f.facet] ?? []);
    const exclude = new Set(this.filter.exclude?.[f.facet] ?? []);
    const more = f.distinct - f.values.filter((v) => v.count > 0).length;
    return html`<section class="facet" aria-label=${`${title} facet`}>
      <h2 class="facet-title">${title}</h2>
      <ul class="facet-values" role="list">
        ${f.values.map((v) => {
          const state = include.has(v.value) ? 'included' : exclude.has(v.value) ? 'excluded' : '';
          const label = facetValueLabel(f.facet, v.value);
          const aria = `${title} ${label}, ${formatCount(v.count)} records${state ? `, ${state}` : ''}. Click to ${state === 'included' ? 'remove' : 'include'}, Alt-click to ${state === 'excluded' ? 'remove the exclusion' : 'exclude'}`;
          return html`<li>
            <button
              class="facet-value ${state} ${v.count === 0 ? 'zero' : ''} ${f.facet === 'outcome' ? `outcome-${v.value}` : ''}"
              data-facet=${f.facet}
              data-value=${v.value}
              aria-label=${aria}
              title=${`${label} — click to include, Alt/Ctrl-click to exclude`}
              @click=${(e: MouseEvent) => this.toggle(f.facet, v.value, e.altKey || e.ctrlKey || e.metaKey ? 'exclude' : 'include')}
              @keydown=${(e: KeyboardEvent) => {
                if (e.key === 'Enter' && (e.altKey || e.ctrlKey || e.metaKey)) {
                  e.preventDefault();
                  this.toggle(f.facet, v.value, 'exclude');
                }
              }}
            >
              <span class="codicon ${state === 'included' ? 'codicon-check' : state === 'excluded' ? 'codicon-circle-slash' : 'codicon-blank'}" aria-hidden="true"></span>
              <span class="facet-label">${label}</span>
              <span class="facet-count">${formatCount(v.count)}</span>
            </button>
          </li>`;
        })}
        ${f.values.length === 0 ? html`<li class="muted facet-empty">No values</li>` : nothing}
        ${more > 0 ? html`<li class="muted facet-more">${formatCount(more)} more…</li>` : nothing}
      </ul>
    </section>`;
  }

  private toggle(facet: FacetName, value: string, mode: 'include' | 'exclude'): void {
    this.emit<FacetToggle>('facet-toggle', { facet, value, mode });
  }
}
