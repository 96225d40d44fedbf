// The expected staging topology per layout ("what will be created"), as placeholder resources with the
// same shapes AIB's real ones have, so the same buildGraph draws it (docs/azure/networking.md).
import type { NetworkLayout } from '@/lib/aib/network-layout';
import type { OsType, StagingResource, TopoEdge, TopoGraph, TopoNode, UserSubnet, Role } from './types';
import { buildGraph } from './build-graph';
import { assignRoles } from './classify';
import { idKey } from '@/lib/azure/ids';

const PLACEHOLDER_RG = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/IT_staging';
const PLACEHOLDER_NET =
  '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/your-network/providers/Microsoft.Network/virtualNetworks/your-vnet';

const N = 'Microsoft.Network';

function placeholderSubnets(
  layout: NetworkLayout,
  userSubnets: UserSubnet[],
): { build?: string; aci?: string } {
  const build = userSubnets.find((s) => s.use === 'build')?.id;
  const aci = userSubnets.find((s) => s.use === 'containerInstance')?.id;
  if (layout === 'private-link') return { build: build ?? `${PLACEHOLDER_NET}/subnets/build` };
  if (layout === 'own-subnets')
    return {
      build: build ?? `${PLACEHOLDER_NET}/subnets/build`,
      aci: aci ?? `${PLACEHOLDER_NET}/subnets/aci`,
    };
  return {};
}

/** Placeholder ids and resources inside one staging resource group. */
function placer(stagingRg: string) {
  const rg = stagingRg.replace(/\/+$/, '');
  const id = (type: string, name: string) => `${rg}/providers/${type}/${name}`;
  const res = (type: string, name: string, properties: Record<string, unknown>): StagingResource => ({
    id: id(type, name),
    name,
    type,
    status: 'expected',
    properties,
  });
  return { id, res };
}
type Placer = ReturnType<typeof placer>;

/** AIB's own network (every layout but own subnets): two NSGs and a VNet with the ACI and second subnet. */
function aibNetwork(p: Placer, layout: NetworkLayout, aibAci: string, aibSecond: string): StagingResource[] {
  const second = layout === 'private-link' ? 'pe' : 'build';
  const nsgId = (name: string) => p.id(`${N}/networkSecurityGroups`, name);
  return [
    p.res(`${N}/networkSecurityGroups`, 'aci-nsg', {}),
    p.res(`${N}/networkSecurityGroups`, `${second}-nsg`, {}),
    p.res(`${N}/virtualNetworks`, 'aib-vnet', {
      subnets: [
        {
          id: aibAci,
          name: 'aci-subnet',
          properties: { networkSecurityGroup: { id: nsgId('aci-nsg') } },
        },
        {
          id: aibSecond,
          name: `${second}-subnet`,
          properties: { networkSecurityGroup: { id: nsgId(`${second}-nsg`) } },
        },
      ],
    }),
  ];
}

/** The build container in its subnet, and the build VM with its NIC and OS disk. */
function buildMachines(
  p: Placer,
  os: OsType,
  aciSubnet: string | undefined,
  buildSubnet: string | undefined,
): StagingResource[] {
  const buildNic = p.id(`${N}/networkInterfaces`, 'build-vm-nic');
  return [
    p.res('Microsoft.ContainerInstance/containerGroups', 'vmimagebuilder-build-container', {
      osType: 'Linux',
      subnetIds: aciSubnet ? [{ id: aciSubnet }] : [],
    }),
    p.res(`${N}/networkInterfaces`, 'build-vm-nic', {
      ipConfigurations: [
        { id: `${buildNic}/ipConfigurations/ipconfig`, properties: { subnet: { id: buildSubnet } } },
      ],
    }),
    p.res('Microsoft.Compute/virtualMachines', 'build VM', {
      storageProfile: {
        osDisk: { osType: os, managedDisk: { id: p.id('Microsoft.Compute/disks', 'build-vm-os-disk') } },
      },
      networkProfile: { networkInterfaces: [{ id: buildNic }] },
    }),
    p.res('Microsoft.Compute/disks', 'build-vm-os-disk', {}),
  ];
}

/** The private-link layout's proxy: endpoint, link service, load balancer, proxy VM and its NIC. */
function privateLinkProxy(p: Placer, peSubnet: string, buildSubnet: string | undefined): StagingResource[] {
  const lbId = p.id(`${N}/loadBalancers`, 'proxy-lb');
  const plsId = p.id(`${N}/privateLinkServices`, 'private-link-service');
  const proxyNic = p.id(`${N}/networkInterfaces`, 'proxy-vm-nic');
  return [
    p.res(`${N}/privateEndpoints`, 'private-endpoint', {
      subnet: { id: peSubnet },
      privateLinkServiceConnections: [{ properties: { privateLinkServiceId: plsId } }],
    }),
    p.res(`${N}/privateLinkServices`, 'private-link-service', {
      ipConfigurations: [{ properties: { subnet: { id: buildSubnet } } }],
      loadBalancerFrontendIpConfigurations: [{ id: `${lbId}/frontendIPConfigurations/frontend` }],
    }),
    p.res(`${N}/loadBalancers`, 'proxy-lb', {
      frontendIPConfigurations: [
        { id: `${lbId}/frontendIPConfigurations/frontend`, properties: { subnet: { id: buildSubnet } } },
      ],
      backendAddressPools: [
        {
          id: `${lbId}/backendAddressPools/pool`,
          name: 'pool',
          properties: { backendIPConfigurations: [{ id: `${proxyNic}/ipConfigurations/ipconfig` }] },
        },
      ],
    }),
    p.res(`${N}/networkInterfaces`, 'proxy-vm-nic', {
      ipConfigurations: [
        { id: `${proxyNic}/ipConfigurations/ipconfig`, properties: { subnet: { id: buildSubnet } } },
      ],
    }),
    p.res('Microsoft.Compute/virtualMachines', 'proxy VM', {
      storageProfile: { osDisk: { osType: 'Linux' } },
      networkProfile: { networkInterfaces: [{ id: proxyNic }] },
    }),
  ];
}

/** Placeholder resources for a layout; `stagingRg` is the real staging resource group id when known. */
export function expectedResources(
  layout: NetworkLayout,
  os: OsType,
  userSubnets: UserSubnet[] = [],
  stagingRg: string = PLACEHOLDER_RG,
): StagingResource[] {
  const p = placer(stagingRg);
  const subs = placeholderSubnets(layout, userSubnets);
  const vnetId = p.id(`${N}/virtualNetworks`, 'aib-vnet');
  const aibAci = `${vnetId}/subnets/aci-subnet`;
  const aibSecond = `${vnetId}/subnets/${layout === 'private-link' ? 'pe-subnet' : 'build-subnet'}`;
  const aciSubnet = layout === 'own-subnets' ? subs.aci : aibAci;
  const buildSubnet = layout === 'aib-network' ? aibSecond : subs.build;
  return [
    p.res('Microsoft.Storage/storageAccounts', 'storage account (logs)', {}),
    ...(layout !== 'own-subnets' ? aibNetwork(p, layout, aibAci, aibSecond) : []),
    ...buildMachines(p, os, aciSubnet, buildSubnet),
    ...(layout === 'private-link' ? privateLinkProxy(p, aibSecond, buildSubnet) : []),
  ];
}

/** The faded "what will be created" graph for a layout. */
export function expectedGraph(layout: NetworkLayout, os: OsType, userSubnets: UserSubnet[] = []): TopoGraph {
  return buildGraph(expectedResources(layout, os, userSubnets), userSubnets, layout, undefined, { os });
}

/** Actual resources with the expected ones merged in (withExpected). */
export interface WithExpected {
  /**
   * Actual resources plus the placeholders whose role is not yet filled by a real resource. References
   * in the kept placeholders to placeholders that a real resource replaced are rewritten to that
   * resource, so expected and real nodes connect.
   */
  resources: StagingResource[];
  /**
   * Which placeholder each real resource (and each real AIB subnet) took the place of, as node ids
   * (lower-case): real → placeholder. The diagram and the table draw a real resource as its
   * placeholder's element (TopoNode.slot, withSlots), where the placeholder was until the new layout
   * arrives.
   */
  slots: Map<string, string>;
}

/** Real resources take the placeholders' places by role, in order (a VNet's subnets by position). */
export function withExpected(actual: StagingResource[], expected: StagingResource[]): WithExpected {
  const actualRoles = assignRoles(actual);
  const expectedRoles = assignRoles(expected);
  const pools = new Map<Role, StagingResource[]>();
  for (const r of actual) {
    const role = actualRoles.get(idKey(r.id)) ?? 'other';
    pools.set(role, [...(pools.get(role) ?? []), r]);
  }
  const used = new Map<Role, number>();
  const rename: Array<[string, string]> = [];
  // In the placeholders' order, each slot filled by its real resource or still a placeholder: a real
  // resource takes its placeholder's place in the list too (the table's row and the diagram's element
  // stay where they were, rather than being moved, which is a removal and an insertion in the DOM).
  const plan: Array<{ real: StagingResource } | { kept: StagingResource }> = [];
  const placed = new Set<StagingResource>();
  for (const e of expected) {
    const role = expectedRoles.get(idKey(e.id)) ?? 'other';
    const i = used.get(role) ?? 0;
    const real = pools.get(role)?.[i];
    used.set(role, i + 1);
    plan.push(real ? { real } : { kept: e });
    if (real) {
      placed.add(real);
      rename.push([e.id, real.id]);
      if (role === 'vnet') {
        // Map placeholder subnets onto the real VNet's subnets in order.
        const eSubs = subnetIdsOf(e);
        const rSubs = subnetIdsOf(real);
        eSubs.forEach((s, k) => {
          const r = rSubs[k];
          if (r) rename.push([s, r]);
        });
      }
    }
  }
  const slots = new Map(rename.map(([from, to]) => [idKey(to), idKey(from)]));
  // Longest ids first so child ids (subnets) are rewritten before their parents.
  rename.sort((a, b) => b[0].length - a[0].length);
  const rewrite = (k: StagingResource): StagingResource => {
    let text = JSON.stringify(k.properties ?? {});
    for (const [from, to] of rename)
      text = text.split(JSON.stringify(from).slice(1, -1)).join(JSON.stringify(to).slice(1, -1));
    return { ...k, properties: JSON.parse(text) as unknown };
  };
  const resources = plan.map((p) => ('real' in p ? p.real : rewrite(p.kept)));
  // Real resources no placeholder stood for come after, in Resource Manager's order.
  for (const r of actual) if (!placed.has(r)) resources.push(r);
  return { resources, slots };
}

/**
 * The key a node is drawn under (diagram element, table row): its slot when it took a placeholder's
 * place, else its id. Real resources replacing their placeholders then update those elements in place.
 */
export function drawnKey(id: string, byId: Map<string, TopoNode>): string {
  return byId.get(id)?.slot ?? id;
}

/** An edge's key under the drawn keys of its ends (as the graph's own edge ids are made). */
export function drawnEdgeKey(e: TopoEdge, byId: Map<string, TopoNode>): string {
  return `${e.kind}:${drawnKey(e.source, byId)}->${drawnKey(e.target, byId)}`;
}

/** `graph` with each node's slot (TopoNode.slot) from `slots`; a slot that is a node's own id is left out. */
export function withSlots(graph: TopoGraph, slots: Map<string, string>): TopoGraph {
  if (slots.size === 0) return graph;
  const ids = new Set(graph.nodes.map((n) => n.id));
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const slot = slots.get(n.id);
      return slot && !ids.has(slot) ? { ...n, slot } : n;
    }),
  };
}

function subnetIdsOf(vnet: StagingResource): string[] {
  const subs = (vnet.properties as { subnets?: Array<{ id?: unknown }> } | undefined)?.subnets;
  return Array.isArray(subs) ? subs.map((s) => (typeof s?.id === 'string' ? s.id : '')).filter(Boolean) : [];
}
