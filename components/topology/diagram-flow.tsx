'use client';
// React Flow drawing the laid-out topology (see ./diagram, which loads this as a chunk of its own).
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type RefObject } from 'react';
import {
  Background,
  Controls,
  ReactFlow,
  ReactFlowProvider,
  useNodesInitialized,
  useReactFlow,
  useStore,
  useUpdateNodeInternals,
  type Node,
  type NodeChange,
  type ReactFlowState,
} from '@xyflow/react';
import { replaceEqualDeep } from '@tanstack/react-query';
import type { TopoGraph } from '@/lib/topology/model/types';
import type { Positions } from '@/lib/topology/layout/layout-graph';
import { FIT } from './diagram-fit';
import { nodeTypes, type TopoNodeData } from './nodes';
import { flowElements } from './flow-elements';
import { useAfterFirstFrame } from '@/components/ui/use-after-first-frame';

/**
 * Fits the graph into the pane whenever its structure changes (and once its nodes are measured). A graph
 * wider than the pane at the legible zoom is not centred (which would cut off both ends) but shown from
 * its left edge, where the flow starts (the container instance, then the build VM); the rest is a pan away.
 *
 * When only the pane's size changes (the window, or the page's columns), the view the user chose by
 * panning or zooming is kept: `userViewRef` says they chose one since the last fit.
 */
function FitOnChange({ k, userViewRef }: { k: string; userViewRef: RefObject<boolean> }) {
  const rf = useReactFlow();
  const initialized = useNodesInitialized();
  const width = useStore((s) => s.width);
  const height = useStore((s) => s.height);
  /** The structure last fitted (undefined before the first fit). */
  const fittedKey = useRef<string | undefined>(undefined);
  useLayoutEffect(() => {
    if (!initialized || width === 0 || height === 0) return;
    if (fittedKey.current === k && userViewRef.current) return;
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
      { duration: fittedKey.current === undefined ? 0 : 200 },
    );
    fittedKey.current = k;
    userViewRef.current = false;
  }, [k, initialized, width, height, rf, userViewRef]);
  return null;
}

/** The ids of drawn nodes React Flow has not measured yet (their size or their handles), space-separated. */
function unmeasuredIds(s: ReactFlowState): string {
  let ids = '';
  for (const n of s.nodeLookup.values())
    if (!n.hidden && (n.measured.width === undefined || !n.internals.handleBounds))
      ids += `${ids ? ' ' : ''}${n.id}`;
  return ids;
}

/**
 * Measures a node that React Flow's own measuring missed. React Flow measures a node when its
 * ResizeObserver reports it, and asks for that report only when the node's "measured" state changes in
 * a commit. When a node's props change twice in a row and the report lands between the second commit
 * and its effects, the report is spent on the old props, the new ones start unmeasured, and no commit
 * ever sees the state change: the node stays hidden, with no edges, for good (seen in CI under load).
 * Any node still unmeasured two frames after a commit is measured here, by React Flow's own call for it.
 */
function MeasureMissed() {
  const ids = useStore(unmeasuredIds);
  const update = useUpdateNodeInternals();
  useEffect(() => {
    if (!ids) return;
    let second = 0;
    const first = requestAnimationFrame(() => {
      second = requestAnimationFrame(() => update(ids.split(' ')));
    });
    return () => {
      cancelAnimationFrame(first);
      cancelAnimationFrame(second);
    };
  }, [ids, update]);
  return null;
}

type Size = { width: number; height: number };

/**
 * React Flow's nodes and edges for the graph, each element the same object as in the last render while
 * its content is the same, and carrying the size React Flow last measured for it. React Flow forgets a
 * node's measured size and handles whenever it gets a new object for it (it then hides the node until
 * it is measured again): without this, every poll that changed anything hid and re-measured every node.
 */
function useFlowElements(
  graph: TopoGraph,
  positions: Positions,
  selectedId: string | undefined,
  sizes: ReadonlyMap<string, Size>,
) {
  const fresh = useMemo(() => {
    const { nodes, edges } = flowElements(graph, positions, selectedId);
    return {
      nodes: nodes.map((n) => {
        const measured = sizes.get(n.id);
        return measured ? { ...n, measured } : n;
      }),
      edges,
    };
  }, [graph, positions, selectedId, sizes]);
  const [kept, setKept] = useState(fresh);
  const shared = replaceEqualDeep(kept, fresh);
  if (shared !== kept) setKept(shared);
  return shared;
}

const NO_POSITIONS: Positions = {};
const NO_SIZES: ReadonlyMap<string, Size> = new Map();

export default function DiagramFlow({
  graph,
  positions = NO_POSITIONS,
  layoutKey,
  selectedId,
  onSelect,
}: {
  graph: TopoGraph;
  positions: Positions | undefined;
  /** Changes when the layout's structure does (the fit follows it). */
  layoutKey: string;
  selectedId: string | undefined;
  onSelect: (id: string | undefined) => void;
}) {
  const [sizes, setSizes] = useState(NO_SIZES);
  // Set when the user pans or zooms (a move with an event: React Flow passes none for the view Kiln sets
  // itself, and a click that does not move is no move), or uses the zoom buttons; cleared by a fit
  // (Controls' "fit view" included).
  const userViewRef = useRef(false);
  const chose = useCallback(() => (userViewRef.current = true), []);
  const onMove = useCallback((event: MouseEvent | TouchEvent | null) => {
    if (event) userViewRef.current = true;
  }, []);
  const fitAgain = useCallback(() => (userViewRef.current = false), []);
  const { nodes, edges } = useFlowElements(graph, positions, selectedId, sizes);
  const onNodesChange = useCallback((changes: NodeChange<Node<TopoNodeData>>[]) => {
    setSizes((was) => {
      let next: Map<string, Size> | undefined;
      for (const c of changes)
        if (c.type === 'dimensions' && c.dimensions) (next ??= new Map(was)).set(c.id, c.dimensions);
      return next ?? was;
    });
  }, []);
  // React Flow measures its pane when it mounts: a frame after this chunk arrived, when the layout is
  // done, rather than in whatever commit the chunk's arrival lands in.
  const mounted = useAfterFirstFrame();
  if (!mounted) return null;
  return (
    <ReactFlowProvider>
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        minZoom={0.2}
        maxZoom={2}
        nodesDraggable={false}
        nodesConnectable={false}
        elementsSelectable
        onNodeClick={(_, n) => onSelect(n.data.node.id)}
        onPaneClick={() => onSelect(undefined)}
        onMove={onMove}
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={16} size={1} />
        <Controls showInteractive={false} onZoomIn={chose} onZoomOut={chose} onFitView={fitAgain} />
        <FitOnChange k={layoutKey} userViewRef={userViewRef} />
        <MeasureMissed />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
