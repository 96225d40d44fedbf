'use client';
// The timeline's lanes and phase bands: from the Activity Log once a build is over (or in replay), from
// what this page has seen while a build runs.
import { useMemo } from 'react';
import {
  bandsFromObservations,
  inferBands,
  lanesFor,
  type Lane,
  type PhaseBand,
} from '@/lib/topology/model/replay';
import type { PhaseMark } from '@/lib/topology/model/phase-marks';
import type { RunPhase } from '@/lib/topology/model/template';
import type { StagingState } from '@/lib/topology/api/list-staging-resources';
import type { ReplayData, RunSpan } from './use-topology-replay';

export interface TimelineData {
  lanes: Lane[];
  bands: PhaseBand[];
  start: number;
  end: number;
}

interface TimelineArgs {
  mode: 'now' | 'replay';
  phase: RunPhase;
  runStart: number | undefined;
  replay: ReplayData | undefined;
  runWin: RunSpan | undefined;
  marks: readonly PhaseMark[];
  state: StagingState | undefined;
}

export function useTopologyTimeline({
  mode,
  phase,
  runStart,
  replay,
  runWin,
  marks,
  state,
}: TimelineArgs): TimelineData | undefined {
  return useMemo<TimelineData | undefined>(() => {
    if ((mode === 'replay' || phase === 'finished') && replay && runWin) {
      const lanes = lanesFor(replay.intervals, runWin);
      const observed =
        marks.length > 1 && mode === 'now' ? bandsFromObservations(marks, runWin.end) : undefined;
      return {
        lanes,
        bands: observed ?? inferBands(runWin, replay.intervals),
        start: runWin.start,
        end: runWin.end,
      };
    }
    if (state?.kind === 'ok' && phase === 'running') {
      const start = runStart ?? Math.min(state.readAt, ...state.observed.map((o) => o.start));
      const w = { start, end: undefined };
      // Phases seen by this page, preceded (when the page was opened mid-build) by phases inferred from
      // when resources appeared.
      const seen = bandsFromObservations(marks, state.readAt);
      const firstSeen = seen[0]?.start ?? state.readAt;
      const before = inferBands({ start, end: firstSeen }, state.observed)
        .filter((b) => b.start < firstSeen)
        .map((b) => ({ ...b, end: Math.min(b.end ?? firstSeen, firstSeen) }));
      return {
        lanes: lanesFor(state.observed, w),
        bands: [...before, ...seen],
        start,
        end: Math.max(state.readAt, start + 1000),
      };
    }
    return undefined;
  }, [mode, phase, runStart, replay, runWin, marks, state]);
}
