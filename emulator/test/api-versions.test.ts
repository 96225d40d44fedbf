// The api-versions local Azure accepts are those Azure/azure-rest-api-specs publishes (the generated table in
// emulator/src/api-versions/), and versions that change a resource's shape behave per version.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { PUBLISHED_API_VERSIONS } from '../src/api-versions/published.ts';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { arm, userToken } from '../testing/harness.ts';
import { templatePath } from '../testing/session.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const AIB = PUBLISHED_API_VERSIONS['Microsoft.VirtualMachineImages/imageTemplates'];
const VNETS = PUBLISHED_API_VERSIONS['Microsoft.Network/virtualNetworks'];
const TEMPLATES = `/subscriptions/${DEV}/providers/Microsoft.VirtualMachineImages/imageTemplates`;
const NETWORKS = `/subscriptions/${DEV}/providers/Microsoft.Network/virtualNetworks`;
let token = '';

beforeAll(async () => {
  token = (await userToken(info, 'ava')).accessToken;
});

interface ArmErrorBody {
  error: { code: string; message: string };
}

describe('accepted api-versions are the published ones', () => {
  it('the table has the versions Azure publishes that the hand-kept lists lacked', () => {
    expect(AIB).toEqual(expect.arrayContaining(['2020-02-14', '2021-10-01', '2019-02-01-preview']));
    expect(VNETS).toEqual(expect.arrayContaining(['2021-08-01', '2023-04-01', '2026-01-01']));
    expect(PUBLISHED_API_VERSIONS['Microsoft.Network/privateLinkServices'][0]).toBe('2019-04-01');
  });

  it.each([...AIB])('Image Builder %s lists templates', async (v) => {
    const r = await arm(info, token, 'GET', `${TEMPLATES}?api-version=${v}`);
    expect(r.status, r.text).toBe(200);
  });

  it.each([...VNETS])('Network %s lists virtual networks', async (v) => {
    const r = await arm(info, token, 'GET', `${NETWORKS}?api-version=${v}`);
    expect(r.status, r.text).toBe(200);
  });

  it("a version the specs do not publish is refused with ARM's error, naming exactly the published ones", async () => {
    for (const [path, type, published] of [
      [TEMPLATES, 'imageTemplates', AIB],
      [NETWORKS, 'virtualNetworks', VNETS],
    ] as const) {
      const r = await arm(info, token, 'GET', `${path}?api-version=2023-03-03`);
      expect(r.status).toBe(400);
      const e = (r.json as ArmErrorBody).error;
      expect(e.code).toBe('NoRegisteredProviderFound');
      const listed = /The supported api-versions are '([^']*)'/.exec(e.message)?.[1]?.split(/,\s*/) ?? [];
      expect(e.message).toContain(`for type '${type}'`);
      expect([...listed].sort()).toEqual([...published].sort());
    }
  });

  it('a Network type keeps the versions it was published in: Private Link services from 2019-04-01', async () => {
    const pls = `/subscriptions/${DEV}/providers/Microsoft.Network/privateLinkServices`;
    expect((await arm(info, token, 'GET', `${pls}?api-version=2019-04-01`)).status).toBe(200);
    expect((await arm(info, token, 'GET', `${pls}?api-version=2018-12-01`)).status).toBe(400);
    // 2024-10-01 is not in the specs (see published.md): refused although clients once pinned it.
    expect((await arm(info, token, 'GET', `${NETWORKS}?api-version=2024-10-01`)).status).toBe(400);
  });
});

describe('managed identities, container groups, storage accounts, galleries, VMs and images accept their published versions', () => {
  it.each([
    ['Microsoft.ManagedIdentity/userAssignedIdentities'],
    ['Microsoft.ContainerInstance/containerGroups'],
    ['Microsoft.Storage/storageAccounts'],
    ['Microsoft.Compute/galleries'],
    ['Microsoft.Compute/virtualMachines'],
    ['Microsoft.Compute/images'],
  ] as const)('%s: every published version lists; an unpublished one is refused', async (type) => {
    const path = `/subscriptions/${DEV}/providers/${type}`;
    for (const v of PUBLISHED_API_VERSIONS[type]) {
      const r = await arm(info, token, 'GET', `${path}?api-version=${v}`);
      expect(r.status, `${v}: ${r.text}`).toBe(200);
    }
    const refused = await arm(info, token, 'GET', `${path}?api-version=2023-03-03`);
    expect(refused.status).toBe(400);
  });
});

describe("Resource Manager's subscriptions accept their published versions", () => {
  it('every published version lists subscriptions; an unpublished one is InvalidApiVersionParameter', async () => {
    for (const v of PUBLISHED_API_VERSIONS['Microsoft.Resources/subscriptions']) {
      const r = await arm(info, token, 'GET', `/subscriptions?api-version=${v}`);
      expect(r.status, `${v}: ${r.text}`).toBe(200);
    }
    const refused = await arm(info, token, 'GET', '/subscriptions?api-version=2024-11-01');
    expect(refused.status).toBe(400);
    expect((refused.json as ArmErrorBody).error.code).toBe('InvalidApiVersionParameter');
  });
});

describe('Image Builder shapes per version', () => {
  const path = templatePath(DEV, 'rg-images', 'ubuntu2204-base');

  it('each version shows the fields it knows: stagingResourceGroup from 2022-02-14, never systemData', async () => {
    for (const v of ['2019-05-01-preview', '2020-02-14', '2021-10-01']) {
      const old = await arm(info, token, 'GET', `${path}?api-version=${v}`);
      expect(old.status).toBe(200);
      expect(old.json).toHaveProperty('properties.source');
      expect(old.json).not.toHaveProperty('properties.exactStagingResourceGroup');
      // The specs add systemData in 2021-10-01, but the service sends none (the CLI's recordings).
      expect(old.json).not.toHaveProperty('systemData');
    }
    const newer = await arm(info, token, 'GET', `${path}?api-version=2022-02-14`);
    expect(newer.json).toHaveProperty('properties.exactStagingResourceGroup');
  });

  it("before 2021-10-01 the service's errors are a bare ApiError; from 2021-10-01 ARM's envelope", async () => {
    const bad = (v: string) =>
      arm(info, token, 'PUT', `${templatePath(DEV, 'rg-images', 'tpl-versioned-error')}?api-version=${v}`, {
        body: { location: 'eastus', identity: { type: 'None' }, properties: {} },
      });
    const old = await bad('2020-02-14');
    expect(old.status).toBe(400);
    expect(old.json).toMatchObject({ code: 'ValidationFailed' });
    expect(old.json).not.toHaveProperty('error');
    const cloud = await bad('2021-10-01');
    expect(cloud.status).toBe(400);
    expect((cloud.json as ArmErrorBody).error.code).toBe('ValidationFailed');
    // The Activity Log records the refused write as Failed, whatever the error's shape.
    const since = new Date(Date.now() - 10 * 60_000).toISOString();
    const target = templatePath(DEV, 'rg-images', 'tpl-versioned-error');
    const log = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=${encodeURIComponent(`eventTimestamp ge '${since}' and eventTimestamp le '${new Date(Date.now() + 60_000).toISOString()}' and resourceUri eq '${target}'`)}`,
    );
    expect(log.status, log.text).toBe(200);
    const statuses = ((log.json as { value: { status: { value: string } }[] }).value ?? []).map(
      (e) => e.status.value,
    );
    expect(statuses).toContain('Failed');
    expect(statuses).not.toContain('Succeeded');
    // Resource Manager's own errors keep the envelope in every version.
    const unauth = await arm(info, null, 'GET', `${path}?api-version=2020-02-14`);
    expect((unauth.json as ArmErrorBody).error.code).toBe('AuthenticationFailed');
  });
});

/** The versions an api-version error lists (ARM's own, NoRegisteredProviderFound and InvalidResourceType alike). */
function listedIn(message: string): string[] {
  return /supported (?:api-)?versions are '([^']*)'/.exec(message)?.[1]?.split(/,\s*/) ?? [];
}

describe('resources, authorization, insights, disks and Resource Graph accept their published versions (no hand lists)', () => {
  const rg = `/subscriptions/${DEV}/resourcegroups`;
  const sub = `/subscriptions/${DEV}/providers`;

  it.each([
    ['resource groups 2015-11-01 (resources.json, oldest)', 'GET', `${rg}?api-version=2015-11-01`],
    [
      'resources in a subscription 2019-05-10',
      'GET',
      `/subscriptions/${DEV}/resources?api-version=2019-05-10`,
    ],
    ['providers 2016-09-01', 'GET', `${sub}?api-version=2016-09-01`],
    [
      'role assignments 2020-03-01-preview',
      'GET',
      `${sub}/Microsoft.Authorization/roleAssignments?api-version=2020-03-01-preview`,
    ],
    [
      'role assignments 2026-08-01',
      'GET',
      `${sub}/Microsoft.Authorization/roleAssignments?api-version=2026-08-01`,
    ],
    [
      'role definitions 2017-10-01-preview',
      'GET',
      `${sub}/Microsoft.Authorization/roleDefinitions?api-version=2017-10-01-preview`,
    ],
    [
      'permissions 2018-09-01-preview',
      'GET',
      `${rg}/rg-images/providers/Microsoft.Authorization/permissions?api-version=2018-09-01-preview`,
    ],
    ['action groups 2018-03-01', 'GET', `${sub}/Microsoft.Insights/actionGroups?api-version=2018-03-01`],
    [
      'activity log alerts 2017-03-01-preview',
      'GET',
      `${sub}/Microsoft.Insights/activityLogAlerts?api-version=2017-03-01-preview`,
    ],
    ['disks 2016-04-30-preview', 'GET', `${sub}/Microsoft.Compute/disks?api-version=2016-04-30-preview`],
    ['disks 2025-01-02', 'GET', `${sub}/Microsoft.Compute/disks?api-version=2025-01-02`],
  ] as const)('%s is accepted', async (_name, method, path) => {
    const r = await arm(info, token, method, path);
    expect(r.status, r.text).toBe(200);
  });

  it('Resource Graph 2018-09-01-preview (its first resourcegraph.json) answers a query', async () => {
    const r = await arm(
      info,
      token,
      'POST',
      '/providers/Microsoft.ResourceGraph/resources?api-version=2018-09-01-preview',
      {
        body: { query: 'Resources | take 1' },
      },
    );
    expect(r.status, r.text).toBe(200);
  });

  it.each([
    // A subscriptions version: published for subscriptions, not for resource groups.
    [
      `${rg}?api-version=2022-12-01`,
      400,
      'InvalidApiVersionParameter',
      'Microsoft.Resources/subscriptions/resourceGroups',
    ],
    // In the hand-kept list once; no spec folder has it.
    [
      `${sub}/Microsoft.Authorization/roleAssignments?api-version=2018-07-01`,
      404,
      'InvalidResourceType',
      'Microsoft.Authorization/roleAssignments',
    ],
    // Published for role assignments only: role definitions and permissions are not in that folder.
    [
      `${sub}/Microsoft.Authorization/roleDefinitions?api-version=2020-10-01-preview`,
      404,
      'InvalidResourceType',
      'Microsoft.Authorization/roleDefinitions',
    ],
    [
      `${rg}/rg-images/providers/Microsoft.Authorization/permissions?api-version=2022-01-01-preview`,
      404,
      'InvalidResourceType',
      'Microsoft.Authorization/permissions',
    ],
    // An activity log alerts folder, not the Activity Log's nor action groups'.
    [
      `${sub}/Microsoft.Insights/eventtypes/management/values?api-version=2017-03-01-preview`,
      404,
      'InvalidResourceType',
      'Microsoft.Insights/eventtypes',
    ],
    [
      `${sub}/Microsoft.Insights/actionGroups?api-version=2017-03-01-preview`,
      404,
      'InvalidResourceType',
      'Microsoft.Insights/actionGroups',
    ],
    // A virtual machine version: disks have their own line.
    [
      `${sub}/Microsoft.Compute/disks?api-version=2024-07-01`,
      400,
      'NoRegisteredProviderFound',
      'Microsoft.Compute/disks',
    ],
  ] as const)(
    '%s is refused with ARM’s error naming exactly the published versions',
    async (path, status, code, type) => {
      const r = await arm(info, token, 'GET', path);
      expect(r.status, r.text).toBe(status);
      const e = (r.json as ArmErrorBody).error;
      expect(e.code).toBe(code);
      expect(listedIn(e.message).sort()).toEqual([...PUBLISHED_API_VERSIONS[type]].sort());
    },
  );

  it('Resource Graph refuses a folder that publishes only resource changes (2020-09-01-preview)', async () => {
    const r = await arm(
      info,
      token,
      'POST',
      '/providers/Microsoft.ResourceGraph/resources?api-version=2020-09-01-preview',
      {
        body: { query: 'Resources' },
      },
    );
    expect(r.status).toBe(400);
    const e = (r.json as ArmErrorBody).error;
    expect(e.code).toBe('NoRegisteredProviderFound');
    expect(listedIn(e.message).sort()).toEqual(
      [...PUBLISHED_API_VERSIONS['Microsoft.ResourceGraph/resources']].sort(),
    );
  });
});
