// What links staging resources, as data: where each kind names its subnet (placement), and which
// properties name another resource (attachments). Only real properties make edges; buildGraph applies
// these tables to the resources that exist. Traffic edges are per-layout rules (traffic.ts).
import type { IconKey, StagingResource } from './types';
import { arr, at, refIds, str } from './json';
import { idKey, nameOf, parentIdOf, topLevelIdOf } from '@/lib/azure/ids';
import { lbBackendIpConfigs, nicBackendPools, vmNicIds } from './classify';

type Props = StagingResource['properties'];

const firstIpConfigSubnet =
  (list: string) =>
  (p: Props): string | undefined =>
    arr(at(p, list))
      .map((c) => str(at(c, 'properties', 'subnet', 'id')))
      .find((s) => s !== undefined);

/** Where a resource of each kind names the subnet it sits in (a NIC's first ip configuration, …). */
export const PLACEMENT: Partial<Record<IconKey, (p: Props) => string | undefined>> = {
  networkInterface: firstIpConfigSubnet('ipConfigurations'),
  containerGroup: (p) => refIds(at(p, 'subnetIds'))[0],
  privateEndpoint: (p) => str(at(p, 'subnet', 'id')),
  privateLinkService: firstIpConfigSubnet('ipConfigurations'),
  loadBalancer: firstIpConfigSubnet('frontendIPConfigurations'),
};

/** One attachment a resource's properties name: the other end, and the label when it varies per link. */
interface Link {
  target: string;
  label?: string;
}

export interface Attachment {
  /** The kind of resource whose properties hold the reference. */
  on: IconKey;
  label: string;
  /** Part of the path the build's traffic takes (drawn stronger; layout 2 puts the proxy port on it). */
  onPath: boolean;
  /** The resources this one's properties point at (normalised ids). */
  links: (r: StagingResource) => Link[];
  /** Draw the edge from the other end to this resource (membership recorded on the member's side). */
  reverse?: true;
}

const to = (ids: string[]): Link[] => ids.map((target) => ({ target: idKey(target) }));

/**
 * Attachments, in passes: within a pass, resources in order and each resource's attachments in table
 * order (the first edge between two nodes wins its label).
 */
export const ATTACHMENT_PASSES: readonly (readonly Attachment[])[] = [
  [
    { on: 'virtualMachine', label: 'NIC', onPath: false, links: (r) => to(vmNicIds(r)) },
    {
      on: 'virtualMachine',
      label: 'OS disk',
      onPath: false,
      links: (r) => to([str(at(r.properties, 'storageProfile', 'osDisk', 'managedDisk', 'id'))].filter(isId)),
    },
    {
      on: 'networkInterface',
      label: 'NSG',
      onPath: false,
      links: (r) => to([str(at(r.properties, 'networkSecurityGroup', 'id'))].filter(isId)),
    },
    {
      on: 'privateEndpoint',
      label: 'private link',
      onPath: true,
      links: (r) =>
        to(
          [
            ...arr(at(r.properties, 'privateLinkServiceConnections')),
            ...arr(at(r.properties, 'manualPrivateLinkServiceConnections')),
          ]
            .map((c) => str(at(c, 'properties', 'privateLinkServiceId')))
            .filter(isId),
        ),
    },
    { on: 'privateEndpoint', label: 'NIC', onPath: false, links: (r) => nicsOf(r) },
    {
      on: 'privateLinkService',
      label: 'frontend',
      onPath: true,
      links: (r) =>
        refIds(at(r.properties, 'loadBalancerFrontendIpConfigurations')).map((fe) => ({
          target: idKey(parentIdOf(fe, 'frontendIPConfigurations') ?? topLevelIdOf(fe)),
          label: `frontend ${nameOf(fe)}`,
        })),
    },
    { on: 'privateLinkService', label: 'NIC', onPath: false, links: (r) => nicsOf(r) },
    {
      on: 'loadBalancer',
      label: 'backend pool',
      onPath: false,
      links: (r) =>
        lbBackendIpConfigs(r).map((ipc) => ({ target: ipc.replace(/\/ipconfigurations\/[^/]+$/, '') })),
    },
  ],
  [
    // Pool membership recorded on the NIC side (loadBalancerBackendAddressPools) counts too.
    {
      on: 'networkInterface',
      label: 'backend pool',
      onPath: false,
      reverse: true,
      links: (r) =>
        nicBackendPools(r).map((pool) => ({
          target: idKey(parentIdOf(pool, 'backendAddressPools') ?? topLevelIdOf(pool)),
        })),
    },
  ],
];

function isId(s: string | undefined): s is string {
  return !!s;
}

function nicsOf(r: StagingResource): Link[] {
  return to(refIds(at(r.properties, 'networkInterfaces')));
}
