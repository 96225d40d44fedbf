'use client';
// The topology view (loaded lazily by TopologySection): the staging resource group drawn live, the
// expected topology before and while it fills, replay from the Activity Log afterwards, a timeline,
// node details and the same content as a table.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useKilnConfig } from '@/lib/azure/config';
import { type TopoGraph } from '@/lib/topology/model/types';
import { Diagram } from './diagram';
import { DetailsPanel } from './details-panel';
import { Timeline } from './timeline';
import { TopologyTable } from './topology-table';
import { StagingNotice } from './staging-notice';
import { TopologyHeader } from './topology-header';
import { ReplayControls } from './replay-controls';
import { type TimelineData } from './use-topology-timeline';
import { useTopologyView } from './use-topology-view';

function SidePanel({
  graph,
  selected,
  onClose,
  timeline,
  cursor,
}: {
  graph: TopoGraph;
  selected: string | undefined;
  onClose: () => void;
  timeline: TimelineData | undefined;
  cursor: number | undefined;
}) {
  const config = useKilnConfig();
  const selectedNode = selected ? graph.nodes.find((n) => n.id === selected) : undefined;
  const portal = config.mode === 'azure' ? { tenantId: config.tenantId } : undefined;
  return (
    <div className="flex w-full flex-col gap-3 2xl:w-96">
      {selectedNode ? (
        <DetailsPanel node={selectedNode} graph={graph} portal={portal} onClose={onClose} />
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
          {...(cursor !== undefined ? { cursor } : {})}
        />
      ) : (
        <p className="text-xs text-slate-600 dark:text-slate-400">
          The timeline appears once a build has run.
        </p>
      )}
    </div>
  );
}

export default function TopologyView({ template }: { template: ImageTemplate }) {
  const v = useTopologyView(template);
  const { run, live, mode, setMode, selected, setSelected, stagingRgId, pollMs, staging, state, r, graph } =
    v;
  return (
    <div className="flex flex-col gap-3" data-testid="topology-view" data-mode={mode}>
      <TopologyHeader
        run={run}
        layout={v.layout}
        os={v.os}
        graph={graph}
        readAt={live && state?.kind === 'ok' ? state.readAt : undefined}
        pollMs={pollMs}
        fetching={staging.isFetching}
        mode={mode}
        canReplay={Boolean(stagingRgId)}
        onReplay={() => setMode('replay')}
        onBackToNow={() => {
          setMode('now');
          r.stop();
        }}
      />

      <StagingNotice
        stagingRgId={stagingRgId}
        stagingName={v.stagingName}
        staging={staging}
        status={v.status}
        live={live}
      />

      {run.phase === 'finished' && mode === 'now' && state?.kind === 'ok' ? (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          The build is over: AIB removed everything but the storage account with the logs. Use Replay to see
          what existed.
        </p>
      ) : null}

      {mode === 'replay' ? <ReplayControls r={r} /> : null}

      <div className="flex flex-col gap-3 2xl:flex-row">
        <div className="min-w-0 flex-1">
          <Diagram graph={graph} selectedId={selected} onSelect={setSelected} />
        </div>
        <SidePanel
          graph={graph}
          selected={selected}
          onClose={() => setSelected(undefined)}
          timeline={v.timeline}
          cursor={mode === 'replay' ? r.at : undefined}
        />
      </div>

      <details open className="rounded-lg border border-slate-200 p-2 dark:border-slate-700">
        <summary className="cursor-pointer text-sm font-medium">As a table</summary>
        <TopologyTable graph={graph} onSelect={setSelected} />
      </details>
    </div>
  );
}
