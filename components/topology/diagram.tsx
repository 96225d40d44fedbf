'use client';
// The React Flow renderer. Layout comes from ELK in a Web Worker (lib/topology/layout); the graph's
// structure (nodes, parents, edges) decides when to lay out again, status changes only restyle.
import '@xyflow/react/dist/style.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Edge,
  type Node,
} from '@xyflow/react';
import type { TopoEdge, TopoGraph, TopoNode } from '@/lib/topology/model/types';
import { layoutGraph, type Positions } from '@/lib/topology/layout/layout-graph';
import { nodeTypes, type TopoNodeData } from './nodes';

function structureKey(g: TopoGraph): string {
  return [
    g.nodes
      .map((n) => `${n.id}<${n.parent ?? ''}`)
      .sort()
      .join('|'),
    g.edges
      .map((e) => e.id)
      .sort()
      .join('|'),
  ].join('#');
}

function depth(n: TopoNode, byId: Map<string, TopoNode>): number {
  let d = 0;
  let p = n.parent ? byId.get(n.parent) : undefined;
  while (p) {
    d++;
    p = p.parent ? byId.get(p.parent) : undefined;
  }
  return d;
}

function isAncestor(byId: Map<string, TopoNode>, ancestor: string, id: string): boolean {
  let p = byId.get(id)?.parent;
  while (p) {
    if (p === ancestor) return true;
    p = byId.get(p)?.parent;
  }
  return false;
}

/** Short labels on the canvas (the table and the details panel carry the full text). */
function edgeLabel(e: TopoEdge): string | undefined {
  if (e.ports)
    return e.kind === 'traffic' && e.label && /SSH|WinRM/.test(e.label)
      ? `${e.ports} ${e.label}`
      : `TCP ${e.ports}`;
  if (e.label === 'backend pool' || e.label?.startsWith('frontend')) return e.label;
  return undefined;
}

function edgeStyle(
  e: TopoEdge,
  faded: boolean,
): Pick<Edge, 'style' | 'animated' | 'markerEnd' | 'labelStyle' | 'labelBgStyle'> {
  const path = e.kind === 'traffic' || e.onPath;
  const color = path ? '#0369a1' : '#94a3b8';
  return {
    animated: path && !faded && e.kind === 'traffic',
    style: {
      stroke: color,
      strokeWidth: path ? 2 : 1,
      strokeDasharray: e.expected ? '6 4' : undefined,
      opacity: faded ? 0.35 : e.expected ? 0.55 : 1,
    },
    markerEnd: { type: MarkerType.ArrowClosed, color, width: 16, height: 16 },
    labelStyle: {
      pointerEvents: 'none',
      fontSize: 10,
      fill: path ? '#075985' : '#475569',
      fontWeight: path ? 600 : 400,
    },
    labelBgStyle: { pointerEvents: 'none', fill: '#f8fafc', fillOpacity: 0.9 },
  };
}

/**
 * The smallest zoom the diagram opens at: node names (12 px) stay at least 11 px on screen. A larger
 * graph (a layout-2 build has 20-odd nodes) is not shrunk to fit below it; the diagram grows in height
 * up to MAX_HEIGHT and is panned sideways, and the table below has the same content.
 */
export const LEGIBLE_ZOOM = 0.92;
const FIT = { padding: 0.08, minZoom: LEGIBLE_ZOOM, maxZoom: 1 } as const;
const MAX_HEIGHT = 760;

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

function FitOnChange({ k }: { k: string }) {
  const rf = useReactFlow();
  useEffect(() => {
    const id = requestAnimationFrame(() => void rf.fitView({ ...FIT, duration: 200 }));
    return () => cancelAnimationFrame(id);
  }, [k, rf]);
  return null;
}

export interface DiagramProps {
  graph: TopoGraph;
  selectedId: string | undefined;
  onSelect: (id: string | undefined) => void;
  height?: number;
}

export function Diagram({ graph, selectedId, onSelect, height = 520 }: DiagramProps) {
  const key = structureKey(graph);
  const [laidOut, setLaidOut] = useState<{ key: string; positions: Positions } | undefined>();
  const [layoutError, setLayoutError] = useState<string | undefined>();

  // Lay out again only when the structure changes (the graph object changes on every refresh).
  const requested = useRef('');
  useEffect(() => {
    if (requested.current === key) return;
    requested.current = key;
    layoutGraph(graph).then(
      (positions) => {
        if (requested.current !== key) return; // a newer layout is on its way
        setLaidOut({ key, positions });
        setLayoutError(undefined);
      },
      (e: unknown) => {
        if (requested.current === key) setLayoutError(e instanceof Error ? e.message : String(e));
      },
    );
  }, [key, graph]);

  const { nodes, edges } = useMemo(() => {
    const positions = laidOut?.positions ?? {};
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const flowNodes: Node<TopoNodeData>[] = graph.nodes
      .filter((n) => positions[n.id])
      .sort((a, b) => depth(a, byId) - depth(b, byId))
      .map((n) => {
        const p = positions[n.id] ?? { x: 0, y: 0, width: 200, height: 64 };
        const parentOk = n.parent && positions[n.parent];
        return {
          id: n.id,
          type: n.kind === 'group' ? 'container' : 'resource',
          position: { x: p.x, y: p.y },
          ...(parentOk ? { parentId: n.parent } : {}),
          data: { node: n, selected: n.id === selectedId },
          ...(n.kind === 'group' ? { style: { width: p.width, height: p.height }, zIndex: -1 } : {}),
          draggable: false,
          connectable: false,
          ariaLabel: `${n.name} (${n.status})`,
        };
      });
    const shown = new Set(flowNodes.map((n) => n.id));
    const flowEdges: Edge[] = graph.edges
      .filter((e) => shown.has(e.source) && shown.has(e.target))
      .filter((e) => !(e.kind === 'placement' && isAncestor(byId, e.target, e.source)))
      .map((e) => {
        const faded = byId.get(e.source)?.status === 'deleted' || byId.get(e.target)?.status === 'deleted';
        const label = edgeLabel(e);
        return {
          id: e.id,
          source: e.source,
          target: e.target,
          type: 'smoothstep',
          ...(label ? { label } : {}),
          ...edgeStyle(e, faded),
          zIndex: e.kind === 'traffic' || e.onPath ? 2 : 1,
        };
      });
    return { nodes: flowNodes, edges: flowEdges };
  }, [graph, laidOut, selectedId]);

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
      <ReactFlowProvider>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          fitView
          fitViewOptions={FIT}
          minZoom={0.2}
          maxZoom={2}
          nodesDraggable={false}
          nodesConnectable={false}
          elementsSelectable
          onNodeClick={(_, n) => onSelect(n.id)}
          onPaneClick={() => onSelect(undefined)}
          proOptions={{ hideAttribution: true }}
        >
          <Background gap={16} size={1} />
          <Controls showInteractive={false} />
          <FitOnChange k={laidOut?.key ?? ''} />
        </ReactFlow>
      </ReactFlowProvider>
    </div>
  );
}
