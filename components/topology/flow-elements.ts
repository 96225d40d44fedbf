// The topology graph as React Flow's nodes and edges: laid-out nodes only, parents before children,
// edges between shown nodes styled by kind (traffic and the build's path stand out; edges of deleted
// resources fade).
//
// A real resource that took a placeholder's place (TopoNode.slot) keeps the placeholder's element: its
// React Flow id is the slot, and until the layout of the new graph arrives it is drawn at the
// placeholder's position. When a running build's staging group is first read, every placeholder is
// replaced at once; with ids of their own, the diagram removed all of them (the new ids had no
// position yet), left the pane nearly empty while ELK ran, then added them all again.
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import type { TopoEdge, TopoGraph, TopoNode } from '@/lib/topology/model/types';
import type { Positions } from '@/lib/topology/layout/layout-graph';
import { drawnEdgeKey, drawnKey } from '@/lib/topology/model/expected';
import type { TopoNodeData } from './nodes';

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
    // Never `animated`: React Flow's marching dashes repaint the SVG every frame, about 15 % of a core
    // per open page for as long as a build runs (the page is kept open all day). Colour, width, arrow
    // and port label mark the traffic path instead.
    animated: false,
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

/** Where a node is drawn: its own laid-out position, or (new layout pending) its placeholder's. */
function positionOf(n: TopoNode | undefined, positions: Positions): Positions[string] | undefined {
  if (!n) return undefined;
  return positions[n.id] ?? (n.slot ? positions[n.slot] : undefined);
}

function flowNodes(
  graph: TopoGraph,
  positions: Positions,
  byId: Map<string, TopoNode>,
  selectedId: string | undefined,
): Node<TopoNodeData>[] {
  return graph.nodes
    .filter((n) => positionOf(n, positions))
    .sort((a, b) => depth(a, byId) - depth(b, byId))
    .map((n) => {
      const p = positionOf(n, positions) ?? { x: 0, y: 0, width: 200, height: 64 };
      const parentOk = n.parent && positionOf(byId.get(n.parent), positions);
      return {
        id: drawnKey(n.id, byId),
        type: n.kind === 'group' ? 'container' : 'resource',
        position: { x: p.x, y: p.y },
        ...(parentOk && n.parent ? { parentId: drawnKey(n.parent, byId) } : {}),
        data: { node: n, selected: n.id === selectedId },
        ...(n.kind === 'group' ? { style: { width: p.width, height: p.height }, zIndex: -1 } : {}),
        draggable: false,
        connectable: false,
        ariaLabel: `${n.name} (${n.status})`,
      };
    });
}

function flowEdges(graph: TopoGraph, shown: Set<string>, byId: Map<string, TopoNode>): Edge[] {
  return graph.edges
    .filter((e) => shown.has(drawnKey(e.source, byId)) && shown.has(drawnKey(e.target, byId)))
    .filter((e) => !(e.kind === 'placement' && isAncestor(byId, e.target, e.source)))
    .map((e) => {
      const from = byId.get(e.source);
      const to = byId.get(e.target);
      const faded = from?.status === 'deleted' || to?.status === 'deleted';
      const label = edgeLabel(e);
      const source = drawnKey(e.source, byId);
      const target = drawnKey(e.target, byId);
      return {
        id: drawnEdgeKey(e, byId),
        source,
        target,
        // Read out by name (React Flow's default reads the two ids).
        ariaLabel: `${e.label ?? e.kind}: ${from?.name ?? e.source} to ${to?.name ?? e.target}`,
        type: 'smoothstep',
        ...(label ? { label } : {}),
        ...edgeStyle(e, faded),
        zIndex: e.kind === 'traffic' || e.onPath ? 2 : 1,
      };
    });
}

/** React Flow's nodes and edges for `graph` laid out at `positions`, `selectedId` marked. */
export function flowElements(
  graph: TopoGraph,
  positions: Positions,
  selectedId: string | undefined,
): { nodes: Node<TopoNodeData>[]; edges: Edge[] } {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes = flowNodes(graph, positions, byId, selectedId);
  const shown = new Set(nodes.map((n) => n.id));
  return { nodes, edges: flowEdges(graph, shown, byId) };
}
