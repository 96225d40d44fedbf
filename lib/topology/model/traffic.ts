// Traffic edges: the build's connections, per layout, over the resources that exist. Layouts 1 and 3:
// the container reaches the build VM directly (SSH 22 / WinRM 5986). Layout 2: container → private
// endpoint → Private Link Service → load balancer → proxy VM (60001 Linux / 60000 Windows) → build VM.
import type { NetworkLayout } from '@/lib/aib/network-layout';
import type { OsType, Role, StagingResource } from './types';
import { arr, at, num } from './json';
import { idKey } from '@/lib/azure/ids';
import { vmNicIds, vmOsType } from './classify';
import type { GraphDraft } from './graph-draft';

/** Proxy port (layout 2) and build VM port per OS (docs/azure/networking.md). */
export function portsFor(os: OsType): { proxy: string; build: string; buildProtocol: string } {
  return os === 'Windows'
    ? { proxy: '60000', build: '5986', buildProtocol: 'WinRM/HTTPS' }
    : { proxy: '60001', build: '22', buildProtocol: 'SSH' };
}

export interface TrafficInputs {
  layout: NetworkLayout;
  /** The resource nodes (VNets aside), in order. */
  resources: readonly StagingResource[];
  roles: ReadonlyMap<string, Role>;
  /** The template's OS, when the VMs do not say. */
  os?: OsType;
}

export function addTraffic(g: GraphDraft, t: TrafficInputs): void {
  const withRole = (role: Role) => t.resources.filter((r) => t.roles.get(idKey(r.id)) === role);
  const osOf = (vm: StagingResource | undefined): OsType =>
    (vm ? vmOsType(vm) : undefined) ?? t.os ?? 'Linux';
  const containers = withRole('buildContainer');
  const buildVms = withRole('buildVm');
  const proxyVms = withRole('proxyVm');
  const toBuildVm = (from: StagingResource) => {
    for (const vm of buildVms) {
      const p = portsFor(osOf(vm));
      g.addEdge({
        source: idKey(from.id),
        target: idKey(vm.id),
        kind: 'traffic',
        label: p.buildProtocol,
        ports: p.build,
        onPath: true,
      });
    }
  };
  if (t.layout === 'aib-network' || t.layout === 'own-subnets') {
    for (const c of containers) toBuildVm(c);
    return;
  }
  const proxyPort = portsFor(osOf(buildVms[0] ?? proxyVms[0])).proxy;
  for (const c of containers)
    for (const pe of withRole('privateEndpoint'))
      g.addEdge({
        source: idKey(c.id),
        target: idKey(pe.id),
        kind: 'traffic',
        label: 'to proxy',
        ports: proxyPort,
        onPath: true,
      });
  markProxyPath(g, proxyPort);
  for (const vm of proxyVms) {
    loadBalancerToProxy(g, vm, proxyPort);
    toBuildVm(vm);
  }
}

/** PE → PLS and PLS → LB carry the proxy port. */
function markProxyPath(g: GraphDraft, proxyPort: string): void {
  for (const e of g.edges.values()) {
    const s = g.nodes.get(e.source);
    if (
      e.kind === 'attachment' &&
      (s?.role === 'privateEndpoint' || s?.role === 'privateLinkService') &&
      e.onPath
    )
      e.ports = proxyPort;
  }
}

/** LB → proxy VM: from backend pool membership of the proxy VM's NICs. */
function loadBalancerToProxy(g: GraphDraft, vm: StagingResource, proxyPort: string): void {
  const nics = new Set(vmNicIds(vm));
  for (const e of [...g.edges.values()]) {
    if (e.kind !== 'attachment' || e.label !== 'backend pool' || !nics.has(e.target)) continue;
    g.addEdge({
      source: e.source,
      target: idKey(vm.id),
      kind: 'traffic',
      label: 'proxy',
      ports: lbBackendPort(g.byId.get(e.source), proxyPort) ?? proxyPort,
      onPath: true,
    });
  }
}

function lbBackendPort(lb: StagingResource | undefined, preferred: string): string | undefined {
  const ports = arr(at(lb?.properties, 'loadBalancingRules'))
    .map((rule) => num(at(rule, 'properties', 'backendPort')))
    .filter((n): n is number => n !== undefined && n > 0);
  if (ports.includes(Number(preferred))) return preferred;
  return ports.length ? [...new Set(ports)].join(', ') : undefined;
}
