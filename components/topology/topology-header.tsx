'use client';
// The topology view's top line: the build's phase, the network layout and OS, how many resources exist,
// are expected or are gone, and the switch between now and replay.
import { networkLayoutInfo, type NetworkLayout } from '@/lib/aib/network-layout';
import type { RunInfo } from '@/lib/topology/model/template';
import type { OsType, TopoGraph } from '@/lib/topology/model/types';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { clockTime } from '@/lib/format';

function PhaseBadge({ run }: { run: RunInfo }) {
  return run.phase === 'none' ? (
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
}

function countOf(graph: TopoGraph, status: 'present' | 'expected' | 'deleted'): number {
  return graph.nodes.filter((n) => n.kind === 'resource' && n.status === status).length;
}

export interface TopologyHeaderProps {
  run: RunInfo;
  layout: NetworkLayout;
  os: OsType;
  graph: TopoGraph;
  /** When the staging group was read, shown while a build runs. */
  readAt: number | undefined;
  pollMs: number;
  fetching: boolean;
  mode: 'now' | 'replay';
  canReplay: boolean;
  onReplay: () => void;
  onBackToNow: () => void;
}

export function TopologyHeader({
  run,
  layout,
  os,
  graph,
  readAt,
  pollMs,
  fetching,
  mode,
  canReplay,
  onReplay,
  onBackToNow,
}: TopologyHeaderProps) {
  const counts = {
    present: countOf(graph, 'present'),
    expected: countOf(graph, 'expected'),
    deleted: countOf(graph, 'deleted'),
  };
  const status =
    `${counts.present} exist · ${counts.expected} expected · ${counts.deleted} gone` +
    (readAt !== undefined
      ? ` · read ${clockTime(readAt)}, refreshed every ${Math.round(pollMs / 1000)} s`
      : '') +
    (fetching ? ' · refreshing…' : '');
  return (
    // Two rows of fixed height: the counts line changes length as the staging group is read (and says
    // "refreshing…" while it is), so it has a line of its own and never pushes the diagram down.
    <div className="flex flex-col gap-1 text-sm">
      <div className="flex min-h-8 flex-wrap items-center gap-2">
        <PhaseBadge run={run} />
        <Badge tone="neutral">
          Layout {networkLayoutInfo(layout).number} — {networkLayoutInfo(layout).label}
        </Badge>
        <Badge tone="neutral">{os}</Badge>
        <span className="ml-auto flex items-center gap-2">
          {mode === 'now' ? (
            <Button size="sm" onClick={onReplay} disabled={!canReplay} data-testid="replay-button">
              Replay
            </Button>
          ) : (
            <Button size="sm" onClick={onBackToNow}>
              Back to now
            </Button>
          )}
        </span>
      </div>
      <p className="truncate text-xs text-slate-600 dark:text-slate-400" aria-live="polite" title={status}>
        {status}
      </p>
    </div>
  );
}
