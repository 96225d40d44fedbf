'use client';
// The topology view (loaded lazily by TopologySection): the staging resource group drawn live, the
// expected topology before and while it fills, replay from the Activity Log afterwards, a timeline,
// node details and the same content as a table.
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useKilnConfig } from '@/lib/azure/config';
import { networkLayoutInfo, templateNetworkLayout } from '@/lib/aib/network-layout';
import { parseArmId } from '@/lib/azure/ids';
import {
  bandsFromObservations,
  inferBands,
  intervalsFromEvents,
  lanesFor,
  resourcesAt,
  runsFromEvents,
  runWindow,
  type Lane,
  type PhaseBand,
} from '@/lib/topology/model/replay';
import { buildGraph } from '@/lib/topology/model/build-graph';
import { expectedResources, withExpected } from '@/lib/topology/model/expected';
import { osOfTemplate, runInfo, userSubnetsOf, type TemplateLike } from '@/lib/topology/model/template';
import { type StagingResource, type TopoGraph } from '@/lib/topology/model/types';
import { usePhaseMarks } from '@/lib/topology/model/phase-marks';
import { useReplayEvents } from '@/lib/topology/api/list-activity-logs';
import {
  useStagingResources,
  stagingResourcesQueryOptions,
  STAGING_POLL_FACTOR,
} from '@/lib/topology/api/list-staging-resources';
import { useReadStatus } from '@/lib/query/read-status';
import { ReadStatusNote } from '@/components/shell/read-status-note';
import { ErrorState, ArmErrorText } from '@/components/shell/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Diagram } from './diagram';
import { DetailsPanel } from './details-panel';
import { Timeline, clock } from './timeline';
import { TopologyTable } from './topology-table';

type Mode = 'now' | 'replay';

export default function TopologyView({ template }: { template: ImageTemplate }) {
  const config = useKilnConfig();
  const t = template as TemplateLike;
  const layout = templateNetworkLayout(t);
  const os = osOfTemplate(t);
  const userSubnets = useMemo(() => userSubnetsOf(t), [t]);
  const run = runInfo(t);
  const stagingRgId = template.exactStagingResourceGroup || undefined;
  const stagingName = stagingRgId ? (parseArmId(stagingRgId).resourceGroup ?? stagingRgId) : undefined;
  const live = run.phase === 'running';
  const runKey = `${template.id ?? ''}|${run.start ?? ''}`;

  const [mode, setMode] = useState<Mode>('now');
  const [selected, setSelected] = useState<string | undefined>();
  const pollMs = config.pollIntervalMs * STAGING_POLL_FACTOR;
  const phase = live ? (run.runSubState ?? '') : '';
  const staging = useStagingResources(stagingRgId, live, runKey, pollMs, phase);
  const stagingStatus = useReadStatus(
    stagingResourcesQueryOptions(
      stagingRgId ?? '/subscriptions/none/resourceGroups/none',
      live,
      runKey,
      pollMs,
      phase,
    ).queryKey,
    staging,
    pollMs,
  );
  const replayEvents = useReplayEvents(
    template.id,
    stagingRgId,
    mode === 'replay' || run.phase === 'finished',
  );
  const { marks, record } = usePhaseMarks(template.id ?? '/subscriptions/none', runKey);

  useEffect(() => {
    if (live) record(run.runSubState ?? run.runState);
  }, [live, record, run.runSubState, run.runState]);

  const state = staging.data;

  // ---- "now": what exists, what is expected, what has gone ------------------------------------
  const nowGraph = useMemo<TopoGraph>(() => {
    const actual: StagingResource[] = state?.kind === 'ok' ? state.resources : [];
    const gone: StagingResource[] = state?.kind === 'ok' ? state.gone : [];
    const expected = run.phase === 'finished' ? [] : expectedResources(layout, os, userSubnets, stagingRgId);
    const resources = expected.length ? withExpected([...actual, ...gone], expected) : [...actual, ...gone];
    return buildGraph(resources, userSubnets, layout, run.runSubState, { os });
  }, [state, run.phase, run.runSubState, layout, os, userSubnets, stagingRgId]);

  // ---- replay from the Activity Log ----------------------------------------------------------------
  const replay = useMemo(() => {
    const ev = replayEvents.data;
    if (!ev || !stagingRgId) return undefined;
    const intervals = intervalsFromEvents(ev.staging, stagingRgId);
    const runs = runsFromEvents(ev.runs);
    return { intervals, runs };
  }, [replayEvents.data, stagingRgId]);
  const [runIndex, setRunIndex] = useState(0);
  const [cursor, setCursor] = useState<number | undefined>();
  const [playing, setPlaying] = useState(false);
  const selectedRun = replay?.runs[runIndex];
  const runWin = useMemo(() => {
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

  const replayGraph = useMemo<TopoGraph | undefined>(() => {
    if (!replay || at === undefined) return undefined;
    return buildGraph(resourcesAt(replay.intervals, at), userSubnets, layout, undefined, { os });
  }, [replay, at, userSubnets, layout, os]);

  // ---- timeline ------------------------------------------------------------------------------------
  const timeline = useMemo<
    { lanes: Lane[]; bands: PhaseBand[]; start: number; end: number } | undefined
  >(() => {
    if ((mode === 'replay' || run.phase === 'finished') && replay && runWin) {
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
    if (state?.kind === 'ok' && run.phase === 'running') {
      const start = run.start ?? Math.min(state.readAt, ...state.observed.map((o) => o.start));
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
  }, [mode, run.phase, run.start, replay, runWin, marks, state]);

  const graph = mode === 'replay' && replayGraph ? replayGraph : nowGraph;
  const selectedNode = selected ? graph.nodes.find((n) => n.id === selected) : undefined;
  const portal = config.mode === 'azure' ? { tenantId: config.tenantId } : undefined;

  // ---- messages ------------------------------------------------------------------------------------
  let notice: ReactNode = null;
  if (!stagingRgId) {
    notice = (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        The staging resource group is created with the template; it is not known yet. Below is what a build
        will create.
      </p>
    );
  } else if (state?.kind === 'forbidden') {
    notice = (
      <ErrorState title={`You cannot read the staging resource group ${stagingName ?? ''}.`}>
        <ArmErrorText error={state.error} />
        <p>
          Ask for Reader on that resource group (or its subscription) to see what AIB creates. The rest of
          this page works without it.
        </p>
      </ErrorState>
    );
  } else if (state?.kind === 'missing') {
    notice = (
      <ErrorState title={`The staging resource group ${stagingName ?? ''} no longer exists.`}>
        <p>
          It was deleted (AIB deletes it with the template, or someone removed it). Replay still works from
          the Activity Log.
        </p>
      </ErrorState>
    );
  } else if (staging.isError && state === undefined) {
    notice = (
      <ErrorState
        title="The staging resource group could not be read."
        onRetry={() => void staging.refetch()}
      >
        <p>{staging.error.message}</p>
      </ErrorState>
    );
  } else if (staging.isError) {
    // The picture read last stays; the note says the refresh failed and when it is tried again.
    notice = (
      <ReadStatusNote
        status={stagingStatus}
        pollMs={pollMs}
        polling={live}
        what="the staging resource group"
        onRetry={() => void staging.refetch()}
      />
    );
  }

  const phaseBadge =
    run.phase === 'none' ? (
      <Badge tone="muted">No build yet — expected topology</Badge>
    ) : run.phase === 'running' ? (
      <Badge tone="info" data-testid="topology-phase">
        Building · {run.runSubState ?? run.runState}
      </Badge>
    ) : (
      <Badge
        tone={run.runState === 'Succeeded' ? 'success' : run.runState === 'Failed' ? 'danger' : 'warning'}
        data-testid="topology-phase"
      >
        Last build {run.runState}
      </Badge>
    );

  const counts = {
    present: graph.nodes.filter((n) => n.kind === 'resource' && n.status === 'present').length,
    expected: graph.nodes.filter((n) => n.kind === 'resource' && n.status === 'expected').length,
    deleted: graph.nodes.filter((n) => n.kind === 'resource' && n.status === 'deleted').length,
  };

  return (
    <div className="flex flex-col gap-3" data-testid="topology-view" data-mode={mode}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        {phaseBadge}
        <Badge tone="neutral">
          Layout {networkLayoutInfo(layout).number} — {networkLayoutInfo(layout).label}
        </Badge>
        <Badge tone="neutral">{os}</Badge>
        <span className="text-xs text-slate-600 dark:text-slate-400" aria-live="polite">
          {counts.present} exist · {counts.expected} expected · {counts.deleted} gone
          {live && state?.kind === 'ok'
            ? ` · read ${clock(state.readAt)}, refreshed every ${Math.round(pollMs / 1000)} s`
            : ''}
          {staging.isFetching ? ' · refreshing…' : ''}
        </span>
        <span className="ml-auto flex items-center gap-2">
          {mode === 'now' ? (
            <Button
              size="sm"
              onClick={() => setMode('replay')}
              disabled={!stagingRgId}
              data-testid="replay-button"
            >
              Replay
            </Button>
          ) : (
            <Button
              size="sm"
              onClick={() => {
                setMode('now');
                setPlaying(false);
              }}
            >
              Back to now
            </Button>
          )}
        </span>
      </div>

      {notice}

      {run.phase === 'finished' && mode === 'now' && state?.kind === 'ok' ? (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          The build is over: AIB removed everything but the storage account with the logs. Use Replay to see
          what existed.
        </p>
      ) : null}

      {mode === 'replay' ? (
        <div
          className="flex flex-wrap items-center gap-3 rounded-lg border border-slate-200 bg-white p-2 text-xs dark:border-slate-700 dark:bg-slate-900"
          aria-label="Replay controls"
          role="group"
        >
          {replayEvents.isPending ? <span role="status">Reading the Activity Log…</span> : null}
          {replayEvents.isError ? (
            <span role="alert">The Activity Log could not be read: {replayEvents.error.message}</span>
          ) : null}
          {replay && replay.runs.length === 0 ? (
            <span>The Activity Log shows no builds of this template in the last 30 days.</span>
          ) : null}
          {replay && replay.runs.length > 0 && runWin ? (
            <>
              <label className="flex items-center gap-1">
                Build
                <select
                  className="rounded border border-slate-300 bg-white px-1 py-0.5 dark:border-slate-600 dark:bg-slate-800"
                  value={runIndex}
                  onChange={(e) => {
                    setRunIndex(Number(e.target.value));
                    setCursor(undefined);
                    setPlaying(false);
                  }}
                >
                  {replay.runs.map((r, i) => (
                    <option key={`${r.start}`} value={i}>
                      {new Date(r.start).toLocaleString()} {r.caller ? `by ${r.caller}` : ''}{' '}
                      {r.result ? `(${r.result})` : ''}
                    </option>
                  ))}
                </select>
              </label>
              <Button
                size="sm"
                onClick={() => {
                  if (playingNow) {
                    setPlaying(false);
                    return;
                  }
                  if (done) setCursor(runWin.start);
                  setPlaying(true);
                }}
              >
                {playingNow ? 'Pause' : 'Play'}
              </Button>
              <label className="flex flex-1 items-center gap-2">
                <span className="sr-only">Time</span>
                <input
                  type="range"
                  className="flex-1"
                  min={runWin.start}
                  max={runWin.end}
                  step={1000}
                  value={at ?? runWin.end}
                  onChange={(e) => {
                    setPlaying(false);
                    setCursor(Number(e.target.value));
                  }}
                  aria-valuetext={at !== undefined ? clock(at) : ''}
                />
              </label>
              <span className="tabular-nums" data-testid="replay-time">
                {at !== undefined ? clock(at) : ''}
              </span>
            </>
          ) : null}
        </div>
      ) : null}

      <div className="flex flex-col gap-3 xl:flex-row">
        <div className="min-w-0 flex-1">
          <Diagram graph={graph} selectedId={selected} onSelect={setSelected} />
        </div>
        <div className="flex w-full flex-col gap-3 xl:w-96">
          {selectedNode ? (
            <DetailsPanel
              node={selectedNode}
              graph={graph}
              portal={portal}
              onClose={() => setSelected(undefined)}
            />
          ) : (
            <p className="rounded-lg border border-dashed border-slate-300 p-3 text-xs text-slate-600 dark:text-slate-400 dark:border-slate-700">
              Select a resource to see its details.
            </p>
          )}
          {timeline ? (
            <Timeline
              lanes={timeline.lanes}
              bands={timeline.bands}
              start={timeline.start}
              end={timeline.end}
              {...(mode === 'replay' && at !== undefined ? { cursor: at } : {})}
            />
          ) : (
            <p className="text-xs text-slate-600 dark:text-slate-400">
              The timeline appears once a build has run.
            </p>
          )}
        </div>
      </div>

      <details open className="rounded-lg border border-slate-200 p-2 dark:border-slate-700">
        <summary className="cursor-pointer text-sm font-medium">As a table</summary>
        <TopologyTable graph={graph} onSelect={setSelected} />
      </details>
    </div>
  );
}
