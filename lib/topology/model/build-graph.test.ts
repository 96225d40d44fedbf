import { describe, expect, it } from 'vitest';
import { buildGraph } from './build-graph';
import { drawnKey, expectedGraph, expectedResources, withExpected, withSlots } from './expected';
import {
  stagingResources,
  storageAccount,
  userSubnetsFor,
  USER_BUILD_SUBNET,
  USER_ACI_SUBNET,
  USER_VNET,
} from './fixtures';
import { idKey } from '@/lib/azure/ids';
import type { TopoGraph, StagingResource } from './types';

function must<T>(x: T | undefined): T {
  if (x === undefined) throw new Error('missing');
  return x;
}

const nodeByRole = (g: TopoGraph, role: string) => g.nodes.filter((n) => n.role === role);
const one = (g: TopoGraph, role: string) => {
  const n = nodeByRole(g, role);
  expect(n).toHaveLength(1);
  return must(n[0]);
};
const edge = (g: TopoGraph, s: string, t: string, kind?: string) =>
  g.edges.find((e) => e.source === s && e.target === t && (!kind || e.kind === kind));

describe('buildGraph — layout 1 (no subnets)', () => {
  const g = buildGraph(stagingResources('aib-network'), [], 'aib-network', 'Customizing');

  it('draws AIB VNet and both subnets as containers, owned by AIB', () => {
    const vnet = one(g, 'vnet');
    expect(vnet.kind).toBe('group');
    expect(vnet.owner).toBe('aib');
    const subnets = nodeByRole(g, 'subnet');
    expect(subnets.map((s) => s.name).sort()).toEqual(['aci-subnet', 'build-subnet']);
    expect(subnets.every((s) => s.parent === vnet.id && s.owner === 'aib')).toBe(true);
  });

  it('places container and build VM in their subnets from real properties', () => {
    const ci = one(g, 'buildContainer');
    const vm = one(g, 'buildVm');
    expect(ci.parent).toMatch(/subnets\/aci-subnet$/);
    expect(vm.parent).toMatch(/subnets\/build-subnet$/);
    const nic = must(g.nodes.find((n) => n.name === 'pkrni5c2b9d1fa7'));
    expect(edge(g, nic.id, must(nic.parent), 'placement')).toBeDefined();
    expect(edge(g, vm.id, nic.id, 'attachment')?.label).toBe('NIC');
    expect(edge(g, ci.id, must(ci.parent), 'placement')).toBeDefined();
  });

  it('adds the traffic edge container instance → build VM on 22', () => {
    const e = edge(g, one(g, 'buildContainer').id, one(g, 'buildVm').id, 'traffic');
    expect(e?.ports).toBe('22');
    expect(e?.onPath).toBe(true);
    expect(g.edges.filter((x) => x.kind === 'traffic')).toHaveLength(1);
  });

  it('uses 5986 for a Windows build VM', () => {
    const w = buildGraph(stagingResources('aib-network', 'Windows'), [], 'aib-network');
    expect(edge(w, one(w, 'buildContainer').id, one(w, 'buildVm').id, 'traffic')?.ports).toBe('5986');
  });

  it('shows the storage account with the logs, type icons, names and states', () => {
    const sa = one(g, 'logs');
    expect(sa.icon).toBe('storageAccount');
    expect(sa.details.find(([k]) => k === 'Holds')?.[1]).toMatch(/packerlogs/);
    expect(one(g, 'buildVm').provisioningState).toBe('Succeeded');
    expect(one(g, 'buildVm').details).toContainEqual(['VM size', 'Standard_D2ds_v4']);
    expect(g.phase).toBe('Customizing');
  });

  it('links subnets to their NSGs and the VM to its OS disk', () => {
    const aci = must(g.nodes.find((n) => n.name === 'aci-subnet'));
    const nsg = must(g.nodes.find((n) => n.name === 'aci-nsg'));
    expect(edge(g, aci.id, nsg.id, 'attachment')).toBeDefined();
    const disk = one(g, 'disk');
    expect(edge(g, one(g, 'buildVm').id, disk.id)?.label).toBe('OS disk');
  });
});

describe('buildGraph — layout 2 (subnetId only, Private Link)', () => {
  const g = buildGraph(
    stagingResources('private-link'),
    userSubnetsFor('private-link'),
    'private-link',
    'Building',
  );
  const ci = () => one(g, 'buildContainer');
  const pe = () => one(g, 'privateEndpoint');
  const pls = () => one(g, 'privateLinkService');
  const lb = () => one(g, 'loadBalancer');
  const proxy = () => one(g, 'proxyVm');
  const build = () => one(g, 'buildVm');

  it('tells the user VNet apart from the temporary AIB VNet', () => {
    const vnets = nodeByRole(g, 'vnet');
    expect(vnets).toHaveLength(2);
    const user = must(vnets.find((v) => v.id === idKey(USER_VNET)));
    expect(user.owner).toBe('user');
    expect(must(vnets.find((v) => v !== user)).owner).toBe('aib');
    const buildSub = must(g.nodes.find((n) => n.id === idKey(USER_BUILD_SUBNET)));
    expect(buildSub.owner).toBe('user');
    expect(buildSub.parent).toBe(user.id);
  });

  it('places build VM, proxy VM, PLS and LB in the user build subnet; PE in the AIB PE subnet', () => {
    const sub = idKey(USER_BUILD_SUBNET);
    expect(build().parent).toBe(sub);
    expect(proxy().parent).toBe(sub);
    expect(pls().parent).toBe(sub);
    expect(lb().parent).toBe(sub);
    expect(pe().parent).toMatch(/subnets\/pe-subnet$/);
    expect(ci().parent).toMatch(/subnets\/aci-subnet$/);
  });

  it('draws the whole traffic path with ports: CI → PE → PLS → LB → proxy VM (60001) → build VM (22)', () => {
    expect(edge(g, ci().id, pe().id, 'traffic')?.ports).toBe('60001');
    const pePls = edge(g, pe().id, pls().id, 'attachment');
    expect(pePls?.onPath).toBe(true);
    expect(pePls?.ports).toBe('60001');
    const plsLb = edge(g, pls().id, lb().id, 'attachment');
    expect(plsLb?.label).toBe('frontend frontend');
    expect(edge(g, lb().id, proxy().id, 'traffic')?.ports).toBe('60001');
    expect(edge(g, proxy().id, build().id, 'traffic')?.ports).toBe('22');
    // no direct CI → build VM edge in this layout
    expect(edge(g, ci().id, build().id)).toBeUndefined();
  });

  it('records the LB backend pool → proxy VM NIC attachment', () => {
    const proxyNic = must(g.nodes.find((n) => n.name === 'aibproxyvm5c2b9d-nic'));
    expect(edge(g, lb().id, proxyNic.id, 'attachment')?.label).toBe('backend pool');
  });

  it('uses 60000 / 5986 for Windows', () => {
    const w = buildGraph(
      stagingResources('private-link', 'Windows'),
      userSubnetsFor('private-link'),
      'private-link',
    );
    expect(edge(w, one(w, 'buildContainer').id, one(w, 'privateEndpoint').id)?.ports).toBe('60000');
    expect(edge(w, one(w, 'proxyVm').id, one(w, 'buildVm').id)?.ports).toBe('5986');
  });

  it('finds the proxy VM by backend pool membership, not by name', () => {
    const renamed = stagingResources('private-link').map((r) =>
      r.name === 'aibproxyvm5c2b9d' ? { ...r, name: 'vm-a' } : r,
    );
    const r = buildGraph(renamed, userSubnetsFor('private-link'), 'private-link');
    expect(one(r, 'proxyVm').name).toBe('vm-a');
    expect(one(r, 'buildVm').name).toBe('pkrvm5c2b9d1fa7');
  });
});

describe('buildGraph — layout 3 (both subnets)', () => {
  const g = buildGraph(stagingResources('own-subnets'), userSubnetsFor('own-subnets'), 'own-subnets');

  it('creates no AIB network; container and VM sit in the user subnets', () => {
    const vnets = nodeByRole(g, 'vnet');
    expect(vnets).toHaveLength(1);
    expect(must(vnets[0]).owner).toBe('user');
    expect(one(g, 'buildContainer').parent).toBe(idKey(USER_ACI_SUBNET));
    expect(one(g, 'buildVm').parent).toBe(idKey(USER_BUILD_SUBNET));
    expect(nodeByRole(g, 'privateEndpoint')).toHaveLength(0);
  });

  it('draws container instance → build VM on 22', () => {
    expect(edge(g, one(g, 'buildContainer').id, one(g, 'buildVm').id, 'traffic')?.ports).toBe('22');
  });

  it('labels what each user subnet is for', () => {
    const aci = must(g.nodes.find((n) => n.id === idKey(USER_ACI_SUBNET)));
    expect(aci.details).toContainEqual(['Used for', 'Container instance (containerInstanceSubnetId)']);
  });
});

describe('buildGraph — unknown types and missing links', () => {
  it('shows an unknown type as a generic node', () => {
    const odd: StagingResource = {
      id: '/subscriptions/s/resourceGroups/IT_x/providers/Microsoft.Foo/widgets/w1',
      name: 'w1',
      type: 'Microsoft.Foo/widgets',
      provisioningState: 'Succeeded',
    };
    const g = buildGraph([storageAccount(), odd], [], 'aib-network');
    const n = must(g.nodes.find((x) => x.name === 'w1'));
    expect(n.icon).toBe('generic');
    expect(n.role).toBe('other');
    expect(n.details).toContainEqual(['Kind', 'Microsoft.Foo/widgets']);
  });

  it('copes with resources whose properties were not read yet', () => {
    const bare = stagingResources('private-link').map(({ properties: _p, ...r }) => r);
    const g = buildGraph(bare, userSubnetsFor('private-link'), 'private-link');
    expect(g.nodes.filter((n) => n.kind === 'resource')).toHaveLength(bare.length - 1); // VNet is a group
    expect(g.edges.filter((e) => e.kind === 'placement')).toHaveLength(0);
    // without pool membership, the proxy VM is still recognised by name, so the rule edge is there
    expect(g.edges.some((e) => e.kind === 'traffic' && e.ports === '22')).toBe(true);
  });

  it('skips edges to resources that are not there (deleted NIC, PLS elsewhere)', () => {
    const res = stagingResources('private-link').filter(
      (r) => !/networkInterfaces\/pkrni/.test(r.id) && !/privateLinkServices/.test(r.id),
    );
    const g = buildGraph(res, userSubnetsFor('private-link'), 'private-link');
    for (const e of g.edges) {
      expect(g.nodes.some((n) => n.id === e.source)).toBe(true);
      expect(g.nodes.some((n) => n.id === e.target)).toBe(true);
    }
    // VM without a known NIC is drawn outside any subnet
    expect(one(g, 'buildVm').parent).toBeUndefined();
  });

  it('creates a subnet container from an id it has not seen in any VNet', () => {
    const res = stagingResources('own-subnets');
    const g = buildGraph(res, [], 'own-subnets');
    const sub = g.nodes.find((n) => n.id === idKey(USER_ACI_SUBNET));
    expect(sub?.kind).toBe('group');
    expect(sub?.owner).toBe('user');
  });

  it('draws only what exists: a container with no VM yet has no traffic edge', () => {
    const res = stagingResources('aib-network').filter((r) => !/virtualMachines/.test(r.type));
    const g = buildGraph(res, [], 'aib-network');
    expect(g.edges.filter((e) => e.kind === 'traffic')).toHaveLength(0);
  });
});

/** The placeholders of a private-link (layout 1) Linux build, and the user's subnets they use. */
function privateLinkExpected() {
  const userSubnets = userSubnetsFor('private-link');
  const expected = expectedResources(
    'private-link',
    'Linux',
    userSubnets,
    '/subscriptions/x/resourceGroups/IT_y',
  );
  return { userSubnets, expected };
}

describe('expectedGraph', () => {
  it('layout 2 expects the Private Link path, faded', () => {
    const g = expectedGraph('private-link', 'Linux');
    // AIB's resources are expected; the user's own network already exists
    expect(g.nodes.filter((n) => n.owner === 'aib').every((n) => n.status === 'expected')).toBe(true);
    expect(g.nodes.filter((n) => n.owner === 'user').every((n) => n.status === 'present')).toBe(true);
    for (const role of [
      'buildContainer',
      'privateEndpoint',
      'privateLinkService',
      'loadBalancer',
      'proxyVm',
      'buildVm',
      'logs',
    ])
      expect(nodeByRole(g, role)).toHaveLength(1);
    expect(g.edges.find((e) => e.kind === 'traffic' && e.ports === '60001')).toBeDefined();
    expect(g.edges.find((e) => e.kind === 'traffic' && e.ports === '22')).toBeDefined();
    expect(g.edges.every((e) => e.expected)).toBe(true);
  });

  it('layout 1 expects an AIB VNet; layout 3 none, and uses the user subnets when given', () => {
    expect(nodeByRole(expectedGraph('aib-network', 'Linux'), 'vnet')[0]?.owner).toBe('aib');
    const g3 = expectedGraph('own-subnets', 'Windows', userSubnetsFor('own-subnets'));
    expect(nodeByRole(g3, 'vnet').map((v) => v.owner)).toEqual(['user']);
    expect(one(g3, 'buildContainer').parent).toBe(idKey(USER_ACI_SUBNET));
    expect(g3.edges.find((e) => e.kind === 'traffic')?.ports).toBe('5986');
  });

  it('withExpected keeps placeholders only for roles not yet filled, connected to the real ones', () => {
    const actual = stagingResources('private-link').filter((r) =>
      /storageAccounts|virtualNetworks|containerGroups|networkSecurityGroups/.test(r.type),
    );
    const { resources: merged } = withExpected(
      actual,
      expectedResources(
        'private-link',
        'Linux',
        userSubnetsFor('private-link'),
        '/subscriptions/x/resourceGroups/IT_y',
      ),
    );
    const g = buildGraph(merged, userSubnetsFor('private-link'), 'private-link');
    expect(one(g, 'buildContainer').status).toBe('present');
    expect(one(g, 'logs').status).toBe('present');
    expect(one(g, 'privateEndpoint').status).toBe('expected');
    // the expected PE sits in the real AIB VNet's second subnet, and the real container connects to it
    expect(one(g, 'privateEndpoint').parent).toMatch(/vmimagebuilder-vnet-3e9f77e1\/subnets\/pe-subnet$/);
    const t = edge(g, one(g, 'buildContainer').id, one(g, 'privateEndpoint').id, 'traffic');
    expect(t?.expected).toBe(true);
    expect(nodeByRole(g, 'vnet').filter((v) => v.owner === 'aib')).toHaveLength(1);
  });

  it('withExpected names the placeholder each real resource (and the AIB subnets) took the place of', () => {
    const { userSubnets, expected } = privateLinkExpected();
    const placeholders = buildGraph(expected, userSubnets, 'private-link');
    const actual = stagingResources('private-link');
    const { resources, slots } = withExpected(actual, expected);
    const real = buildGraph(resources, userSubnets, 'private-link');
    for (const role of ['buildVm', 'proxyVm', 'buildContainer', 'privateEndpoint', 'loadBalancer', 'logs']) {
      expect(slots.get(one(real, role).id), role).toBe(one(placeholders, role).id);
    }
    // The AIB VNet's subnets too (by position), so children keep their parents' elements.
    const realPe = one(real, 'privateEndpoint');
    expect(slots.get(must(realPe.parent))).toBe(one(placeholders, 'privateEndpoint').parent);
    // A slot is a placeholder's id, never a real node's, and no two real nodes share one.
    const realIds = new Set(real.nodes.map((n) => n.id));
    expect([...slots.values()].filter((s) => realIds.has(s))).toEqual([]);
    expect(new Set(slots.values()).size).toBe(slots.size);
  });

  it('withExpected keeps each slot where its placeholder was, so drawn elements are updated, not moved', () => {
    const { userSubnets, expected } = privateLinkExpected();
    const before = buildGraph(expected, userSubnets, 'private-link');
    // Half the staging group is there, in Resource Manager's order (not the placeholders').
    const actual = stagingResources('private-link')
      .filter((r) => /virtualMachines|containerGroups|storageAccounts/i.test(r.type))
      .reverse();
    const { resources, slots } = withExpected(actual, expected);
    const after = withSlots(buildGraph(resources, userSubnets, 'private-link'), slots);
    const byId = new Map(after.nodes.map((n) => [n.id, n]));
    const drawn = after.nodes.map((n) => drawnKey(n.id, byId));
    const shared = before.nodes.map((n) => n.id).filter((id) => drawn.includes(id));
    expect(shared.length).toBeGreaterThan(before.nodes.length / 2);
    // The elements drawn before and after are in the same order.
    expect(drawn.filter((k) => shared.includes(k))).toEqual(shared);
  });
});
