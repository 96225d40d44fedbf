import { describe, expect, it } from 'vitest';
import { buildGraph } from '../model/build-graph';
import { stagingResources, userSubnetsFor } from '../model/fixtures';
import { layoutGraph } from './layout-graph';
import { toElk } from './elk-graph';

describe('layoutGraph (ELK, in-process under Node)', () => {
  it('positions every node, children inside their containers', async () => {
    const g = buildGraph(stagingResources('private-link'), userSubnetsFor('private-link'), 'private-link');
    const pos = await layoutGraph(g);
    for (const n of g.nodes) expect(pos[n.id]).toBeDefined();
    for (const n of g.nodes.filter((x) => x.parent)) {
      const child = pos[n.id];
      const parent = pos[n.parent ?? ''];
      if (!child || !parent) throw new Error('missing');
      expect(child.x + child.width).toBeLessThanOrEqual(parent.width + 0.5);
      expect(child.y + child.height).toBeLessThanOrEqual(parent.height + 0.5);
    }
  }, 60_000); // ELK in-process loads a 1.6 MB engine: slow on a busy 2-core machine, not a timed test

  it('leaves out placement edges into the node’s own container', () => {
    const g = buildGraph(stagingResources('aib-network'), [], 'aib-network');
    const elk = toElk(g);
    const all = (n: typeof elk): string[] => [
      ...(n.edges ?? []).map((e) => e.id),
      ...(n.children ?? []).flatMap(all),
    ];
    expect(all(elk).some((e) => e.startsWith('placement:'))).toBe(false);
    expect(all(elk).some((e) => e.startsWith('traffic:'))).toBe(true);
  });

  it('lifts cross-container edges to the level of their common container', () => {
    const g = buildGraph(stagingResources('private-link'), userSubnetsFor('private-link'), 'private-link');
    const elk = toElk(g);
    // container instance (AIB VNet) → private endpoint (AIB VNet): inside the AIB VNet, subnet → subnet;
    // private endpoint → PLS (your VNet): at the root, AIB VNet → your VNet.
    const rootPairs = (elk.edges ?? []).map(
      (e) => `${e.sources[0]?.split('/').pop()}->${e.targets[0]?.split('/').pop()}`,
    );
    expect(rootPairs).toContain('vmimagebuilder-vnet-3e9f77e1->build-vnet');
  });
});
