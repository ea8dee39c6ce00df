/**
 * The time ranges a query offers. Providers filter by whole UTC days, so a
 * range becomes the days it touches (sent to the API) plus an exact instant
 * window applied to the records that come back.
 */
import { ConfigError } from '../core/errors';
import { isCalendarDay } from '../core/time';

import { isPresetRange, type PresetRange } from './presetRanges';

export { isPresetRange, type PresetRange };

export interface TimeRange {
  /** Human label: "last 24 hours", "2024-01-01 – 2024-01-31". */
  label: string;
  /** Inclusive UTC days for the API. */
  fromDay: string;
  toDay: string;
  /** Exact inclusive instant window, epoch ms. */
  startMs: number;
  endMs: number;
  /** Set for a preset, which a new run counts back from its own now. */
  preset?: PresetRange;
}

const PRESET_MS: Record<PresetRange, number> = { '24h': 24 * 3600_000, '7d': 7 * 86400_000, '30d': 30 * 86400_000 };
const PRESET_LABEL: Record<PresetRange, string> = { '24h': 'last 24 hours', '7d': 'last 7 days', '30d': 'last 30 days' };

function day(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function presetRange(preset: PresetRange, now = Date.now()): TimeRange {
  const startMs = now - PRESET_MS[preset];
  return { label: PRESET_LABEL[preset], fromDay: day(startMs), toDay: day(now), startMs, endMs: now, preset };
}

/** Returns a message when `text` is not a YYYY-MM-DD calendar day. */
export function validateDay(text: string): string | undefined {
  return isCalendarDay(text.trim()) ? undefined : 'Enter a date as YYYY-MM-DD';
}

/** A custom range of inclusive UTC days. */
export function customRange(from: string, to: string): TimeRange {
  const f = from.trim();
  const t = to.trim();
  if (!isCalendarDay(f)) throw new ConfigError(`"${from}" is not a date (YYYY-MM-DD)`);
  if (!isCalendarDay(t)) throw new ConfigError(`"${to}" is not a date (YYYY-MM-DD)`);
  if (f > t) throw new ConfigError(`The range starts (${f}) after it ends (${t})`);
  const startMs = Date.parse(`${f}T00:00:00.000Z`);
  const endMs = Date.parse(`${t}T23:59:59.999Z`);
  return { label: f === t ? f : `${f} – ${t}`, fromDay: f, toDay: t, startMs, endMs };
}

export function inRange(range: TimeRange, isoTime: string): boolean {
  const ms = Date.parse(isoTime);
  return ms >= range.startMs && ms <= range.endMs;
}
