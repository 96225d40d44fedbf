'use client';
// Durations and results of the last 30 runs, oldest on the left: one bar per run, its height the
// duration, its colour the result. Each bar has a text equivalent (title, and the table beside it).
import { formatDuration } from '@/lib/format';
import { runDuration, type Run } from '@/lib/builds/model/history';
import { RESULT_LOOK } from './run-look';

const W = 12;
const GAP = 4;
const H = 64;

export function RunsChart({ runs, now, onPick }: { runs: Run[]; now: number; onPick: (id: string) => void }) {
  const last = runs.slice(0, 30).reverse();
  const durations = last.map((r) => runDuration(r, now) ?? 0);
  const max = Math.max(1, ...durations);
  if (last.length === 0) return null;
  return (
    <figure className="flex flex-col gap-1">
      <svg
        role="img"
        aria-label={`Durations of the last ${last.length} runs, oldest first`}
        width={last.length * (W + GAP)}
        height={H}
        className="max-w-full"
      >
        {last.map((r, i) => {
          const d = durations[i] ?? 0;
          const h = Math.max(3, Math.round((d / max) * (H - 2)));
          return (
            <rect
              key={r.id}
              x={i * (W + GAP)}
              y={H - h}
              width={W}
              height={h}
              rx={2}
              className={`${RESULT_LOOK[r.result].bar} cursor-pointer hover:opacity-80`}
              onClick={() => onPick(r.id)}
            >
              <title>{`${RESULT_LOOK[r.result].label}, ${formatDuration(d) || 'duration unknown'}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="text-xs text-slate-600 dark:text-slate-300">
        Last {last.length} runs: bar height is the duration (longest {formatDuration(max)}); green succeeded,
        red failed, grey canceled.
      </figcaption>
    </figure>
  );
}
