'use client';
// The last run: phase stepper (unconfigured phases left out; one look per outcome), elapsed time
// against the build timeout, and AIB's message (as text).
import type { ImageTemplate, RunSubState } from '@azure/arm-imagebuilder';
import { useState } from 'react';
import { aibTimeMs } from '@/lib/aib/times';
import { formatDateTime } from '@/lib/format';
import {
  type StepStatus,
  elapsedAgainstTimeout,
  stepperModel,
  type StepperModel,
  type RunOutcome,
} from '@/lib/builds/model/stepper';
import { armText } from '@/components/ui/arm-text';
import { RevealedText } from '@/components/ui/arm-value';
import { cn } from '@/components/ui/cn';
import { useNow } from '@/components/ui/use-now';

const STEP_LOOK: Record<StepStatus, { dot: string; label: string; text: string }> = {
  done: { dot: 'bg-emerald-600 text-white dark:bg-emerald-500', label: 'done', text: '' },
  current: {
    dot: 'bg-sky-600 text-white ring-4 ring-sky-200 dark:bg-sky-500 dark:ring-sky-900',
    label: 'in progress',
    text: 'font-semibold',
  },
  upcoming: {
    dot: 'bg-slate-200 text-slate-600 dark:bg-slate-700 dark:text-slate-300',
    label: 'not started',
    text: 'text-slate-600 dark:text-slate-400',
  },
  failed: {
    dot: 'bg-red-600 text-white dark:bg-red-500',
    label: 'failed',
    text: 'font-semibold text-red-800 dark:text-red-300',
  },
  canceled: { dot: 'bg-slate-500 text-white', label: 'canceled here', text: 'font-semibold' },
  partial: {
    dot: 'bg-amber-500 text-white',
    label: 'partly done',
    text: 'font-semibold text-amber-900 dark:text-amber-200',
  },
};

const STEP_ICON: Record<StepStatus, string> = {
  done: '✓',
  current: '…',
  upcoming: '',
  failed: '✕',
  canceled: '⊘',
  partial: '!',
};

const OUTCOME: Record<RunOutcome, { title: string; box: string }> = {
  never: { title: 'Never built', box: 'border-slate-200 dark:border-slate-800' },
  running: { title: 'Building', box: 'border-sky-300 dark:border-sky-800' },
  canceling: {
    title: 'Canceling',
    box: 'border-amber-300 bg-amber-50/60 dark:border-amber-800 dark:bg-amber-950/30',
  },
  canceled: {
    title: 'Canceled',
    box: 'border-slate-300 bg-slate-100/70 dark:border-slate-700 dark:bg-slate-800/40',
  },
  succeeded: { title: 'Succeeded', box: 'border-emerald-300 dark:border-emerald-800' },
  partial: {
    title: 'Partially succeeded',
    box: 'border-amber-300 bg-amber-50/60 dark:border-amber-800 dark:bg-amber-950/30',
  },
  failed: { title: 'Failed', box: 'border-red-300 bg-red-50/60 dark:border-red-800 dark:bg-red-950/30' },
  unknown: { title: 'State not known to Kiln', box: 'border-amber-300 dark:border-amber-800' },
};

function fmt(ms: number): string {
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h} h ${String(m).padStart(2, '0')} min` : `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

/** The phases of the run, each with its status. */
function PhaseSteps({ steps }: { steps: StepperModel['steps'] }) {
  return (
    <ol className="mt-4 flex flex-wrap items-center gap-x-2 gap-y-3" aria-label="Build phases">
      {steps.map((s, i) => {
        const l = STEP_LOOK[s.status];
        return (
          <li key={s.phase} className="flex items-center gap-2" data-phase={s.phase} data-status={s.status}>
            <span
              aria-hidden
              className={cn(
                'grid size-6 place-items-center rounded-full text-xs font-bold',
                l.dot,
                s.status === 'current' && 'motion-safe:animate-pulse',
              )}
            >
              {STEP_ICON[s.status]}
            </span>
            <span className={cn('text-sm', l.text)}>
              {s.phase}
              <span className="sr-only"> ({l.label})</span>
            </span>
            {i < steps.length - 1 ? (
              <span aria-hidden className="mx-1 h-px w-6 bg-slate-300 dark:bg-slate-600" />
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}

/** How much of the build timeout the run has used. */
function TimeoutBar({ fraction }: { fraction: number }) {
  return (
    <div className="mt-4">
      <div
        role="progressbar"
        aria-label="Time used of the build timeout"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={Math.round(fraction * 100)}
        className="h-1.5 w-full overflow-hidden rounded-full bg-slate-200 dark:bg-slate-700"
      >
        <div
          className={cn('h-full rounded-full', fraction > 0.8 ? 'bg-amber-500' : 'bg-sky-600')}
          style={{ width: `${Math.max(1, fraction * 100)}%` }}
        />
      </div>
    </div>
  );
}

export function LastRunPanel({ template }: { template: ImageTemplate }) {
  const run = template.lastRunStatus;
  // AIB drops runSubState while canceling; remember the last one seen to mark where the run stopped.
  const [lastSub, setLastSub] = useState<RunSubState | undefined>(run?.runSubState);
  if (run?.runSubState && run.runSubState !== lastSub) setLastSub(run.runSubState);
  const model = stepperModel(template, run?.runSubState ?? lastSub);
  const now = useNow(model.outcome === 'running' || model.outcome === 'canceling' ? 1000 : 60_000);
  const elapsed = elapsedAgainstTimeout(template, now);
  const look = OUTCOME[model.outcome];
  const startMs = aibTimeMs(run?.startTime);
  const started = startMs !== undefined ? new Date(startMs).toISOString() : undefined;
  return (
    <section
      aria-labelledby="last-run-heading"
      className={cn('rounded-lg border bg-white p-4 dark:bg-slate-900', look.box)}
      data-outcome={model.outcome}
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="last-run-heading" className="text-base font-semibold">
          Last run:{' '}
          <span data-testid="run-outcome">
            {model.outcome === 'unknown' ? `${look.title}: “${armText(run?.runState)}”` : look.title}
          </span>
        </h2>
        {elapsed ? (
          <p className="text-sm tabular-nums text-slate-600 dark:text-slate-300">
            {started ? (
              <>
                Started{' '}
                <time data-testid="run-started" dateTime={started} title={formatDateTime(started)}>
                  {new Date(started).toLocaleTimeString()}
                </time>{' '}
                ·{' '}
              </>
            ) : null}
            {elapsed.finished ? 'Took' : 'Elapsed'} {fmt(elapsed.elapsedMs)} of the {fmt(elapsed.timeoutMs)}{' '}
            build timeout
          </p>
        ) : null}
      </div>
      <PhaseSteps steps={model.steps} />
      {elapsed ? <TimeoutBar fraction={elapsed.fraction} /> : null}
      {run?.message ? (
        <p
          data-testid="run-message"
          className={cn(
            'mt-4 rounded-md p-3 text-sm break-words whitespace-pre-wrap',
            model.outcome === 'failed'
              ? 'bg-red-100 text-red-950 dark:bg-red-950/60 dark:text-red-100'
              : 'bg-slate-100 dark:bg-slate-800',
          )}
        >
          <RevealedText text={armText(run.message)} />
        </p>
      ) : null}
    </section>
  );
}
