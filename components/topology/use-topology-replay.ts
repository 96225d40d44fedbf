'use client';
// Replay of the staging resource group from the Activity Log: which build is shown, where the cursor
// stands in it, playing it forward, and the graph at the cursor.
import { useEffect, useMemo, useState } from 'react';
import type { NetworkLayout } from '@/lib/aib/network-layout';
import {
  intervalsFromEvents,
  resourcesAt,
  runsFromEvents,
  runWindow,
  type BuildRun,
  type ResourceInterval,
} from '@/lib/topology/model/replay';
import { buildGraph } from '@/lib/topology/model/build-graph';
import { type OsType, type TopoGraph, type UserSubnet } from '@/lib/topology/model/types';
import { useReplayEvents } from '@/lib/topology/api/list-activity-logs';

export interface ReplayData {
  intervals: ResourceInterval[];
  runs: BuildRun[];
}

export interface RunSpan {
  start: number;
  end: number;
}

export interface TopologyReplay {
  events: ReturnType<typeof useReplayEvents>;
  replay: ReplayData | undefined;
  runIndex: number;
  /** The selected build's window, its end at the last event when the build has not ended. */
  runWin: RunSpan | undefined;
  /** Where the cursor stands (the window's end until it is moved). */
  at: number | undefined;
  done: boolean;
  playingNow: boolean;
  graph: TopoGraph | undefined;
  selectRun: (index: number) => void;
  togglePlay: () => void;
  seek: (at: number) => void;
  stop: () => void;
}

interface ReplayArgs {
  templateId: string | undefined;
  stagingRgId: string | undefined;
  enabled: boolean;
  userSubnets: UserSubnet[];
  layout: NetworkLayout;
  os: OsType;
}

function useReplayData(events: ReturnType<typeof useReplayEvents>, stagingRgId: string | undefined) {
  return useMemo<ReplayData | undefined>(() => {
    const ev = events.data;
    if (!ev || !stagingRgId) return undefined;
    const intervals = intervalsFromEvents(ev.staging, stagingRgId);
    const runs = runsFromEvents(ev.runs);
    return { intervals, runs };
  }, [events.data, stagingRgId]);
}

export function useTopologyReplay({
  templateId,
  stagingRgId,
  enabled,
  userSubnets,
  layout,
  os,
}: ReplayArgs): TopologyReplay {
  const events = useReplayEvents(templateId, stagingRgId, enabled);
  const replay = useReplayData(events, stagingRgId);
  const [runIndex, setRunIndex] = useState(0);
  const [cursor, setCursor] = useState<number | undefined>();
  const [playing, setPlaying] = useState(false);
  const selectedRun = replay?.runs[runIndex];
  const runWin = useMemo<RunSpan | undefined>(() => {
    if (!replay || !selectedRun) return undefined;
    const w = runWindow(selectedRun, replay.runs, replay.intervals);
    const lastEvent = Math.max(w.start, ...replay.intervals.map((i) => i.end ?? i.ready ?? i.start));
    return { start: w.start, end: w.end ?? lastEvent };
  }, [replay, selectedRun]);
  const at = cursor ?? runWin?.end;

  const done = runWin !== undefined && (at ?? runWin.end) >= runWin.end;
  const playingNow = playing && !done;
  useEffect(() => {
    if (!playing || done || !runWin) return;
    const { start, end } = runWin;
    const step = Math.max(1000, (end - start) / 120);
    const id = setInterval(() => setCursor((c) => Math.min(end, (c ?? start) + step)), 100);
    return () => clearInterval(id);
  }, [playing, done, runWin]);

  const graph = useMemo<TopoGraph | undefined>(() => {
    if (!replay || at === undefined) return undefined;
    return buildGraph(resourcesAt(replay.intervals, at), userSubnets, layout, undefined, { os });
  }, [replay, at, userSubnets, layout, os]);

  return {
    events,
    replay,
    runIndex,
    runWin,
    at,
    done,
    playingNow,
    graph,
    selectRun: (index) => {
      setRunIndex(index);
      setCursor(undefined);
      setPlaying(false);
    },
    togglePlay: () => {
      if (playingNow) {
        setPlaying(false);
        return;
      }
      if (done && runWin) setCursor(runWin.start);
      setPlaying(true);
    },
    seek: (t) => {
      setPlaying(false);
      setCursor(t);
    },
    stop: () => setPlaying(false),
  };
}
