// buildGraph: staging resources (+ the user's subnets) → nodes and edges. Placement and attachment edges
// come only from real properties; traffic edges come from per-layout rules applied to what exists.
import type {
  Layout,
  OsType,
  StagingResource,
  TopoEdge,
  TopoGraph,
  TopoNode,
  UserSubnet,
  NodeStatus,
  Role,
} from './types';
import { arr, at, num, obj, refIds, str } from './json';
import { lastSegment, normId, parentOf, topLevelOf } from './ids';
import {
  assignRoles,
  iconFor,
  lbBackendIpConfigs,
  nicBackendPools,
  typeLabel,
  vmNicIds,
  vmOsType,
} from './classify';

export interface BuildGraphOptions {
  /** The template's OS (from its source), used for ports when the VMs do not say. */
  os?: OsType;
}

/** Proxy port (layout 2) and build VM port per OS (aib-facts §4.3). */
export function portsFor(os: OsType): { proxy: string; build: string; buildProtocol: string } {
  return os === 'Windows'
    ? { proxy: '60000', build: '5986', buildProtocol: 'WinRM/HTTPS' }
    : { proxy: '60001', build: '22', buildProtocol: 'SSH' };
}

const SUBNET_RE = /\/subnets\/[^/]+$/i;

export function buildGraph(
  resources: StagingResource[],
  userSubnets: UserSubnet[],
  layout: Layout,
  phase?: string,
  options: BuildGraphOptions = {},
): TopoGraph {
  const nodes = new Map<string, TopoNode>();
  const edges = new Map<string, TopoEdge>();
  const byId = new Map<string, StagingResource>();
  for (const r of resources) byId.set(normId(r.id), r);
  const roles = assignRoles(resources);
  const statusOf = (r: StagingResource): NodeStatus => r.status ?? 'present';
  const userSubnetIds = new Map(userSubnets.map((s) => [normId(s.id), s]));

  // --- containers: VNets and subnets -------------------------------------------------------------
  const ensureVnet = (vnetId: string, r?: StagingResource): string => {
    const key = normId(vnetId);
    if (!nodes.has(key)) {
      const inStaging = byId.has(key);
      nodes.set(key, {
        id: key,
        resourceId: r?.id ?? vnetId,
        kind: 'group',
        type: 'Microsoft.Network/virtualNetworks',
        icon: 'virtualNetwork',
        role: 'vnet',
        name: r?.name ?? lastSegment(vnetId),
        ...(r?.location ? { location: r.location } : {}),
        ...(r?.provisioningState ? { provisioningState: r.provisioningState } : {}),
        status: r ? statusOf(r) : 'present',
        owner: inStaging ? 'aib' : 'user',
        details: r ? vnetDetails(r) : [['Owner', 'Your network']],
      });
    }
    return key;
  };

  const ensureSubnet = (subnetId: string, sub?: unknown, vnet?: StagingResource): string => {
    const key = normId(subnetId);
    const vnetId = parentOf(subnetId, 'subnets') ?? topLevelOf(subnetId);
    const vnetKey = ensureVnet(vnetId, vnet ?? byId.get(normId(vnetId)));
    const existing = nodes.get(key);
    const user = userSubnetIds.get(key);
    if (!existing) {
      const parentNode = nodes.get(vnetKey);
      const details: Array<[string, string]> = [];
      const prefix = str(at(sub, 'properties', 'addressPrefix')) ?? user?.addressPrefix;
      if (prefix) details.push(['Address prefix', prefix]);
      const delegations = arr(at(sub, 'properties', 'delegations'))
        .map((d) => str(at(d, 'properties', 'serviceName')))
        .filter((s): s is string => !!s);
      if (delegations.length) details.push(['Delegation', delegations.join(', ')]);
      const nsg = str(at(sub, 'properties', 'networkSecurityGroup', 'id'));
      if (nsg) details.push(['NSG', lastSegment(nsg)]);
      if (user)
        details.push([
          'Used for',
          user.use === 'build' ? 'Build VM (subnetId)' : 'Container instance (containerInstanceSubnetId)',
        ]);
      nodes.set(key, {
        id: key,
        resourceId: subnetId,
        kind: 'group',
        type: 'Microsoft.Network/virtualNetworks/subnets',
        icon: 'subnet',
        role: 'subnet',
        name: lastSegment(subnetId),
        status: parentNode?.status ?? 'present',
        owner: parentNode?.owner ?? 'user',
        parent: vnetKey,
        details,
      });
    }
    return key;
  };

  for (const r of resources) {
    if (iconFor(r.type) !== 'virtualNetwork') continue;
    ensureVnet(r.id, r);
    for (const sub of arr(at(r.properties, 'subnets'))) {
      const sid = str(at(sub, 'id'));
      if (sid) ensureSubnet(sid, sub, r);
    }
  }
  for (const s of userSubnets) ensureSubnet(s.id);

  // --- resource nodes ------------------------------------------------------------------------------
  const subnetOf = (r: StagingResource): string | undefined => {
    const p = r.properties;
    switch (iconFor(r.type)) {
      case 'networkInterface':
        return arr(at(p, 'ipConfigurations'))
          .map((c) => str(at(c, 'properties', 'subnet', 'id')))
          .find((s) => s !== undefined);
      case 'containerGroup':
        return refIds(at(p, 'subnetIds'))[0];
      case 'privateEndpoint':
        return str(at(p, 'subnet', 'id'));
      case 'privateLinkService':
        return arr(at(p, 'ipConfigurations'))
          .map((c) => str(at(c, 'properties', 'subnet', 'id')))
          .find((s) => s !== undefined);
      case 'loadBalancer':
        return arr(at(p, 'frontendIPConfigurations'))
          .map((c) => str(at(c, 'properties', 'subnet', 'id')))
          .find((s) => s !== undefined);
      default:
        return undefined;
    }
  };

  const addEdge = (e: Omit<TopoEdge, 'id'>): void => {
    if (!nodes.has(e.source) || !nodes.has(e.target) || e.source === e.target) return;
    const id = `${e.kind}:${e.source}->${e.target}`;
    if (edges.has(id)) return;
    const expected = nodes.get(e.source)?.status === 'expected' || nodes.get(e.target)?.status === 'expected';
    edges.set(id, { id, ...e, ...(expected ? { expected: true } : {}) });
  };

  const resourceNodes: StagingResource[] = [];
  for (const r of resources) {
    const icon = iconFor(r.type);
    if (icon === 'virtualNetwork') continue;
    const key = normId(r.id);
    const role: Role = roles.get(key) ?? 'other';
    nodes.set(key, {
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
    resourceNodes.push(r);
  }

  // Placement: NIC / container group / private endpoint / PLS / LB frontend → subnet.
  for (const r of resourceNodes) {
    const sid = subnetOf(r);
    if (!sid || !SUBNET_RE.test(sid)) continue;
    const skey = ensureSubnet(sid);
    const node = nodes.get(normId(r.id));
    if (node) node.parent = skey;
    addEdge({ source: normId(r.id), target: skey, kind: 'placement', label: 'in subnet', onPath: false });
  }

  // A VM is drawn in the subnet of its first NIC.
  for (const r of resourceNodes) {
    if (iconFor(r.type) !== 'virtualMachine') continue;
    const node = nodes.get(normId(r.id));
    const nic = vmNicIds(r)
      .map((n) => nodes.get(n))
      .find((n) => n?.parent);
    if (node && nic?.parent) node.parent = nic.parent;
  }

  // Attachments from real properties.
  for (const r of resourceNodes) {
    const key = normId(r.id);
    const p = r.properties;
    switch (iconFor(r.type)) {
      case 'virtualMachine': {
        for (const nic of vmNicIds(r))
          addEdge({ source: key, target: nic, kind: 'attachment', label: 'NIC', onPath: false });
        const disk = str(at(p, 'storageProfile', 'osDisk', 'managedDisk', 'id'));
        if (disk)
          addEdge({ source: key, target: normId(disk), kind: 'attachment', label: 'OS disk', onPath: false });
        break;
      }
      case 'networkInterface': {
        const nsg = str(at(p, 'networkSecurityGroup', 'id'));
        if (nsg)
          addEdge({ source: key, target: normId(nsg), kind: 'attachment', label: 'NSG', onPath: false });
        break;
      }
      case 'privateEndpoint': {
        const conns = [
          ...arr(at(p, 'privateLinkServiceConnections')),
          ...arr(at(p, 'manualPrivateLinkServiceConnections')),
        ];
        for (const c of conns) {
          const pls = str(at(c, 'properties', 'privateLinkServiceId'));
          if (pls)
            addEdge({
              source: key,
              target: normId(pls),
              kind: 'attachment',
              label: 'private link',
              onPath: true,
            });
        }
        for (const nic of refIds(at(p, 'networkInterfaces')))
          addEdge({ source: key, target: normId(nic), kind: 'attachment', label: 'NIC', onPath: false });
        break;
      }
      case 'privateLinkService': {
        for (const fe of refIds(at(p, 'loadBalancerFrontendIpConfigurations'))) {
          const lb = parentOf(fe, 'frontendIPConfigurations') ?? topLevelOf(fe);
          addEdge({
            source: key,
            target: normId(lb),
            kind: 'attachment',
            label: `frontend ${lastSegment(fe)}`,
            onPath: true,
          });
        }
        for (const nic of refIds(at(p, 'networkInterfaces')))
          addEdge({ source: key, target: normId(nic), kind: 'attachment', label: 'NIC', onPath: false });
        break;
      }
      case 'loadBalancer': {
        for (const ipc of lbBackendIpConfigs(r)) {
          const nic = ipc.replace(/\/ipconfigurations\/[^/]+$/, '');
          addEdge({ source: key, target: nic, kind: 'attachment', label: 'backend pool', onPath: false });
        }
        break;
      }
      default:
        break;
    }
  }
  // Pool membership recorded on the NIC side (loadBalancerBackendAddressPools) counts too.
  for (const r of resourceNodes) {
    if (iconFor(r.type) !== 'networkInterface') continue;
    for (const pool of nicBackendPools(r)) {
      const lb = normId(parentOf(pool, 'backendAddressPools') ?? topLevelOf(pool));
      addEdge({ source: lb, target: normId(r.id), kind: 'attachment', label: 'backend pool', onPath: false });
    }
  }
  // Subnet → NSG (from the VNet's subnet properties).
  for (const r of resources) {
    if (iconFor(r.type) !== 'virtualNetwork') continue;
    for (const sub of arr(at(r.properties, 'subnets'))) {
      const sid = str(at(sub, 'id'));
      const nsg = str(at(sub, 'properties', 'networkSecurityGroup', 'id'));
      if (sid && nsg)
        addEdge({
          source: normId(sid),
          target: normId(nsg),
          kind: 'attachment',
          label: 'NSG',
          onPath: false,
        });
    }
  }

  // --- traffic: per-layout rules over the resources that exist --------------------------------------
  const withRole = (role: Role) => resourceNodes.filter((r) => roles.get(normId(r.id)) === role);
  const containers = withRole('buildContainer');
  const buildVms = withRole('buildVm');
  const proxyVms = withRole('proxyVm');
  const osOf = (vm: StagingResource | undefined): OsType =>
    (vm ? vmOsType(vm) : undefined) ?? options.os ?? 'Linux';
  const os = osOf(buildVms[0] ?? proxyVms[0]);
  const ports = portsFor(os);

  if (layout === 1 || layout === 3) {
    for (const c of containers)
      for (const vm of buildVms) {
        const p = portsFor(osOf(vm));
        addEdge({
          source: normId(c.id),
          target: normId(vm.id),
          kind: 'traffic',
          label: p.buildProtocol,
          ports: p.build,
          onPath: true,
        });
      }
  } else {
    for (const c of containers)
      for (const pe of withRole('privateEndpoint'))
        addEdge({
          source: normId(c.id),
          target: normId(pe.id),
          kind: 'traffic',
          label: 'to proxy',
          ports: ports.proxy,
          onPath: true,
        });
    // PE → PLS and PLS → LB carry the proxy port.
    for (const e of edges.values()) {
      const s = nodes.get(e.source);
      if (
        e.kind === 'attachment' &&
        (s?.role === 'privateEndpoint' || s?.role === 'privateLinkService') &&
        e.onPath
      )
        e.ports = ports.proxy;
    }
    // LB → proxy VM: from backend pool membership of the proxy VM's NICs.
    for (const vm of proxyVms) {
      const nics = new Set(vmNicIds(vm));
      for (const e of [...edges.values()]) {
        if (e.kind === 'attachment' && e.label === 'backend pool' && nics.has(e.target)) {
          addEdge({
            source: e.source,
            target: normId(vm.id),
            kind: 'traffic',
            label: 'proxy',
            ports: lbBackendPort(byId.get(e.source), ports.proxy) ?? ports.proxy,
            onPath: true,
          });
        }
      }
      for (const b of buildVms) {
        const p = portsFor(osOf(b));
        addEdge({
          source: normId(vm.id),
          target: normId(b.id),
          kind: 'traffic',
          label: p.buildProtocol,
          ports: p.build,
          onPath: true,
        });
      }
    }
  }

  return { nodes: [...nodes.values()], edges: [...edges.values()], layout, ...(phase ? { phase } : {}) };
}

function lbBackendPort(lb: StagingResource | undefined, preferred: string): string | undefined {
  const ports = arr(at(lb?.properties, 'loadBalancingRules'))
    .map((rule) => num(at(rule, 'properties', 'backendPort')))
    .filter((n): n is number => n !== undefined && n > 0);
  if (ports.includes(Number(preferred))) return preferred;
  return ports.length ? [...new Set(ports)].join(', ') : undefined;
}

function vnetDetails(r: StagingResource): Array<[string, string]> {
  const prefixes = arr(at(r.properties, 'addressSpace', 'addressPrefixes')).filter(
    (x): x is string => typeof x === 'string',
  );
  const d: Array<[string, string]> = [['Owner', 'Azure VM Image Builder (staging)']];
  if (prefixes.length) d.push(['Address space', prefixes.join(', ')]);
  return d;
}

/** The properties that matter per type, for the details panel and the table. */
export function resourceDetails(r: StagingResource, role: Role): Array<[string, string]> {
  const p = r.properties;
  const d: Array<[string, string]> = [];
  const push = (k: string, v: string | undefined) => {
    if (v) d.push([k, v]);
  };
  push('Kind', typeLabel(r.type));
  switch (iconFor(r.type)) {
    case 'networkInterface': {
      const cfg = arr(at(p, 'ipConfigurations'))[0];
      push('Subnet', subnetLabel(str(at(cfg, 'properties', 'subnet', 'id'))));
      push('Private IP', str(at(cfg, 'properties', 'privateIPAddress')));
      push(
        'Attached to',
        lastOf(
          str(at(p, 'virtualMachine', 'id')) ??
            str(at(p, 'privateEndpoint', 'id')) ??
            str(at(p, 'privateLinkService', 'id')),
        ),
      );
      break;
    }
    case 'virtualMachine':
      push('Role', role === 'proxyVm' ? 'Proxy VM' : 'Build VM');
      push('VM size', str(at(p, 'hardwareProfile', 'vmSize')));
      push('OS', vmOsType(r));
      push('NICs', vmNicIds(r).map(lastSegment).join(', ') || undefined);
      break;
    case 'containerGroup': {
      push('Subnet', subnetLabel(refIds(at(p, 'subnetIds'))[0]));
      push('OS', str(at(p, 'osType')));
      push('IP address', str(at(p, 'ipAddress', 'ip')));
      const c = arr(at(p, 'containers'))[0];
      const cpu = num(at(c, 'properties', 'resources', 'requests', 'cpu'));
      const mem = num(at(c, 'properties', 'resources', 'requests', 'memoryInGB'));
      if (cpu !== undefined) push('CPU / memory', `${cpu} cores / ${mem ?? '?'} GB`);
      break;
    }
    case 'privateEndpoint': {
      push('Subnet', subnetLabel(str(at(p, 'subnet', 'id'))));
      const c =
        arr(at(p, 'privateLinkServiceConnections'))[0] ??
        arr(at(p, 'manualPrivateLinkServiceConnections'))[0];
      push('Private Link Service', lastOf(str(at(c, 'properties', 'privateLinkServiceId'))));
      push('Connection', str(at(c, 'properties', 'privateLinkServiceConnectionState', 'status')));
      break;
    }
    case 'privateLinkService': {
      const cfg = arr(at(p, 'ipConfigurations'))[0];
      push('Subnet', subnetLabel(str(at(cfg, 'properties', 'subnet', 'id'))));
      push(
        'LB frontend',
        refIds(at(p, 'loadBalancerFrontendIpConfigurations')).map(lastSegment).join(', ') || undefined,
      );
      push('Alias', str(at(p, 'alias')));
      break;
    }
    case 'loadBalancer': {
      push('SKU', str(at(r.sku, 'name')));
      const fe = arr(at(p, 'frontendIPConfigurations'))[0];
      push('Frontend IP', str(at(fe, 'properties', 'privateIPAddress')));
      push('Subnet', subnetLabel(str(at(fe, 'properties', 'subnet', 'id'))));
      const rules = arr(at(p, 'loadBalancingRules'))
        .map((x) => {
          const fp = num(at(x, 'properties', 'frontendPort'));
          const bp = num(at(x, 'properties', 'backendPort'));
          return fp !== undefined
            ? `${str(at(x, 'properties', 'protocol')) ?? 'Tcp'} ${fp}→${bp ?? fp}`
            : undefined;
        })
        .filter((x): x is string => !!x);
      push('Rules', rules.join(', ') || undefined);
      push(
        'Backend pools',
        arr(at(p, 'backendAddressPools'))
          .map((x) => str(at(x, 'name')) ?? '')
          .filter(Boolean)
          .join(', ') || undefined,
      );
      break;
    }
    case 'networkSecurityGroup': {
      const rules = arr(at(p, 'securityRules'))
        .map((x) => {
          const o = obj(at(x, 'properties'));
          return o
            ? `${str(at(x, 'name')) ?? ''} ${str(o.direction) ?? ''} ${str(o.access) ?? ''} ${str(o.destinationPortRange) ?? ''}`.trim()
            : undefined;
        })
        .filter((x): x is string => !!x);
      push('Rules', rules.join('; ') || undefined);
      break;
    }
    case 'disk':
      push('Size', num(at(p, 'diskSizeGB')) !== undefined ? `${num(at(p, 'diskSizeGB'))} GB` : undefined);
      push('SKU', str(at(r.sku, 'name')));
      break;
    case 'storageAccount':
      push('Blob endpoint', str(at(p, 'primaryEndpoints', 'blob')));
      push('Holds', 'Build logs (packerlogs)');
      break;
    default:
      break;
  }
  return d;
}

function lastOf(id: string | undefined): string | undefined {
  return id ? lastSegment(id) : undefined;
}

function subnetLabel(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const vnet = parentOf(id, 'subnets');
  return vnet ? `${lastSegment(vnet)}/${lastSegment(id)}` : lastSegment(id);
}
