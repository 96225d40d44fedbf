// Shared inputs for the pre-flight check tests: one VNet with a build and a container instance subnet,
// NSG and rule builders, role definitions, and complete layout 2 / layout 3 inputs to vary.
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type {
  NetworkSecurityGroup,
  RouteTable,
  SecurityRule,
  Subnet,
  VirtualNetwork,
} from '@azure/arm-network';
import { SUBNET_JOIN, VNET_READ } from '../permissions';
import { type CheckInputs, ok, type SubnetInputs } from './inputs';
import type { CheckResult } from './result';

export const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590';
export const RG = `${SUB}/resourceGroups/rg-network`;
export const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-build`;
export const BUILD = `${VNET}/subnets/build`;
export const ACI = `${VNET}/subnets/aci`;
export const NSG_BUILD = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-build`;
export const NSG_ACI = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-aci`;
export const PRINCIPAL = 'aaaaaaaa-1111-2222-3333-444444444444';

export const vnet: VirtualNetwork = {
  id: VNET,
  name: 'vnet-build',
  location: 'eastus',
  addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
};

export function subnet(name: string, prefix: string, extra: Partial<Subnet> = {}): Subnet {
  return {
    id: `${VNET}/subnets/${name}`,
    name,
    addressPrefix: prefix,
    privateLinkServiceNetworkPolicies: 'Enabled',
    ...extra,
  };
}

export const aciDelegation = [{ name: 'aci', serviceName: 'Microsoft.ContainerInstance/containerGroups' }];

export function side(s: Subnet, nsg?: NetworkSecurityGroup, routeTable?: RouteTable): SubnetInputs {
  return { subnet: ok(s), nsg: ok(nsg), routeTable: ok(routeTable), natGateway: ok(undefined) };
}

export function nsg(id: string, rules: SecurityRule[] = []): NetworkSecurityGroup {
  return { id, name: id.split('/').pop() ?? '', securityRules: rules };
}

export function deny(
  name: string,
  priority: number,
  direction: 'Inbound' | 'Outbound',
  ports: string,
  dest = '*',
): SecurityRule {
  return {
    name,
    priority,
    direction,
    access: 'Deny',
    protocol: 'Tcp',
    sourceAddressPrefix: '*',
    sourcePortRange: '*',
    destinationAddressPrefix: dest,
    destinationPortRange: ports,
  };
}

export const networkingRole: RoleDefinition = {
  id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/11111111-0000-0000-0000-000000000001`,
  name: '11111111-0000-0000-0000-000000000001',
  roleName: 'Azure Image Builder Service Networking Role',
  roleType: 'CustomRole',
  permissions: [{ actions: [VNET_READ, SUBNET_JOIN] }],
  assignableScopes: [SUB],
};
export const readerRole: RoleDefinition = {
  id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
  name: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  roleName: 'Reader',
  roleType: 'BuiltInRole',
  permissions: [{ actions: ['*/read'] }],
  assignableScopes: ['/'],
};
export function granted(scope = RG): RoleAssignment[] {
  return [
    {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/x`,
      scope,
      principalId: PRINCIPAL,
      roleDefinitionId: networkingRole.id,
    },
  ];
}

export function layout3(over: Partial<CheckInputs> = {}): CheckInputs {
  return {
    templateLocation: 'eastus',
    choice: { layout: 'own-subnets', vnetId: VNET, subnetId: BUILD, containerInstanceSubnetId: ACI },
    vnet: ok(vnet),
    build: side(subnet('build', '10.20.1.0/24')),
    aci: side(subnet('aci', '10.20.2.0/24', { delegations: aciDelegation })),
    identity: {
      principalId: PRINCIPAL,
      assignments: ok(granted()),
      definitions: ok([networkingRole, readerRole]),
    },
    ...over,
  };
}

export function layout2(over: Partial<CheckInputs> = {}): CheckInputs {
  return {
    templateLocation: 'eastus',
    choice: { layout: 'private-link', vnetId: VNET, subnetId: BUILD },
    vnet: ok(vnet),
    build: side(subnet('build', '10.20.1.0/24', { privateLinkServiceNetworkPolicies: 'Disabled' })),
    identity: { principalId: PRINCIPAL, assignments: ok(granted()), definitions: ok([networkingRole]) },
    ...over,
  };
}

export function byId(results: CheckResult[], id: CheckResult['id']): CheckResult {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no check ${id}: ${results.map((x) => x.id).join(', ')}`);
  return r;
}
