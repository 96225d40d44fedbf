'use client';
// React Flow drawing the laid-out topology (see ./diagram, which loads this as a chunk of its own).
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
import { FIT } from './diagram-fit';
import { nodeTypes } from './nodes';
import { flowElements } from './flow-elements';
import { useAfterFirstFrame } from '@/components/ui/use-after-first-frame';

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

const NO_POSITIONS: Positions = {};

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
  const { nodes, edges } = useMemo(
    () => flowElements(graph, positions, selectedId),
    [graph, positions, selectedId],
  );
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
        <FitOnChange k={layoutKey} />
      </ReactFlow>
    </ReactFlowProvider>
  );
}
