// The graph while buildGraph assembles it: nodes and edges keyed by normalised id (first one wins, in
// insertion order), and the containers — VNets and subnets — made on demand, from the staging VNets'
// properties or, for the user's own network, from what the template names.
import type { NodeStatus, StagingResource, TopoEdge, TopoNode, UserSubnet } from './types';
import { arr, at, str } from './json';
import { idKey, nameOf, parentIdOf, topLevelIdOf } from '@/lib/azure/ids';
import { vnetDetails } from './details';

export function statusOf(r: StagingResource): NodeStatus {
  return r.status ?? 'present';
}

export class GraphDraft {
  readonly nodes = new Map<string, TopoNode>();
  readonly edges = new Map<string, TopoEdge>();
  /** Staging resources by normalised id. */
  readonly byId = new Map<string, StagingResource>();
  private readonly userSubnets: Map<string, UserSubnet>;

  constructor(resources: readonly StagingResource[], userSubnets: readonly UserSubnet[]) {
    for (const r of resources) this.byId.set(idKey(r.id), r);
    this.userSubnets = new Map(userSubnets.map((s) => [idKey(s.id), s]));
  }

  /** An edge between two nodes that exist (never a loop, never twice); dashed when either end is expected. */
  addEdge(e: Omit<TopoEdge, 'id'>): void {
    const { nodes, edges } = this;
    if (!nodes.has(e.source) || !nodes.has(e.target) || e.source === e.target) return;
    const id = `${e.kind}:${e.source}->${e.target}`;
    if (edges.has(id)) return;
    const expected = nodes.get(e.source)?.status === 'expected' || nodes.get(e.target)?.status === 'expected';
    edges.set(id, { id, ...e, ...(expected ? { expected: true } : {}) });
  }

  ensureVnet(vnetId: string, r?: StagingResource): string {
    const key = idKey(vnetId);
    if (this.nodes.has(key)) return key;
    this.nodes.set(key, {
      id: key,
      resourceId: r?.id ?? vnetId,
      kind: 'group',
      type: 'Microsoft.Network/virtualNetworks',
      icon: 'virtualNetwork',
      role: 'vnet',
      name: r?.name ?? nameOf(vnetId),
      ...(r?.location ? { location: r.location } : {}),
      ...(r?.provisioningState ? { provisioningState: r.provisioningState } : {}),
      status: r ? statusOf(r) : 'present',
      owner: this.byId.has(key) ? 'aib' : 'user',
      details: r ? vnetDetails(r) : [['Owner', 'Your network']],
    });
    return key;
  }

  /** A subnet inside its VNet; `sub` is the subnet object from the VNet's properties, when known. */
  ensureSubnet(subnetId: string, sub?: unknown, vnet?: StagingResource): string {
    const key = idKey(subnetId);
    const vnetId = parentIdOf(subnetId, 'subnets') ?? topLevelIdOf(subnetId);
    const vnetKey = this.ensureVnet(vnetId, vnet ?? this.byId.get(idKey(vnetId)));
    if (this.nodes.has(key)) return key;
    const parentNode = this.nodes.get(vnetKey);
    this.nodes.set(key, {
      id: key,
      resourceId: subnetId,
      kind: 'group',
      type: 'Microsoft.Network/virtualNetworks/subnets',
      icon: 'subnet',
      role: 'subnet',
      name: nameOf(subnetId),
      status: parentNode?.status ?? 'present',
      owner: parentNode?.owner ?? 'user',
      parent: vnetKey,
      details: this.subnetDetails(sub, this.userSubnets.get(key)),
    });
    return key;
  }

  private subnetDetails(sub: unknown, user: UserSubnet | undefined): Array<[string, string]> {
    const details: Array<[string, string]> = [];
    const prefix = str(at(sub, 'properties', 'addressPrefix')) ?? user?.addressPrefix;
    if (prefix) details.push(['Address prefix', prefix]);
    const delegations = arr(at(sub, 'properties', 'delegations'))
      .map((d) => str(at(d, 'properties', 'serviceName')))
      .filter((s): s is string => !!s);
    if (delegations.length) details.push(['Delegation', delegations.join(', ')]);
    const nsg = str(at(sub, 'properties', 'networkSecurityGroup', 'id'));
    if (nsg) details.push(['NSG', nameOf(nsg)]);
    if (user)
      details.push([
        'Used for',
        user.use === 'build' ? 'Build VM (subnetId)' : 'Container instance (containerInstanceSubnetId)',
      ]);
    return details;
  }
}
