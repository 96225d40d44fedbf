'use client';
// Swim lanes: one lane per staging resource, a bar from appearance to deletion, over phase bands.
import { memo, useState } from 'react';
import type { Lane, PhaseBand } from '@/lib/topology/model/replay';
import { clockTime } from '@/lib/format';
import { typeLabel } from '@/lib/topology/model/classify';
import { TypeIcon } from './icons';

const BAND_COLORS = [
  'bg-sky-100/70',
  'bg-amber-100/70',
  'bg-emerald-100/70',
  'bg-violet-100/70',
  'bg-rose-100/70',
  'bg-teal-100/70',
];
const BAND_DARK = [
  'dark:bg-sky-950/50',
  'dark:bg-amber-950/50',
  'dark:bg-emerald-950/50',
  'dark:bg-violet-950/50',
  'dark:bg-rose-950/50',
  'dark:bg-teal-950/50',
];

export interface TimelineProps {
  lanes: Lane[];
  bands: PhaseBand[];
  start: number;
  /** Right edge of the chart (the run's end, or the latest read while it runs). */
  end: number;
  /** Replay cursor. */
  cursor?: number;
}

function TimelineImpl({ lanes, bands, start, end, cursor }: TimelineProps) {
  const [hover, setHover] = useState<Lane | undefined>();
  const span = Math.max(1, end - start);
  const pct = (t: number) => `${Math.min(100, Math.max(0, ((t - start) / span) * 100))}%`;
  const width = (a: number, b: number) =>
    `${Math.max(0.6, ((Math.min(b, end) - Math.max(a, start)) / span) * 100)}%`;
  return (
    <figure className="flex flex-col gap-1 text-xs" aria-label="Timeline of staging resources">
      <figcaption className="flex items-center justify-between text-slate-600 dark:text-slate-300">
        <span className="font-semibold">Timeline</span>
        <span aria-live="polite" className="min-h-4 truncate" data-testid="timeline-hover">
          {hover ? `${hover.name} — ${typeLabel(hover.type)}` : ''}
        </span>
      </figcaption>
      <div className="relative">
        {/* phase bands behind the lanes */}
        <div className="pointer-events-none absolute inset-y-0 right-0 left-40" aria-hidden="true">
          {bands.map((b, i) => (
            <div
              key={`${b.phase}-${b.start}`}
              className={`absolute inset-y-0 ${BAND_COLORS[i % BAND_COLORS.length]} ${BAND_DARK[i % BAND_DARK.length]} border-l border-white/70`}
              style={{ left: pct(b.start), width: width(b.start, b.end ?? end) }}
            >
              <span className="absolute top-0 left-1 truncate text-[10px] text-slate-600 dark:text-slate-300">
                {b.phase}
                {b.inferred ? ' *' : ''}
              </span>
            </div>
          ))}
          {cursor !== undefined ? (
            <div className="absolute inset-y-0 w-0.5 bg-red-500" style={{ left: pct(cursor) }} />
          ) : null}
        </div>
        <ul className="relative flex flex-col gap-0.5 pt-4" aria-label="Staging resources over time">
          {lanes.map((l) => {
            const label = `${l.name} (${typeLabel(l.type)}): appeared ${l.before ? 'before this build' : clockTime(l.start)}, ${
              l.end !== undefined ? `deleted ${clockTime(l.end)}` : 'still there'
            }`;
            return (
              <li key={l.key} className="flex h-5 items-center">
                <span className="flex w-40 shrink-0 items-center gap-1 truncate pr-1" title={l.name}>
                  <TypeIcon icon={l.icon} className="h-3.5 w-3.5" />
                  <span className="truncate">{l.name}</span>
                </span>
                <span className="relative h-full flex-1">
                  <span
                    role="img"
                    aria-label={label}
                    title={label}
                    tabIndex={0}
                    onMouseEnter={() => setHover(l)}
                    onMouseLeave={() => setHover(undefined)}
                    onFocus={() => setHover(l)}
                    onBlur={() => setHover(undefined)}
                    className={`absolute top-1 h-3 rounded-sm ${l.end === undefined ? 'bg-sky-600' : 'bg-slate-500'} ${
                      l.icon === 'storageAccount' ? 'bg-cyan-600' : ''
                    } hover:ring-2 hover:ring-sky-300 focus:ring-2 focus:ring-sky-400 focus:outline-none`}
                    style={{ left: pct(l.start), width: width(l.start, l.end ?? end) }}
                    data-testid="timeline-bar"
                  />
                </span>
              </li>
            );
          })}
        </ul>
      </div>
      <div className="ml-40 flex justify-between text-[10px] text-slate-600 dark:text-slate-400">
        <span>{clockTime(start)}</span>
        <span>{clockTime(end)}</span>
      </div>
      {bands.some((b) => b.inferred) ? (
        <p className="text-[10px] text-slate-600 dark:text-slate-400">
          * phases inferred from when resources appeared and went (the Activity Log records no phases).
        </p>
      ) : null}
    </figure>
  );
}

export const Timeline = memo(TimelineImpl);
