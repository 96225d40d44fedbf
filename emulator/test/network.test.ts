// Microsoft.Network through @azure/arm-network (its own pollers for every write and delete):
// VNets, subnets, NSGs and rules in a resource group of the test's own; NICs, load balancers,
// Private Link Service and private endpoint of a layout-2 build held mid-way; NAT gateway and public
// IP of the seed; the RP's operation-status endpoints; ARM errors and RBAC per demo user.
import { NetworkManagementClient, type Subnet } from '@azure/arm-network';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, control, userToken } from '../testing/harness.ts';
import { holdBuild, type HeldBuild } from '../testing/held-build.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const PROD = SUBSCRIPTIONS.prod.subscriptionId;
const V = '2025-05-01';
const RGN = 'rg-conf-network';
const NETRG = 'rg-networking';
const rgPath = `/subscriptions/${DEV}/resourceGroups/${RGN}`;
const netPath = `${rgPath}/providers/Microsoft.Network`;
const seedNet = `/subscriptions/${DEV}/resourceGroups/${NETRG}/providers/Microsoft.Network`;
const ACI = 'Microsoft.ContainerInstance/containerGroups';
const poll = { updateIntervalInMs: 50 };

let net: NetworkManagementClient;
let token = '';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

const rule = (priority: number, port: string, access: 'Allow' | 'Deny' = 'Allow') => ({
  priority,
  direction: 'Inbound' as const,
  access,
  protocol: 'Tcp' as const,
  sourceAddressPrefix: 'VirtualNetwork',
  destinationAddressPrefix: 'VirtualNetwork',
  sourcePortRange: '*',
  destinationPortRange: port,
});

beforeAll(async () => {
  const t = await userToken(info, 'ava');
  token = t.accessToken;
  net = new NetworkManagementClient(staticCredential(t), DEV, clientOptions(info));
  const rg = await arm(info, token, 'PUT', `${rgPath}?api-version=2025-04-01`, {
    body: { location: 'westeurope' },
  });
  expect([200, 201]).toContain(rg.status);
});

afterAll(async () => {
  await control(info, 'POST', 'reset');
});

describe('virtual networks', () => {
  it('VirtualNetworks_CreateOrUpdate: 201, Updating, Azure-AsyncOperation served by the network status endpoint', async () => {
    const put = await arm(info, token, 'PUT', `${netPath}/virtualNetworks/vnet-wire?api-version=${V}`, {
      body: {
        location: 'westeurope',
        properties: {
          addressSpace: { addressPrefixes: ['10.10.0.0/16'] },
          subnets: [{ name: 'default', properties: { addressPrefix: '10.10.0.0/24' } }],
        },
      },
    });
    expect(put.status).toBe(201);
    const body = put.json as {
      etag: string;
      properties: { provisioningState: string; resourceGuid: string; subnets: Subnet[] };
    };
    expect(body.properties.provisioningState).toBe('Updating');
    expect(body.etag).toMatch(/^W\/"[0-9a-f-]{36}"$/);
    expect(body.properties.subnets[0]).toMatchObject({
      id: `${netPath}/virtualNetworks/vnet-wire/subnets/default`,
      etag: body.etag,
      type: 'Microsoft.Network/virtualNetworks/subnets',
    });
    const async = put.headers.get('azure-asyncoperation') ?? '';
    expect(async).toMatch(
      new RegExp(
        `^${info.arm}/subscriptions/${DEV}/providers/Microsoft.Network/locations/westeurope/operations/[0-9A-F-]{36}\\?api-version=${V}$`,
      ),
    );
    expect(Number(put.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    let status: unknown;
    for (let i = 0; i < 100; i++) {
      status = (await arm(info, token, 'GET', async.slice(info.arm.length))).json;
      if ((status as { status: string }).status !== 'InProgress') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(status).toEqual({ status: 'Succeeded' });
    const got = await net.virtualNetworks.get(RGN, 'vnet-wire');
    expect(got.provisioningState).toBe('Succeeded');
    expect(got.subnets?.[0]?.provisioningState).toBe('Succeeded');
    expect(got.resourceGuid).toBe(body.properties.resourceGuid);
  });

  it('VirtualNetworks_CreateOrUpdate / Get / List / ListAll through the SDK', async () => {
    const v = await net.virtualNetworks.beginCreateOrUpdateAndWait(
      RGN,
      'vnet-conf',
      {
        location: 'westeurope',
        tags: { owner: 'conformance' },
        addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
        subnets: [
          { name: 'build', addressPrefix: '10.20.1.0/24' },
          { name: 'aci', addressPrefix: '10.20.2.0/24' },
        ],
      },
      poll,
    );
    expect(v).toMatchObject({
      name: 'vnet-conf',
      type: 'Microsoft.Network/virtualNetworks',
      location: 'westeurope',
      tags: { owner: 'conformance' },
      provisioningState: 'Succeeded',
      addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
      enableDdosProtection: false,
    });
    expect(v.subnets?.map((s) => [s.name, s.addressPrefix, s.privateLinkServiceNetworkPolicies])).toEqual([
      ['build', '10.20.1.0/24', 'Enabled'],
      ['aci', '10.20.2.0/24', 'Enabled'],
    ]);
    const inRg = await all(net.virtualNetworks.list(RGN));
    expect(inRg.map((x) => x.name).sort()).toEqual(['vnet-conf', 'vnet-wire']);
    const inSub = await all(net.virtualNetworks.listAll());
    expect(inSub.map((x) => x.name)).toEqual(
      expect.arrayContaining(['vnet-aib', 'vnet-aib-secondary', 'vnet-conf']),
    );
    // Updating the VNet keeps its resourceGuid and answers 200.
    const put = await arm(info, token, 'PUT', `${netPath}/virtualNetworks/vnet-conf?api-version=${V}`, {
      body: {
        location: 'westeurope',
        properties: {
          addressSpace: { addressPrefixes: ['10.20.0.0/16'] },
          subnets: (v.subnets ?? []).map((s) => ({
            name: s.name,
            properties: { addressPrefix: s.addressPrefix },
          })),
        },
      },
    });
    expect(put.status).toBe(200);
    expect((put.json as { properties: { resourceGuid: string } }).properties.resourceGuid).toBe(
      v.resourceGuid,
    );
  });

  it('answers ResourceNotFound / ResourceGroupNotFound / InvalidResourceLocation as ARM does', async () => {
    await expect(net.virtualNetworks.get(RGN, 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
      message: `The Resource 'Microsoft.Network/virtualNetworks/nope' under resource group '${RGN}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    });
    await expect(net.virtualNetworks.get('rg-missing', 'x')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
    const moved = await arm(info, token, 'PUT', `${netPath}/virtualNetworks/vnet-conf?api-version=${V}`, {
      body: { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.20.0.0/16'] } } },
    });
    expect(moved.status).toBe(400);
    expect((moved.json as { error: { code: string } }).error.code).toBe('InvalidResourceLocation');
    const noLocation = await arm(info, token, 'PUT', `${netPath}/virtualNetworks/vnet-x?api-version=${V}`, {
      body: { properties: { addressSpace: { addressPrefixes: ['10.30.0.0/16'] } } },
    });
    expect((noLocation.json as { error: { code: string } }).error.code).toBe('LocationRequired');
    const oldVersion = await arm(
      info,
      token,
      'GET',
      // 2015-06-15 is published (emulator/src/api-versions/published.md); 2014-12-01 never was.
      `${netPath}/virtualNetworks/vnet-conf?api-version=2014-12-01`,
    );
    expect(oldVersion.status).toBe(400);
  });
});

describe('subnets', () => {
  it('Subnets_CreateOrUpdate through the poller: delegate to ACI, disable PLS policies, private subnet; Get; List', async () => {
    const s = await net.subnets.beginCreateOrUpdateAndWait(
      RGN,
      'vnet-conf',
      'aci',
      {
        addressPrefix: '10.20.2.0/24',
        delegations: [{ name: 'aci-delegation', serviceName: ACI }],
        privateLinkServiceNetworkPolicies: 'Disabled',
        defaultOutboundAccess: false,
      },
      poll,
    );
    expect(s).toMatchObject({
      id: `${netPath}/virtualNetworks/vnet-conf/subnets/aci`,
      provisioningState: 'Succeeded',
      privateLinkServiceNetworkPolicies: 'Disabled',
      privateEndpointNetworkPolicies: 'Disabled',
      defaultOutboundAccess: false,
    });
    expect(s.delegations).toEqual([
      {
        id: `${netPath}/virtualNetworks/vnet-conf/subnets/aci/delegations/aci-delegation`,
        name: 'aci-delegation',
        etag: s.etag,
        type: 'Microsoft.Network/virtualNetworks/subnets/delegations',
        serviceName: ACI,
        actions: ['Microsoft.Network/virtualNetworks/subnets/action'],
        provisioningState: 'Succeeded',
      },
    ]);
    const created = await net.subnets.beginCreateOrUpdateAndWait(
      RGN,
      'vnet-conf',
      'extra',
      { addressPrefix: '10.20.3.0/24' },
      poll,
    );
    expect(created.provisioningState).toBe('Succeeded');
    const got = await net.subnets.get(RGN, 'vnet-conf', 'aci');
    expect(got.delegations?.[0]?.serviceName).toBe(ACI);
    const list = await all(net.subnets.list(RGN, 'vnet-conf'));
    expect(list.map((x) => x.name)).toEqual(['build', 'aci', 'extra']);
    // The VNet reports the subnet inline, with the VNet's etag.
    const vnet = await net.virtualNetworks.get(RGN, 'vnet-conf');
    expect(vnet.subnets?.find((x) => x.name === 'aci')?.etag).toBe(vnet.etag);
  });

  it('refuses bad subnets with the network RP codes', async () => {
    const put = (name: string, body: Subnet) =>
      net.subnets.beginCreateOrUpdateAndWait(RGN, 'vnet-conf', name, body, poll);
    await expect(put('x', { addressPrefix: '10.20.1.128/25' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'NetcfgSubnetRangesOverlap',
    });
    await expect(put('x', { addressPrefix: '10.99.0.0/24' })).rejects.toMatchObject({
      code: 'NetcfgSubnetRangeOutsideVnet',
    });
    await expect(put('x', { addressPrefix: '10.20.9.9/24' })).rejects.toMatchObject({
      code: 'InvalidCIDRNotation',
    });
    await expect(put('x', {})).rejects.toMatchObject({ code: 'NoAddressPrefixOrPoolProvided' });
    await expect(
      put('x', {
        addressPrefix: '10.20.9.0/24',
        networkSecurityGroup: { id: `${netPath}/networkSecurityGroups/missing` },
      }),
    ).rejects.toMatchObject({ code: 'InvalidResourceReference' });
    await expect(
      put('x', {
        addressPrefix: '10.20.9.0/24',
        delegations: [
          { name: 'a', serviceName: ACI },
          { name: 'b', serviceName: 'Microsoft.Web/serverFarms' },
        ],
      }),
    ).rejects.toMatchObject({ code: 'SubnetCannotHaveMultipleDelegations' });
    await expect(net.subnets.get(RGN, 'vnet-conf', 'nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'NotFound',
    });
    await expect(net.subnets.get(RGN, 'vnet-nope', 'x')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('honours If-Match on a subnet write', async () => {
    const stale = await arm(
      info,
      token,
      'PUT',
      `${netPath}/virtualNetworks/vnet-conf/subnets/extra?api-version=${V}`,
      {
        body: { properties: { addressPrefix: '10.20.3.0/24' } },
        headers: { 'if-match': 'W/"00000000-0000-0000-0000-000000000000"' },
      },
    );
    expect(stale.status).toBe(412);
  });

  it('Subnets_Delete and VirtualNetworks_Delete through the pollers (202, Location)', async () => {
    const del = await arm(
      info,
      token,
      'DELETE',
      `${netPath}/virtualNetworks/vnet-wire/subnets/default?api-version=${V}`,
    );
    expect(del.status).toBe(202);
    expect(del.headers.get('location')).toContain(
      '/providers/Microsoft.Network/locations/westeurope/operationResults/',
    );
    expect(del.headers.get('azure-asyncoperation')).toContain(
      '/providers/Microsoft.Network/locations/westeurope/operations/',
    );
    await net.subnets.beginDeleteAndWait(RGN, 'vnet-conf', 'extra', poll);
    expect((await all(net.subnets.list(RGN, 'vnet-conf'))).map((x) => x.name)).toEqual(['build', 'aci']);
    await net.subnets.beginDeleteAndWait(RGN, 'vnet-conf', 'extra', poll); // already gone: 204
    await net.virtualNetworks.beginDeleteAndWait(RGN, 'vnet-wire', poll);
    await expect(net.virtualNetworks.get(RGN, 'vnet-wire')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('network security groups', () => {
  it('NetworkSecurityGroups_CreateOrUpdate / Get / List / ListAll, with the six default rules', async () => {
    const nsg = await net.networkSecurityGroups.beginCreateOrUpdateAndWait(
      RGN,
      'nsg-conf',
      { location: 'westeurope', securityRules: [{ name: 'allow-ssh', ...rule(200, '22') }] },
      poll,
    );
    expect(nsg.provisioningState).toBe('Succeeded');
    expect(nsg.securityRules?.map((r) => [r.name, r.priority, r.destinationPortRange])).toEqual([
      ['allow-ssh', 200, '22'],
    ]);
    expect(nsg.defaultSecurityRules?.map((r) => [r.name, r.priority, r.direction, r.access])).toEqual([
      ['AllowVnetInBound', 65000, 'Inbound', 'Allow'],
      ['AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow'],
      ['DenyAllInBound', 65500, 'Inbound', 'Deny'],
      ['AllowVnetOutBound', 65000, 'Outbound', 'Allow'],
      ['AllowInternetOutBound', 65001, 'Outbound', 'Allow'],
      ['DenyAllOutBound', 65500, 'Outbound', 'Deny'],
    ]);
    expect((await net.networkSecurityGroups.get(RGN, 'nsg-conf')).etag).toBe(nsg.etag);
    expect((await all(net.networkSecurityGroups.list(RGN))).map((x) => x.name)).toEqual(['nsg-conf']);
    expect((await all(net.networkSecurityGroups.listAll())).map((x) => x.name)).toEqual(
      expect.arrayContaining(['nsg-conf', 'nsg-block-winrm']),
    );
    const defaults = await all(net.defaultSecurityRules.list(RGN, 'nsg-conf'));
    expect(defaults).toHaveLength(6);
    const deny = await net.defaultSecurityRules.get(RGN, 'nsg-conf', 'DenyAllInBound');
    expect(deny).toMatchObject({
      description: 'Deny all inbound traffic',
      sourceAddressPrefix: '*',
      protocol: '*',
    });
  });

  it('SecurityRules_CreateOrUpdate / Get / List / Delete, and SecurityRuleConflict', async () => {
    const r = await net.securityRules.beginCreateOrUpdateAndWait(
      RGN,
      'nsg-conf',
      'AzureImageBuilderNsgRule',
      { ...rule(400, '60000-60001'), sourceAddressPrefix: 'AzureLoadBalancer' },
      poll,
    );
    expect(r).toMatchObject({
      type: 'Microsoft.Network/networkSecurityGroups/securityRules',
      provisioningState: 'Succeeded',
      destinationPortRange: '60000-60001',
      sourceAddressPrefix: 'AzureLoadBalancer',
    });
    await expect(
      net.securityRules.beginCreateOrUpdateAndWait(RGN, 'nsg-conf', 'dup', rule(400, '5986', 'Deny'), poll),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'SecurityRuleConflict',
      message:
        'Security rule AzureImageBuilderNsgRule conflicts with rule dup. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.',
    });
    await expect(
      net.securityRules.beginCreateOrUpdateAndWait(RGN, 'nsg-conf', 'bad', rule(5000, '22'), poll),
    ).rejects.toMatchObject({ code: 'SecurityRuleInvalidPriority' });
    // Same priority, other direction: allowed.
    await net.securityRules.beginCreateOrUpdateAndWait(
      RGN,
      'nsg-conf',
      'out',
      { ...rule(400, '443'), direction: 'Outbound' },
      poll,
    );
    expect((await net.securityRules.get(RGN, 'nsg-conf', 'out')).direction).toBe('Outbound');
    expect((await all(net.securityRules.list(RGN, 'nsg-conf'))).map((x) => x.name)).toEqual([
      'allow-ssh',
      'AzureImageBuilderNsgRule',
      'out',
    ]);
    await net.securityRules.beginDeleteAndWait(RGN, 'nsg-conf', 'out', poll);
    await expect(net.securityRules.get(RGN, 'nsg-conf', 'out')).rejects.toMatchObject({ statusCode: 404 });
  });

  it('associates an NSG with a subnet (back-reference), refuses to delete it in use, then deletes it', async () => {
    const nsg = await net.networkSecurityGroups.get(RGN, 'nsg-conf');
    const build = await net.subnets.get(RGN, 'vnet-conf', 'build');
    await net.subnets.beginCreateOrUpdateAndWait(
      RGN,
      'vnet-conf',
      'build',
      { ...build, networkSecurityGroup: { id: nsg.id } },
      poll,
    );
    const linked = await net.networkSecurityGroups.get(RGN, 'nsg-conf');
    expect(linked.subnets?.map((s) => s.id)).toEqual([`${netPath}/virtualNetworks/vnet-conf/subnets/build`]);
    await expect(net.networkSecurityGroups.beginDeleteAndWait(RGN, 'nsg-conf', poll)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InUseNetworkSecurityGroupCannotBeDeleted',
    });
    const again = await net.subnets.get(RGN, 'vnet-conf', 'build');
    await net.subnets.beginCreateOrUpdateAndWait(
      RGN,
      'vnet-conf',
      'build',
      { ...again, networkSecurityGroup: undefined },
      poll,
    );
    await net.networkSecurityGroups.beginDeleteAndWait(RGN, 'nsg-conf', poll);
    await expect(net.networkSecurityGroups.get(RGN, 'nsg-conf')).rejects.toMatchObject({ statusCode: 404 });
  });
});

describe('NAT gateways, public IPs and route tables (seed)', () => {
  it('NatGateways_ListAll / List / Get with subnet back-references; Delete refused while in use', async () => {
    const all1 = await all(net.natGateways.listAll());
    expect(all1.map((x) => x.name)).toContain('nat-aib');
    const nat = await net.natGateways.get(NETRG, 'nat-aib');
    expect(nat.sku?.name).toBe('Standard');
    expect(nat.subnets?.map((s) => s.id)).toContain(`${seedNet}/virtualNetworks/vnet-aib/subnets/snet-build`);
    expect((await all(net.natGateways.list(NETRG))).map((x) => x.name)).toEqual(['nat-aib']);
    await expect(net.natGateways.beginDeleteAndWait(NETRG, 'nat-aib', poll)).rejects.toMatchObject({
      code: 'InUseNatGatewayCannotBeDeleted',
    });
  });

  it('PublicIPAddresses_ListAll / List / Get / Delete', async () => {
    expect((await all(net.publicIPAddresses.listAll())).map((x) => x.name)).toContain('pip-nat-aib');
    expect((await all(net.publicIPAddresses.list(NETRG))).map((x) => x.name)).toContain('pip-nat-aib');
    const pip = await net.publicIPAddresses.get(NETRG, 'pip-nat-aib');
    expect(pip).toMatchObject({ publicIPAllocationMethod: 'Static', sku: { name: 'Standard' } });
    await net.publicIPAddresses.beginDeleteAndWait(RGN, 'pip-none', poll); // absent: 204
  });

  it('RouteTables_ListAll / List / Get / Delete', async () => {
    expect(await all(net.routeTables.list(RGN))).toEqual([]);
    expect(Array.isArray(await all(net.routeTables.listAll()))).toBe(true);
    await expect(net.routeTables.get(RGN, 'rt-none')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await net.routeTables.beginDeleteAndWait(RGN, 'rt-none', poll);
  });
});

describe('staging resources of a held layout-2 build (subnetId only)', () => {
  let held: HeldBuild | undefined;
  let staging = '';
  const has = (types: string[]) => (rs: Array<{ type: string }>) =>
    types.every((t) => rs.some((r) => r.type.toLowerCase() === t.toLowerCase()));

  beforeAll(async () => {
    held = await holdBuild(
      info,
      token,
      `/subscriptions/${DEV}/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-gallery-pl`,
      'Customizing',
      has([
        'Microsoft.Network/privateLinkServices',
        'Microsoft.Network/privateEndpoints',
        'Microsoft.Network/loadBalancers',
        'Microsoft.Compute/virtualMachines',
      ]),
    );
    staging = held.stagingRg;
  });

  afterAll(async () => {
    await held?.release();
  });

  it('NetworkInterfaces_ListAll / List / Get: NICs tied to subnets (and the build NIC to its VM)', async () => {
    const nics = await all(net.networkInterfaces.list(staging));
    expect(nics.length).toBeGreaterThanOrEqual(2);
    for (const n of nics) expect(n.ipConfigurations?.[0]?.subnet?.id).toMatch(/\/subnets\//);
    expect((await all(net.networkInterfaces.listAll())).length).toBeGreaterThanOrEqual(nics.length);
    const first = nics[0];
    const one = await net.networkInterfaces.get(staging, first?.name ?? '');
    expect(one.id).toBe(first?.id);
    await net.networkInterfaces.beginDeleteAndWait(staging, 'nic-none', poll); // absent: 204
    const withVm = nics.find((n) => n.virtualMachine?.id);
    expect(withVm).toBeDefined();
    if (withVm) {
      await expect(
        net.networkInterfaces.beginDeleteAndWait(staging, withVm.name ?? '', poll),
      ).rejects.toMatchObject({
        code: 'NicInUse',
      });
    }
  });

  it('LoadBalancers_ListAll / List / Get: internal frontend in a subnet, backend pool, rule on 60000/60001', async () => {
    const lbs = await all(net.loadBalancers.list(staging));
    expect(lbs).toHaveLength(1);
    const lb = await net.loadBalancers.get(staging, lbs[0]?.name ?? '');
    expect(lb.frontendIPConfigurations?.[0]?.subnet?.id).toMatch(/\/subnets\//);
    expect(lb.backendAddressPools?.length).toBeGreaterThanOrEqual(1);
    expect(lb.loadBalancingRules?.map((r) => r.frontendPort)).toEqual(
      expect.arrayContaining([expect.any(Number)]),
    );
    expect((await all(net.loadBalancers.listAll())).map((x) => x.id)).toContain(lb.id);
    await net.loadBalancers.beginDeleteAndWait(staging, 'lb-none', poll);
  });

  it('PrivateLinkServices / PrivateEndpoints: the endpoint targets the service, which lists the connection', async () => {
    const [pls] = await all(net.privateLinkServices.list(staging));
    const [pe] = await all(net.privateEndpoints.list(staging));
    expect(pls && pe).toBeTruthy();
    expect((await all(net.privateLinkServices.listBySubscription())).map((x) => x.id)).toContain(pls?.id);
    expect((await all(net.privateEndpoints.listBySubscription())).map((x) => x.id)).toContain(pe?.id);
    const service = await net.privateLinkServices.get(staging, pls?.name ?? '');
    expect(service.loadBalancerFrontendIpConfigurations?.[0]?.id).toMatch(
      /\/loadBalancers\/.+\/frontendIPConfigurations\//,
    );
    expect(service.ipConfigurations?.[0]?.subnet?.id).toMatch(/\/subnets\//);
    expect(service.privateEndpointConnections?.map((c) => c.privateEndpoint?.id?.toLowerCase())).toContain(
      pe?.id?.toLowerCase(),
    );
    const endpoint = await net.privateEndpoints.get(staging, pe?.name ?? '');
    expect(endpoint.privateLinkServiceConnections?.[0]?.privateLinkServiceId?.toLowerCase()).toBe(
      service.id?.toLowerCase(),
    );
    expect(endpoint.subnet?.id).toMatch(/\/subnets\//);
    await net.privateLinkServices.beginDeleteAndWait(staging, 'pls-none', poll);
    await net.privateEndpoints.beginDeleteAndWait(staging, pe?.name ?? '', poll);
    await expect(net.privateEndpoints.get(staging, pe?.name ?? '')).rejects.toMatchObject({
      statusCode: 404,
    });
  });

  it('the user build subnet reports the ip configurations placed in it', async () => {
    const s = await net.subnets.get(NETRG, 'vnet-aib', 'snet-build');
    expect(s.ipConfigurations?.length).toBeGreaterThanOrEqual(1);
    await expect(net.subnets.beginDeleteAndWait(NETRG, 'vnet-aib', 'snet-build', poll)).rejects.toMatchObject(
      {
        code: 'InUseSubnetCannotBeDeleted',
      },
    );
  });
});

describe('RBAC', () => {
  it('filters collections by what the caller may read and refuses writes without the action', async () => {
    const cole = await userToken(info, 'cole');
    const coleNet = new NetworkManagementClient(staticCredential(cole), DEV, clientOptions(info));
    expect(await all(coleNet.virtualNetworks.listAll())).toEqual([]);
    await expect(coleNet.virtualNetworks.get(NETRG, 'vnet-aib')).rejects.toMatchObject({
      statusCode: 403,
      code: 'AuthorizationFailed',
    });
    const rey = await userToken(info, 'rey');
    const reyProd = new NetworkManagementClient(staticCredential(rey), PROD, clientOptions(info));
    const denied = await arm(
      info,
      rey.accessToken,
      'PUT',
      `/subscriptions/${PROD}/resourceGroups/rg-images-prod/providers/Microsoft.Network/virtualNetworks/v?api-version=${V}`,
      {
        body: { location: 'westeurope', properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } } },
      },
    );
    expect(denied.status).toBe(403);
    expect((denied.json as { error: { message: string } }).error.message).toContain(
      'Microsoft.Network/virtualNetworks/write',
    );
    expect(Array.isArray(await all(reyProd.networkSecurityGroups.listAll()))).toBe(true);
    const nia = await userToken(info, 'nia');
    const niaList = await arm(
      info,
      nia.accessToken,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.Network/virtualNetworks?api-version=${V}`,
    );
    // Like the platform's generic lists: a caller without any role sees an empty collection.
    expect(niaList.status).toBe(200);
    expect(niaList.json).toEqual({ value: [] });
  });
});
