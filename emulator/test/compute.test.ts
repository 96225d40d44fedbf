// Microsoft.Compute over raw authenticated HTTPS (no Compute SDK client is installed): VMs and disks of
// a held build, managed images (PUT/GET/list/DELETE as long-running operations, polled through the
// Compute status endpoints), galleries / images / versions of the seed, errors and RBAC.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { arm, control, userToken, type RawResponse } from '../testing/harness.ts';
import { holdBuild, type HeldBuild } from '../testing/held-build.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const PROD = SUBSCRIPTIONS.prod.subscriptionId;
const V = '2024-07-01';
/** Disks have their own version line (disk.json): 2024-03-02 is what Kiln's topology reads send. */
const DISK_V = '2024-03-02';
const G = '2024-03-03';
const RGN = 'rg-conf-compute';
const rgPath = `/subscriptions/${DEV}/resourceGroups/${RGN}`;
const compute = `${rgPath}/providers/Microsoft.Compute`;
const prodGal = `/subscriptions/${PROD}/resourceGroups/rg-images-prod/providers/Microsoft.Compute/galleries/galKilnProd`;

let token = '';
const call = (method: string, path: string, body?: unknown): Promise<RawResponse> =>
  arm(info, token, method, path, body !== undefined ? { body } : {});
type Obj = Record<string, unknown> & { properties: Record<string, unknown> };
const obj = (r: RawResponse): Obj => r.json as Obj;
const values = (r: RawResponse): Obj[] => (r.json as { value: Obj[] }).value;

/** Follows an Azure-AsyncOperation or Location URL until it is no longer in progress. */
async function follow(url: string): Promise<RawResponse> {
  for (let i = 0; i < 200; i++) {
    const r = await arm(info, token, 'GET', url.slice(info.arm.length));
    const inProgress =
      r.status === 202 || (r.json as { status?: string } | undefined)?.status === 'InProgress';
    if (!inProgress) return r;
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error(`operation ${url} did not finish`);
}

beforeAll(async () => {
  token = (await userToken(info, 'ava')).accessToken;
  const rg = await call('PUT', `${rgPath}?api-version=2025-04-01`, { location: 'eastus' });
  expect([200, 201]).toContain(rg.status);
});

afterAll(async () => {
  await control(info, 'POST', 'reset');
});

describe('managed images', () => {
  it('Images_CreateOrUpdate: 201 Creating + Azure-AsyncOperation → Succeeded; update answers 200', async () => {
    const put = await call('PUT', `${compute}/images/img-vhd?api-version=${V}`, {
      location: 'eastus',
      tags: { source: 'conformance' },
      properties: {
        hyperVGeneration: 'V2',
        storageProfile: {
          osDisk: {
            osType: 'Linux',
            osState: 'Generalized',
            blobUri: 'https://x.blob.core.windows.net/vhds/a.vhd',
          },
        },
      },
    });
    expect(put.status).toBe(201);
    expect(obj(put)).toMatchObject({
      id: `${compute}/images/img-vhd`,
      type: 'Microsoft.Compute/images',
      location: 'eastus',
      tags: { source: 'conformance' },
      properties: {
        provisioningState: 'Creating',
        hyperVGeneration: 'V2',
        storageProfile: {
          osDisk: {
            osType: 'Linux',
            osState: 'Generalized',
            blobUri: 'https://x.blob.core.windows.net/vhds/a.vhd',
          },
        },
      },
    });
    const async = put.headers.get('azure-asyncoperation') ?? '';
    expect(async).toContain(`/subscriptions/${DEV}/providers/Microsoft.Compute/locations/eastus/operations/`);
    const done = await follow(async);
    expect(done.json).toMatchObject({
      status: 'Succeeded',
      startTime: expect.any(String),
      endTime: expect.any(String),
    });
    expect(
      obj(await call('GET', `${compute}/images/img-vhd?api-version=2025-04-01`)).properties.provisioningState,
    ).toBe('Succeeded');
    const again = await call('PUT', `${compute}/images/img-vhd?api-version=${V}`, {
      location: 'eastus',
      properties: {
        storageProfile: { osDisk: { osType: 'Linux', osState: 'Generalized', blobUri: 'https://x/b.vhd' } },
      },
    });
    expect(again.status).toBe(200);
    expect(obj(again).properties.provisioningState).toBe('Updating');
  });

  it('Images_ListByResourceGroup / Images_List / Images_Get', async () => {
    expect(values(await call('GET', `${compute}/images?api-version=${V}`)).map((i) => i.name)).toEqual([
      'img-vhd',
    ]);
    const sub = values(
      await call('GET', `/subscriptions/${DEV}/providers/Microsoft.Compute/images?api-version=${V}`),
    );
    expect(sub.map((i) => i.id)).toContain(`${compute}/images/img-vhd`);
    const missing = await call('GET', `${compute}/images/nope?api-version=${V}`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({
      error: {
        code: 'ResourceNotFound',
        message: `The Resource 'Microsoft.Compute/images/nope' under resource group '${RGN}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      },
    });
  });

  it('refuses an image without a source, and an unknown api-version', async () => {
    const bad = await call('PUT', `${compute}/images/img-bad?api-version=${V}`, {
      location: 'eastus',
      properties: {},
    });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { code: string } }).error.code).toBe('InvalidParameter');
    const old = await call('GET', `${compute}/images?api-version=2015-06-15`);
    expect(old.status).toBe(400);
    expect((old.json as { error: { code: string } }).error.code).toBe('NoRegisteredProviderFound');
  });

  it('Images_Delete: 202 with Location → 204; absent image → 204', async () => {
    const del = await call('DELETE', `${compute}/images/img-vhd?api-version=${V}`);
    expect(del.status).toBe(202);
    const loc = del.headers.get('location') ?? '';
    expect(loc).toContain('/providers/Microsoft.Compute/locations/eastus/operationResults/');
    expect((await follow(loc)).status).toBe(204);
    expect((await call('GET', `${compute}/images/img-vhd?api-version=${V}`)).status).toBe(404);
    expect((await call('DELETE', `${compute}/images/img-vhd?api-version=${V}`)).status).toBe(204);
  });
});

describe('galleries (seed)', () => {
  it('Galleries_List / ListByResourceGroup / Get', async () => {
    const sub = values(
      await call('GET', `/subscriptions/${PROD}/providers/Microsoft.Compute/galleries?api-version=${G}`),
    );
    expect(sub.map((g) => g.name)).toEqual(['galKilnProd']);
    const rg = values(
      await call(
        'GET',
        `/subscriptions/${PROD}/resourceGroups/rg-images-prod/providers/Microsoft.Compute/galleries?api-version=2025-03-03`,
      ),
    );
    expect(rg.map((g) => g.name)).toEqual(['galKilnProd']);
    const g = obj(await call('GET', `${prodGal}?api-version=${G}`));
    expect(g).toMatchObject({
      type: 'Microsoft.Compute/galleries',
      properties: { provisioningState: 'Succeeded', identifier: { uniqueName: `${PROD}-GALKILNPROD` } },
    });
  });

  it('GalleryImages_ListByGallery / Get and GalleryImageVersions_ListByGalleryImage / Get', async () => {
    const images = values(await call('GET', `${prodGal}/images?api-version=${G}`));
    expect(images.map((i) => i.name).sort()).toEqual(['ubuntu-22-04', 'windows-2022']);
    const win = obj(await call('GET', `${prodGal}/images/windows-2022?api-version=${G}`));
    expect(win).toMatchObject({
      type: 'Microsoft.Compute/galleries/images',
      properties: { osType: 'Windows', osState: 'Generalized', hyperVGeneration: 'V2' },
    });
    const versions = values(await call('GET', `${prodGal}/images/windows-2022/versions?api-version=${G}`));
    expect(versions.map((v) => v.name)).toEqual(['1.0.0']);
    const v = obj(await call('GET', `${prodGal}/images/windows-2022/versions/1.0.0?api-version=${G}`));
    expect(v).toMatchObject({
      type: 'Microsoft.Compute/galleries/images/versions',
      properties: {
        provisioningState: 'Succeeded',
        publishingProfile: { targetRegions: [expect.objectContaining({ regionalReplicaCount: 1 })] },
        storageProfile: { osDiskImage: { sizeInGB: 127 } },
      },
    });
    const missing = await call('GET', `${prodGal}/images/windows-2022/versions/9.9.9?api-version=${G}`);
    expect(missing.status).toBe(404);
    expect((missing.json as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'ResourceNotFound',
      message: expect.stringContaining(
        "'Microsoft.Compute/galleries/galKilnProd/images/windows-2022/versions/9.9.9'",
      ),
    });
    expect((await call('GET', `${prodGal}/images/nope/versions?api-version=${G}`)).status).toBe(404);
  });
});

describe('VMs and disks of a held build', () => {
  let held: HeldBuild | undefined;
  let stagingRg = '';
  beforeAll(async () => {
    held = await holdBuild(
      info,
      token,
      `/subscriptions/${DEV}/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base`,
      'Customizing',
      (rs) =>
        rs.some((r) => r.type === 'Microsoft.Compute/virtualMachines') &&
        rs.some((r) => r.type === 'Microsoft.Compute/disks'),
    );
    stagingRg = held.stagingRg;
  });
  afterAll(async () => {
    await held?.release();
  });

  it('VirtualMachines_List / ListAll / Get: size, OS disk, NICs, provisioning state', async () => {
    const staging = `/subscriptions/${DEV}/resourceGroups/${stagingRg}/providers/Microsoft.Compute`;
    const vms = values(await call('GET', `${staging}/virtualMachines?api-version=${V}`));
    expect(vms).toHaveLength(1);
    const vm = obj(
      await call('GET', `${staging}/virtualMachines/${String(vms[0]?.name)}?api-version=2025-04-01`),
    );
    expect(vm).toMatchObject({
      type: 'Microsoft.Compute/virtualMachines',
      properties: {
        hardwareProfile: { vmSize: expect.any(String) },
        storageProfile: {
          osDisk: { osType: 'Linux', managedDisk: { id: expect.stringContaining('/disks/') } },
        },
        osProfile: { computerName: expect.any(String), linuxConfiguration: expect.any(Object) },
        networkProfile: {
          networkInterfaces: [
            expect.objectContaining({ id: expect.stringContaining('/networkInterfaces/') }),
          ],
        },
        provisioningState: 'Succeeded',
      },
    });
    const all = values(
      await call('GET', `/subscriptions/${DEV}/providers/Microsoft.Compute/virtualMachines?api-version=${V}`),
    );
    expect(all.map((x) => x.id)).toContain(vm.id);
  });

  it('Disks_ListByResourceGroup / List / Get, and an image captured from the build VM', async () => {
    const staging = `/subscriptions/${DEV}/resourceGroups/${stagingRg}/providers/Microsoft.Compute`;
    const disks = values(await call('GET', `${staging}/disks?api-version=${DISK_V}`));
    expect(disks.length).toBeGreaterThanOrEqual(1);
    const d = obj(await call('GET', `${staging}/disks/${String(disks[0]?.name)}?api-version=${DISK_V}`));
    expect(d).toMatchObject({
      type: 'Microsoft.Compute/disks',
      properties: { diskSizeGB: expect.any(Number) },
    });
    const all = values(
      await call('GET', `/subscriptions/${DEV}/providers/Microsoft.Compute/disks?api-version=${DISK_V}`),
    );
    expect(all.map((x) => x.id)).toContain(d.id);
    const vm = values(await call('GET', `${staging}/virtualMachines?api-version=${V}`))[0];
    const put = await call('PUT', `${compute}/images/img-from-vm?api-version=${V}`, {
      location: 'eastus',
      properties: { sourceVirtualMachine: { id: vm?.id } },
    });
    expect(put.status).toBe(201);
    expect(obj(put).properties).toMatchObject({
      sourceVirtualMachine: { id: vm?.id },
      storageProfile: { osDisk: { osType: 'Linux' } },
    });
  });
});

describe('RBAC', () => {
  it('cole (Contributor of rg-images-team) cannot read Prod galleries, sees only his group in lists', async () => {
    const cole = (await userToken(info, 'cole')).accessToken;
    const denied = await arm(info, cole, 'GET', `${prodGal}?api-version=${G}`);
    expect(denied.status).toBe(403);
    const devGal = await arm(
      info,
      cole,
      'GET',
      `/subscriptions/${DEV}/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/galKiln?api-version=${G}`,
    );
    expect(devGal.status).toBe(403);
    expect((devGal.json as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'AuthorizationFailed',
      message: expect.stringContaining('Microsoft.Compute/galleries/read'),
    });
    const list = await arm(
      info,
      cole,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.Compute/galleries?api-version=${G}`,
    );
    expect(list.json).toEqual({ value: [] });
    const rey = (await userToken(info, 'rey')).accessToken;
    const write = await arm(
      info,
      rey,
      'PUT',
      `/subscriptions/${PROD}/resourceGroups/rg-images-prod/providers/Microsoft.Compute/images/x?api-version=${V}`,
      {
        body: {
          location: 'eastus',
          properties: { storageProfile: { osDisk: { osType: 'Linux', blobUri: 'https://x/y.vhd' } } },
        },
      },
    );
    expect(write.status).toBe(403);
  });
});
