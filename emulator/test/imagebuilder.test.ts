// Conformance: Microsoft.VirtualMachineImages through the real @azure/arm-imagebuilder 5.0.0 client and
// raw HTTPS for wire details (status codes, LRO headers, error texts), with user tokens from the local
// identity provider. Every operation at least once; LROs through the SDK pollers.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { ImageBuilderClient, type ImageTemplate } from '@azure/arm-imagebuilder';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { getUserToken, staticCredential } from '../testing/tokens.ts';
import { SUBSCRIPTIONS, USERS, type DemoUser } from '../src/world/identities.ts';
import { SEED, identityIdOf } from '../src/world/seed.ts';
import { UBUNTU_2204, managedImage, userAssigned } from '../testing/templates.ts';

const info = inject('localAzure');
const DEV: string = SUBSCRIPTIONS.dev.subscriptionId;
const PROD: string = SUBSCRIPTIONS.prod.subscriptionId;
const V = '2025-10-01';
const tokens = new Map<string, string>();

async function tokenOf(u: DemoUser): Promise<string> {
  const cached = tokens.get(u.username);
  if (cached) return cached;
  const t = await getUserToken({
    authority: info.authority,
    username: u.username,
    password: u.password,
    clientId: info.spaClientId,
    redirectUri: `${info.appOrigins[0] ?? 'http://localhost:3000'}/redirect`,
  });
  tokens.set(u.username, t.accessToken);
  return t.accessToken;
}

async function client(u: DemoUser, sub = DEV, apiVersion?: string): Promise<ImageBuilderClient> {
  return new ImageBuilderClient(staticCredential(await tokenOf(u)), sub, {
    endpoint: info.arm,
    ...(apiVersion ? { apiVersion } : {}),
  });
}

interface Wire {
  status: number;
  headers: Headers;
  body: Record<string, unknown> | undefined;
}

async function arm(u: DemoUser, method: string, path: string, body?: unknown, apiVersion = V): Promise<Wire> {
  const url = path.startsWith('https://')
    ? path
    : `${info.arm}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${await tokenOf(u)}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined,
  };
}

async function control(method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${info.arm}/_local/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  if (!res.ok) throw new Error(`control ${path}: ${res.status} ${await res.text()}`);
}

const tplPath = (rg: string, name: string, sub = DEV): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`;

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
}

function newTemplate(extra: Partial<ImageTemplate> = {}): ImageTemplate {
  return {
    location: 'eastus',
    identity: userAssigned('networking'),
    source: UBUNTU_2204,
    customize: [{ type: 'Shell', name: 'hello', inline: ['echo hello'] }],
    distribute: [managedImage(SEED.imagesRg, 'conf-image')],
    ...extra,
  } as ImageTemplate;
}

const rawTemplate = (extraProps: Record<string, unknown> = {}): Record<string, unknown> => ({
  location: 'eastus',
  identity: userAssigned('networking'),
  properties: {
    source: UBUNTU_2204,
    distribute: [managedImage(SEED.imagesRg, 'raw-image')],
    ...extraProps,
  },
});

beforeAll(async () => {
  await control('POST', 'reset');
  await control('POST', 'time', { speed: 3000 });
});

describe('Microsoft.VirtualMachineImages: reads', () => {
  it('lists templates by subscription and resource group with lower-case resourcegroups ids', async () => {
    const c = await client(USERS.owner);
    const all: ImageTemplate[] = [];
    for await (const t of c.virtualMachineImageTemplates.list()) all.push(t);
    const names = all.map((t) => t.name);
    expect(names).toContain('ubuntu2204-base');
    expect(names).toContain('team-ubuntu-move-to-l3');
    expect(all.every((t) => t.id?.includes('/resourcegroups/'))).toBe(true);
    const inRg: string[] = [];
    for await (const t of c.virtualMachineImageTemplates.listByResourceGroup(SEED.teamRg))
      inRg.push(t.name ?? '');
    expect(inRg).toEqual(['team-ubuntu-move-to-l3']);
  });

  it('pages with nextLink', async () => {
    await control('POST', 'seed', { templates: 30 });
    await control('POST', 'config', { pageSize: 4 });
    try {
      const first = await arm(
        USERS.owner,
        'GET',
        `/subscriptions/${DEV}/providers/Microsoft.VirtualMachineImages/imageTemplates`,
      );
      expect(first.status).toBe(200);
      expect(first.body?.value).toHaveLength(4);
      expect(String(first.body?.nextLink)).toContain('$skipToken=');
      const c = await client(USERS.owner);
      let n = 0;
      for await (const t of c.virtualMachineImageTemplates.list()) if (t.name?.startsWith('scale-')) n++;
      expect(n).toBe(15);
    } finally {
      await control('POST', 'config', { pageSize: 100 });
    }
  });

  it('gets a template: seeded last run, staging group, identity ids', async () => {
    const c = await client(USERS.owner);
    const t = await c.virtualMachineImageTemplates.get(SEED.imagesRg, 'ubuntu2204-base');
    expect(t.provisioningState).toBe('Succeeded');
    expect(t.lastRunStatus?.runState).toBe('Succeeded');
    expect(t.exactStagingResourceGroup).toMatch(
      /\/resourceGroups\/IT_rg-images_ubuntu2204-base_[0-9a-f-]{36}$/,
    );
    const ident = Object.values(t.identity?.userAssignedIdentities ?? {})[0];
    expect(ident?.principalId).toMatch(/^[0-9a-f-]{36}$/);
    const never = await c.virtualMachineImageTemplates.get(SEED.imagesRg, 'ubuntu2204-gallery-pl');
    expect(never.lastRunStatus).toBeUndefined();
  });

  it('answers 404 ResourceNotFound for a missing template', async () => {
    const r = await arm(USERS.owner, 'GET', tplPath(SEED.imagesRg, 'nope'));
    expect(r.status).toBe(404);
    expect((r.body?.error as { code: string }).code).toBe('ResourceNotFound');
  });

  it('lists the provider operations', async () => {
    const c = await client(USERS.owner);
    const ops: string[] = [];
    for await (const o of c.operations.list()) ops.push(o.name ?? '');
    expect(ops).toHaveLength(13);
    expect(ops).toContain('Microsoft.VirtualMachineImages/imageTemplates/run/action');
  });

  it('lists and gets run outputs of the last run', async () => {
    const c = await client(USERS.owner);
    const outs = [];
    for await (const o of c.virtualMachineImageTemplates.listRunOutputs(SEED.imagesRg, 'ubuntu2204-base'))
      outs.push(o);
    expect(outs).toHaveLength(1);
    const o = await c.virtualMachineImageTemplates.getRunOutput(
      SEED.imagesRg,
      'ubuntu2204-base',
      'ubuntu2204-base-image',
    );
    expect(o.artifactId).toContain('/providers/Microsoft.Compute/images/ubuntu2204-base-image');
    const img = await arm(USERS.owner, 'GET', o.artifactId ?? '', undefined, '2024-07-01');
    expect(img.status).toBe(200);
  });

  it('accepts the older stable api-versions and rejects unknown ones', async () => {
    for (const v of ['2022-02-14', '2022-07-01', '2023-07-01', '2024-02-01']) {
      const r = await arm(USERS.owner, 'GET', tplPath(SEED.imagesRg, 'ubuntu2204-base'), undefined, v);
      expect(r.status, v).toBe(200);
    }
    const bad = await arm(
      USERS.owner,
      'GET',
      tplPath(SEED.imagesRg, 'ubuntu2204-base'),
      undefined,
      '2019-01-01',
    );
    expect(bad.status).toBe(400);
  });
});

describe('Microsoft.VirtualMachineImages: create, update, delete', () => {
  it('PUT of a new template: 201, Azure-AsyncOperation, Creating then Succeeded with a staging group', async () => {
    const r = await arm(USERS.owner, 'PUT', tplPath(SEED.imagesRg, 'conf-raw'), rawTemplate());
    expect(r.status).toBe(201);
    const props = r.body?.properties as Record<string, unknown>;
    expect(props.provisioningState).toBe('Creating');
    expect(props.exactStagingResourceGroup).toBe('');
    expect(props.buildTimeoutInMinutes).toBe(0);
    expect(props.vmProfile).toEqual({ vmSize: '', osDiskSizeGB: 0 });
    expect(r.body?.id).toContain('/resourcegroups/rg-images/');
    const op = r.headers.get('azure-asyncoperation') ?? '';
    // The GUID is lower case in the URL and upper case as the status's name (the CLI's recordings).
    expect(op).toMatch(
      /\/providers\/Microsoft\.VirtualMachineImages\/locations\/eastus\/operations\/[0-9a-f-]{36}\?api-version=2025-10-01$/,
    );
    const done = await until(
      () => arm(USERS.owner, 'GET', op),
      (x) => x.body?.status !== 'InProgress',
    );
    expect(done.body?.status).toBe('Succeeded');
    expect(done.body?.name).toMatch(/^[0-9A-F-]{36}$/);
    const t = await arm(USERS.owner, 'GET', tplPath(SEED.imagesRg, 'conf-raw'));
    const tp = t.body?.properties as Record<string, unknown>;
    expect(tp.provisioningState).toBe('Succeeded');
    expect(tp.lastRunStatus).toBeUndefined();
    const stagingName = String(tp.exactStagingResourceGroup).split('/').pop() ?? '';
    expect(stagingName).toMatch(/^IT_rg-images_conf-raw_/);
    const rg = await arm(
      USERS.owner,
      'GET',
      `/subscriptions/${DEV}/resourceGroups/${stagingName}`,
      undefined,
      '2021-04-01',
    );
    expect(rg.body?.tags).toMatchObject({
      createdBy: 'AzureVMImageBuilder',
      imageTemplateName: 'conf-raw',
      imageTemplateResourceGroupName: 'rg-images',
    });
    const res = await arm(
      USERS.owner,
      'GET',
      `/subscriptions/${DEV}/resourceGroups/${stagingName}/resources`,
      undefined,
      '2021-04-01',
    );
    const sa = (res.body?.value as Array<{ id: string; name: string; type: string }>).find(
      (x) => x.type === 'Microsoft.Storage/storageAccounts',
    );
    expect(sa?.name).toMatch(/^[a-z0-9]{24}$/);
    const keys = await arm(USERS.owner, 'POST', `${sa?.id ?? ''}/listKeys`, undefined, '2023-05-01');
    const key = ((keys.body?.keys as Array<{ value: string }>)[0] ?? { value: '' }).value;
    const acct = await arm(USERS.owner, 'GET', sa?.id ?? '', undefined, '2023-05-01');
    const blob = String(
      ((acct.body?.properties as Record<string, unknown>).primaryEndpoints as Record<string, unknown>).blob,
    );
    const svc = new BlobServiceClient(blob, new StorageSharedKeyCredential(sa?.name ?? '', key));
    expect(
      await until(
        () => svc.getContainerClient('packerlogs').exists(),
        (x) => x,
        5000,
      ),
    ).toBe(true);
  });

  it('PUT on an existing name: 409 Conflict with AIB text', async () => {
    const r = await arm(USERS.owner, 'PUT', tplPath(SEED.imagesRg, 'ubuntu2204-base'), rawTemplate());
    expect(r.status).toBe(409);
    expect(r.body?.error).toMatchObject({ code: 'Conflict' });
    expect((r.body?.error as { message: string }).message).toMatch(
      /^Update\/Upgrade of image templates is currently not supported/,
    );
  });

  it('creates through the SDK poller', async () => {
    const c = await client(USERS.owner);
    const t = await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      'conf-sdk',
      newTemplate(),
      {
        updateIntervalInMs: 100,
      },
    );
    expect(t.provisioningState).toBe('Succeeded');
    expect(t.exactStagingResourceGroup).toContain('IT_rg-images_conf-sdk_');
  });

  it('rejects unknown or mis-cased fields from 2024-02-01, ignores them before', async () => {
    const body = rawTemplate({ optimize: { vmboot: { state: 'Enabled' } } });
    for (const v of ['2024-02-01', '2025-10-01']) {
      const r = await arm(USERS.owner, 'PUT', tplPath(SEED.imagesRg, 'conf-unknown'), body, v);
      expect(r.status, v).toBe(400);
      expect((r.body?.error as { message: string }).message).toContain(
        'Unmarshalling entity encountered error',
      );
      expect((r.body?.error as { message: string }).message).toContain('unknown field "vmboot"');
    }
    const old = await arm(USERS.owner, 'PUT', tplPath(SEED.imagesRg, 'conf-unknown'), body, '2023-07-01');
    expect(old.status).toBe(201);
    expect((old.body?.properties as Record<string, unknown>).optimize).toEqual({});
  });

  it('validates required fields and the name with ValidationFailed texts', async () => {
    const noIdentity = rawTemplate();
    delete noIdentity.identity;
    const a = await arm(USERS.owner, 'PUT', tplPath(SEED.imagesRg, 'conf-noid'), noIdentity);
    expect(a.status).toBe(400);
    expect(a.body?.error).toMatchObject({ code: 'ValidationFailed' });
    expect((a.body?.error as { message: string }).message).toMatch(
      /^Validation failed: 'ImageTemplate': Missing field 'identity'/,
    );
    const noDist = rawTemplate({ distribute: [] });
    const b = await arm(USERS.owner, 'PUT', tplPath(SEED.imagesRg, 'conf-nodist'), noDist);
    expect((b.body?.error as { message: string }).message).toContain("Missing field 'distribute'");
    const c = await arm(USERS.owner, 'PUT', tplPath(SEED.imagesRg, 'bad~name'), rawTemplate());
    expect(c.status).toBe(400);
    expect(c.body?.error).toMatchObject({ code: 'ValidationFailed' });
  });

  it('PATCH: 202 with both LRO headers, merge-patch of tags, identity and vmProfile', async () => {
    const path = tplPath(SEED.imagesRg, 'conf-sdk');
    const r = await arm(USERS.owner, 'PATCH', path, { tags: { env: 'test', team: 'a' } });
    expect(r.status).toBe(202);
    expect(r.headers.get('azure-asyncoperation')).toBeTruthy();
    expect(r.headers.get('location')).toBeTruthy();
    const c = await client(USERS.owner);
    await until(
      () => c.virtualMachineImageTemplates.get(SEED.imagesRg, 'conf-sdk'),
      (t) => t.provisioningState === 'Succeeded',
    );
    const t = await c.virtualMachineImageTemplates.beginUpdateAndWait(
      SEED.imagesRg,
      'conf-sdk',
      { tags: { team: 'b' }, properties: { vmProfile: { vmSize: 'Standard_D2s_v3' } } },
      { updateIntervalInMs: 100 },
    );
    expect(t.tags).toEqual({ env: 'test', team: 'b' });
    expect(t.vmProfile?.vmSize).toBe('Standard_D2s_v3');
    expect(t.vmProfile?.osDiskSizeGB).toBe(0);
    const other = identityIdOf(SEED.identities.basic);
    const t2 = await c.virtualMachineImageTemplates.beginUpdateAndWait(
      SEED.imagesRg,
      'conf-sdk',
      {
        identity: {
          type: 'UserAssigned',
          userAssignedIdentities: { [identityIdOf(SEED.identities.networking)]: null as never, [other]: {} },
        },
      },
      { updateIntervalInMs: 100 },
    );
    expect(Object.keys(t2.identity?.userAssignedIdentities ?? {})).toEqual([other]);
    expect(t2.identity?.userAssignedIdentities?.[other]?.principalId).toBeTruthy();
  });

  it('PATCH distribute must list every target; vmProfile is ignored before 2024-02-01', async () => {
    const path = tplPath(SEED.imagesRg, 'conf-sdk');
    const r = await arm(USERS.owner, 'PATCH', path, {
      properties: { distribute: [{ type: 'VHD', runOutputName: 'vhd' }] },
    });
    expect(r.status).toBe(400);
    expect((r.body?.error as { message: string }).message).toBe(
      'Validation failed: Distribute target with Runoutput name out not found in the update request. Deleting a distribution target is not allowed.',
    );
    const old = await arm(
      USERS.owner,
      'PATCH',
      path,
      { properties: { vmProfile: { vmSize: 'Standard_X' } } },
      '2023-07-01',
    );
    expect(old.status).toBe(202);
    const c = await client(USERS.owner);
    const t = await until(
      () => c.virtualMachineImageTemplates.get(SEED.imagesRg, 'conf-sdk'),
      (x) => x.provisioningState === 'Succeeded',
    );
    expect(t.vmProfile?.vmSize).toBe('Standard_D2s_v3');
    const strict = await arm(USERS.owner, 'PATCH', path, { properties: { vmprofile: {} } }, '2024-02-01');
    expect(strict.status).toBe(400);
  });

  it('run: 202 with Azure-AsyncOperation, Location and Retry-After; run again → 409; delete while running → 409; cancel → 204, Canceling, Canceled', async () => {
    await control('POST', 'time', { speed: 20 });
    const path = tplPath(SEED.imagesRg, 'conf-sdk');
    const run = await arm(USERS.owner, 'POST', `${path}/run`);
    expect(run.status).toBe(202);
    expect(run.headers.get('azure-asyncoperation')).toContain('/locations/eastus/operations/');
    // AIB's Location names the same status document as Azure-AsyncOperation (recorded by the Azure CLI).
    expect(run.headers.get('location')).toBe(run.headers.get('azure-asyncoperation'));
    expect(Number(run.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const t = await arm(USERS.owner, 'GET', path);
    expect((t.body?.properties as Record<string, unknown>).lastRunStatus).toMatchObject({
      runState: 'Running',
      runSubState: 'Queued',
      endTime: '0001-01-01T00:00:00Z',
      message: '',
    });
    const again = await arm(USERS.owner, 'POST', `${path}/run`);
    expect(again.status).toBe(409);
    expect(again.body?.error).toMatchObject({ code: 'OperationNotAllowed' });
    const del = await arm(USERS.owner, 'DELETE', path);
    expect(del.status).toBe(409);
    expect((del.body?.error as { message: string }).message).toBe(
      "Operation 'Microsoft.VirtualMachineImages/imageTemplates/delete' is not allowed in provisioningState: 'provisioned', runState: 'running'",
    );
    const cancel = await arm(USERS.owner, 'POST', `${path}/cancel`);
    expect(cancel.status).toBe(204);
    const canceling = await arm(USERS.owner, 'GET', path);
    const lrs = (canceling.body?.properties as Record<string, unknown>).lastRunStatus as Record<
      string,
      unknown
    >;
    expect(lrs.runState).toBe('Canceling');
    expect(lrs.message).toBe('Canceling image build');
    expect(lrs.runSubState).toBeUndefined();
    await control('POST', 'time', { speed: 3000 });
    const end = await until(
      () => arm(USERS.owner, 'GET', path),
      (x) =>
        ((x.body?.properties as Record<string, unknown>).lastRunStatus as Record<string, unknown>)
          .runState === 'Canceled',
    );
    expect(
      ((end.body?.properties as Record<string, unknown>).lastRunStatus as Record<string, unknown>).runState,
    ).toBe('Canceled');
    const op = await arm(USERS.owner, 'GET', run.headers.get('azure-asyncoperation') ?? '');
    expect(op.body?.status).toBe('Canceled');
  });

  it('runs through the SDK poller and lists the new run outputs', async () => {
    const c = await client(USERS.owner);
    await c.virtualMachineImageTemplates.beginRunAndWait(SEED.imagesRg, 'conf-sdk', {
      updateIntervalInMs: 100,
    });
    const t = await c.virtualMachineImageTemplates.get(SEED.imagesRg, 'conf-sdk');
    expect(t.lastRunStatus?.runState).toBe('Succeeded');
    expect(t.lastRunStatus?.endTime?.getTime()).toBeGreaterThan(t.lastRunStatus?.startTime?.getTime() ?? 0);
    const outs = [];
    for await (const o of c.virtualMachineImageTemplates.listRunOutputs(SEED.imagesRg, 'conf-sdk'))
      outs.push(o);
    expect(outs.map((o) => o.name)).toEqual(['out']);
  });

  it('DELETE: 202 with both headers, then the template and its staging group are gone', async () => {
    const c = await client(USERS.owner);
    const t = await c.virtualMachineImageTemplates.get(SEED.imagesRg, 'conf-raw');
    const staging = t.exactStagingResourceGroup ?? '';
    const r = await arm(USERS.owner, 'DELETE', tplPath(SEED.imagesRg, 'conf-raw'));
    expect(r.status).toBe(202);
    expect(r.headers.get('azure-asyncoperation')).toBeTruthy();
    expect(r.headers.get('location')).toBeTruthy();
    await c.virtualMachineImageTemplates.beginDeleteAndWait(SEED.imagesRg, 'conf-sdk', {
      updateIntervalInMs: 100,
    });
    await until(
      () => arm(USERS.owner, 'GET', tplPath(SEED.imagesRg, 'conf-raw')),
      (x) => x.status === 404,
    );
    expect((await arm(USERS.owner, 'GET', tplPath(SEED.imagesRg, 'conf-sdk'))).status).toBe(404);
    const rg = await arm(USERS.owner, 'GET', staging, undefined, '2021-04-01');
    expect(rg.status).toBe(404);
    const gone = await arm(USERS.owner, 'DELETE', tplPath(SEED.imagesRg, 'conf-raw'));
    expect(gone.status).toBe(204);
  });
});

describe('Microsoft.VirtualMachineImages: stagingResourceGroup', () => {
  const rgId = (n: string): string => `/subscriptions/${DEV}/resourceGroups/${n}`;

  it('creates a missing named group, adopts an empty one (kept on delete), refuses a non-empty one', async () => {
    const c = await client(USERS.owner);
    const made = await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      'conf-staging-new',
      newTemplate({ stagingResourceGroup: rgId('rg-conf-staging-new') }),
      { updateIntervalInMs: 100 },
    );
    expect(made.exactStagingResourceGroup).toBe(rgId('rg-conf-staging-new'));
    const newRg = await arm(USERS.owner, 'GET', rgId('rg-conf-staging-new'), undefined, '2021-04-01');
    expect(newRg.body?.tags).toMatchObject({
      createdBy: 'AzureVMImageBuilder',
      imageTemplateName: 'conf-staging-new',
    });

    const put = await arm(
      USERS.owner,
      'PUT',
      rgId('rg-conf-staging-empty'),
      { location: 'eastus', tags: { owner: 'me' } },
      '2021-04-01',
    );
    expect(put.status).toBeLessThan(300);
    await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      'conf-staging-adopt',
      newTemplate({ stagingResourceGroup: rgId('rg-conf-staging-empty') }),
      { updateIntervalInMs: 100 },
    );
    const adopted = await arm(USERS.owner, 'GET', rgId('rg-conf-staging-empty'), undefined, '2021-04-01');
    expect(adopted.body?.tags).toMatchObject({
      owner: 'me',
      usedBy: 'AzureVMImageBuilder',
      imageTemplateName: 'conf-staging-adopt',
    });
    await c.virtualMachineImageTemplates.beginDeleteAndWait(SEED.imagesRg, 'conf-staging-adopt', {
      updateIntervalInMs: 100,
    });
    const kept = await arm(USERS.owner, 'GET', rgId('rg-conf-staging-empty'), undefined, '2021-04-01');
    expect(kept.status).toBe(200);
    expect(kept.body?.tags).toEqual({ owner: 'me' });
    await c.virtualMachineImageTemplates.beginDeleteAndWait(SEED.imagesRg, 'conf-staging-new', {
      updateIntervalInMs: 100,
    });
    expect((await arm(USERS.owner, 'GET', rgId('rg-conf-staging-new'), undefined, '2021-04-01')).status).toBe(
      404,
    );

    let err: Error | undefined;
    try {
      await c.virtualMachineImageTemplates.beginCreateOrUpdateAndWait(
        SEED.imagesRg,
        'conf-staging-busy',
        newTemplate({ stagingResourceGroup: rgId(SEED.networkingRg) }),
        { updateIntervalInMs: 100 },
      );
    } catch (e) {
      err = e as Error;
    }
    expect(err?.message).toContain('BadStagingResourceGroup');
    const bad = await arm(
      USERS.owner,
      'PUT',
      tplPath(SEED.imagesRg, 'conf-staging-bad'),
      rawTemplate({ stagingResourceGroup: 'not-an-id' }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body?.error).toMatchObject({ code: 'ValidationFailed' });
  });
});

describe('Microsoft.VirtualMachineImages: triggers', () => {
  it('creates, gets, lists and deletes a SourceImage trigger through the SDK', async () => {
    const c = await client(USERS.owner);
    const tr = await c.triggers.beginCreateOrUpdateAndWait(
      SEED.imagesRg,
      'ubuntu2204-base',
      'source',
      { properties: { kind: 'SourceImage' } } as never,
      { updateIntervalInMs: 100 },
    );
    expect(tr.properties?.status?.code).toBe('Healthy');
    expect(tr.properties?.provisioningState).toBe('Succeeded');
    const got = await c.triggers.get(SEED.imagesRg, 'ubuntu2204-base', 'source');
    expect(got.id).toContain('/imageTemplates/ubuntu2204-base/triggers/source');
    const all = [];
    for await (const x of c.triggers.listByImageTemplate(SEED.imagesRg, 'ubuntu2204-base')) all.push(x);
    expect(all).toHaveLength(1);
    const second = await arm(
      USERS.owner,
      'PUT',
      `${tplPath(SEED.imagesRg, 'ubuntu2204-base')}/triggers/other`,
      { properties: { kind: 'SourceImage' } },
    );
    expect(second.status).toBe(400);
    await c.triggers.beginDeleteAndWait(SEED.imagesRg, 'ubuntu2204-base', 'source', {
      updateIntervalInMs: 100,
    });
    const none = await arm(
      USERS.owner,
      'GET',
      `${tplPath(SEED.imagesRg, 'ubuntu2204-base')}/triggers/source`,
    );
    expect(none.status).toBe(404);
  });
});

describe('Microsoft.VirtualMachineImages: RBAC per demo user', () => {
  it('cole (Contributor of rg-images-team) sees and runs only that group', async () => {
    const c = await client(USERS.contributor);
    const names: string[] = [];
    for await (const t of c.virtualMachineImageTemplates.list()) names.push(t.name ?? '');
    expect(names).toEqual(['team-ubuntu-move-to-l3']);
    await c.virtualMachineImageTemplates.beginRunAndWait(SEED.teamRg, 'team-ubuntu-move-to-l3', {
      updateIntervalInMs: 100,
    });
    const t = await c.virtualMachineImageTemplates.get(SEED.teamRg, 'team-ubuntu-move-to-l3');
    expect(t.lastRunStatus?.runState).toBe('Succeeded');
    const denied = await arm(USERS.contributor, 'POST', `${tplPath(SEED.imagesRg, 'ubuntu2204-base')}/run`);
    expect(denied.status).toBe(403);
    expect(denied.body?.error).toMatchObject({ code: 'AuthorizationFailed' });
    expect((denied.body?.error as { message: string }).message).toContain(
      'Microsoft.VirtualMachineImages/imageTemplates/run/action',
    );
  });

  it('rey (Reader of Prod) reads Prod templates but cannot run or cancel them', async () => {
    const c = await client(USERS.reader, PROD);
    const t = await c.virtualMachineImageTemplates.get(SEED.prodRg, 'win2022-iis-prod');
    expect(t.name).toBe('win2022-iis-prod');
    const run = await arm(USERS.reader, 'POST', `${tplPath(SEED.prodRg, 'win2022-iis-prod', PROD)}/run`);
    expect(run.status).toBe(403);
    const cancel = await arm(
      USERS.reader,
      'POST',
      `${tplPath(SEED.prodRg, 'win2022-iis-prod', PROD)}/cancel`,
    );
    expect(cancel.status).toBe(403);
    const outs = await arm(
      USERS.reader,
      'GET',
      `${tplPath(SEED.prodRg, 'win2022-iis-prod', PROD)}/runOutputs`,
    );
    expect(outs.status).toBe(200);
  });

  it('nia (no role) gets 403 on a template read', async () => {
    const r = await arm(USERS.nobody, 'GET', tplPath(SEED.imagesRg, 'ubuntu2204-base'));
    expect([403, 404]).toContain(r.status);
  });
});

describe('Microsoft.ManagedIdentity: user-assigned identities', () => {
  it('lists and gets identities with principalId and clientId', async () => {
    const base = `/subscriptions/${DEV}/resourceGroups/${SEED.identitiesRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`;
    const list = await arm(USERS.owner, 'GET', base, undefined, '2023-01-31');
    expect(list.status).toBe(200);
    expect((list.body?.value as Array<{ name: string }>).map((x) => x.name).sort()).toEqual([
      'id-aib-basic',
      'id-aib-networking',
    ]);
    const bySub = await arm(
      USERS.owner,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`,
      undefined,
      '2023-01-31',
    );
    expect((bySub.body?.value as unknown[]).length).toBe(2);
    const one = await arm(
      USERS.owner,
      'GET',
      `${base}/${SEED.identities.networking}`,
      undefined,
      '2024-11-30',
    );
    expect(one.body?.properties).toMatchObject({ tenantId: info.tenantId });
    expect((one.body?.properties as Record<string, unknown>).principalId).toMatch(/^[0-9a-f-]{36}$/);
    expect((one.body?.properties as Record<string, unknown>).clientId).toMatch(/^[0-9a-f-]{36}$/);
    const missing = await arm(USERS.owner, 'GET', `${base}/nope`, undefined, '2023-01-31');
    expect(missing.status).toBe(404);
  });
});
