'use client';
// The diagram's layout (ELK in a Web Worker, lib/topology/layout): asked again only when the graph's
// structure (nodes, parents, edges) changes, since the graph object changes on every refresh.
import { useEffect, useRef, useState } from 'react';
import type { TopoGraph } from '@/lib/topology/model/types';
import { layoutGraph, type Positions } from '@/lib/topology/layout/layout-graph';

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

export interface DiagramLayout {
  /** The last layout that came back, with the structure it was asked for. */
  laidOut: { key: string; positions: Positions } | undefined;
  layoutError: string | undefined;
}

export function useDiagramLayout(graph: TopoGraph): DiagramLayout {
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

  return { laidOut, layoutError };
}
