/** The preset time ranges, apart from timeRange.ts so that what only names them (a saved query) needs no date library. */
export const PRESET_RANGES = ['24h', '7d', '30d'] as const;
export type PresetRange = (typeof PRESET_RANGES)[number];

export function isPresetRange(v: unknown): v is PresetRange {
  return typeof v === 'string' && (PRESET_RANGES as readonly string[]).includes(v);
}
