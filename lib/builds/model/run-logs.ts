// What /api/runs answers: each run folder's log, cut into steps (lib/logs/model/steps.ts shapes, kept
// structural here so builds does not depend on the logs capability).

export interface RunLogStep {
  kind: string;
  name: string;
  provisioner?: string;
  startedAt?: number;
  endedAt?: number;
  state: 'running' | 'succeeded' | 'failed';
  firstLine: number;
  lastLine: number;
  errors: string[];
}

export interface RunLogSummary {
  name: string;
  createdAt?: number;
  modifiedAt?: number;
  bytes: number;
  /** False for folders older than the newest 30 (listed, not read). */
  read: boolean;
  steps?: RunLogStep[];
  outcome?: 'succeeded' | 'failed' | 'unknown';
  lines?: number;
  tail?: string[];
}

/** First and last known timestamps of a run's log. */
export function logSpan(r: RunLogSummary): { firstAt?: number; lastAt?: number } {
  const starts = (r.steps ?? []).map((s) => s.startedAt).filter((x): x is number => x !== undefined);
  const ends = (r.steps ?? []).map((s) => s.endedAt).filter((x): x is number => x !== undefined);
  const firstAt = starts.length ? Math.min(...starts) : r.createdAt;
  const lastAt = ends.length ? Math.max(...ends) : r.modifiedAt;
  return { ...(firstAt !== undefined ? { firstAt } : {}), ...(lastAt !== undefined ? { lastAt } : {}) };
}

/**
 * Whether a log folder is the run that started at `startMs`: its first line (the log's own clock, the
 * same as the run's start time) is no earlier than the start, less `slackMs`. The blob's creation time
 * stands in only when the log has no timestamps yet: a folder written long ago but copied or seeded
 * recently, or the previous run's folder, must not pass for the new run's.
 */
export function logBelongsToRun(log: RunLogSummary, startMs: number, slackMs: number): boolean {
  const first = logSpan(log).firstAt;
  return first !== undefined && first >= startMs - slackMs;
}

/** Steps paired with a key that names "the same step" across runs of a template (ETA, comparison). */
export function keyedSteps(steps: readonly RunLogStep[]): { key: string; step: RunLogStep }[] {
  const seen = new Map<string, number>();
  return steps.map((step) => {
    const i = seen.get(step.kind) ?? 0;
    seen.set(step.kind, i + 1);
    return { key: step.kind === 'customizer' ? `customizer:${i}:${step.name}` : `${step.kind}:${i}`, step };
  });
}

export const stepDuration = (s: RunLogStep): number | undefined =>
  s.startedAt !== undefined && s.endedAt !== undefined ? Math.max(0, s.endedAt - s.startedAt) : undefined;
