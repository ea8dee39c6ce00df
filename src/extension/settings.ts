/** The extension's settings (contributes.configuration), read fresh on every use. */
import * as vscode from 'vscode';
import { isPresetRange, type PresetRange } from './timeRange';

export interface AuditLensSettings {
  sfmcTimeZone: string;
  pageConcurrency: number;
  requestTimeoutMs: number;
  defaultTimeRange: PresetRange;
}

export function readSettings(): AuditLensSettings {
  const c = vscode.workspace.getConfiguration('auditLens');
  const range = c.get<string>('defaultTimeRange');
  return {
    sfmcTimeZone: c.get<string>('sfmc.timeZone')?.trim() || '-06:00',
    pageConcurrency: clampInt(c.get<number>('pageConcurrency'), 1, 32, 6),
    requestTimeoutMs: clampInt(c.get<number>('requestTimeoutMs'), 1000, 600_000, 30_000),
    defaultTimeRange: isPresetRange(range) ? range : '7d',
  };
}

function clampInt(v: number | undefined, min: number, max: number, dflt: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) return dflt;
  return Math.min(max, Math.max(min, Math.floor(v)));
}
