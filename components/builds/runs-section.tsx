'use client';
// Every build Azure still remembers for this template (the Activity Log's run and cancel events joined
// with the per-run log folders): a chart of the last 30, a table (started, by, result, duration, steps,
// estimated cost), one run's steps and, when it failed, why; two runs compared. The selected run and the
// compared pair live in the URL (?run=…&compare=a,b).
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { useTemplateRuns, type TemplateRun } from '@/lib/builds/api/list-template-runs';
import { useRetailPrices } from '@/lib/builds/api/get-retail-prices';
import {
  PROXY_VM_SIZE,
  buildShapeOf,
  estimateCost,
  formatMoney,
  type RetailPrice,
} from '@/lib/builds/model/cost';
import type { KilnFix } from '@/lib/builds/model/failures';
import { provenance, runDuration, type LastRun } from '@/lib/builds/model/history';
import { formatDateTime, formatDuration, timeAgo } from '@/lib/format';
import { Badge } from '@/components/ui/badge';
import { Skeleton } from '@/components/ui/skeleton';
import { useNow } from '@/components/ui/use-now';
import { CompareRuns, type StepRef } from './compare-runs';
import { FailureExplanation } from './failure-explanation';
import { RESULT_LOOK } from './run-look';
import { RunSteps } from './run-steps';
import { RunsChart } from './runs-chart';

export interface RunsSectionProps {
  template: ImageTemplate;
  /** Kiln's one-click fix for a failure signature (the page knows the network). */
  renderFix?: (fix: KilnFix) => ReactNode;
  renderStepLogs?: (older: StepRef, newer: StepRef) => ReactNode;
  /** Placeholders for the failure commands (subnet ids, identity, names). */
  commandContext: Readonly<Record<string, string | undefined>>;
}

function useRunSelection() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params.toString());
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    router.replace(`${pathname}?${next.toString()}`, { scroll: false });
  };
  const compare = (params.get('compare') ?? '').split(',').filter(Boolean).slice(0, 2);
  return { selected: params.get('run') ?? undefined, compare, set };
}

function CostCell({
  run,
  prices,
  template,
  now,
}: {
  run: TemplateRun;
  prices?: RetailPrice[];
  template: ImageTemplate;
  now: number;
}) {
  const d = runDuration(run, now);
  if (!prices || d === undefined) return <span className="text-slate-500">—</span>;
  const e = estimateCost(prices, buildShapeOf(template), d);
  return (
    <span title={e.lines.map((l) => `${l.what}: ${formatMoney(l.cost, e.currency)}`).join('\n')}>
      ≈ {formatMoney(e.total, e.currency)}
      {run.result === 'running' ? ' so far' : ''}
    </span>
  );
}

function RunRow(props: {
  run: TemplateRun;
  now: number;
  selected: boolean;
  compared: boolean;
  prices?: RetailPrice[];
  template: ImageTemplate;
  onSelect: () => void;
  onCompare: (on: boolean) => void;
}) {
  const { run, now } = props;
  const look = RESULT_LOOK[run.result];
  const failing = run.log?.steps?.find((s) => s.state === 'failed');
  const note = provenance(run);
  return (
    <tr className={props.selected ? 'bg-sky-50 dark:bg-sky-950/40' : ''}>
      <td className="py-1.5 pr-2">
        <input
          type="checkbox"
          aria-label={`Compare the run of ${formatDateTime(run.startedAt ? new Date(run.startedAt) : undefined)}`}
          checked={props.compared}
          onChange={(e) => props.onCompare(e.target.checked)}
        />
      </td>
      <td className="pr-2">
        <button
          type="button"
          className="text-left text-sky-800 underline dark:text-sky-300"
          onClick={props.onSelect}
        >
          {run.startedAt ? timeAgo(new Date(run.startedAt), now) : 'unknown time'}
        </button>
        <div className="text-xs text-slate-600 dark:text-slate-300">
          {formatDateTime(run.startedAt ? new Date(run.startedAt) : undefined)}
        </div>
      </td>
      <td className="pr-2 break-all">{run.caller ?? <span className="text-slate-500">unknown</span>}</td>
      <td className="pr-2">
        <Badge tone={look.tone}>{look.label}</Badge>
        {run.canceledBy ? <div className="text-xs">by {run.canceledBy}</div> : null}
      </td>
      <td className="pr-2 tabular-nums">{formatDuration(runDuration(run, now)) || '—'}</td>
      <td className="pr-2">
        {run.log?.steps ? `${run.log.steps.length} steps` : '—'}
        {failing ? (
          <div className="text-xs text-red-800 dark:text-red-300">failed at {failing.name}</div>
        ) : null}
      </td>
      <td className="pr-2 tabular-nums">
        <CostCell
          run={run}
          now={now}
          template={props.template}
          {...(props.prices ? { prices: props.prices } : {})}
        />
      </td>
      <td className="text-xs text-slate-600 dark:text-slate-300">{note ?? ''}</td>
    </tr>
  );
}

function RunDetail({ run, now, props }: { run: TemplateRun; now: number; props: RunsSectionProps }) {
  const failing = run.log?.steps?.find((s) => s.state === 'failed');
  return (
    <div className="flex flex-col gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <h4 className="font-medium">
        Run of {formatDateTime(run.startedAt ? new Date(run.startedAt) : undefined)}
        {run.folder ? (
          <span className="ml-2 text-xs text-slate-600 dark:text-slate-300">log folder {run.folder}</span>
        ) : null}
      </h4>
      {run.log?.steps?.length ? (
        <RunSteps steps={run.log.steps} now={now} />
      ) : (
        <p className="text-sm">{provenance(run)}</p>
      )}
      {run.result === 'failed' ? (
        <FailureExplanation
          {...(run.message ? { message: run.message } : {})}
          {...(run.log?.tail ? { logTail: run.log.tail } : {})}
          {...(failing ? { failingStep: failing } : {})}
          context={props.commandContext}
          {...(props.renderFix ? { renderFix: props.renderFix } : {})}
        />
      ) : null}
    </div>
  );
}

function RunsTable({
  runs,
  now,
  template,
  prices,
  selectedId,
  sel,
}: {
  runs: TemplateRun[];
  now: number;
  template: ImageTemplate;
  prices?: RetailPrice[];
  selectedId: string | undefined;
  sel: ReturnType<typeof useRunSelection>;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-sm">
        <caption className="sr-only">Runs, newest first</caption>
        <thead>
          <tr className="text-left text-slate-600 dark:text-slate-300">
            <th className="font-medium">
              <span className="sr-only">Compare</span>
            </th>
            <th className="font-medium">Started</th>
            <th className="font-medium">By</th>
            <th className="font-medium">Result</th>
            <th className="font-medium">Duration</th>
            <th className="font-medium">Steps</th>
            <th className="font-medium">Cost (estimate)</th>
            <th className="font-medium">
              <span className="sr-only">Notes</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {runs.map((r) => (
            <RunRow
              key={r.id}
              run={r}
              now={now}
              template={template}
              {...(prices ? { prices } : {})}
              selected={r.id === selectedId}
              compared={sel.compare.includes(r.id)}
              onSelect={() => sel.set({ run: r.id })}
              onCompare={(on) =>
                sel.set({
                  compare:
                    (on ? [...sel.compare, r.id].slice(-2) : sel.compare.filter((x) => x !== r.id)).join(
                      ',',
                    ) || undefined,
                })
              }
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function lastRunOf(template: ImageTemplate): LastRun | undefined {
  const last = template.lastRunStatus;
  if (!last) return undefined;
  const end = last.endTime ? new Date(last.endTime) : undefined;
  return {
    ...(last.startTime ? { startTime: new Date(last.startTime).getTime() } : {}),
    ...(end && end.getUTCFullYear() > 1 ? { endTime: end.getTime() } : {}),
    ...(last.runState ? { runState: last.runState } : {}),
    ...(last.message ? { message: last.message } : {}),
  };
}

export function RunsSection(props: RunsSectionProps) {
  const { template } = props;
  const now = useNow(30_000);
  const q = useTemplateRuns(template.id, lastRunOf(template), true);
  const shape = buildShapeOf(template);
  const prices = useRetailPrices(
    template.location,
    shape.privateLink ? [shape.vmSize, PROXY_VM_SIZE] : [shape.vmSize],
  );
  const sel = useRunSelection();
  if (q.isPending) return <Skeleton className="h-40 w-full" />;
  if (q.isError) return <p role="alert">The runs could not be read: {String(q.error)}</p>;
  const { runs, logsProblem, eventsProblem } = q.data;
  const selected = runs.find((r) => r.id === sel.selected) ?? runs[0];
  const pair = sel.compare
    .map((id) => runs.find((r) => r.id === id))
    .filter((r): r is TemplateRun => Boolean(r));
  const [older, newer] = [...pair].sort((a, b) => (a.startedAt ?? 0) - (b.startedAt ?? 0));
  return (
    <div className="flex flex-col gap-4">
      {eventsProblem ? (
        <p role="status" className="text-sm">
          Without the Activity Log ({eventsProblem.message}), runs are known from their logs only.
        </p>
      ) : null}
      {logsProblem ? (
        <p role="status" className="text-sm">
          Without the build logs ({logsProblem.message}), runs show no steps.
        </p>
      ) : null}
      {runs.length === 0 ? (
        <p className="text-sm">
          Azure remembers no build of this template: the Activity Log keeps 90 days, and no log folder is
          left.
        </p>
      ) : (
        <>
          <RunsChart runs={runs} now={now} onPick={(id) => sel.set({ run: id })} />
          <RunsTable
            runs={runs}
            now={now}
            template={template}
            {...(prices.data ? { prices: prices.data } : {})}
            selectedId={selected?.id}
            sel={sel}
          />
          <p className="text-xs text-slate-600 dark:text-slate-300">
            Costs are estimates from Azure’s list prices for {template.location} (build VM, container instance
            {shape.privateLink ? ', proxy VM, load balancer and private endpoint' : ''}) × the run’s duration;
            no discounts or taxes.
            {prices.isError ? ' Prices could not be read.' : ''}
          </p>
          {older && newer ? (
            <section aria-label="Compare two runs" className="flex flex-col gap-2">
              <h4 className="font-medium">Comparing two runs</h4>
              <CompareRuns
                a={older}
                b={newer}
                {...(props.renderStepLogs ? { renderStepLogs: props.renderStepLogs } : {})}
              />
            </section>
          ) : (
            <p className="text-xs text-slate-600 dark:text-slate-300">
              Tick two runs to compare their steps.
            </p>
          )}
          {selected ? <RunDetail run={selected} now={now} props={props} /> : null}
        </>
      )}
    </div>
  );
}
