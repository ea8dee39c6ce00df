/**
 * Events over time, stacked by outcome, on a canvas. Dragging across bars
 * (brushing) zooms the time range to the bins under the brush; a click zooms
 * to one bin; double-click or "Zoom out" restores the range. By keyboard:
 * ←/→ pick a bin, Shift+←/→ extend the pick, Enter zooms, Backspace zooms out.
 */
import { html, nothing } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import type { HistogramBins } from '../src/protocol';
import { LightElement } from './lightElement';
import { styleProps } from './styleProps';
import { formatCount, formatShort } from './format';

export interface BrushRange {
  from: number;
  to: number;
}

const HEIGHT = 84;
const AXIS = 16;
const TOP = 12;

@customElement('audit-histogram')
export class HistogramView extends LightElement {
  @property({ attribute: false }) bins: HistogramBins | undefined;
  @property() zone = 'UTC';
  @property({ type: Boolean }) zoomed = false;
  @query('canvas') private canvas!: HTMLCanvasElement;
  @state() private hover = -1;
  @state() private brush: { a: number; b: number } | undefined;
  /** Keyboard pick: an anchor bin and the current bin. */
  @state() private cursor: { anchor: number; at: number } | undefined;
  private width = 0;
  private resizeObserver: ResizeObserver | undefined;
  private dragFrom: number | undefined;

  override connectedCallback(): void {
    super.connectedCallback();
    this.resizeObserver = new ResizeObserver(() => this.measure());
    this.resizeObserver.observe(this);
    // Themes change by swapping CSS variables on the body; redraw with the new colours.
    this.themeObserver = new MutationObserver(() => this.draw());
    this.themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  }

  private themeObserver: MutationObserver | undefined;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.resizeObserver?.disconnect();
    this.themeObserver?.disconnect();
  }

  /** How many bins fit: about one per 6 px. */
  get preferredBins(): number {
    return Math.max(12, Math.min(240, Math.floor((this.width || 600) / 6)));
  }

  private measure(): void {
    const w = Math.floor(this.querySelector('.histo-plot')?.getBoundingClientRect().width ?? 0);
    if (w > 0 && w !== this.width) {
      const before = this.preferredBins;
      this.width = w;
      this.draw();
      if (this.preferredBins !== before) this.emit('bins-wanted', this.preferredBins);
    }
  }

  protected override render() {
    const b = this.bins;
    const total = b ? sum(b.success) + sum(b.failure) + sum(b.unknown) : 0;
    const summary = !b
      ? 'Histogram loading.'
      : b.count === 0
        ? 'No records to chart.'
        : `Histogram of ${formatCount(total)} records from ${formatShort(b.start, this.zone)} to ${formatShort(b.start + b.width * b.count, this.zone)}, ${b.count} bins of ${describeWidth(b.width)}, stacked by outcome.`;
    const tip = this.tooltip();
    return html`<div class="histo">
      <div class="histo-head">
        <span class="histo-title">Events over time</span>
        <span class="legend" aria-hidden="true">
          <span class="swatch swatch-success"></span>Success <span class="swatch swatch-failure"></span>Failure
          <span class="swatch swatch-unknown"></span>Unknown
        </span>
        ${b && b.count > 0 ? html`<span class="muted histo-bin">${describeWidth(b.width)} per bar</span>` : nothing}
        <span class="spacer"></span>
        ${this.zoomed
          ? html`<vscode-button secondary icon="zoom-out" aria-label="Zoom out to the whole time range" @click=${() => this.emit('reset-zoom')}>Zoom out</vscode-button>`
          : b && b.count > 0
            ? html`<span class="muted histo-hint">Drag across bars to zoom</span>`
            : nothing}
      </div>
      <div
        class="histo-plot"
        tabindex="0"
        role="group"
        aria-roledescription="histogram"
        aria-label=${`${summary} Use Left and Right arrows to pick a bar, Shift with arrows to extend, Enter to zoom in, Backspace to zoom out.`}
        @keydown=${this.onKey}
        @blur=${() => (this.cursor = undefined)}
      >
        <canvas
          role="img"
          aria-label=${summary}
          @pointerdown=${this.onDown}
          @pointermove=${this.onMove}
          @pointerup=${this.onUp}
          @pointerleave=${() => {
            this.hover = -1;
            this.draw();
          }}
          @dblclick=${() => this.emit('reset-zoom')}
        ></canvas>
        ${tip ? html`<div class="histo-tip" .style=${styleProps(tip.style)}>${tip.lines.map((l) => html`<div>${l}</div>`)}</div>` : nothing}
      </div>
      <div class="visually-hidden" aria-live="polite">${this.cursorAnnouncement()}</div>
    </div>`;
  }

  protected override updated(): void {
    this.measure();
    this.draw();
  }

  private binAt(clientX: number): number {
    const b = this.bins;
    if (!b || b.count === 0 || !this.canvas) return -1;
    const rect = this.canvas.getBoundingClientRect();
    const x = clientX - rect.left;
    return Math.max(0, Math.min(b.count - 1, Math.floor((x / rect.width) * b.count)));
  }

  private onDown = (e: PointerEvent) => {
    if (!this.bins?.count || e.button !== 0) return;
    this.dragFrom = e.clientX;
    this.canvas.setPointerCapture(e.pointerId);
    const i = this.binAt(e.clientX);
    this.brush = { a: i, b: i };
  };

  private onMove = (e: PointerEvent) => {
    const i = this.binAt(e.clientX);
    if (this.dragFrom !== undefined && this.brush) this.brush = { a: this.brush.a, b: i };
    this.hover = i;
  };

  private onUp = (e: PointerEvent) => {
    if (this.dragFrom === undefined || !this.brush) return;
    const moved = Math.abs(e.clientX - this.dragFrom) > 3;
    const range = this.brush;
    this.dragFrom = undefined;
    this.brush = undefined;
    if (this.canvas.hasPointerCapture(e.pointerId)) this.canvas.releasePointerCapture(e.pointerId);
    // A plain click on a bar zooms to that bar, as does a drag: both name bins.
    void moved;
    this.zoomTo(range.a, range.b);
  };

  private onKey = (e: KeyboardEvent) => {
    const b = this.bins;
    if (!b || b.count === 0) return;
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0;
    if (step) {
      e.preventDefault();
      const at = Math.max(0, Math.min(b.count - 1, (this.cursor?.at ?? (step > 0 ? -1 : b.count)) + step));
      this.cursor = { anchor: e.shiftKey && this.cursor ? this.cursor.anchor : at, at };
      this.hover = at;
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      const at = e.key === 'Home' ? 0 : b.count - 1;
      this.cursor = { anchor: e.shiftKey && this.cursor ? this.cursor.anchor : at, at };
      this.hover = at;
    } else if (e.key === 'Enter' && this.cursor) {
      e.preventDefault();
      const c = this.cursor;
      this.cursor = undefined;
      this.zoomTo(c.anchor, c.at);
    } else if (e.key === 'Backspace' || e.key === '-') {
      e.preventDefault();
      this.emit('reset-zoom');
    }
  };

  private zoomTo(a: number, b: number): void {
    const bins = this.bins;
    if (!bins) return;
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    this.emit<BrushRange>('brush', { from: bins.start + lo * bins.width, to: bins.start + (hi + 1) * bins.width });
  }

  private cursorAnnouncement(): string {
    const b = this.bins;
    const c = this.cursor;
    if (!b || !c) return '';
    const lo = Math.min(c.anchor, c.at);
    const hi = Math.max(c.anchor, c.at);
    const counts = [0, 0, 0];
    for (let i = lo; i <= hi; i++) {
      counts[0]! += b.success[i] ?? 0;
      counts[1]! += b.failure[i] ?? 0;
      counts[2]! += b.unknown[i] ?? 0;
    }
    return `${formatShort(b.start + lo * b.width, this.zone)} to ${formatShort(b.start + (hi + 1) * b.width, this.zone)}: ${counts[0]} success, ${counts[1]} failure, ${counts[2]} unknown`;
  }

  private tooltip(): { style: Record<string, string>; lines: string[] } | undefined {
    const b = this.bins;
    const i = this.hover;
    if (!b || i < 0 || i >= b.count || this.brush) return undefined;
    const x = ((i + 0.5) / b.count) * (this.width || 1);
    const left = Math.max(0, Math.min((this.width || 0) - 300, x - 120));
    return {
      style: { left: `${left}px` },
      lines: [
        `${formatShort(b.start + i * b.width, this.zone)} – ${formatShort(b.start + (i + 1) * b.width, this.zone)}`,
        `${formatCount(b.success[i] ?? 0)} success · ${formatCount(b.failure[i] ?? 0)} failure · ${formatCount(b.unknown[i] ?? 0)} unknown`,
      ],
    };
  }

  private draw(): void {
    const canvas = this.canvas;
    if (!canvas) return;
    const width = this.width || canvas.getBoundingClientRect().width;
    if (!width) return;
    const dpr = window.devicePixelRatio || 1;
    if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(HEIGHT * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(HEIGHT * dpr);
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const css = getComputedStyle(this);
    const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
    const fg = color('--vscode-descriptionForeground', '#888');
    const colors = [color('--vscode-charts-green', '#388a34'), color('--vscode-charts-red', '#e51400'), color('--vscode-charts-yellow', '#bf8803')];
    const grid = color('--vscode-editorWidget-border', color('--vscode-panel-border', '#8884'));
    const b = this.bins;
    const plotH = HEIGHT - AXIS - TOP;
    ctx.strokeStyle = grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(0, TOP + plotH + 0.5);
    ctx.lineTo(width, TOP + plotH + 0.5);
    ctx.stroke();
    ctx.fillStyle = fg;
    ctx.font = `11px ${css.getPropertyValue('--vscode-font-family') || 'sans-serif'}`;
    if (!b) return;
    if (b.count === 0) {
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText('No records to chart', width / 2, TOP + plotH / 2);
      return;
    }
    let max = 0;
    for (let i = 0; i < b.count; i++) max = Math.max(max, (b.success[i] ?? 0) + (b.failure[i] ?? 0) + (b.unknown[i] ?? 0));
    const barW = width / b.count;
    const gap = barW > 4 ? 1 : 0;
    const sel = this.brush ?? (this.cursor ? { a: this.cursor.anchor, b: this.cursor.at } : undefined);
    if (sel) {
      const lo = Math.min(sel.a, sel.b);
      const hi = Math.max(sel.a, sel.b);
      ctx.fillStyle = color('--vscode-editor-selectionBackground', '#264f78');
      ctx.globalAlpha = 0.5;
      ctx.fillRect(lo * barW, 0, (hi - lo + 1) * barW, TOP + plotH);
      ctx.globalAlpha = 1;
    }
    if (max > 0) {
      for (let i = 0; i < b.count; i++) {
        let y = TOP + plotH;
        const series = [b.success[i] ?? 0, b.failure[i] ?? 0, b.unknown[i] ?? 0];
        for (let s = 0; s < 3; s++) {
          const v = series[s] as number;
          if (!v) continue;
          // At least one pixel, so a single failure among thousands stays visible.
          const h = Math.max(1, (v / max) * plotH);
          y -= h;
          ctx.fillStyle = colors[s] as string;
          ctx.fillRect(i * barW + gap / 2, y, Math.max(1, barW - gap), h);
        }
        if (i === this.hover) {
          ctx.strokeStyle = color('--vscode-focusBorder', '#007fd4');
          ctx.strokeRect(i * barW + 0.5, TOP + 0.5, Math.max(1, barW - 1), plotH - 1);
        }
      }
    }
    ctx.fillStyle = fg;
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    ctx.fillText(`${formatCount(max)} per bar (max)`, 2, 0);
    const y = TOP + plotH + 3;
    ctx.fillText(formatShort(b.start, this.zone), 2, y);
    ctx.textAlign = 'right';
    ctx.fillText(formatShort(b.start + b.count * b.width, this.zone), width - 2, y);
    if (width > 520) {
      ctx.textAlign = 'center';
      ctx.fillText(formatShort(b.start + Math.floor(b.count / 2) * b.width, this.zone), width / 2, y);
    }
  }
}

function sum(values: number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

export function describeWidth(ms: number): string {
  const units: [number, string][] = [
    [365 * 86_400_000, 'year'],
    [7 * 86_400_000, 'week'],
    [86_400_000, 'day'],
    [3_600_000, 'hour'],
    [60_000, 'minute'],
    [1000, 'second'],
  ];
  for (const [size, name] of units) {
    if (ms >= size && ms % size === 0) {
      const n = ms / size;
      return n === 1 ? `1 ${name}` : `${n} ${name}s`;
    }
  }
  return `${ms} ms`;
}
