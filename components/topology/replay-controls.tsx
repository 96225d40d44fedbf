'use client';
// Replay's controls: which build, play or pause, and a time slider over the build's window.
import { Button } from '@/components/ui/button';
import { clockTime } from '@/lib/format';
import type { TopologyReplay } from './use-topology-replay';

function RunPicker({ r }: { r: TopologyReplay }) {
  return (
    <label className="flex items-center gap-1">
      Build
      <select
        className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-800"
        value={r.runIndex}
        onChange={(e) => r.selectRun(Number(e.target.value))}
      >
        {r.replay?.runs.map((run, i) => (
          <option key={`${run.start}`} value={i}>
            {new Date(run.start).toLocaleString()} {run.caller ? `by ${run.caller}` : ''}{' '}
            {run.result ? `(${run.result})` : ''}
          </option>
        ))}
      </select>
    </label>
  );
}

function Scrubber({ r, start, end }: { r: TopologyReplay; start: number; end: number }) {
  const { at } = r;
  return (
    <>
      <Button size="sm" onClick={r.togglePlay}>
        {r.playingNow ? 'Pause' : 'Play'}
      </Button>
      <label className="flex flex-1 items-center gap-2">
        <span className="sr-only">Time</span>
        <input
          type="range"
          className="flex-1"
          min={start}
          max={end}
          step={1000}
          value={at ?? end}
          onChange={(e) => r.seek(Number(e.target.value))}
          aria-valuetext={at !== undefined ? clockTime(at) : ''}
        />
      </label>
      <span className="tabular-nums" data-testid="replay-time">
        {at !== undefined ? clockTime(at) : ''}
      </span>
    </>
  );
}

export function ReplayControls({ r }: { r: TopologyReplay }) {
  const { events, replay, runWin } = r;
  return (
    <div
      className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-2 text-xs dark:border-slate-700 dark:bg-slate-900"
      aria-label="Replay controls"
      role="group"
    >
      {events.isPending ? <span role="status">Reading the Activity Log…</span> : null}
      {events.isError ? (
        <span role="alert">The Activity Log could not be read: {events.error.message}</span>
      ) : null}
      {replay && replay.runs.length === 0 ? (
        <span>The Activity Log shows no builds of this template in the last 30 days.</span>
      ) : null}
      {replay && replay.runs.length > 0 && runWin ? (
        <>
          <RunPicker r={r} />
          <Scrubber r={r} start={runWin.start} end={runWin.end} />
        </>
      ) : null}
    </div>
  );
}
