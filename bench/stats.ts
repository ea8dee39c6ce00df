/** Repeated measurement: every figure is the median of several runs, shown with min and max. */

export interface Figure {
  median: number;
  min: number;
  max: number;
  runs: number;
  unit: string;
}

export function summarize(samples: number[], unit: string): Figure {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length, unit };
}

/** Runs `fn` `runs` times (after `warmup` unmeasured runs) and returns its wall time in ms. */
export async function timeRuns(runs: number, fn: () => Promise<unknown> | unknown, warmup = 0): Promise<Figure> {
  for (let i = 0; i < warmup; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return summarize(samples, 'ms');
}

export interface Comparison {
  name: string;
  baseline: Figure;
  target: Figure;
  /** target.median / baseline.median */
  ratio: number;
  /** What the issue asks for, in words, and whether it was met. */
  goal: string;
  met: boolean;
  notes?: string;
}

export function compare(name: string, baseline: Figure, target: Figure, goal: string, met: (ratio: number) => boolean, notes?: string): Comparison {
  const ratio = target.median / baseline.median;
  return { name, baseline, target, ratio, goal, met: met(ratio), ...(notes ? { notes } : {}) };
}

export function fmt(f: Figure): string {
  const n = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
  return `${n(f.median)} ${f.unit} [${n(f.min)}–${n(f.max)}]`;
}
