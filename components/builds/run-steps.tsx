'use client';
// A run's steps (from its log): name, start, duration as a bar against the longest step, and state.
import { formatDuration } from '@/lib/format';
import type { RunLogStep } from '@/lib/builds/model/run-logs';
import { cn } from '@/components/ui/cn';

const STATE: Record<RunLogStep['state'], { icon: string; text: string; bar: string }> = {
  succeeded: { icon: '✓', text: 'text-emerald-800 dark:text-emerald-300', bar: 'bg-emerald-500' },
  failed: { icon: '✕', text: 'font-semibold text-red-800 dark:text-red-300', bar: 'bg-red-500' },
  running: { icon: '…', text: 'font-semibold text-sky-800 dark:text-sky-300', bar: 'bg-sky-500' },
};

export const stepMs = (s: RunLogStep): number | undefined =>
  s.startedAt !== undefined && s.endedAt !== undefined ? Math.max(0, s.endedAt - s.startedAt) : undefined;

export function RunSteps({ steps, now }: { steps: RunLogStep[]; now?: number }) {
  const durations = steps.map((s) =>
    s.state === 'running' && now && s.startedAt ? now - s.startedAt : stepMs(s),
  );
  const max = Math.max(1, ...durations.map((d) => d ?? 0));
  return (
    <ol className="flex flex-col gap-1 text-sm" aria-label="Steps">
      {steps.map((s, i) => {
        const d = durations[i];
        const look = STATE[s.state];
        return (
          <li
            key={`${s.kind}-${s.firstLine}`}
            className="grid grid-cols-[1.25rem_minmax(8rem,16rem)_1fr_5.5rem] items-center gap-2"
          >
            <span aria-hidden className={look.text}>
              {look.icon}
            </span>
            <span className={cn('truncate', look.text)} title={s.name}>
              {s.name}
              <span className="sr-only"> ({s.state})</span>
            </span>
            <span className="h-2 rounded-full bg-slate-100 dark:bg-slate-800" aria-hidden>
              <span
                className={cn('block h-2 rounded-full', look.bar)}
                style={{ width: `${Math.max(2, Math.round(((d ?? 0) / max) * 100))}%` }}
              />
            </span>
            <span className="text-right tabular-nums text-slate-700 dark:text-slate-300">
              {d === undefined ? '—' : formatDuration(d)}
            </span>
          </li>
        );
      })}
    </ol>
  );
}
