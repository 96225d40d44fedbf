// Time left in a running build, estimated step by step from the median durations of the same template's
// earlier successful runs. Step timings are plain data (a key per step, e.g. `customizer:0:install`), so
// this model does not depend on how a log is read.

export interface StepTiming {
  key: string;
  /** Duration in ms; undefined while unknown. */
  durationMs?: number;
}

export interface RunTimings {
  steps: StepTiming[];
  /** Whole run in ms, when known. */
  totalMs?: number;
}

export interface CurrentStep {
  key: string;
  /** ms spent in this step so far. */
  elapsedMs: number;
}

export type Eta =
  | { kind: 'estimate'; remainingMs: number; fraction: number; basedOnRuns: number }
  | { kind: 'no-history' }
  | { kind: 'overdue'; overByMs: number; basedOnRuns: number };

export function median(values: readonly number[]): number | undefined {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : ((v[mid - 1] ?? 0) + (v[mid] ?? 0)) / 2;
}

/** Median duration of every step key over earlier successful runs, in the order of the latest run. */
export function medianSteps(history: readonly RunTimings[]): { key: string; medianMs: number }[] {
  const byKey = new Map<string, number[]>();
  const order: string[] = [];
  for (const run of history) {
    for (const s of run.steps) {
      if (s.durationMs === undefined) continue;
      if (!byKey.has(s.key)) {
        byKey.set(s.key, []);
        order.push(s.key);
      }
      byKey.get(s.key)?.push(s.durationMs);
    }
  }
  return order.map((key) => ({ key, medianMs: median(byKey.get(key) ?? []) ?? 0 }));
}

/**
 * The estimate for a running build: `done` are the keys of finished steps, `current` the step in progress
 * (undefined before the log shows any step), `elapsedMs` the whole run's time so far.
 */
export function estimateRemaining(
  history: readonly RunTimings[],
  done: readonly string[],
  current: CurrentStep | undefined,
  elapsedMs: number,
): Eta {
  if (history.length === 0) return { kind: 'no-history' };
  const medians = medianSteps(history);
  const totals = history.map((r) => r.totalMs).filter((x): x is number => x !== undefined);
  const expectedTotal = median(totals) ?? medians.reduce((sum, s) => sum + s.medianMs, 0);
  if (medians.length === 0) {
    const left = expectedTotal - elapsedMs;
    return left > 0
      ? {
          kind: 'estimate',
          remainingMs: left,
          fraction: clamp(elapsedMs / expectedTotal),
          basedOnRuns: history.length,
        }
      : { kind: 'overdue', overByMs: -left, basedOnRuns: history.length };
  }
  const doneSet = new Set(done);
  let remaining = 0;
  for (const s of medians) {
    if (doneSet.has(s.key)) continue;
    if (current && s.key === current.key) remaining += Math.max(0, s.medianMs - current.elapsedMs);
    else remaining += s.medianMs;
  }
  // Whole runs also spend time outside the logged steps (queueing, distribution): never promise less
  // than the usual whole-run time minus what has passed.
  const remainingMs = Math.max(remaining, expectedTotal - elapsedMs);
  if (remainingMs <= 0 && elapsedMs > expectedTotal)
    return { kind: 'overdue', overByMs: elapsedMs - expectedTotal, basedOnRuns: history.length };
  const fraction = clamp(elapsedMs / Math.max(1, elapsedMs + remainingMs));
  return { kind: 'estimate', remainingMs, fraction, basedOnRuns: history.length };
}

const clamp = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);

/** "about 14 min left" / "less than a minute left". */
export function formatEta(eta: Eta): string {
  if (eta.kind === 'no-history') return 'No earlier successful build to estimate from';
  if (eta.kind === 'overdue')
    return `Taking ${Math.max(1, Math.round(eta.overByMs / 60_000))} min longer than usual`;
  const min = Math.round(eta.remainingMs / 60_000);
  if (min < 1) return 'Less than a minute left';
  if (min < 90) return `About ${min} min left`;
  const h = Math.floor(min / 60);
  return `About ${h} h ${String(min % 60).padStart(2, '0')} min left`;
}
