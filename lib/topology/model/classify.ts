// Type → icon, and the AIB role of each resource, from its type, name and real properties.
import type { IconKey, Role, StagingResource } from './types';
import { at, refIds, str, arr } from './json';
import { idKey } from '@/lib/azure/ids';

const ICONS: Record<string, IconKey> = {
  'microsoft.containerinstance/containergroups': 'containerGroup',
  'microsoft.compute/virtualmachines': 'virtualMachine',
  'microsoft.network/networkinterfaces': 'networkInterface',
  'microsoft.network/privateendpoints': 'privateEndpoint',
  'microsoft.network/privatelinkservices': 'privateLinkService',
  'microsoft.network/loadbalancers': 'loadBalancer',
  'microsoft.network/virtualnetworks': 'virtualNetwork',
  'microsoft.network/virtualnetworks/subnets': 'subnet',
  'microsoft.network/networksecuritygroups': 'networkSecurityGroup',
  'microsoft.compute/disks': 'disk',
  'microsoft.storage/storageaccounts': 'storageAccount',
  'microsoft.network/publicipaddresses': 'publicIp',
};

export function iconFor(type: string): IconKey {
  return ICONS[type.toLowerCase()] ?? 'generic';
}

/** Human name of a type, for tables and details. Unknown types show their ARM type. */
export function typeLabel(type: string): string {
  const labels: Record<IconKey, string> = {
    containerGroup: 'Container instance',
    virtualMachine: 'Virtual machine',
    networkInterface: 'Network interface',
    privateEndpoint: 'Private endpoint',
    privateLinkService: 'Private Link Service',
    loadBalancer: 'Load balancer',
    virtualNetwork: 'Virtual network',
    subnet: 'Subnet',
    networkSecurityGroup: 'Network security group',
    disk: 'Disk',
    storageAccount: 'Storage account',
    publicIp: 'Public IP address',
    generic: type,
  };
  return labels[iconFor(type)];
}

/** NIC ids a VM is attached to (networkProfile.networkInterfaces[].id). */
export function vmNicIds(r: StagingResource): string[] {
  return refIds(at(r.properties, 'networkProfile', 'networkInterfaces')).map(idKey);
}

/** Backend pool ids a NIC's ip configurations are members of. */
export function nicBackendPools(r: StagingResource): string[] {
  return arr(at(r.properties, 'ipConfigurations')).flatMap((c) =>
    refIds(at(c, 'properties', 'loadBalancerBackendAddressPools')).map(idKey),
  );
}

/** NIC ip configuration ids listed in a load balancer's backend pools. */
export function lbBackendIpConfigs(r: StagingResource): string[] {
  return arr(at(r.properties, 'backendAddressPools')).flatMap((p) =>
    refIds(at(p, 'properties', 'backendIPConfigurations')).map(idKey),
  );
}

export function vmOsType(r: StagingResource): 'Linux' | 'Windows' | undefined {
  const os = str(at(r.properties, 'storageProfile', 'osDisk', 'osType'));
  if (os?.toLowerCase() === 'windows') return 'Windows';
  if (os?.toLowerCase() === 'linux') return 'Linux';
  return undefined;
}

/**
 * Roles of all resources together: a VM is the proxy VM when one of its NICs sits in a load balancer's
 * backend pool (or, before the pool is wired, when its name says proxy); every other VM is a build VM.
 */
export function assignRoles(resources: StagingResource[]): Map<string, Role> {
  const roles = new Map<string, Role>();
  const pooledNics = new Set<string>();
  for (const r of resources) {
    const icon = iconFor(r.type);
    if (icon === 'networkInterface' && nicBackendPools(r).length > 0) pooledNics.add(idKey(r.id));
    if (icon === 'loadBalancer') {
      for (const ipc of lbBackendIpConfigs(r)) pooledNics.add(ipc.replace(/\/ipconfigurations\/[^/]+$/, ''));
    }
  }
  for (const r of resources) {
    const icon = iconFor(r.type);
    let role: Role;
    switch (icon) {
      case 'containerGroup':
        role = 'buildContainer';
        break;
      case 'virtualMachine': {
        const pooled = vmNicIds(r).some((n) => pooledNics.has(n));
        role = pooled || /proxy/i.test(r.name) ? 'proxyVm' : 'buildVm';
        break;
      }
      case 'networkInterface':
        role = 'nic';
        break;
      case 'privateEndpoint':
        role = 'privateEndpoint';
        break;
      case 'privateLinkService':
        role = 'privateLinkService';
        break;
      case 'loadBalancer':
        role = 'loadBalancer';
        break;
      case 'virtualNetwork':
        role = 'vnet';
        break;
      case 'subnet':
        role = 'subnet';
        break;
      case 'networkSecurityGroup':
        role = 'nsg';
        break;
      case 'disk':
        role = 'disk';
        break;
      case 'storageAccount':
        role = 'logs';
        break;
      case 'publicIp':
        role = 'publicIp';
        break;
      default:
        role = 'other';
    }
    roles.set(idKey(r.id), role);
  }
  return roles;
}
