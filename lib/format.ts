// Human times and durations, shared by every capability: "3 min ago", "1 h 05 min", "14:05:09".

/**
 * One formatter for every clock time on screen. `toLocaleTimeString` with options builds a new
 * Intl.DateTimeFormat on every call (about a millisecond each here): a timeline of a dozen lanes,
 * rendered when the Activity Log arrives, spent 24 ms (profiled) in it.
 */
let clockFormat: Intl.DateTimeFormat | undefined;

/** A time of day in the browser's locale, to the second ("14:05:09", "2:05:09 PM"). */
export function clockTime(ms: number): string {
  clockFormat ??= new Intl.DateTimeFormat(undefined, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  });
  return clockFormat.format(ms);
}

export function timeAgo(date: Date | string | undefined, now: number): string {
  if (!date) return '';
  const t = new Date(date).getTime();
  if (Number.isNaN(t)) return '';
  const s = Math.round((now - t) / 1000);
  // A start "after now" is clock skew or a clock read before the last poll: it just happened.
  if (s < 60) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const h = Math.round(s / 3600);
  if (h < 24) return `${h} h ago`;
  const d = Math.round(s / 86400);
  if (d < 31) return d === 1 ? 'yesterday' : `${d} days ago`;
  const mo = Math.round(d / 30.4);
  if (mo < 12) return mo === 1 ? 'a month ago' : `${mo} months ago`;
  const y = Math.round(d / 365);
  return y === 1 ? 'a year ago' : `${y} years ago`;
}

export function formatDuration(ms: number | undefined): string {
  if (ms === undefined || !Number.isFinite(ms) || ms < 0) return '';
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${m} min${s && m < 10 ? ` ${String(s).padStart(2, '0')} s` : ''}`;
  return `${s} s`;
}

export function formatDateTime(d: Date | string | undefined): string {
  if (!d) return '';
  const t = new Date(d);
  if (Number.isNaN(t.getTime())) return '';
  return t
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, ' UTC');
}

/**
 * How long a running build has been going: "just now" within the first poll interval (and for a start
 * that reads as later than `now`, clock skew or a clock read before the last poll), then "4 min so far".
 */
export function runningFor(startMs: number, now: number, pollMs: number): string {
  const ms = now - startMs;
  if (!Number.isFinite(ms) || ms < pollMs) return 'just now';
  return `${formatDuration(ms)} so far`;
}
