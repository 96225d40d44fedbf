'use client';
// While a build runs: its steps so far (from the growing log) and the time left, estimated step by step
// from the median durations of this template's earlier successful runs; says so when there is no
// history to estimate from.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useRetailPrices } from '@/lib/builds/api/get-retail-prices';
import { useLiveRunLog, useTemplateRuns } from '@/lib/builds/api/list-template-runs';
import { PROXY_VM_SIZE, buildShapeOf, formatMoney, runningCost } from '@/lib/builds/model/cost';
import { type Eta, estimateRemaining, formatEta, type RunTimings } from '@/lib/builds/model/eta';
import { runDuration } from '@/lib/builds/model/history';
import { keyedSteps, logBelongsToRun, stepDuration, type RunLogStep } from '@/lib/builds/model/run-logs';
import { useKilnConfig } from '@/lib/azure/config';
import { cn } from '@/components/ui/cn';
import { useNow } from '@/components/ui/use-now';
import { BrowserNotifyButton } from './build-signals';
import { RunSteps } from './run-steps';

/** A log folder belongs to this run only if its first line is after the run's start (a minute of slack). */
const SLACK_MS = 60_000;

/** "≈ $0.04 so far · about $0.11 by the end": list prices × the time run, labelled an estimate. */
function CostSoFar({ template, elapsedMs, eta }: { template: ImageTemplate; elapsedMs: number; eta: Eta }) {
  const shape = buildShapeOf(template);
  const prices = useRetailPrices(
    template.location,
    shape.privateLink ? [shape.vmSize, PROXY_VM_SIZE] : [shape.vmSize],
  );
  if (!prices.data) return null;
  const c = runningCost(prices.data, shape, elapsedMs, eta.kind === 'estimate' ? eta.remainingMs : undefined);
  if (c.soFar.lines.length === 0) return null;
  return (
    <p
      data-testid="cost-so-far"
      className="text-xs text-slate-600 dark:text-slate-300"
      title={[
        `An estimate from list prices in ${template.location ?? 'the template’s region'}:`,
        ...c.soFar.lines.map((l) => `${l.what}: ${formatMoney(l.cost, c.soFar.currency)}`),
      ].join('\n')}
    >
      Cost so far{' '}
      {c.soFar.total < 0.001
        ? `under ${formatMoney(0.001, c.soFar.currency)}`
        : `≈ ${formatMoney(c.soFar.total, c.soFar.currency)}`}
      {c.atEnd !== undefined ? ` · about ${formatMoney(c.atEnd, c.soFar.currency)} by the end` : ''}{' '}
      (list-price estimate)
    </p>
  );
}

/**
 * The last two steps in view (the box starts scrolled to its end); the earlier ones a scroll up. The box
 * keeps its two lines before the log is read, so the row it is in does not grow (and push the topology
 * and log down) when the steps arrive.
 */
function StepsSoFar({
  steps,
  reading,
  now,
}: {
  steps: RunLogStep[] | undefined;
  reading: boolean;
  now: number;
}) {
  return (
    <div
      className="flex h-12 flex-col-reverse overflow-y-auto"
      tabIndex={steps?.length ? 0 : undefined}
      aria-label="Steps so far"
    >
      {steps?.length ? (
        // mb-auto: with fewer than two steps they sit at the top of the box, not its bottom.
        <div className="mb-auto">
          <RunSteps steps={steps} now={now} />
        </div>
      ) : (
        <p className="mb-auto text-xs text-slate-600 dark:text-slate-300">
          {reading ? 'Reading the steps from the log…' : 'No steps in the log yet.'}
        </p>
      )}
    </div>
  );
}

export function BuildEta({ template, className }: { template: ImageTemplate; className?: string }) {
  // The log is read about every two status polls (30 s by default), as the staging group is.
  const pollMs = useKilnConfig().pollIntervalMs * 2;
  const last = template.lastRunStatus;
  const running = last?.runState === 'Running';
  const start = last?.startTime ? new Date(last.startTime).getTime() : undefined;
  const now = useNow(1000);
  const history = useTemplateRuns(template.id, undefined, running);
  const live = useLiveRunLog(
    template.id,
    last?.startTime ? String(last.startTime) : undefined,
    running ? pollMs : false,
  );
  if (!running || start === undefined) return null;
  const runs: RunTimings[] = (history.data?.runs ?? [])
    .filter((r) => r.result === 'succeeded' && r.log?.steps?.length)
    .slice(0, 30)
    .map((r) => ({
      steps: keyedSteps(r.log?.steps ?? []).map((k) => ({ key: k.key, durationMs: stepDuration(k.step) })),
      ...(runDuration(r, now) !== undefined ? { totalMs: runDuration(r, now) } : {}),
    }));
  const log = live.data && logBelongsToRun(live.data, start, SLACK_MS) ? live.data : undefined;
  const keyed = keyedSteps(log?.steps ?? []);
  const current = keyed.find((k) => k.step.state === 'running');
  const eta = estimateRemaining(
    runs,
    keyed.filter((k) => k.step.state !== 'running').map((k) => k.key),
    current ? { key: current.key, elapsedMs: Math.max(0, now - (current.step.startedAt ?? now)) } : undefined,
    now - start,
  );
  return (
    <section
      aria-label="Progress of this build"
      className={cn(
        'flex flex-col gap-2 rounded-md border border-sky-200 p-3 dark:border-sky-900',
        className,
      )}
    >
      <div className="flex flex-wrap items-center gap-3">
        <p className="text-sm font-medium" role="status">
          {history.isPending ? 'Estimating the time left…' : formatEta(eta)}
        </p>
        {eta.kind === 'estimate' ? (
          <progress
            className="h-2 w-40 max-w-full accent-sky-600"
            max={100}
            value={Math.round(eta.fraction * 100)}
            aria-label={`${Math.round(eta.fraction * 100)} % done, from ${eta.basedOnRuns} earlier builds`}
          />
        ) : null}
        {eta.kind === 'estimate' ? (
          <span className="text-xs text-slate-600 dark:text-slate-300">
            from {eta.basedOnRuns} earlier successful builds
          </span>
        ) : null}
      </div>
      {/* One line: the cost wraps inside its own column rather than pushing the button to a line of its own.
          Two lines kept for it: the end's estimate arrives after the cost, and the text would grow. */}
      <div className="flex items-center justify-between gap-x-3">
        <div className="min-h-8 min-w-0 flex-1">
          <CostSoFar template={template} elapsedMs={Math.max(0, now - start)} eta={eta} />
        </div>
        <BrowserNotifyButton />
      </div>
      <StepsSoFar steps={log?.steps} reading={live.isPending} now={now} />
    </section>
  );
}
