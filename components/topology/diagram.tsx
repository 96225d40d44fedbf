'use client';
// The React Flow renderer. Layout comes from ELK in a Web Worker (lib/topology/layout); the graph's
// structure (nodes, parents, edges) decides when to lay out again, status changes only restyle.
import '@xyflow/react/dist/style.css';
import { useLayoutEffect, useMemo, useRef } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  useStore,
} from '@xyflow/react';
import type { TopoGraph } from '@/lib/topology/model/types';
import type { Positions } from '@/lib/topology/layout/layout-graph';
import { nodeTypes } from './nodes';
import { flowElements } from './flow-elements';
import { useDiagramLayout, type DiagramLayout } from './use-diagram-layout';
import { useAfterFirstFrame } from '@/components/ui/use-after-first-frame';

/**
 * The smallest zoom the diagram opens at: node names (12 px) stay at least 11 px on screen. A larger
 * graph (a layout-2 build has 20-odd nodes) is not shrunk to fit below it; the diagram grows in height
 * up to MAX_HEIGHT and is panned sideways, and the table below has the same content.
 */
export const LEGIBLE_ZOOM = 0.92;
const FIT = { padding: 0.08, minZoom: LEGIBLE_ZOOM, maxZoom: 1 } as const;
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

/**
 * Fits the graph into the pane whenever its structure changes (and once its nodes are measured). A graph
 * wider than the pane at the legible zoom is not centred (which would cut off both ends) but shown from
 * its left edge, where the flow starts (the container instance, then the build VM); the rest is a pan away.
 */
function FitOnChange({ k }: { k: string }) {
  const rf = useReactFlow();
  const initialized = useNodesInitialized();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  const fitted = useRef(false);
  useLayoutEffect(() => {
    if (!initialized || width === 0 || height === 0) return;
    const nodes = rf.getNodes();
    if (nodes.length === 0) return;
    const box = rf.getNodesBounds(nodes);
    const room = { w: width * (1 - 2 * FIT.padding), h: height * (1 - 2 * FIT.padding) };
    const zoom = Math.min(
      FIT.maxZoom,
      Math.max(FIT.minZoom, Math.min(room.w / box.width, room.h / box.height)),
    );
    const x = box.width * zoom <= room.w ? (width - box.width * zoom) / 2 : width * FIT.padding;
    const y = (height - box.height * zoom) / 2;
    // The first fit is instant (nothing to animate from); later ones glide.
    void rf.setViewport(
      { x: x - box.x * zoom, y: y - box.y * zoom, zoom },
      { duration: fitted.current ? 200 : 0 },
    );
    fitted.current = true;
  }, [k, initialized, width, height, rf]);
  return null;
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
  // React Flow measures its pane when it mounts; it mounts once the page around it is laid out.
  const mounted = useAfterFirstFrame();
  const { nodes, edges } = useMemo(
    () => flowElements(graph, laidOut?.positions ?? {}, selectedId),
    [graph, laidOut, selectedId],
  );

  // Tall enough for the whole graph at the legible zoom (within limits), never shorter than asked.
  const tall = laidOut ? extent(graph, laidOut.positions).height * LEGIBLE_ZOOM * (1 + 2 * FIT.padding) : 0;
  const shownHeight = Math.round(Math.max(height, Math.min(MAX_HEIGHT, tall)));
  return (
    <div
      data-testid="topology-diagram"
      data-laid-out={laidOut ? Object.keys(laidOut.positions).length : 0}
      data-nodes={nodes.length}
      style={{ height: shownHeight }}
      className="relative rounded-lg border border-slate-200 bg-slate-50 dark:border-slate-700 dark:bg-slate-950"
    >
      <LayoutMessage {...layout} />
      {mounted ? (
        <ReactFlowProvider>
          <ReactFlow
            nodes={nodes}
            edges={edges}
            nodeTypes={nodeTypes}
            minZoom={0.2}
            maxZoom={2}
            nodesDraggable={false}
            nodesConnectable={false}
            elementsSelectable
            onNodeClick={(_, n) => onSelect(n.data.node.id)}
            onPaneClick={() => onSelect(undefined)}
            proOptions={{ hideAttribution: true }}
          >
            <Background gap={16} size={1} />
            <Controls showInteractive={false} />
            <FitOnChange k={laidOut?.key ?? ''} />
          </ReactFlow>
        </ReactFlowProvider>
      ) : null}
    </div>
  );
}
