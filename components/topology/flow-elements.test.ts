import { describe, expect, it } from 'vitest';
import { buildGraph } from '@/lib/topology/model/build-graph';
import { expectedResources, withExpected, withSlots } from '@/lib/topology/model/expected';
import { STAGING_RG, stagingResources, userSubnetsFor } from '@/lib/topology/model/fixtures';
import type { Positions } from '@/lib/topology/layout/layout-graph';
import type { TopoGraph } from '@/lib/topology/model/types';
import { flowElements } from './flow-elements';

/** A stand-in layout: every node of `graph` somewhere distinct. */
function positionsFor(graph: TopoGraph): Positions {
  return Object.fromEntries(
    graph.nodes.map((n, i) => [n.id, { x: 10 * i, y: 5 * i, width: 200, height: 64 }]),
  );
}

describe('flowElements', () => {
  const userSubnets = userSubnetsFor('private-link');
  const expected = expectedResources('private-link', 'Linux', userSubnets, STAGING_RG);
  const placeholders = buildGraph(expected, userSubnets, 'private-link');
  const actual = stagingResources('private-link');
  const merged = withExpected(actual, expected);
  const real = withSlots(buildGraph(merged.resources, userSubnets, 'private-link'), merged.slots);

  it('draws a real resource as its placeholder’s element, in its place, until its own layout arrives', () => {
    const before = flowElements(placeholders, positionsFor(placeholders), undefined);
    const pending = flowElements(real, positionsFor(placeholders), undefined);
    const beforeById = new Map(before.nodes.map((n) => [n.id, n]));
    const vm = pending.nodes.find((n) => n.data.node.role === 'buildVm');
    const placeholderVm = before.nodes.find((n) => n.data.node.role === 'buildVm');
    expect(vm?.id).toBe(placeholderVm?.id);
    expect(vm?.position).toEqual(placeholderVm?.position);
    expect(vm?.data.node.status).toBe('present');
    // Every placeholder element stays (none removed and added again) …
    expect(pending.nodes.map((n) => n.id).filter((id) => !beforeById.has(id))).toEqual([]);
    expect(before.nodes.map((n) => n.id).filter((id) => !pending.nodes.some((n) => n.id === id))).toEqual([]);
    // … and the edges join shown elements, read out by name.
    const shown = new Set(pending.nodes.map((n) => n.id));
    for (const e of pending.edges) expect(shown.has(e.source) && shown.has(e.target), e.id).toBe(true);
    const vmName = vm?.data.node.name ?? '';
    expect(pending.edges.some((e) => e.ariaLabel?.includes(vmName))).toBe(true);
  });

  it('keeps those elements once the new layout, keyed by the real ids, arrives, and adds the rest', () => {
    const pending = flowElements(real, positionsFor(placeholders), undefined);
    const laidOut = flowElements(real, positionsFor(real), undefined);
    const after = new Set(laidOut.nodes.map((n) => n.id));
    expect(pending.nodes.map((n) => n.id).filter((id) => !after.has(id))).toEqual([]);
    // Added then: only resources no placeholder stood for.
    const added = laidOut.nodes.filter((n) => !pending.nodes.some((p) => p.id === n.id));
    expect(added.length).toBeGreaterThan(0);
    for (const n of added) expect(n.data.node.slot, n.id).toBeUndefined();
    const parentIds = new Set(laidOut.nodes.map((n) => n.id));
    for (const n of laidOut.nodes) if (n.parentId) expect(parentIds.has(n.parentId), n.id).toBe(true);
  });

  it('marks the selected node by its resource id, whatever element draws it', () => {
    const vm = real.nodes.find((n) => n.role === 'buildVm');
    const { nodes } = flowElements(real, positionsFor(real), vm?.id);
    expect(nodes.filter((n) => n.data.selected).map((n) => n.data.node.id)).toEqual([vm?.id]);
  });
});
