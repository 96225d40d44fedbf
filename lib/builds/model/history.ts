// Every build Azure still remembers, rebuilt from what it records (docs/azure/image-builder.md,
// "Build history"): the Activity Log's `imageTemplates/run/action` and `cancel/action` events (who,
// when, how it ended; ARM writes an Accepted/Started event and a final event with one correlation id
// per long-running operation, kept 90 days) joined with the per-run folders Image Builder leaves in the
// staging storage account (`packerlogs/<run>/customization.log`). Either side may be missing: a run whose
// log is gone, or whose events are past retention, still shows with what is known.

export const RUN_ACTION = 'microsoft.virtualmachineimages/imagetemplates/run/action';
export const CANCEL_ACTION = 'microsoft.virtualmachineimages/imagetemplates/cancel/action';
/** The Activity Log keeps events for 90 days. */
export const ACTIVITY_RETENTION_MS = 90 * 24 * 3600 * 1000;

export interface ActivityEvent {
  correlationId?: string;
  /** operationName.value */
  operation: string;
  /** status.value: Accepted, Started, Succeeded, Failed, Canceled */
  status: string;
  /** Epoch ms. */
  time: number;
  caller?: string;
  /** properties.statusMessage or similar, when the event carries one. */
  message?: string;
}

export interface RunFolder {
  /** The folder's name under packerlogs/ (a GUID). */
  name: string;
  /** Epoch ms of the log's first and last timestamps (or the blob's creation and last write). */
  firstAt?: number;
  lastAt?: number;
  /** What the log itself says, when it has been read. */
  outcome?: 'succeeded' | 'failed' | 'unknown';
}

export type RunResult = 'running' | 'succeeded' | 'failed' | 'canceled' | 'unknown';

export interface Run {
  /** Correlation id of the run operation, or `log:<folder>` for a run known only from its log. */
  id: string;
  startedAt?: number;
  endedAt?: number;
  caller?: string;
  result: RunResult;
  canceledBy?: string;
  folder?: string;
  /** Which sources know this run. */
  known: { activity: boolean; log: boolean };
  message?: string;
}

const lower = (s: string): string => s.toLowerCase();
const FINAL: Record<string, RunResult> = { succeeded: 'succeeded', failed: 'failed', canceled: 'canceled' };
/** A folder's first line may come a little before ARM's Accepted event is stamped. */
const CLOCK_SLACK_MS = 2 * 60 * 1000;

function runsFromEvents(events: readonly ActivityEvent[]): Run[] {
  const byId = new Map<string, ActivityEvent[]>();
  for (const e of events) {
    if (lower(e.operation) !== RUN_ACTION) continue;
    const id = e.correlationId ?? `event:${e.time}`;
    byId.set(id, [...(byId.get(id) ?? []), e]);
  }
  return [...byId].map(([id, evs]) => {
    const sorted = [...evs].sort((a, b) => a.time - b.time);
    const final = sorted.find((e) => FINAL[lower(e.status)]);
    const caller = sorted.find((e) => e.caller)?.caller;
    const message = final?.message;
    return {
      id,
      startedAt: sorted[0]?.time,
      ...(final ? { endedAt: final.time } : {}),
      ...(caller ? { caller } : {}),
      result: final ? (FINAL[lower(final.status)] ?? 'unknown') : 'running',
      known: { activity: true, log: false },
      ...(message ? { message } : {}),
    };
  });
}

function applyCancels(runs: Run[], events: readonly ActivityEvent[]): void {
  for (const c of events) {
    if (lower(c.operation) !== CANCEL_ACTION || lower(c.status) === 'failed') continue;
    const target = runs.find(
      (r) =>
        r.startedAt !== undefined &&
        r.startedAt <= c.time &&
        (r.endedAt === undefined || c.time <= r.endedAt + CLOCK_SLACK_MS),
    );
    if (!target) continue;
    if (c.caller) target.canceledBy = c.caller;
    if (target.result !== 'running' && target.result !== 'succeeded') target.result = 'canceled';
  }
}

/**
 * The run a log folder whose first line is at `at` belongs to: among the runs without a folder whose
 * time (with the clock slack) holds `at`, the one that started last at or before it — runs seconds
 * apart (a quick rebuild, local Azure's time scale) both hold it within the slack.
 */
function ownerOf(runs: readonly Run[], at: number): Run | undefined {
  const holds = runs.filter(
    (r) =>
      !r.folder &&
      r.startedAt !== undefined &&
      r.startedAt - CLOCK_SLACK_MS <= at &&
      (r.endedAt === undefined || at <= r.endedAt + CLOCK_SLACK_MS),
  );
  const startedBefore = holds.filter((r) => (r.startedAt ?? 0) <= at);
  const pool = startedBefore.length > 0 ? startedBefore : holds;
  // Closest start to the folder's first line.
  return pool.reduce<Run | undefined>(
    (best, r) =>
      best === undefined || Math.abs((r.startedAt ?? 0) - at) < Math.abs((best.startedAt ?? 0) - at)
        ? r
        : best,
    undefined,
  );
}

function attachFolders(runs: Run[], folders: readonly RunFolder[]): Run[] {
  const orphans: Run[] = [];
  const byStart = [...runs].sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
  for (const f of [...folders].sort((a, b) => (a.firstAt ?? 0) - (b.firstAt ?? 0))) {
    const at = f.firstAt;
    const owner = at === undefined ? undefined : ownerOf(byStart, at);
    if (owner) {
      owner.folder = f.name;
      owner.known.log = true;
      continue;
    }
    orphans.push({
      id: `log:${f.name}`,
      ...(f.firstAt !== undefined ? { startedAt: f.firstAt } : {}),
      ...(f.lastAt !== undefined ? { endedAt: f.lastAt } : {}),
      result: f.outcome && f.outcome !== 'unknown' ? f.outcome : 'unknown',
      folder: f.name,
      known: { activity: false, log: true },
    });
  }
  return [...runs, ...orphans];
}

export interface LastRun {
  startTime?: number;
  endTime?: number;
  runState?: string;
  message?: string;
}

/** The template's own lastRunStatus is the truth for its newest run. */
function reconcileLast(runs: Run[], last: LastRun | undefined): void {
  if (!last?.runState || last.startTime === undefined) return;
  const newest = runs[0];
  if (
    !newest ||
    newest.startedAt === undefined ||
    Math.abs(newest.startedAt - last.startTime) > CLOCK_SLACK_MS
  )
    return;
  const state = lower(last.runState);
  newest.result =
    state === 'running' || state === 'canceling'
      ? 'running'
      : state === 'partiallysucceeded'
        ? 'succeeded'
        : (FINAL[state] ?? newest.result);
  if (last.endTime !== undefined && newest.result !== 'running') newest.endedAt = last.endTime;
  if (last.message && newest.result === 'failed') newest.message = last.message;
}

/** Runs of one template, newest first. */
export function buildRunHistory(
  events: readonly ActivityEvent[],
  folders: readonly RunFolder[],
  last?: LastRun,
): Run[] {
  const runs = runsFromEvents(events);
  applyCancels(runs, events);
  const all = attachFolders(runs, folders).sort((a, b) => (b.startedAt ?? 0) - (a.startedAt ?? 0));
  reconcileLast(all, last);
  return all;
}

/** Duration of a finished run, or of a running one up to `now`. */
export function runDuration(run: Run, now: number): number | undefined {
  if (run.startedAt === undefined) return undefined;
  const end = run.endedAt ?? (run.result === 'running' ? now : undefined);
  return end === undefined ? undefined : Math.max(0, end - run.startedAt);
}

/** "Known only from its log: the Activity Log keeps 90 days" and similar marks for the UI. */
export function provenance(run: Run): string | undefined {
  if (!run.known.activity) return 'Known only from its log: the Activity Log keeps events for 90 days.';
  if (!run.known.log) return 'Its log is gone (the staging storage account no longer has this run’s folder).';
  return undefined;
}
