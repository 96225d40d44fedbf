// Staging resource group contents per layout, shaped as local Azure (and Azure) return them: the
// generic list fields plus each resource's GET properties. Used by the unit tests and the bench.
import type { NetworkLayout } from '@/lib/aib/network-layout';
import type { OsType, StagingResource, UserSubnet } from './types';

export const SUB = '0b6a2d1e-3c4f-4a5b-8c7d-9e0f1a2b3c4d';
export const STAGING_RG = `/subscriptions/${SUB}/resourceGroups/IT_img-rg_tmpl-linux_3e9f77e1-0747-42e2-ae85-68c0cd03c859`;
export const USER_VNET = `/subscriptions/${SUB}/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks/build-vnet`;
export const USER_BUILD_SUBNET = `${USER_VNET}/subnets/build`;
export const USER_ACI_SUBNET = `${USER_VNET}/subnets/aci`;

const N = 'Microsoft.Network';
const rid = (type: string, name: string) => `${STAGING_RG}/providers/${type}/${name}`;
const ref = (id: string) => ({ id });

export function userSubnetsFor(layout: NetworkLayout): UserSubnet[] {
  if (layout === 'aib-network') return [];
  const build: UserSubnet = { id: USER_BUILD_SUBNET, use: 'build', addressPrefix: '10.1.0.0/24' };
  return layout === 'private-link'
    ? [build]
    : [build, { id: USER_ACI_SUBNET, use: 'containerInstance', addressPrefix: '10.1.1.0/24' }];
}

function base(
  type: string,
  name: string,
  properties: Record<string, unknown>,
  extra: Partial<StagingResource> = {},
): StagingResource {
  return {
    id: rid(type, name),
    name,
    type,
    location: 'westeurope',
    provisioningState: 'Succeeded',
    createdTime: '2026-11-24T10:00:00Z',
    changedTime: '2026-11-24T10:00:00Z',
    properties: { provisioningState: 'Succeeded', ...properties },
    ...extra,
  };
}

export function storageAccount(): StagingResource {
  return base(
    'Microsoft.Storage/storageAccounts',
    'xkzlyccln2x4qrzk8r60s8oc',
    {
      primaryEndpoints: { blob: 'https://127.0.0.1:10000/xkzlyccln2x4qrzk8r60s8oc/' },
    },
    { sku: { name: 'Standard_LRS' } },
  );
}

function nsg(name: string, subnetId?: string): StagingResource {
  return base(`${N}/networkSecurityGroups`, name, {
    securityRules: [],
    ...(subnetId ? { subnets: [ref(subnetId)] } : {}),
  });
}

function aibVnet(second: string): StagingResource {
  const id = rid(`${N}/virtualNetworks`, 'vmimagebuilder-vnet-3e9f77e1');
  const sub = (name: string, prefix: string, nsgName: string, delegated: boolean) => ({
    id: `${id}/subnets/${name}`,
    name,
    type: `${N}/virtualNetworks/subnets`,
    properties: {
      addressPrefix: prefix,
      networkSecurityGroup: ref(rid(`${N}/networkSecurityGroups`, nsgName)),
      delegations: delegated
        ? [{ name: 'aci', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } }]
        : [],
    },
  });
  return base(`${N}/virtualNetworks`, 'vmimagebuilder-vnet-3e9f77e1', {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
    subnets: [
      sub('aci-subnet', '10.0.0.0/24', 'aci-nsg', true),
      sub(second, '10.0.1.0/24', `${second}-nsg`, false),
    ],
  });
}

function nic(
  name: string,
  subnetId: string,
  ip: string,
  extra: Record<string, unknown> = {},
  pools: string[] = [],
): StagingResource {
  const id = rid(`${N}/networkInterfaces`, name);
  return base(`${N}/networkInterfaces`, name, {
    ipConfigurations: [
      {
        name: 'ipconfig1',
        id: `${id}/ipConfigurations/ipconfig1`,
        properties: {
          privateIPAddress: ip,
          subnet: ref(subnetId),
          primary: true,
          ...(pools.length ? { loadBalancerBackendAddressPools: pools.map(ref) } : {}),
        },
      },
    ],
    ...extra,
  });
}

function vm(name: string, nicId: string, os: OsType, size: string): StagingResource {
  return base('Microsoft.Compute/virtualMachines', name, {
    hardwareProfile: { vmSize: size },
    storageProfile: {
      osDisk: {
        osType: os,
        name: `${name}-osdisk`,
        managedDisk: { id: rid('Microsoft.Compute/disks', `${name}-osdisk`) },
      },
    },
    networkProfile: { networkInterfaces: [{ id: nicId, properties: { primary: true } }] },
  });
}

function disk(name: string, vmId: string): StagingResource {
  return base(
    'Microsoft.Compute/disks',
    name,
    { diskSizeGB: 30 },
    { sku: { name: 'Standard_LRS' }, ...{ managedBy: vmId } },
  );
}

function containerGroup(subnetId: string): StagingResource {
  return base('Microsoft.ContainerInstance/containerGroups', 'vmimagebuilder-build-container-5c2b9d', {
    osType: 'Linux',
    containers: [{ name: 'packerizer', properties: { resources: { requests: { cpu: 4, memoryInGB: 16 } } } }],
    ipAddress: { type: 'Private', ip: '10.0.0.4' },
    subnetIds: [ref(subnetId)],
  });
}

/** Everything the staging RG holds at the height of a build for `layout`. */
export function stagingResources(layout: NetworkLayout, os: OsType = 'Linux'): StagingResource[] {
  const out: StagingResource[] = [storageAccount()];
  const vmName = 'pkrvm5c2b9d1fa7';
  const buildNicId = rid(`${N}/networkInterfaces`, 'pkrni5c2b9d1fa7');
  const vnet = aibVnet(layout === 'private-link' ? 'pe-subnet' : 'build-subnet');
  const aibSub = (n: string) => `${vnet.id}/subnets/${n}`;
  if (layout !== 'own-subnets')
    out.push(
      vnet,
      nsg('aci-nsg', aibSub('aci-subnet')),
      nsg(layout === 'private-link' ? 'pe-subnet-nsg' : 'build-subnet-nsg'),
    );
  const buildSubnet = layout === 'aib-network' ? aibSub('build-subnet') : USER_BUILD_SUBNET;
  const aciSubnet = layout === 'own-subnets' ? USER_ACI_SUBNET : aibSub('aci-subnet');
  out.push(containerGroup(aciSubnet));
  out.push(
    nic('pkrni5c2b9d1fa7', buildSubnet, '10.1.0.5', {
      virtualMachine: ref(rid('Microsoft.Compute/virtualMachines', vmName)),
    }),
  );
  out.push(
    vm(vmName, buildNicId, os, 'Standard_D2ds_v4'),
    disk(`${vmName}-osdisk`, rid('Microsoft.Compute/virtualMachines', vmName)),
  );
  if (layout === 'private-link') {
    const lbId = rid(`${N}/loadBalancers`, 'aibproxylb5c2b9d');
    const plsId = rid(`${N}/privateLinkServices`, 'aibpls7lz2e');
    const peId = rid(`${N}/privateEndpoints`, 'aibpe7lz2e');
    const proxyNicId = rid(`${N}/networkInterfaces`, 'aibproxyvm5c2b9d-nic');
    out.push(
      base(
        `${N}/loadBalancers`,
        'aibproxylb5c2b9d',
        {
          frontendIPConfigurations: [
            {
              name: 'frontend',
              id: `${lbId}/frontendIPConfigurations/frontend`,
              properties: { privateIPAddress: '10.1.0.6', subnet: ref(USER_BUILD_SUBNET) },
            },
          ],
          backendAddressPools: [
            {
              name: 'proxy-pool',
              id: `${lbId}/backendAddressPools/proxy-pool`,
              properties: { backendIPConfigurations: [ref(`${proxyNicId}/ipConfigurations/ipconfig1`)] },
            },
          ],
          loadBalancingRules: [
            {
              name: 'proxy',
              properties: {
                protocol: 'Tcp',
                frontendPort: os === 'Windows' ? 60000 : 60001,
                backendPort: os === 'Windows' ? 60000 : 60001,
              },
            },
          ],
        },
        { sku: { name: 'Standard' } },
      ),
      base(`${N}/privateLinkServices`, 'aibpls7lz2e', {
        loadBalancerFrontendIpConfigurations: [ref(`${lbId}/frontendIPConfigurations/frontend`)],
        ipConfigurations: [{ name: 'ipconfig', properties: { subnet: ref(USER_BUILD_SUBNET) } }],
        networkInterfaces: [
          ref(rid(`${N}/networkInterfaces`, 'aibpls7lz2e.nic.4609d697-be0a-4cb0-86af-49b6fe877fe1')),
        ],
      }),
      nic('aibpls7lz2e.nic.4609d697-be0a-4cb0-86af-49b6fe877fe1', USER_BUILD_SUBNET, '10.1.0.7', {
        privateLinkService: ref(plsId),
      }),
      base(`${N}/privateEndpoints`, 'aibpe7lz2e', {
        subnet: ref(aibSub('pe-subnet')),
        privateLinkServiceConnections: [
          {
            name: 'aibpe7lz2e',
            properties: {
              privateLinkServiceId: plsId,
              privateLinkServiceConnectionState: { status: 'Approved' },
            },
          },
        ],
        manualPrivateLinkServiceConnections: [],
        networkInterfaces: [ref(rid(`${N}/networkInterfaces`, 'aibpe7lz2e.nic.0d1c'))],
      }),
      nic('aibpe7lz2e.nic.0d1c', aibSub('pe-subnet'), '10.0.1.4', { privateEndpoint: ref(peId) }),
      nic('aibproxyvm5c2b9d-nic', USER_BUILD_SUBNET, '10.1.0.8', {}, [
        `${lbId}/backendAddressPools/proxy-pool`,
      ]),
      vm('aibproxyvm5c2b9d', proxyNicId, 'Linux', 'Standard_A1_v2'),
    );
  }
  return out;
}
