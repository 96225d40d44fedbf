// Building, part two: the network AIB creates in the staging group for the template's layout. Layout 1
// (no vnetConfig) gets two NSGs and a VNet with a container subnet and a build VM subnet; layout 2 (build
// VM in the user's subnet, proxy) gets the container subnet plus the private link path to the user's
// subnet; layout 3 (both subnets the user's) gets nothing here.
import type { ArmResource } from '../../core/types.ts';
import { isRec } from '../../core/rec.ts';
import {
  ACI_DELEGATION_SERVICE,
  loadBalancer,
  networkInterface,
  networkSecurityGroup,
  privateEndpoint,
  privateLinkService,
  virtualNetwork,
} from '../../shapes/network.ts';
import { disk, virtualMachine } from '../../shapes/compute.ts';
import { guid } from '../../providers/imagebuilder/naming.ts';
import { DURATIONS } from '../plan.ts';
import { addressIn, findSubnet, plsPoliciesEnabled } from '../network.ts';
import * as M from '../messages.ts';
import { BuildFailure, type BuildRun } from '../build-run.ts';
import type { Provisioned } from './provision.ts';

/** The two subnets the build uses from here on: where the build VM goes, where the container goes. */
export interface BuildSubnets {
  vmSubnetId: string;
  vmSubnet: ArmResource | undefined;
  aciSubnetId: string;
  aciSubnet: ArmResource | undefined;
}

export async function stagingNetwork(run: BuildRun, p: Provisioned): Promise<BuildSubnets> {
  const user: BuildSubnets = {
    vmSubnetId: p.subnetId ?? '',
    vmSubnet: p.buildSubnet,
    aciSubnetId: p.aciSubnetId ?? '',
    aciSubnet: p.aciSubnet,
  };
  if (p.layout !== 1 && p.layout !== 2) return user;
  const { names } = run;
  const nsgAci = networkSecurityGroup({ ...run.placement(names.aciNsg) });
  const second = p.layout === 1 ? names.vmNsg : `${names.aciNsg.replace('aci', 'pe')}`;
  const nsgVm = networkSecurityGroup({ ...run.placement(second) });
  await run.create(nsgAci, DURATIONS.nsg);
  await run.create(nsgVm, DURATIONS.nsg);
  const vnet = virtualNetwork({
    ...run.placement(names.vnet),
    addressPrefixes: ['10.0.0.0/16'],
    subnets: [
      {
        name: names.aciSubnet,
        addressPrefix: '10.0.1.0/24',
        networkSecurityGroupId: nsgAci.id,
        delegations: [ACI_DELEGATION_SERVICE],
      },
      {
        name: p.layout === 1 ? names.vmSubnet : names.peSubnet,
        addressPrefix: '10.0.2.0/24',
        networkSecurityGroupId: nsgVm.id,
        ...(p.layout === 2 ? { privateLinkServiceNetworkPolicies: 'Disabled' as const } : {}),
      },
    ],
  });
  await run.create(vnet, DURATIONS.vnet);
  const subs = (vnet.properties?.subnets ?? []) as ArmResource[];
  const staged = { ...user, aciSubnet: subs[0], aciSubnetId: subs[0]?.id ?? '' };
  if (p.layout === 1) return { ...staged, vmSubnet: subs[1], vmSubnetId: subs[1]?.id ?? '' };
  await privateLinkPath(run, p, subs[1]);
  return staged;
}

export function linkNicToVm(run: BuildRun, nicId: string, vmId: string): void {
  const nic = run.deps.world.get(nicId);
  if (!nic || !isRec(nic.properties)) return;
  nic.properties.virtualMachine = { id: vmId };
  nic.properties.primary = true;
  run.deps.world.put(nic);
}

function stagingIdOf(run: BuildRun, type: string, name: string): string {
  return `/subscriptions/${run.staging?.subscriptionId ?? ''}/resourceGroups/${run.staging?.name ?? ''}/providers/${type}/${name}`;
}

/** Layout 2: the load balancer, proxy VM, Private Link Service and private endpoint. */
async function privateLinkPath(
  run: BuildRun,
  p: Provisioned,
  peSubnet: ArmResource | undefined,
): Promise<void> {
  const { subnetId } = p;
  // The user's subnet as it is now, after the staging network was made.
  const userSubnet = subnetId ? findSubnet(run.deps.world, subnetId) : undefined;
  if (!subnetId || !userSubnet || !peSubnet) return;
  const { lb, pls } = await proxyBehindLoadBalancer(run, p, subnetId, userSubnet);
  const fail = plsPoliciesEnabled(userSubnet)
    ? new BuildFailure(
        'PrivateLinkServiceNetworkPoliciesCannotBeEnabledOnPrivateLinkServiceSubnet',
        M.deploymentFailed(M.plsPolicies(subnetId)),
      )
    : undefined;
  const plsRes = privateLinkService({
    ...run.placement(run.names.pls),
    loadBalancerFrontendIpConfigurationIds: [`${lb}/frontendIPConfigurations/aibfrontend`],
    ipConfigurations: [{ name: 'aibplsipconfig', subnetId, privateIPAddress: addressIn(userSubnet, 4) }],
    networkInterfaceIds: [pls.nicId],
  });
  await run.create(plsRes, DURATIONS.privateLinkService, fail ? { fail } : {});
  const plsNic = networkInterface({
    ...run.placement(run.names.plsNic),
    ipConfigurations: [{ name: 'aibplsipconfig', subnetId, privateIPAddress: addressIn(userSubnet, 4) }],
    privateLinkServiceId: plsRes.id,
  });
  await run.create(plsNic, 5);
  await privateEndpointTo(run, plsRes.id, peSubnet);
}

/** The proxy VM behind an internal load balancer in the user's subnet (ports 60000/60001). */
async function proxyBehindLoadBalancer(
  run: BuildRun,
  p: Provisioned,
  subnetId: string,
  userSubnet: ArmResource,
): Promise<{ lb: string; pls: { nicId: string } }> {
  const { names } = run;
  const lbId = stagingIdOf(run, 'Microsoft.Network/loadBalancers', names.loadBalancer);
  const proxyNic = networkInterface({
    ...run.placement(names.proxyNic),
    ipConfigurations: [
      {
        name: 'ipconfig',
        subnetId,
        privateIPAddress: addressIn(userSubnet, 2),
        loadBalancerBackendAddressPoolIds: [`${lbId}/backendAddressPools/aibbackendpool`],
      },
    ],
  });
  const lb = loadBalancer({
    ...run.placement(names.loadBalancer),
    frontends: [{ name: 'aibfrontend', subnetId, privateIPAddress: addressIn(userSubnet, 3) }],
    backendPools: [
      { name: 'aibbackendpool', backendIPConfigurationIds: [`${proxyNic.id}/ipConfigurations/ipconfig`] },
    ],
    probes: [{ name: 'aibprobe', port: run.os === 'Windows' ? 60000 : 60001 }],
    rules: [
      { name: 'aibrule-60000', frontendPort: 60000, backendPort: 60000, probe: 'aibprobe' },
      { name: 'aibrule-60001', frontendPort: 60001, backendPort: 60001, probe: 'aibprobe' },
    ],
  });
  await run.create(lb, DURATIONS.loadBalancer);
  await run.create(proxyNic, DURATIONS.nic);
  const proxyDisk = disk({ ...run.placement(names.proxyDisk), osType: 'Linux', diskSizeGB: 30 });
  const proxyVm = virtualMachine({
    ...run.placement(names.proxyVm),
    vmSize: p.proxyVmSize ?? 'Standard_A1_v2',
    osType: 'Linux',
    osDiskName: names.proxyDisk,
    osDiskId: proxyDisk.id,
    networkInterfaceIds: [proxyNic.id],
    imageReference: {
      publisher: 'Canonical',
      offer: '0001-com-ubuntu-server-jammy',
      sku: '22_04-lts-gen2',
      version: 'latest',
    },
  });
  proxyDisk.managedBy = proxyVm.id;
  await run.create(proxyDisk, 20);
  await run.create(proxyVm, DURATIONS.proxyVm);
  linkNicToVm(run, proxyNic.id, proxyVm.id);
  return { lb: lb.id, pls: { nicId: stagingIdOf(run, 'Microsoft.Network/networkInterfaces', names.plsNic) } };
}

/** The private endpoint in the staging VNet's endpoint subnet, auto-approved on the Private Link Service. */
async function privateEndpointTo(run: BuildRun, plsId: string, peSubnet: ArmResource): Promise<void> {
  const { names } = run;
  const pe = privateEndpoint({
    ...run.placement(names.privateEndpoint),
    subnetId: peSubnet.id,
    privateLinkServiceId: plsId,
    networkInterfaceIds: [stagingIdOf(run, 'Microsoft.Network/networkInterfaces', names.peNic)],
  });
  await run.create(pe, DURATIONS.privateEndpoint);
  const peNic = networkInterface({
    ...run.placement(names.peNic),
    ipConfigurations: [
      { name: 'privateEndpointIpConfig', subnetId: peSubnet.id, privateIPAddress: addressIn(peSubnet, 0) },
    ],
    privateEndpointId: pe.id,
  });
  await run.create(peNic, 5);
  // The PLS now shows the endpoint's connection.
  const cur = run.deps.world.get(plsId);
  if (!cur || !isRec(cur.properties)) return;
  cur.properties.privateEndpointConnections = [
    {
      name: `${names.privateEndpoint}.${run.memo('privateEndpointConnection', () => guid(run.rand))}`,
      id: `${plsId}/privateEndpointConnections/${names.privateEndpoint}`,
      type: 'Microsoft.Network/privateLinkServices/privateEndpointConnections',
      properties: {
        provisioningState: 'Succeeded',
        privateEndpoint: { id: pe.id },
        privateLinkServiceConnectionState: {
          status: 'Approved',
          description: 'Auto Approved',
          actionsRequired: 'None',
        },
      },
    },
  ];
  run.deps.world.put(cur);
}
