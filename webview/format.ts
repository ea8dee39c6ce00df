/** Times and counts as the viewer reads them, in the zone the header toggles (local or UTC). */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: 'time' | 'day' | 'full' | 'short', zone: string): Intl.DateTimeFormat {
  const key = `${kind}|${zone}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }
          : kind === 'short'
            ? { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
            : { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', fractionalSecondDigits: 3, hourCycle: 'h23', timeZoneName: 'short' };
    f = new Intl.DateTimeFormat(undefined, { ...options, timeZone: zone });
    formatters.set(key, f);
  }
  return f;
}

export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function formatTime(ms: number, zone: string): string {
  return Number.isFinite(ms) ? formatter('time', zone).format(ms) : '—';
}

export function formatDay(ms: number, zone: string): string {
  return Number.isFinite(ms) ? formatter('day', zone).format(ms) : 'Unknown time';
}

export function formatDateTime(ms: number, zone: string): string {
  return Number.isFinite(ms) ? formatter('full', zone).format(ms) : 'Unknown time';
}

export function formatShort(ms: number, zone: string): string {
  return Number.isFinite(ms) ? formatter('short', zone).format(ms) : '—';
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
