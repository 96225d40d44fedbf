// Microsoft.Resources through @azure/arm-resources and @azure/arm-resources-subscriptions:
// resource groups, generic resources ($filter, $expand), providers, locations, tenants.
import { ResourceManagementClient } from '@azure/arm-resources';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, TENANT_ID } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
let client: ResourceManagementClient;
let token = '';

beforeAll(async () => {
  const t = await userToken(info, 'ava');
  token = t.accessToken;
  client = new ResourceManagementClient(staticCredential(t), DEV, clientOptions(info));
});

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('resource groups', () => {
  it('create (201) / update (200) / get / checkExistence / patch tags', async () => {
    const created = await arm(
      info,
      token,
      'PUT',
      `/subscriptions/${DEV}/resourcegroups/rg-res-a?api-version=2025-04-01`,
      {
        body: { location: 'West Europe', tags: { team: 'images' } },
      },
    );
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: `/subscriptions/${DEV}/resourceGroups/rg-res-a`,
      name: 'rg-res-a',
      type: 'Microsoft.Resources/resourceGroups',
      location: 'westeurope',
      tags: { team: 'images' },
      properties: { provisioningState: 'Succeeded' },
    });
    const again = await client.resourceGroups.createOrUpdate('rg-res-a', {
      location: 'westeurope',
      tags: { team: 'images', env: 'dev' },
    });
    expect(again.tags).toEqual({ team: 'images', env: 'dev' });
    expect((await client.resourceGroups.get('RG-RES-A')).name).toBe('rg-res-a');
    expect((await client.resourceGroups.checkExistence('rg-res-a')).body).toBe(true);
    expect((await client.resourceGroups.checkExistence('rg-res-nope')).body).toBe(false);
    const patched = await client.resourceGroups.update('rg-res-a', { tags: { team: 'platform' } });
    expect(patched.tags).toEqual({ team: 'platform' });
  });

  it('refuses a location change and a missing location', async () => {
    await expect(
      client.resourceGroups.createOrUpdate('rg-res-a', { location: 'eastus' }),
    ).rejects.toMatchObject({
      statusCode: 409,
      code: 'InvalidResourceGroupLocation',
    });
    const r = await arm(
      info,
      token,
      'PUT',
      `/subscriptions/${DEV}/resourcegroups/rg-res-b?api-version=2025-04-01`,
      { body: {} },
    );
    expect(r.status).toBe(400);
  });

  it('lists with a tag filter', async () => {
    await client.resourceGroups.createOrUpdate('rg-res-c', { location: 'eastus', tags: { cost: 'lab' } });
    const tagged = await all(
      client.resourceGroups.list({ filter: "tagName eq 'cost' and tagValue eq 'lab'" }),
    );
    expect(tagged.map((g) => g.name)).toEqual(['rg-res-c']);
    const names = (await all(client.resourceGroups.list())).map((g) => g.name);
    expect(names).toEqual(expect.arrayContaining(['rg-images', 'rg-networking', 'rg-res-a', 'rg-res-c']));
  });

  it('deletes as a long-running operation with Location, through the SDK poller', async () => {
    await client.resourceGroups.createOrUpdate('rg-res-del', { location: 'eastus' });
    const raw = await arm(
      info,
      token,
      'DELETE',
      `/subscriptions/${DEV}/resourcegroups/rg-res-del?api-version=2025-04-01`,
    );
    expect(raw.status).toBe(202);
    expect(raw.headers.get('location')).toMatch(
      new RegExp(`^${info.arm}/subscriptions/${DEV}/operationresults/[0-9A-F-]+\\?api-version=2025-04-01$`),
    );
    expect(Number(raw.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await client.resourceGroups.createOrUpdate('rg-res-del2', { location: 'eastus' }).catch(() => undefined);
    await client.resourceGroups.beginDeleteAndWait('rg-res-del2', { updateIntervalInMs: 200 });
    expect((await client.resourceGroups.checkExistence('rg-res-del2')).body).toBe(false);
    await expect(client.resourceGroups.get('rg-res-del2')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
  });
});

describe('resources', () => {
  it('lists by resource group with $filter and $expand (createdTime, changedTime, provisioningState)', async () => {
    const vnets = await all(
      client.resources.listByResourceGroup('rg-networking', {
        filter: "resourceType eq 'Microsoft.Network/virtualNetworks'",
        expand: 'createdTime,changedTime,provisioningState',
      }),
    );
    expect(vnets.length).toBeGreaterThan(0);
    for (const v of vnets) {
      expect(v.type).toBe('Microsoft.Network/virtualNetworks');
      expect(v.createdTime).toBeInstanceOf(Date);
      expect(v.changedTime).toBeInstanceOf(Date);
      expect(v.provisioningState).toBe('Succeeded');
      expect((v as Record<string, unknown>).properties).toBeUndefined();
    }
  });

  it('lists by subscription: top-level resources only, no resource groups or role assignments', async () => {
    const items = await all(client.resources.list());
    expect(items.length).toBeGreaterThan(5);
    for (const r of items) {
      expect(r.type?.toLowerCase().startsWith('microsoft.resources/')).toBe(false);
      expect(r.type?.toLowerCase().startsWith('microsoft.authorization/')).toBe(false);
    }
    const templates = await all(
      client.resources.list({ filter: "resourceType eq 'Microsoft.VirtualMachineImages/imageTemplates'" }),
    );
    expect(templates.length).toBeGreaterThan(0);
  });

  it('filters by tag and by name substring, and rejects unknown filters', async () => {
    const staging = await all(
      client.resources.list({ filter: "tagName eq 'createdBy' and tagValue eq 'AzureVMImageBuilder'" }),
    );
    for (const r of staging) expect(r.tags?.createdBy).toBe('AzureVMImageBuilder');
    const named = await all(client.resources.list({ filter: "substringof('vnet', name)" }));
    for (const r of named) expect(r.name?.toLowerCase()).toContain('vnet');
    await expect(all(client.resources.list({ filter: "color eq 'blue'" }))).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('gets a resource by id (generic)', async () => {
    const [vnet] = await all(
      client.resources.listByResourceGroup('rg-networking', {
        filter: "resourceType eq 'Microsoft.Network/virtualNetworks'",
      }),
    );
    const got = await client.resources.getById(vnet?.id ?? '', '2024-05-01');
    expect(got.id?.toLowerCase()).toBe(vnet?.id?.toLowerCase());
  });

  it('lists by a missing resource group: ResourceGroupNotFound', async () => {
    await expect(all(client.resources.listByResourceGroup('rg-gone'))).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
  });
});

describe('providers', () => {
  it('lists namespaces with resource types and api-versions, and registration state', async () => {
    const providers = await all(client.providers.list());
    const aib = providers.find((p) => p.namespace === 'Microsoft.VirtualMachineImages');
    expect(aib?.registrationState).toBe('Registered');
    const types = aib?.resourceTypes?.find((t) => t.resourceType === 'imageTemplates');
    expect(types?.apiVersions).toEqual(expect.arrayContaining(['2025-10-01', '2024-02-01']));
    expect(providers.find((p) => p.namespace === 'Microsoft.Network')?.resourceTypes?.length).toBeGreaterThan(
      3,
    );
  });

  it('gets, unregisters and registers a namespace', async () => {
    const p = await client.providers.get('microsoft.network');
    expect(p.namespace).toBe('Microsoft.Network');
    expect((await client.providers.unregister('Microsoft.Network')).registrationState).toBe('Unregistered');
    expect((await client.providers.register('Microsoft.Network')).registrationState).toBe('Registered');
    await expect(client.providers.get('Microsoft.Nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'InvalidResourceNamespace',
    });
  });

  it('refuses writes to an unregistered namespace with MissingSubscriptionRegistration', async () => {
    await client.providers.unregister('Microsoft.Network');
    try {
      const put = await arm(
        info,
        token,
        'PUT',
        `/subscriptions/${DEV}/resourceGroups/rg-networking/providers/Microsoft.Network/virtualNetworks/vnet-unreg?api-version=2024-05-01`,
        { body: { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.99.0.0/16'] } } } },
      );
      expect(put.status).toBe(409);
      expect((put.json as { error: { code: string; message: string } }).error).toMatchObject({
        code: 'MissingSubscriptionRegistration',
        message:
          "The subscription is not registered to use namespace 'Microsoft.Network'. See https://aka.ms/rps-not-found for how to register subscriptions.",
      });
      const read = await arm(
        info,
        token,
        'GET',
        `/subscriptions/${DEV}/resourceGroups/rg-networking/providers/Microsoft.Network/virtualNetworks?api-version=2024-05-01`,
      );
      expect(read.status).toBe(200);
    } finally {
      await client.providers.register('Microsoft.Network');
    }
  });
});

describe('locations and tenants', () => {
  it('lists regions of a subscription and the tenant', async () => {
    const sc = new SubscriptionClient(staticCredential(token), clientOptions(info));
    const locs = await all(sc.subscriptions.listLocations(DEV));
    expect(locs.map((l) => l.name)).toEqual(expect.arrayContaining(['eastus', 'westeurope']));
    expect(locs[0]?.metadata?.regionType).toBe('Physical');
    const tenants = await all(sc.tenants.list());
    expect(tenants.map((t) => t.tenantId)).toEqual([TENANT_ID]);
    const sub = await sc.subscriptions.get(DEV);
    expect(sub).toMatchObject({
      subscriptionId: DEV,
      displayName: 'Contoso Dev',
      state: 'Enabled',
      tenantId: TENANT_ID,
    });
  });
});
