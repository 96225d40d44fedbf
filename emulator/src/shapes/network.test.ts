import { describe, expect, it } from 'vitest';
import {
  ACI_DELEGATION_SERVICE,
  AIB_NSG_RULE,
  loadBalancer,
  networkInterface,
  networkSecurityGroup,
  privateEndpoint,
  subnet,
  virtualNetwork,
} from './network.ts';

const where = { subscriptionId: 'sub', resourceGroup: 'rg-net', location: 'westeurope' };
const vnetId = '/subscriptions/sub/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1';

describe('network shapes', () => {
  it('builds a VNet with its subnets inline, sharing the VNet etag', () => {
    const v = virtualNetwork({
      ...where,
      name: 'vnet1',
      addressPrefixes: ['10.0.0.0/16'],
      subnets: [{ name: 'build', addressPrefix: '10.0.1.0/24' }],
    });
    expect(v.id).toBe(vnetId);
    expect(v.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    const props = v.properties as { subnets: Array<Record<string, unknown>>; addressSpace: unknown };
    expect(props.addressSpace).toEqual({ addressPrefixes: ['10.0.0.0/16'] });
    expect(props.subnets[0]).toMatchObject({
      id: `${vnetId}/subnets/build`,
      etag: v.etag,
      type: 'Microsoft.Network/virtualNetworks/subnets',
      properties: {
        provisioningState: 'Succeeded',
        addressPrefix: '10.0.1.0/24',
        delegations: [],
        privateEndpointNetworkPolicies: 'Disabled',
        privateLinkServiceNetworkPolicies: 'Enabled',
      },
    });
    expect(props.subnets[0]?.properties).not.toHaveProperty('defaultOutboundAccess');
  });

  it('fills in delegation actions for ACI and keeps defaultOutboundAccess false when set', () => {
    const s = subnet(vnetId, {
      name: 'aci',
      addressPrefix: '10.0.2.0/24',
      delegations: [ACI_DELEGATION_SERVICE],
      defaultOutboundAccess: false,
      natGatewayId: '/x/natGateways/nat',
    });
    const p = s.properties as Record<string, unknown>;
    expect(p.defaultOutboundAccess).toBe(false);
    expect(p.natGateway).toEqual({ id: '/x/natGateways/nat' });
    expect(p.delegations).toEqual([
      {
        name: 'Microsoft.ContainerInstance.containerGroups',
        id: `${vnetId}/subnets/aci/delegations/Microsoft.ContainerInstance.containerGroups`,
        etag: expect.stringMatching(/^W\//) as unknown,
        type: 'Microsoft.Network/virtualNetworks/subnets/delegations',
        properties: {
          provisioningState: 'Succeeded',
          serviceName: 'Microsoft.ContainerInstance/containerGroups',
          actions: ['Microsoft.Network/virtualNetworks/subnets/action'],
        },
      },
    ]);
  });

  it('gives every NSG the six default rules with their real properties', () => {
    const n = networkSecurityGroup({ ...where, name: 'nsg1', securityRules: [AIB_NSG_RULE] });
    const p = n.properties as { defaultSecurityRules: ArmLike[]; securityRules: ArmLike[] };
    const summary = p.defaultSecurityRules.map((r) => [
      r.name,
      r.properties.priority,
      r.properties.direction,
      r.properties.access,
      r.properties.sourceAddressPrefix,
      r.properties.destinationAddressPrefix,
    ]);
    expect(summary).toEqual([
      ['AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
      ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'],
      ['DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'],
      ['AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'],
      ['AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'],
      ['DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'],
    ]);
    expect(p.defaultSecurityRules[0]).toMatchObject({
      id: `${n.id}/defaultSecurityRules/AllowVnetInBound`,
      type: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
      properties: {
        description: 'Allow inbound traffic from all VMs in VNET',
        protocol: '*',
        sourcePortRange: '*',
        destinationPortRange: '*',
        sourcePortRanges: [],
        destinationPortRanges: [],
        sourceAddressPrefixes: [],
        destinationAddressPrefixes: [],
      },
    });
    expect(p.securityRules[0]).toMatchObject({
      name: 'AzureImageBuilderNsgRule',
      type: 'Microsoft.Network/networkSecurityGroups/securityRules',
      properties: { priority: 400, destinationPortRange: '60000-60001', protocol: 'Tcp' },
    });
  });

  it('ties NICs, load balancers and private endpoints together by id', () => {
    const subnetId = `${vnetId}/subnets/build`;
    const lb = loadBalancer({
      ...where,
      name: 'lb',
      frontends: [{ name: 'fe', subnetId, privateIPAddress: '10.0.1.10' }],
      backendPools: [{ name: 'pool' }],
      rules: [{ name: 'ssh', frontendPort: 60001, backendPort: 60001 }],
    });
    const lp = lb.properties as { loadBalancingRules: ArmLike[]; frontendIPConfigurations: ArmLike[] };
    expect(lp.loadBalancingRules[0]?.properties).toMatchObject({
      frontendIPConfiguration: { id: `${lb.id}/frontendIPConfigurations/fe` },
      backendAddressPool: { id: `${lb.id}/backendAddressPools/pool` },
      frontendPort: 60001,
      backendPort: 60001,
      protocol: 'Tcp',
    });
    expect(lp.frontendIPConfigurations[0]?.properties.subnet).toEqual({ id: subnetId });
    const nic = networkInterface({
      ...where,
      name: 'nic',
      ipConfigurations: [
        {
          subnetId,
          privateIPAddress: '10.0.1.5',
          loadBalancerBackendAddressPoolIds: [`${lb.id}/backendAddressPools/pool`],
        },
      ],
    });
    const ip = (nic.properties as { ipConfigurations: ArmLike[] }).ipConfigurations[0];
    expect(ip?.id).toBe(`${nic.id}/ipConfigurations/ipconfig1`);
    expect(ip?.properties).toMatchObject({
      subnet: { id: subnetId },
      privateIPAddress: '10.0.1.5',
      primary: true,
      loadBalancerBackendAddressPools: [{ id: `${lb.id}/backendAddressPools/pool` }],
    });
    const pe = privateEndpoint({
      ...where,
      name: 'pe',
      subnetId,
      privateLinkServiceId: '/pls',
      networkInterfaceIds: [nic.id],
    });
    const pp = pe.properties as { privateLinkServiceConnections: ArmLike[]; networkInterfaces: unknown };
    expect(pp.privateLinkServiceConnections[0]?.properties.privateLinkServiceId).toBe('/pls');
    expect(pp.networkInterfaces).toEqual([{ id: nic.id }]);
  });
});

interface ArmLike {
  id: string;
  name: string;
  properties: Record<string, unknown>;
}
