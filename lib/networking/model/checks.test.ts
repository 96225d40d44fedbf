import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type {
  NetworkSecurityGroup,
  RouteTable,
  SecurityRule,
  Subnet,
  VirtualNetwork,
} from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import {
  allSettled,
  type CheckInputs,
  type CheckResult,
  failed,
  failingChecks,
  isDelegatedToAci,
  loading,
  ok,
  runChecks,
  type SubnetInputs,
} from './checks';
import type { NsgRuleFix, RoleFix, SubnetFix } from './fixes';
import { SUBNET_JOIN, VNET_READ } from './permissions';

const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const RG = `${SUB}/resourceGroups/rg-network`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-build`;
const BUILD = `${VNET}/subnets/build`;
const ACI = `${VNET}/subnets/aci`;
const NSG_BUILD = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-build`;
const NSG_ACI = `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-aci`;
const PRINCIPAL = 'aaaaaaaa-1111-2222-3333-444444444444';

const vnet: VirtualNetwork = {
  id: VNET,
  name: 'vnet-build',
  location: 'eastus',
  addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
};

function subnet(name: string, prefix: string, extra: Partial<Subnet> = {}): Subnet {
  return {
    id: `${VNET}/subnets/${name}`,
    name,
    addressPrefix: prefix,
    privateLinkServiceNetworkPolicies: 'Enabled',
    ...extra,
  };
}

const aciDelegation = [{ name: 'aci', serviceName: 'Microsoft.ContainerInstance/containerGroups' }];

function side(s: Subnet, nsg?: NetworkSecurityGroup, routeTable?: RouteTable): SubnetInputs {
  return { subnet: ok(s), nsg: ok(nsg), routeTable: ok(routeTable), natGateway: ok(undefined) };
}

function nsg(id: string, rules: SecurityRule[] = []): NetworkSecurityGroup {
  return { id, name: id.split('/').pop() ?? '', securityRules: rules };
}

function deny(
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

const networkingRole: RoleDefinition = {
  id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/11111111-0000-0000-0000-000000000001`,
  name: '11111111-0000-0000-0000-000000000001',
  roleName: 'Azure Image Builder Service Networking Role',
  roleType: 'CustomRole',
  permissions: [{ actions: [VNET_READ, SUBNET_JOIN] }],
  assignableScopes: [SUB],
};
const readerRole: RoleDefinition = {
  id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
  name: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  roleName: 'Reader',
  roleType: 'BuiltInRole',
  permissions: [{ actions: ['*/read'] }],
  assignableScopes: ['/'],
};
function granted(scope = RG): RoleAssignment[] {
  return [
    {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/x`,
      scope,
      principalId: PRINCIPAL,
      roleDefinitionId: networkingRole.id,
    },
  ];
}

function layout3(over: Partial<CheckInputs> = {}): CheckInputs {
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

function layout2(over: Partial<CheckInputs> = {}): CheckInputs {
  return {
    templateLocation: 'eastus',
    choice: { layout: 'private-link', vnetId: VNET, subnetId: BUILD },
    vnet: ok(vnet),
    build: side(subnet('build', '10.20.1.0/24', { privateLinkServiceNetworkPolicies: 'Disabled' })),
    identity: { principalId: PRINCIPAL, assignments: ok(granted()), definitions: ok([networkingRole]) },
    ...over,
  };
}

function byId(results: CheckResult[], id: CheckResult['id']): CheckResult {
  const r = results.find((x) => x.id === id);
  if (!r) throw new Error(`no check ${id}: ${results.map((x) => x.id).join(', ')}`);
  return r;
}

describe('runChecks: which checks per layout', () => {
  it('layout 1 has nothing of yours to check', () => {
    const results = runChecks({
      templateLocation: 'eastus',
      choice: { layout: 'aib-network' },
      vnet: loading,
    });
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('pass');
  });
  it('layout 3, all good: every check passes', () => {
    const results = runChecks(layout3());
    expect(results.map((r) => r.id)).toEqual([
      'region',
      'build-subnet-usable',
      'same-vnet',
      'different-subnets',
      'no-proxy-size',
      'aci-delegation',
      'nsg-build-vm-access',
      'nsg-aci-internet',
      'outbound-build',
      'outbound-aci',
      'identity-permissions',
    ]);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(failingChecks(results)).toEqual([]);
  });
  it('layout 2, all good: every check passes', () => {
    const results = runChecks(layout2());
    expect(results.map((r) => r.id)).toEqual([
      'region',
      'build-subnet-usable',
      'private-link-policies',
      'nsg-private-link',
      'nsg-build-vm-access',
      'outbound-build',
      'identity-permissions',
    ]);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
  });
  it('an incomplete choice asks for the missing subnet', () => {
    expect(runChecks({ ...layout3(), choice: { layout: 'own-subnets', subnetId: BUILD } })[0]).toMatchObject({
      status: 'fail',
      reason: /container instance subnet/,
    });
    expect(runChecks({ ...layout2(), choice: { layout: 'private-link' } })[0]).toMatchObject({
      status: 'fail',
      reason: /build subnet/,
    });
  });
  it('pending while something is loading; allSettled tells', () => {
    const results = runChecks(layout3({ vnet: loading }));
    expect(byId(results, 'region').status).toBe('pending');
    expect(allSettled(results)).toBe(false);
    expect(allSettled(runChecks(layout3()))).toBe(true);
  });
});

describe('region and layout-3 shape', () => {
  it('fails when the VNet is in another region', () => {
    const r = byId(runChecks(layout3({ vnet: ok({ ...vnet, location: 'westeurope' }) })), 'region');
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/westeurope.*eastus/);
  });
  it('compares display names and short names', () => {
    expect(byId(runChecks(layout3({ templateLocation: 'East US' })), 'region').status).toBe('pass');
  });
  it('fails for subnets in different VNets, the same subnet twice, and a proxy size', () => {
    const other =
      '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet2/subnets/aci';
    expect(
      byId(
        runChecks(
          layout3({ choice: { layout: 'own-subnets', subnetId: BUILD, containerInstanceSubnetId: other } }),
        ),
        'same-vnet',
      ).status,
    ).toBe('fail');
    expect(
      byId(
        runChecks(
          layout3({
            choice: {
              layout: 'own-subnets',
              subnetId: BUILD,
              containerInstanceSubnetId: BUILD.toUpperCase(),
            },
          }),
        ),
        'different-subnets',
      ).status,
    ).toBe('fail');
    expect(byId(runChecks(layout3({ proxyVmSize: 'Standard_A1_v2' })), 'no-proxy-size').status).toBe('fail');
  });
});

describe('aci-delegation', () => {
  it('fails for an undelegated subnet and offers the subnet PUT that keeps everything else', () => {
    const aciSubnet = subnet('aci', '10.20.2.0/24', {
      networkSecurityGroup: { id: NSG_ACI },
      privateEndpointNetworkPolicies: 'Disabled',
      serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['eastus'] }],
      etag: 'W/"x"',
      provisioningState: 'Succeeded',
    } as Subnet);
    const r = byId(runChecks(layout3({ aci: side(aciSubnet, nsg(NSG_ACI)) })), 'aci-delegation');
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/not delegated/);
    const fix = r.fixes?.[0] as SubnetFix;
    expect(fix.kind).toBe('subnet');
    expect(fix.parameters).toEqual({
      addressPrefix: '10.20.2.0/24',
      networkSecurityGroup: { id: NSG_ACI },
      serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['eastus'] }],
      delegations: [{ name: 'aci-delegation', serviceName: 'Microsoft.ContainerInstance/containerGroups' }],
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
    });
    expect(fix.requests).toEqual([
      {
        method: 'PUT',
        path: ACI,
        apiVersion: '2025-05-01',
        body: {
          properties: {
            addressPrefix: '10.20.2.0/24',
            networkSecurityGroup: { id: NSG_ACI },
            serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['eastus'] }],
            delegations: [
              {
                name: 'aci-delegation',
                properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' },
              },
            ],
            privateEndpointNetworkPolicies: 'Disabled',
            privateLinkServiceNetworkPolicies: 'Enabled',
          },
        },
      },
    ]);
    expect(fix.requires).toEqual([{ action: 'Microsoft.Network/virtualNetworks/subnets/write', scope: ACI }]);
    expect(isDelegatedToAci(fix.parameters)).toBe(true);
  });
  it('fails without a fix when delegated to another service', () => {
    const r = byId(
      runChecks(
        layout3({
          aci: side(
            subnet('aci', '10.20.2.0/24', { delegations: [{ serviceName: 'Microsoft.Web/serverFarms' }] }),
          ),
        }),
      ),
      'aci-delegation',
    );
    expect(r.status).toBe('fail');
    expect(r.fixes).toBeUndefined();
    expect(r.reason).toMatch(/Microsoft\.Web\/serverFarms/);
  });
  it('cannot verify when the subnet could not be read', () => {
    const aci: SubnetInputs = {
      subnet: failed('AuthorizationFailed: no read on the subnet'),
      nsg: loading,
      routeTable: loading,
      natGateway: loading,
    };
    const r = byId(runChecks(layout3({ aci })), 'aci-delegation');
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
    expect(r.reason).toMatch(/Cannot verify.*AuthorizationFailed/);
  });
});

describe('build-subnet-usable', () => {
  it('fails for a build subnet delegated to container instances, warns for other delegations', () => {
    expect(
      byId(
        runChecks(layout3({ build: side(subnet('build', '10.20.1.0/24', { delegations: aciDelegation })) })),
        'build-subnet-usable',
      ).status,
    ).toBe('fail');
    expect(
      byId(
        runChecks(
          layout2({
            build: side(
              subnet('build', '10.20.1.0/24', {
                privateLinkServiceNetworkPolicies: 'Disabled',
                delegations: [{ serviceName: 'Microsoft.Web/serverFarms' }],
              }),
            ),
          }),
        ),
        'build-subnet-usable',
      ).status,
    ).toBe('warning');
  });
});

describe('layout 2: Private Link', () => {
  it('fails with policies enabled and offers to disable them', () => {
    const r = byId(
      runChecks(layout2({ build: side(subnet('build', '10.20.1.0/24')) })),
      'private-link-policies',
    );
    expect(r.status).toBe('fail');
    const fix = r.fixes?.[0] as SubnetFix;
    expect(fix.parameters.privateLinkServiceNetworkPolicies).toBe('Disabled');
    expect(fix.parameters.addressPrefix).toBe('10.20.1.0/24');
  });
  it('treats a missing policies field as Enabled (Azure default)', () => {
    const s = subnet('build', '10.20.1.0/24');
    delete s.privateLinkServiceNetworkPolicies;
    expect(byId(runChecks(layout2({ build: side(s) })), 'private-link-policies').status).toBe('fail');
  });
  it('fails when the NSG blocks AzureLoadBalancer on 60000-60001 and adds Microsoft’s rule at a free priority', () => {
    const g = nsg(NSG_BUILD, [
      {
        name: 'deny-lb',
        priority: 500,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: 'AzureLoadBalancer',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '*',
      },
      {
        name: 'taken',
        priority: 400,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: '10.0.0.1',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '80',
      },
    ]);
    const built = subnet('build', '10.20.1.0/24', {
      privateLinkServiceNetworkPolicies: 'Disabled',
      networkSecurityGroup: { id: NSG_BUILD },
    });
    const r = byId(runChecks(layout2({ build: side(built, g) })), 'nsg-private-link');
    expect(r.status).toBe('fail');
    const fix = r.fixes?.[0] as NsgRuleFix;
    expect(fix.ruleName).toBe('AzureImageBuilderNsgRule');
    expect(fix.parameters).toMatchObject({
      priority: 499,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: 'AzureLoadBalancer',
      destinationAddressPrefix: 'VirtualNetwork',
      destinationPortRange: '60000-60001',
    });
    expect(fix.requests[0]?.path).toBe(`${NSG_BUILD}/securityRules/AzureImageBuilderNsgRule`);
    // Applying the fix makes the check pass.
    const fixed = nsg(NSG_BUILD, [...(g.securityRules ?? []), { ...fix.parameters, name: fix.ruleName }]);
    expect(byId(runChecks(layout2({ build: side(built, fixed) })), 'nsg-private-link').status).toBe('pass');
  });
  it('checks proxy VM → build VM on 22/5986 inside the build subnet', () => {
    const g = nsg(NSG_BUILD, [deny('no-winrm', 300, 'Inbound', '5986')]);
    const built = subnet('build', '10.20.1.0/24', {
      privateLinkServiceNetworkPolicies: 'Disabled',
      networkSecurityGroup: { id: NSG_BUILD },
    });
    const r = byId(runChecks(layout2({ build: side(built, g) })), 'nsg-build-vm-access');
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/proxy VM.*5986/);
  });
});

describe('NSG flows for layout 3', () => {
  const aciSubnet = subnet('aci', '10.20.2.0/24', {
    delegations: aciDelegation,
    networkSecurityGroup: { id: NSG_ACI },
  });
  const buildSubnet = subnet('build', '10.20.1.0/24', { networkSecurityGroup: { id: NSG_BUILD } });

  it('an NSG blocking 5986 inbound on the build subnet fails the check; the fix allows the ACI subnet in', () => {
    const g = nsg(NSG_BUILD, [deny('DenyWinRM', 200, 'Inbound', '5986')]);
    const r = byId(
      runChecks(layout3({ build: side(buildSubnet, g), aci: side(aciSubnet, nsg(NSG_ACI)) })),
      'nsg-build-vm-access',
    );
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/5986/);
    expect(r.reason).not.toMatch(/22 and/);
    expect(r.details?.join('\n')).toMatch(/DenyWinRM \(priority 200\)/);
    expect(r.fixes).toHaveLength(1);
    const fix = r.fixes?.[0] as NsgRuleFix;
    expect(fix.nsgId).toBe(NSG_BUILD);
    expect(fix.parameters).toMatchObject({
      direction: 'Inbound',
      priority: 199,
      sourceAddressPrefix: '10.20.2.0/24',
      destinationAddressPrefix: '10.20.1.0/24',
      destinationPortRange: '5986',
    });
    const fixed = nsg(NSG_BUILD, [...(g.securityRules ?? []), { ...fix.parameters, name: fix.ruleName }]);
    expect(
      byId(
        runChecks(layout3({ build: side(buildSubnet, fixed), aci: side(aciSubnet, nsg(NSG_ACI)) })),
        'nsg-build-vm-access',
      ).status,
    ).toBe('pass');
  });
  it('outbound blocks on the ACI NSG produce one outbound rule on that NSG, before both blockers', () => {
    const a = nsg(NSG_ACI, [deny('NoSsh', 200, 'Outbound', '22'), deny('NoWinRm', 210, 'Outbound', '5986')]);
    const r = byId(
      runChecks(layout3({ build: side(buildSubnet, nsg(NSG_BUILD)), aci: side(aciSubnet, a) })),
      'nsg-build-vm-access',
    );
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/22 and 5986/);
    expect(r.fixes).toHaveLength(1);
    const fix = r.fixes?.[0] as NsgRuleFix;
    expect(fix.nsgId).toBe(NSG_ACI);
    expect(fix.parameters).toMatchObject({
      direction: 'Outbound',
      priority: 199,
      destinationPortRanges: ['22', '5986'],
    });
    const fixed = nsg(NSG_ACI, [...(a.securityRules ?? []), { ...fix.parameters, name: fix.ruleName }]);
    expect(
      byId(
        runChecks(layout3({ build: side(buildSubnet, nsg(NSG_BUILD)), aci: side(aciSubnet, fixed) })),
        'nsg-build-vm-access',
      ).status,
    ).toBe('pass');
  });
  it('says when no priority is free before the blocking rule', () => {
    const a = nsg(NSG_ACI, [deny('NoSsh', 100, 'Outbound', '22')]);
    const r = byId(runChecks(layout3({ aci: side(aciSubnet, a) })), 'nsg-build-vm-access');
    expect(r.fixes).toBeUndefined();
    expect(r.advice).toMatch(/no free priority before 100/);
  });
  it('ACI → Internet 443/445: a deny on 445 fails with an outbound Internet rule', () => {
    const a = nsg(NSG_ACI, [deny('NoSmb', 300, 'Outbound', '445', 'Internet')]);
    const r = byId(runChecks(layout3({ aci: side(aciSubnet, a) })), 'nsg-aci-internet');
    expect(r.status).toBe('fail');
    const fix = r.fixes?.[0] as NsgRuleFix;
    expect(fix.parameters).toMatchObject({
      direction: 'Outbound',
      destinationAddressPrefix: 'Internet',
      destinationPortRange: '445',
      priority: 299,
    });
  });
  it('a Storage-only allow before an Internet deny is a warning (partly allowed)', () => {
    const a = nsg(NSG_ACI, [
      {
        name: 'AllowStorage',
        priority: 100,
        direction: 'Outbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: 'Storage',
        destinationPortRange: '445',
      },
      deny('NoInternet', 200, 'Outbound', '*', 'Internet'),
    ]);
    const r = byId(runChecks(layout3({ aci: side(aciSubnet, a) })), 'nsg-aci-internet');
    expect(r.status).toBe('fail'); // 443 fully denied
    const only445 = nsg(NSG_ACI, [
      {
        name: 'AllowStorage',
        priority: 100,
        direction: 'Outbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: 'Storage',
        destinationPortRange: '445',
      },
      deny('NoInternet445', 200, 'Outbound', '445', 'Internet'),
    ]);
    expect(byId(runChecks(layout3({ aci: side(aciSubnet, only445) })), 'nsg-aci-internet').status).toBe(
      'warning',
    );
  });
  it('cannot verify when an NSG could not be read', () => {
    const r = byId(
      runChecks(layout3({ build: { ...side(buildSubnet), nsg: failed('403 AuthorizationFailed') } })),
      'nsg-build-vm-access',
    );
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
    expect(r.reason).toMatch(/build subnet’s NSG/);
  });
});

describe('outbound Internet path', () => {
  const privateSubnet = subnet('private', '10.20.5.0/24', { defaultOutboundAccess: false });
  it('a private subnet with no NAT gateway and no route fails', () => {
    const r = byId(runChecks(layout3({ build: side(privateSubnet) })), 'outbound-build');
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/private/);
  });
  it('a NAT gateway with a public IP passes; without one it fails', () => {
    const s = { ...privateSubnet, natGateway: { id: `${RG}/providers/Microsoft.Network/natGateways/nat1` } };
    const withIp: SubnetInputs = {
      ...side(s),
      natGateway: ok({ name: 'nat1', publicIpAddresses: [{ id: 'pip' }] }),
    };
    expect(byId(runChecks(layout3({ build: withIp })), 'outbound-build').status).toBe('pass');
    const noIp: SubnetInputs = { ...side(s), natGateway: ok({ name: 'nat1' }) };
    expect(byId(runChecks(layout3({ build: noIp })), 'outbound-build').status).toBe('fail');
    const unreadable: SubnetInputs = { ...side(s), natGateway: failed('403') };
    expect(byId(runChecks(layout3({ build: unreadable })), 'outbound-build')).toMatchObject({
      status: 'warning',
      cannotVerify: true,
    });
  });
  it('a 0.0.0.0/0 route to a VirtualAppliance passes; to None fails; to a gateway warns', () => {
    const rt = (nextHopType: string): RouteTable => ({
      name: 'rt',
      routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType, nextHopIpAddress: '10.20.0.4' }],
    });
    expect(
      byId(
        runChecks(
          layout3({
            aci: side({ ...privateSubnet, delegations: aciDelegation }, undefined, rt('VirtualAppliance')),
          }),
        ),
        'outbound-aci',
      ).status,
    ).toBe('pass');
    expect(
      byId(
        runChecks(layout3({ build: side(subnet('build', '10.20.1.0/24'), undefined, rt('None')) })),
        'outbound-build',
      ).status,
    ).toBe('fail');
    expect(
      byId(
        runChecks(
          layout3({ build: side(subnet('build', '10.20.1.0/24'), undefined, rt('VirtualNetworkGateway')) }),
        ),
        'outbound-build',
      ).status,
    ).toBe('warning');
  });
  it('a route to the Internet does not rescue a private subnet', () => {
    const rt: RouteTable = {
      name: 'rt',
      routes: [{ name: 'inet', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' }],
    };
    expect(
      byId(runChecks(layout3({ build: side(privateSubnet, undefined, rt) })), 'outbound-build').status,
    ).toBe('fail');
  });
  it('cannot verify when the route table cannot be read', () => {
    const r = byId(
      runChecks(
        layout3({ build: { ...side(subnet('build', '10.20.1.0/24')), routeTable: failed('not found') } }),
      ),
      'outbound-build',
    );
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
  });
});

describe('identity permissions', () => {
  it('passes with the networking role on the resource group', () => {
    const r = byId(runChecks(layout3()), 'identity-permissions');
    expect(r.status).toBe('pass');
    expect(r.details?.[0]).toMatch(/Azure Image Builder Service Networking Role/);
  });
  it('fails with only Reader; offers to assign the existing custom role on the VNet', () => {
    const assignments: RoleAssignment[] = [
      { scope: SUB, principalId: PRINCIPAL, roleDefinitionId: readerRole.id },
    ];
    const r = byId(
      runChecks(
        layout3({
          identity: {
            principalId: PRINCIPAL,
            assignments: ok(assignments),
            definitions: ok([networkingRole, readerRole]),
          },
        }),
      ),
      'identity-permissions',
    );
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/subnets\/join\/action/);
    expect(r.reason).not.toMatch(/virtualNetworks\/read/);
    const fix = r.fixes?.[0] as RoleFix;
    expect(fix.createDefinition).toBeUndefined();
    expect(fix.assignment.scope).toBe(VNET);
    expect(fix.assignment.parameters).toEqual({
      roleDefinitionId: networkingRole.id,
      principalId: PRINCIPAL,
      principalType: 'ServicePrincipal',
    });
    expect(fix.requests).toHaveLength(1);
    expect(fix.requires).toEqual([{ action: 'Microsoft.Authorization/roleAssignments/write', scope: VNET }]);
  });
  it('creates a least-privilege custom role when the subscription has none', () => {
    const r = byId(
      runChecks(
        layout3({ identity: { principalId: PRINCIPAL, assignments: ok([]), definitions: ok([readerRole]) } }),
      ),
      'identity-permissions',
    );
    const fix = r.fixes?.[0] as RoleFix;
    expect(fix.createDefinition?.parameters.permissions).toEqual([
      { actions: [VNET_READ, SUBNET_JOIN], notActions: [], dataActions: [], notDataActions: [] },
    ]);
    expect(fix.createDefinition?.parameters.assignableScopes).toEqual([SUB]);
    expect(fix.requests.map((q) => q.path)).toEqual([
      expect.stringMatching(
        new RegExp(`^${SUB}/providers/Microsoft.Authorization/roleDefinitions/[0-9a-f-]{36}$`),
      ),
      expect.stringMatching(
        new RegExp(`^${VNET}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`),
      ),
    ]);
    expect(fix.assignment.parameters.roleDefinitionId).toBe(fix.requests[0]?.path);
    expect(fix.requires.map((x) => x.action)).toEqual([
      'Microsoft.Authorization/roleDefinitions/write',
      'Microsoft.Authorization/roleAssignments/write',
    ]);
    // Stable names: the same fix twice names the same resources.
    const again = byId(
      runChecks(
        layout3({ identity: { principalId: PRINCIPAL, assignments: ok([]), definitions: ok([readerRole]) } }),
      ),
      'identity-permissions',
    ).fixes?.[0] as RoleFix;
    expect(again.requests.map((q) => q.path)).toEqual(fix.requests.map((q) => q.path));
  });
  it('checks join on both subnets: an assignment on the build subnet only is not enough', () => {
    const r = byId(
      runChecks(
        layout3({
          identity: {
            principalId: PRINCIPAL,
            assignments: ok([
              ...granted(BUILD),
              ...granted(VNET).map((a) => ({ ...a, roleDefinitionId: readerRole.id })),
            ]),
            definitions: ok([networkingRole, readerRole]),
          },
        }),
      ),
      'identity-permissions',
    );
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/on aci/);
  });
  it('fails without an identity, cannot verify without the assignments', () => {
    expect(byId(runChecks(layout3({ identity: undefined })), 'identity-permissions').status).toBe('fail');
    const r = byId(
      runChecks(
        layout3({
          identity: {
            principalId: PRINCIPAL,
            assignments: failed('403 AuthorizationFailed'),
            definitions: ok([]),
          },
        }),
      ),
      'identity-permissions',
    );
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
  });
  it('warns (cannot verify) when an applicable assignment names an unreadable role', () => {
    const assignments: RoleAssignment[] = [
      {
        scope: SUB,
        principalId: PRINCIPAL,
        roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/99999999-0000-0000-0000-000000000000`,
      },
    ];
    const r = byId(
      runChecks(
        layout3({ identity: { principalId: PRINCIPAL, assignments: ok(assignments), definitions: ok([]) } }),
      ),
      'identity-permissions',
    );
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
  });
});

describe('failingChecks', () => {
  it('orders fails before warnings and leaves passes out', () => {
    const results = runChecks(
      layout3({
        aci: side(subnet('aci', '10.20.2.0/24')),
        build: { ...side(subnet('build', '10.20.1.0/24')), routeTable: failed('x') },
      }),
    );
    expect(failingChecks(results).map((r) => [r.id, r.status])).toEqual([
      ['aci-delegation', 'fail'],
      ['outbound-build', 'warning'],
    ]);
  });
});
