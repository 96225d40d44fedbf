import type { Subnet } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import {
  allowRule,
  delegateSubnetFix,
  disablePrivateLinkPoliciesFix,
  grantNetworkingRoleFix,
  nsgRuleFix,
  stableGuid,
  subnetWireBody,
  writableSubnet,
} from './fixes';

const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const VNET = `${SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v`;
const SUBNET = `${VNET}/subnets/s`;
const NSG = `${SUB}/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/n`;

const read: Subnet = {
  id: SUBNET,
  name: 's',
  etag: 'W/"1"',
  type: 'Microsoft.Network/virtualNetworks/subnets',
  addressPrefix: '10.0.1.0/24',
  networkSecurityGroup: { id: NSG, location: 'eastus', securityRules: [{ name: 'x' }] },
  routeTable: { id: `${SUB}/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt`, routes: [] },
  delegations: [{ name: 'web', serviceName: 'Microsoft.Web/serverFarms', etag: 'e' }],
  privateLinkServiceNetworkPolicies: 'Enabled',
  defaultOutboundAccess: false,
  provisioningState: 'Succeeded',
} as Subnet;

describe('writableSubnet', () => {
  it('keeps writable properties, turns references into bare ids, drops read-only fields', () => {
    expect(writableSubnet(read)).toEqual({
      addressPrefix: '10.0.1.0/24',
      networkSecurityGroup: { id: NSG },
      routeTable: { id: `${SUB}/resourceGroups/rg/providers/Microsoft.Network/routeTables/rt` },
      delegations: [{ name: 'web', serviceName: 'Microsoft.Web/serverFarms' }],
      privateLinkServiceNetworkPolicies: 'Enabled',
      defaultOutboundAccess: false,
    });
  });
  it('prefers addressPrefixes when present', () => {
    expect(
      writableSubnet({ addressPrefix: '10.0.0.0/24', addressPrefixes: ['10.0.0.0/24', '10.1.0.0/24'] }),
    ).toEqual({
      addressPrefixes: ['10.0.0.0/24', '10.1.0.0/24'],
    });
  });
  it('does not change its input', () => {
    const copy = structuredClone(read);
    delegateSubnetFix(SUBNET, read);
    expect(read).toEqual(copy);
  });
});

describe('subnet fixes', () => {
  it('wire body nests delegation properties', () => {
    expect(
      subnetWireBody({ addressPrefix: '10.0.0.0/24', delegations: [{ name: 'a', serviceName: 'X/y' }] }),
    ).toEqual({
      properties: {
        addressPrefix: '10.0.0.0/24',
        delegations: [{ name: 'a', properties: { serviceName: 'X/y' } }],
      },
    });
  });
  it('disabling the Private Link policies changes only that field', () => {
    const fix = disablePrivateLinkPoliciesFix(SUBNET, read);
    expect(fix.parameters).toEqual({
      ...writableSubnet(read),
      privateLinkServiceNetworkPolicies: 'Disabled',
    });
    expect(fix.requests[0]).toMatchObject({ method: 'PUT', path: SUBNET, apiVersion: '2025-05-01' });
  });
});

describe('NSG rule fixes', () => {
  it('uses singular fields for one value and plural ones for lists', () => {
    expect(
      allowRule({
        name: 'r',
        description: 'd',
        direction: 'Inbound',
        priority: 400,
        sources: ['10.0.2.0/24'],
        destinations: ['10.0.1.0/24', '10.0.9.0/24'],
        ports: ['22', '5986'],
      }),
    ).toEqual({
      description: 'd',
      protocol: 'Tcp',
      access: 'Allow',
      direction: 'Inbound',
      priority: 400,
      sourcePortRange: '*',
      sourceAddressPrefix: '10.0.2.0/24',
      destinationAddressPrefixes: ['10.0.1.0/24', '10.0.9.0/24'],
      destinationPortRanges: ['22', '5986'],
    });
  });
  it('PUTs the rule under the NSG and needs securityRules/write there', () => {
    const fix = nsgRuleFix(NSG, {
      name: 'r',
      description: 'd',
      direction: 'Outbound',
      priority: 200,
      sources: ['*'],
      destinations: ['Internet'],
      ports: ['443'],
    });
    expect(fix.requests[0]?.path).toBe(`${NSG}/securityRules/r`);
    expect(fix.requests[0]?.body).toEqual({ properties: fix.parameters });
    expect(fix.requires).toEqual([
      { action: 'Microsoft.Network/networkSecurityGroups/securityRules/write', scope: NSG },
    ]);
  });
});

describe('role fixes', () => {
  it('stableGuid is GUID-shaped and stable', () => {
    const a = stableGuid('x');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableGuid('x')).toBe(a);
    expect(stableGuid('y')).not.toBe(a);
  });
  it('creates the custom role at the subscription, then assigns it on the VNet', () => {
    const fix = grantNetworkingRoleFix({ vnetId: VNET, principalId: 'p' });
    expect(fix.createDefinition?.scope).toBe(SUB);
    expect(fix.requests[0]?.body).toMatchObject({
      properties: {
        type: 'CustomRole',
        permissions: [
          {
            actions: [
              'Microsoft.Network/virtualNetworks/read',
              'Microsoft.Network/virtualNetworks/subnets/join/action',
            ],
          },
        ],
        assignableScopes: [SUB],
      },
    });
    expect(
      fix.requests[1]?.path.startsWith(`${VNET}/providers/Microsoft.Authorization/roleAssignments/`),
    ).toBe(true);
    expect(fix.assignment.parameters.roleDefinitionId).toBe(fix.requests[0]?.path);
  });
});
