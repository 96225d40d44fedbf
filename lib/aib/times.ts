// AIB's "not set" time (docs/azure/image-builder.md). While a run is going, `lastRunStatus.endTime`
// is 0001-01-01T00:00:00Z (the zero time of the service's Go backend), and a template that never ran
// reports no times at all. Local Azure writes the same value (emulator/src/simulator/build-run.ts
// NEVER); emulator/agreement checks it.

/**
 * True when an AIB time is unset: missing, unparsable, or in year 1 or before (the zero time; year ≤ 1
 * rather than exactly 0001-01-01T00:00:00Z, so a zero time parsed in a local time zone — which can
 * land on 31 December of year 0 — is unset too). A real time is never before year 2, so nothing real
 * is hidden; a cut-off such as "before 2000" would also hide a real, if wrong, clock value.
 */
export function isUnsetTime(d: Date | string | undefined): boolean {
  if (d === undefined) return true;
  const t = typeof d === 'string' ? Date.parse(d) : d.getTime();
  return Number.isNaN(t) || new Date(t).getUTCFullYear() <= 1;
}

/** The time in ms since the epoch, or undefined when AIB has not set it. */
export function aibTimeMs(d: Date | string | undefined): number | undefined {
  if (d === undefined || isUnsetTime(d)) return undefined;
  return typeof d === 'string' ? Date.parse(d) : d.getTime();
}
