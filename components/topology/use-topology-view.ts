'use client';
// The topology view's state and effects: the staging resource group read live, the "now" graph with
// what is expected, replay, the phases this page has seen, the timeline and the graph on screen.
import { useEffect, useMemo, useState } from 'react';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useKilnConfig } from '@/lib/azure/config';
import { templateNetworkLayout, type NetworkLayout } from '@/lib/aib/network-layout';
import { parseArmId } from '@/lib/azure/ids';
import { buildGraph } from '@/lib/topology/model/build-graph';
import { expectedResources, withExpected, withSlots } from '@/lib/topology/model/expected';
import {
  osOfTemplate,
  runInfo,
  userSubnetsOf,
  type RunInfo,
  type TemplateLike,
} from '@/lib/topology/model/template';
import {
  type OsType,
  type StagingResource,
  type TopoGraph,
  type UserSubnet,
} from '@/lib/topology/model/types';
import { usePhaseMarks } from '@/lib/topology/model/phase-marks';
import {
  useStagingResources,
  stagingResourcesQueryOptions,
  STAGING_POLL_FACTOR,
  type StagingState,
} from '@/lib/topology/api/list-staging-resources';
import { useReadStatus } from '@/lib/query/read-status';
import { useTopologyReplay } from './use-topology-replay';
import { useTopologyTimeline } from './use-topology-timeline';

type Mode = 'now' | 'replay';

/** The template's staging resource group, read live while a build runs, with its read status. */
function useStaging(template: ImageTemplate, live: boolean, runKey: string, phase: string) {
  const config = useKilnConfig();
  const stagingRgId = template.exactStagingResourceGroup || undefined;
  const pollMs = config.pollIntervalMs * STAGING_POLL_FACTOR;
  const staging = useStagingResources(stagingRgId, live, runKey, pollMs, phase);
  const status = useReadStatus(
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
  return { stagingRgId, pollMs, staging, status };
}

/** "now": what exists, what is expected (until the build is over), what has gone. */
function useNowGraph(
  state: StagingState | undefined,
  run: RunInfo,
  layout: NetworkLayout,
  os: OsType,
  userSubnets: UserSubnet[],
  stagingRgId: string | undefined,
): TopoGraph {
  const { phase, runSubState } = run;
  return useMemo<TopoGraph>(() => {
    const actual: StagingResource[] = state?.kind === 'ok' ? state.resources : [];
    const gone: StagingResource[] = state?.kind === 'ok' ? state.gone : [];
    const expected = phase === 'finished' ? [] : expectedResources(layout, os, userSubnets, stagingRgId);
    const all = [...actual, ...gone];
    if (!expected.length) return buildGraph(all, userSubnets, layout, runSubState, { os });
    const { resources, slots } = withExpected(all, expected);
    return withSlots(buildGraph(resources, userSubnets, layout, runSubState, { os }), slots);
  }, [state, phase, runSubState, layout, os, userSubnets, stagingRgId]);
}

/** The topology view's state: the staging group now, replay, phase marks, timeline and the graph shown. */
export function useTopologyView(template: ImageTemplate) {
  const t = template as TemplateLike;
  const layout = templateNetworkLayout(t);
  const os = osOfTemplate(t);
  const userSubnets = useMemo(() => userSubnetsOf(t), [t]);
  const run = runInfo(t);
  const live = run.phase === 'running';
  const runKey = `${template.id ?? ''}|${run.start ?? ''}`;

  const [mode, setMode] = useState<Mode>('now');
  const [selected, setSelected] = useState<string | undefined>();
  const { stagingRgId, pollMs, staging, status } = useStaging(
    template,
    live,
    runKey,
    live ? (run.runSubState ?? '') : '',
  );
  const stagingName = stagingRgId ? (parseArmId(stagingRgId).resourceGroup ?? stagingRgId) : undefined;
  const r = useTopologyReplay({
    templateId: template.id,
    stagingRgId,
    enabled: mode === 'replay' || run.phase === 'finished',
    userSubnets,
    layout,
    os,
  });
  const { marks, record } = usePhaseMarks(template.id ?? '/subscriptions/none', runKey);

  useEffect(() => {
    if (live) record(run.runSubState ?? run.runState);
  }, [live, record, run.runSubState, run.runState]);

  const state = staging.data;

  const nowGraph = useNowGraph(state, run, layout, os, userSubnets, stagingRgId);

  const timeline = useTopologyTimeline({
    mode,
    phase: run.phase,
    runStart: run.start,
    replay: r.replay,
    runWin: r.runWin,
    marks,
    state,
  });

  const graph = mode === 'replay' && r.graph ? r.graph : nowGraph;

  return {
    run,
    layout,
    os,
    live,
    mode,
    setMode,
    selected,
    setSelected,
    stagingRgId,
    stagingName,
    pollMs,
    staging,
    status,
    state,
    r,
    timeline,
    graph,
  };
}
