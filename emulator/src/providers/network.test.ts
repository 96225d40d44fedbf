import { describe, expect, it } from 'vitest';
import { routes } from './network.ts';
import { driver } from '../../testing/driver.ts';
import { networkInterface, virtualNetwork } from '../shapes/network.ts';
import { containerGroup } from '../shapes/containerinstance.ts';
import { parseCidr } from './network-validate.ts';

const SUB = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const RG = `/subscriptions/${SUB}/resourceGroups/rg-net`;
const NET = `${RG}/providers/Microsoft.Network`;
const V = '2025-05-01';

type Body = { properties: Record<string, unknown>; error?: { code: string; message: string } } & Record<
  string,
  unknown
>;
const body = (r: { body?: unknown }): Body => r.body as Body;

function setup() {
  const d = driver(routes, { subscriptionId: SUB, resourceGroups: ['rg-net'], speed: 100_000 });
  d.world.put(
    virtualNetwork({
      subscriptionId: SUB,
      resourceGroup: 'rg-net',
      name: 'vnet1',
      location: 'westeurope',
      addressPrefixes: ['10.0.0.0/16'],
      subnets: [
        { name: 'build', addressPrefix: '10.0.1.0/24' },
        { name: 'aci', addressPrefix: '10.0.2.0/24' },
      ],
    }),
  );
  return d;
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('Microsoft.Network provider (in process)', () => {
  it('parses CIDRs and spots host bits', () => {
    expect(parseCidr('10.0.1.0/24')).toMatchObject({ prefix: 24, aligned: true });
    expect(parseCidr('10.0.1.5/24')?.aligned).toBe(false);
    expect(parseCidr('10.0.1.0/33')).toBeUndefined();
  });

  it('updates a subnet: 200 Updating with Azure-AsyncOperation, then Succeeded', async () => {
    const d = setup();
    const r = await d.call('PUT', `${NET}/virtualNetworks/vnet1/subnets/aci`, V, {
      properties: {
        addressPrefix: '10.0.2.0/24',
        delegations: [
          { name: 'aci', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } },
        ],
        privateLinkServiceNetworkPolicies: 'Disabled',
      },
    });
    expect(r.status).toBe(200);
    expect(r.headers?.['Azure-AsyncOperation']).toMatch(
      new RegExp(
        `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/[0-9A-F-]{36}\\?api-version=${V}$`,
      ),
    );
    expect(body(r).properties.provisioningState).toBe('Updating');
    await settle();
    const g = await d.call('GET', `${NET}/virtualNetworks/vnet1/subnets/aci`, V);
    expect(body(g).properties).toMatchObject({
      provisioningState: 'Succeeded',
      privateLinkServiceNetworkPolicies: 'Disabled',
      delegations: [
        { name: 'aci', properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' } },
      ],
    });
    const opId = r.headers?.['Azure-AsyncOperation']?.split('/operations/')[1]?.split('?')[0] ?? '';
    const op = await d.call(
      'GET',
      `/subscriptions/${SUB}/providers/Microsoft.Network/locations/westeurope/operations/${opId}`,
      V,
    );
    expect(op.body).toEqual({ status: 'Succeeded' });
  });

  it('refuses overlapping and out-of-range subnets with the RP codes', async () => {
    const d = setup();
    const overlap = await d.call('PUT', `${NET}/virtualNetworks/vnet1/subnets/new`, V, {
      properties: { addressPrefix: '10.0.1.128/25' },
    });
    expect(overlap.status).toBe(400);
    expect(body(overlap).error?.code).toBe('NetcfgSubnetRangesOverlap');
    const outside = await d.call('PUT', `${NET}/virtualNetworks/vnet1/subnets/new`, V, {
      properties: { addressPrefix: '10.1.0.0/24' },
    });
    expect(body(outside).error?.code).toBe('NetcfgSubnetRangeOutsideVnet');
    const bad = await d.call('PUT', `${NET}/virtualNetworks/vnet1/subnets/new`, V, {
      properties: { addressPrefix: '10.0.3.7/24' },
    });
    expect(body(bad).error?.code).toBe('InvalidCIDRNotation');
    const missingNsg = await d.call('PUT', `${NET}/virtualNetworks/vnet1/subnets/new`, V, {
      properties: {
        addressPrefix: '10.0.3.0/24',
        networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nope` },
      },
    });
    expect(body(missingNsg).error?.code).toBe('InvalidResourceReference');
  });

  it('computes back-references and refuses to delete a subnet in use', async () => {
    const d = setup();
    const subnetId = `${NET}/virtualNetworks/vnet1/subnets/build`;
    d.world.put(
      networkInterface({
        subscriptionId: SUB,
        resourceGroup: 'rg-net',
        name: 'pkrni1',
        location: 'westeurope',
        ipConfigurations: [{ subnetId, privateIPAddress: '10.0.1.4' }],
      }),
    );
    d.world.put(
      containerGroup({
        subscriptionId: SUB,
        resourceGroup: 'rg-net',
        name: 'cg',
        location: 'westeurope',
        containers: [{ name: 'c', image: 'img' }],
        subnetIds: [`${NET}/virtualNetworks/vnet1/subnets/aci`],
      }),
    );
    const vnet = await d.call('GET', `${NET}/virtualNetworks/vnet1`, V);
    const subnets = body(vnet).properties.subnets as Body[];
    expect(subnets[0]?.properties.ipConfigurations).toEqual([
      { id: `${NET}/networkInterfaces/pkrni1/ipConfigurations/ipconfig1` },
    ]);
    expect(subnets[1]?.properties.serviceAssociationLinks).toMatchObject([{ name: 'acisal' }]);
    const del = await d.call('DELETE', `${subnetId}`, V);
    expect(del.status).toBe(400);
    expect(body(del).error?.code).toBe('InUseSubnetCannotBeDeleted');
  });

  it('manages NSG rules: default rules, conflicts, association back-refs', async () => {
    const d = setup();
    const nsg = await d.call('PUT', `${NET}/networkSecurityGroups/nsg1`, V, {
      location: 'westeurope',
      properties: {
        securityRules: [
          {
            name: 'deny-winrm',
            properties: {
              priority: 300,
              direction: 'Inbound',
              access: 'Deny',
              protocol: 'Tcp',
              sourceAddressPrefix: '*',
              destinationAddressPrefix: '*',
              sourcePortRange: '*',
              destinationPortRange: '5986',
            },
          },
        ],
      },
    });
    expect(nsg.status).toBe(201);
    expect((body(nsg).properties.defaultSecurityRules as unknown[]).length).toBe(6);
    const conflict = await d.call('PUT', `${NET}/networkSecurityGroups/nsg1/securityRules/aib`, V, {
      properties: {
        priority: 300,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: 'AzureLoadBalancer',
        destinationAddressPrefix: 'VirtualNetwork',
        sourcePortRange: '*',
        destinationPortRange: '60000-60001',
      },
    });
    expect(conflict.status).toBe(400);
    expect(body(conflict).error).toEqual({
      code: 'SecurityRuleConflict',
      message:
        'Security rule deny-winrm conflicts with rule aib. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.',
    });
    const ok = await d.call('PUT', `${NET}/networkSecurityGroups/nsg1/securityRules/aib`, V, {
      properties: {
        priority: 400,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: 'AzureLoadBalancer',
        destinationAddressPrefix: 'VirtualNetwork',
        sourcePortRange: '*',
        destinationPortRange: '60000-60001',
      },
    });
    expect(ok.status).toBe(201);
    expect(body(ok).type).toBe('Microsoft.Network/networkSecurityGroups/securityRules');
    const link = await d.call('PUT', `${NET}/virtualNetworks/vnet1/subnets/build`, V, {
      properties: {
        addressPrefix: '10.0.1.0/24',
        networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg1` },
      },
    });
    expect(link.status).toBe(200);
    const got = await d.call('GET', `${NET}/networkSecurityGroups/nsg1`, V);
    expect(body(got).properties.subnets).toEqual([{ id: `${NET}/virtualNetworks/vnet1/subnets/build` }]);
    expect((body(got).properties.securityRules as unknown[]).length).toBe(2);
    const inUse = await d.call('DELETE', `${NET}/networkSecurityGroups/nsg1`, V);
    expect(body(inUse).error?.code).toBe('InUseNetworkSecurityGroupCannotBeDeleted');
  });

  it('lists VNets by resource group and subscription, 404s in ARM words', async () => {
    const d = setup();
    const list = await d.call('GET', `${NET}/virtualNetworks`, V);
    expect((body(list).value as unknown[]).length).toBe(1);
    const all = await d.call('GET', `/subscriptions/${SUB}/providers/Microsoft.Network/virtualNetworks`, V);
    expect((body(all).value as unknown[]).length).toBe(1);
    const missing = await d.call('GET', `${NET}/virtualNetworks/nope`, V);
    expect(missing.status).toBe(404);
    expect(body(missing).error).toEqual({
      code: 'ResourceNotFound',
      message:
        "The Resource 'Microsoft.Network/virtualNetworks/nope' under resource group 'rg-net' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix",
    });
  });

  it('pages collections with nextLink and filters them by what the caller may read', async () => {
    const d = driver(routes, {
      subscriptionId: SUB,
      resourceGroups: ['rg-net'],
      pageSize: 2,
      can: (action, scope) =>
        action !== 'Microsoft.Network/virtualNetworks/read' || !scope.endsWith('/hidden'),
    });
    for (const name of ['a', 'b', 'c', 'hidden'])
      d.world.put(
        virtualNetwork({
          subscriptionId: SUB,
          resourceGroup: 'rg-net',
          name,
          location: 'westeurope',
          addressPrefixes: ['10.0.0.0/16'],
        }),
      );
    const first = body(await d.call('GET', `${NET}/virtualNetworks`, V));
    expect((first.value as Body[]).map((v) => v.name)).toEqual(['a', 'b']);
    const next = String(first.nextLink);
    expect(next).toContain('$skipToken=');
    const second = body(await d.call('GET', next.replace('https://localhost:4010', ''), V));
    expect((second.value as Body[]).map((v) => v.name)).toEqual(['c']);
    expect(second.nextLink).toBeUndefined();
  });

  it('refuses to link an NSG the caller may not join (LinkedAuthorizationFailed)', async () => {
    const d = driver(routes, {
      subscriptionId: SUB,
      resourceGroups: ['rg-net'],
      can: (action) => action !== 'Microsoft.Network/networkSecurityGroups/join/action',
    });
    d.world.put(
      virtualNetwork({
        subscriptionId: SUB,
        resourceGroup: 'rg-net',
        name: 'vnet1',
        location: 'westeurope',
        addressPrefixes: ['10.0.0.0/16'],
      }),
    );
    const nsg = await d.call('PUT', `${NET}/networkSecurityGroups/nsg1`, V, { location: 'westeurope' });
    expect(nsg.status).toBe(201);
    const r = await d.call('PUT', `${NET}/virtualNetworks/vnet1/subnets/s1`, V, {
      properties: {
        addressPrefix: '10.0.1.0/24',
        networkSecurityGroup: { id: `${NET}/networkSecurityGroups/nsg1` },
      },
    });
    expect(r.status).toBe(403);
    expect(body(r).error?.code).toBe('LinkedAuthorizationFailed');
    expect(body(r).error?.message).toContain(
      "'Microsoft.Network/networkSecurityGroups/join/action' on the linked scope(s)",
    );
  });
});
