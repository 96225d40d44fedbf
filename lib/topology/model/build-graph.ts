// buildGraph: staging resources (+ the user's subnets) → nodes and edges. Placement and attachment edges
// come only from real properties (the tables in relations.ts); traffic edges come from per-layout rules
// applied to what exists (traffic.ts).
import type { NetworkLayout } from '@/lib/aib/network-layout';
import type { OsType, Role, StagingResource, TopoGraph, UserSubnet } from './types';
import { arr, at, str } from './json';
import { idKey } from '@/lib/azure/ids';
import { assignRoles, iconFor, vmNicIds } from './classify';
import { resourceDetails } from './details';
import { GraphDraft, statusOf } from './graph-draft';
import { ATTACHMENT_PASSES, PLACEMENT } from './relations';
import { addTraffic } from './traffic';

export interface BuildGraphOptions {
  /** The template's OS (from its source), used for ports when the VMs do not say. */
  os?: OsType;
}

const SUBNET_RE = /\/subnets\/[^/]+$/i;

/** VNets and their subnets: the staging VNets from their properties, then the user's subnets. */
function addContainers(
  g: GraphDraft,
  resources: readonly StagingResource[],
  userSubnets: readonly UserSubnet[],
) {
  for (const r of resources) {
    if (iconFor(r.type) !== 'virtualNetwork') continue;
    g.ensureVnet(r.id, r);
    for (const sub of arr(at(r.properties, 'subnets'))) {
      const sid = str(at(sub, 'id'));
      if (sid) g.ensureSubnet(sid, sub, r);
    }
  }
  for (const s of userSubnets) g.ensureSubnet(s.id);
}

/** One node per resource that is not a VNet; returns those resources, in order. */
function addResourceNodes(
  g: GraphDraft,
  resources: readonly StagingResource[],
  roles: ReadonlyMap<string, Role>,
): StagingResource[] {
  const out: StagingResource[] = [];
  for (const r of resources) {
    const icon = iconFor(r.type);
    if (icon === 'virtualNetwork') continue;
    const key = idKey(r.id);
    const role: Role = roles.get(key) ?? 'other';
    g.nodes.set(key, {
      id: key,
      resourceId: r.id,
      kind: 'resource',
      type: r.type,
      icon,
      role,
      name: r.name,
      ...(r.location ? { location: r.location } : {}),
      ...(r.provisioningState ? { provisioningState: r.provisioningState } : {}),
      status: statusOf(r),
      owner: 'aib',
      details: resourceDetails(r, role),
    });
    out.push(r);
  }
  return out;
}

/** Placement: each resource inside the subnet its properties name; a VM in the subnet of its first NIC. */
function addPlacement(g: GraphDraft, resources: readonly StagingResource[]): void {
  for (const r of resources) {
    const sid = PLACEMENT[iconFor(r.type)]?.(r.properties);
    if (!sid || !SUBNET_RE.test(sid)) continue;
    const skey = g.ensureSubnet(sid);
    const node = g.nodes.get(idKey(r.id));
    if (node) node.parent = skey;
    g.addEdge({ source: idKey(r.id), target: skey, kind: 'placement', label: 'in subnet', onPath: false });
  }
  for (const r of resources) {
    if (iconFor(r.type) !== 'virtualMachine') continue;
    const node = g.nodes.get(idKey(r.id));
    const nic = vmNicIds(r)
      .map((n) => g.nodes.get(n))
      .find((n) => n?.parent);
    if (node && nic?.parent) node.parent = nic.parent;
  }
}

/** Attachments from the relations table, pass by pass; then subnet → NSG from the VNets' subnets. */
function addAttachments(
  g: GraphDraft,
  resources: readonly StagingResource[],
  all: readonly StagingResource[],
) {
  for (const pass of ATTACHMENT_PASSES) {
    for (const r of resources) {
      const key = idKey(r.id);
      const icon = iconFor(r.type);
      for (const rel of pass) {
        if (rel.on !== icon) continue;
        for (const link of rel.links(r)) {
          const [source, target] = rel.reverse ? [link.target, key] : [key, link.target];
          g.addEdge({
            source,
            target,
            kind: 'attachment',
            label: link.label ?? rel.label,
            onPath: rel.onPath,
          });
        }
      }
    }
  }
  for (const r of all) {
    if (iconFor(r.type) !== 'virtualNetwork') continue;
    for (const sub of arr(at(r.properties, 'subnets'))) {
      const sid = str(at(sub, 'id'));
      const nsg = str(at(sub, 'properties', 'networkSecurityGroup', 'id'));
      if (sid && nsg)
        g.addEdge({
          source: idKey(sid),
          target: idKey(nsg),
          kind: 'attachment',
          label: 'NSG',
          onPath: false,
        });
    }
  }
}

export function buildGraph(
  resources: StagingResource[],
  userSubnets: UserSubnet[],
  layout: NetworkLayout,
  phase?: string,
  options: BuildGraphOptions = {},
): TopoGraph {
  const g = new GraphDraft(resources, userSubnets);
  const roles = assignRoles(resources);
  addContainers(g, resources, userSubnets);
  const resourceNodes = addResourceNodes(g, resources, roles);
  addPlacement(g, resourceNodes);
  addAttachments(g, resourceNodes, resources);
  addTraffic(g, { layout, resources: resourceNodes, roles, ...(options.os ? { os: options.os } : {}) });
  return { nodes: [...g.nodes.values()], edges: [...g.edges.values()], layout, ...(phase ? { phase } : {}) };
}
