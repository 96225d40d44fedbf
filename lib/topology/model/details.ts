// The properties that matter per kind of resource, for the details panel and the table: one small
// reader per kind (a table), each pushing label/value pairs; empty values are left out.
import type { IconKey, Role, StagingResource } from './types';
import { arr, at, num, obj, refIds, str } from './json';
import { nameOf, parentIdOf } from '@/lib/azure/ids';
import { iconFor, typeLabel, vmNicIds, vmOsType } from './classify';

type Push = (label: string, value: string | undefined) => void;
type Reader = (r: StagingResource, push: Push, role: Role) => void;

function lastOf(id: string | undefined): string | undefined {
  return id ? nameOf(id) : undefined;
}

function subnetLabel(id: string | undefined): string | undefined {
  if (!id) return undefined;
  const vnet = parentIdOf(id, 'subnets');
  return vnet ? `${nameOf(vnet)}/${nameOf(id)}` : nameOf(id);
}

const networkInterface: Reader = ({ properties: p }, push) => {
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
};

const virtualMachine: Reader = (r, push, role) => {
  push('Role', role === 'proxyVm' ? 'Proxy VM' : 'Build VM');
  push('VM size', str(at(r.properties, 'hardwareProfile', 'vmSize')));
  push('OS', vmOsType(r));
  push('NICs', vmNicIds(r).map(nameOf).join(', ') || undefined);
};

const containerGroup: Reader = ({ properties: p }, push) => {
  push('Subnet', subnetLabel(refIds(at(p, 'subnetIds'))[0]));
  push('OS', str(at(p, 'osType')));
  push('IP address', str(at(p, 'ipAddress', 'ip')));
  const c = arr(at(p, 'containers'))[0];
  const cpu = num(at(c, 'properties', 'resources', 'requests', 'cpu'));
  const mem = num(at(c, 'properties', 'resources', 'requests', 'memoryInGB'));
  if (cpu !== undefined) push('CPU / memory', `${cpu} cores / ${mem ?? '?'} GB`);
};

const privateEndpoint: Reader = ({ properties: p }, push) => {
  push('Subnet', subnetLabel(str(at(p, 'subnet', 'id'))));
  const c =
    arr(at(p, 'privateLinkServiceConnections'))[0] ?? arr(at(p, 'manualPrivateLinkServiceConnections'))[0];
  push('Private Link Service', lastOf(str(at(c, 'properties', 'privateLinkServiceId'))));
  push('Connection', str(at(c, 'properties', 'privateLinkServiceConnectionState', 'status')));
};

const privateLinkService: Reader = ({ properties: p }, push) => {
  const cfg = arr(at(p, 'ipConfigurations'))[0];
  push('Subnet', subnetLabel(str(at(cfg, 'properties', 'subnet', 'id'))));
  push(
    'LB frontend',
    refIds(at(p, 'loadBalancerFrontendIpConfigurations')).map(nameOf).join(', ') || undefined,
  );
  push('Alias', str(at(p, 'alias')));
};

function lbRule(x: unknown): string | undefined {
  const fp = num(at(x, 'properties', 'frontendPort'));
  const bp = num(at(x, 'properties', 'backendPort'));
  return fp !== undefined ? `${str(at(x, 'properties', 'protocol')) ?? 'Tcp'} ${fp}→${bp ?? fp}` : undefined;
}

const loadBalancer: Reader = (r, push) => {
  const p = r.properties;
  push('SKU', str(at(r.sku, 'name')));
  const fe = arr(at(p, 'frontendIPConfigurations'))[0];
  push('Frontend IP', str(at(fe, 'properties', 'privateIPAddress')));
  push('Subnet', subnetLabel(str(at(fe, 'properties', 'subnet', 'id'))));
  const rules = arr(at(p, 'loadBalancingRules'))
    .map(lbRule)
    .filter((x): x is string => !!x);
  push('Rules', rules.join(', ') || undefined);
  push(
    'Backend pools',
    arr(at(p, 'backendAddressPools'))
      .map((x) => str(at(x, 'name')) ?? '')
      .filter(Boolean)
      .join(', ') || undefined,
  );
};

const networkSecurityGroup: Reader = ({ properties: p }, push) => {
  const rules = arr(at(p, 'securityRules'))
    .map((x) => {
      const o = obj(at(x, 'properties'));
      return o
        ? `${str(at(x, 'name')) ?? ''} ${str(o.direction) ?? ''} ${str(o.access) ?? ''} ${str(o.destinationPortRange) ?? ''}`.trim()
        : undefined;
    })
    .filter((x): x is string => !!x);
  push('Rules', rules.join('; ') || undefined);
};

const disk: Reader = (r, push) => {
  const size = num(at(r.properties, 'diskSizeGB'));
  push('Size', size !== undefined ? `${size} GB` : undefined);
  push('SKU', str(at(r.sku, 'name')));
};

const storageAccount: Reader = (r, push) => {
  push('Blob endpoint', str(at(r.properties, 'primaryEndpoints', 'blob')));
  push('Holds', 'Build logs (packerlogs)');
};

const READERS: Partial<Record<IconKey, Reader>> = {
  networkInterface,
  virtualMachine,
  containerGroup,
  privateEndpoint,
  privateLinkService,
  loadBalancer,
  networkSecurityGroup,
  disk,
  storageAccount,
};

/** The properties that matter per type, for the details panel and the table. */
export function resourceDetails(r: StagingResource, role: Role): Array<[string, string]> {
  const d: Array<[string, string]> = [];
  const push: Push = (k, v) => {
    if (v) d.push([k, v]);
  };
  push('Kind', typeLabel(r.type));
  READERS[iconFor(r.type)]?.(r, push, role);
  return d;
}

export function vnetDetails(r: StagingResource): Array<[string, string]> {
  const prefixes = arr(at(r.properties, 'addressSpace', 'addressPrefixes')).filter(
    (x): x is string => typeof x === 'string',
  );
  const d: Array<[string, string]> = [['Owner', 'Azure VM Image Builder (staging)']];
  if (prefixes.length) d.push(['Address space', prefixes.join(', ')]);
  return d;
}
