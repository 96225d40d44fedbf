'use client';
// The topology diagram's frame: layout comes from ELK in a Web Worker (lib/topology/layout); the graph's
// structure (nodes, parents, edges) decides when to lay out again, status changes only restyle. React
// Flow draws it (./diagram-flow), loaded as a chunk of its own: compiling it with the rest of the
// topology view was one 100–200-ms task on the running build's page; apart, each is shorter.
import dynamic from 'next/dynamic';
import type { TopoGraph } from '@/lib/topology/model/types';
import type { Positions } from '@/lib/topology/layout/layout-graph';
import { useDiagramLayout, type DiagramLayout } from './use-diagram-layout';
import { FIT, LEGIBLE_ZOOM } from './diagram-fit';

const DiagramFlow = dynamic(() => import('./diagram-flow'), { ssr: false });

/** On a 1440×900 screen the diagram shares the view with the phases above it and the log beside it. */
const MAX_HEIGHT = 360;

/** The laid-out graph's bounding box (top-level boxes; children sit inside their parents). */
function extent(graph: TopoGraph, positions: Positions): { width: number; height: number } {
  let width = 0;
  let height = 0;
  for (const n of graph.nodes) {
    const p = positions[n.id];
    if (!p || (n.parent && positions[n.parent])) continue;
    width = Math.max(width, p.x + p.width);
    height = Math.max(height, p.y + p.height);
  }
  return { width, height };
}

export interface DiagramProps {
  graph: TopoGraph;
  selectedId: string | undefined;
  onSelect: (id: string | undefined) => void;
  height?: number;
}

/** Why there is no picture (yet): the layout failed, or it is under way. */
function LayoutMessage({ laidOut, layoutError }: DiagramLayout) {
  return (
    <>
      {layoutError ? (
        <p
          role="alert"
          className="absolute inset-x-0 top-2 z-10 mx-auto w-fit rounded bg-red-50 px-2 py-1 text-xs text-red-800"
        >
          The diagram could not be laid out ({layoutError}); the table below has the same content.
        </p>
      ) : null}
      {!laidOut && !layoutError ? (
        <p
          role="status"
          className="absolute inset-0 grid place-items-center text-sm text-slate-600 dark:text-slate-400"
        >
          Laying out…
        </p>
      ) : null}
    </>
  );
}

export function Diagram({ graph, selectedId, onSelect, height = 360 }: DiagramProps) {
  const layout = useDiagramLayout(graph);
  const { laidOut } = layout;

  // Tall enough for the whole graph at the legible zoom (within limits), never shorter than asked.
  const tall = laidOut ? extent(graph, laidOut.positions).height * LEGIBLE_ZOOM * (1 + 2 * FIT.padding) : 0;
  const shownHeight = Math.round(Math.max(height, Math.min(MAX_HEIGHT, tall)));
  return (
    <div
      data-testid="topology-diagram"
      data-laid-out={laidOut ? Object.keys(laidOut.positions).length : 0}
      style={{ height: shownHeight }}
      className="relative rounded-lg border border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-950"
    >
      <LayoutMessage {...layout} />
      <DiagramFlow
        graph={graph}
        positions={laidOut?.positions}
        layoutKey={laidOut?.key ?? ''}
        selectedId={selectedId}
        onSelect={onSelect}
      />
    </div>
  );
}
