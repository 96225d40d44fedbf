// Conformance: nothing leaks, nothing runs out. Deleting a resource group deletes its image templates and,
// with them, their staging resource groups and storage accounts, as Azure does; the pool of staging storage
// accounts (Azurite accounts) grows while templates are created, so provisioning never fails for want of one.
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { SEED, identityIdOf } from '../src/world/seed.ts';
import { userToken } from '../testing/harness.ts';
import { armSession, templatePath, until, type Rec } from '../testing/session.ts';
import { UBUNTU_2204, managedImage, userAssigned } from '../testing/templates.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const RG_API = '2025-04-01';

function templateBody(rg: string, name: string): Rec {
  return {
    location: 'eastus',
    identity: userAssigned('basic'),
    properties: { source: UBUNTU_2204, distribute: [managedImage(rg, name)] },
  };
}

describe('the staging storage-account pool', () => {
  it('never runs out: 60 new templates all provision, and the newest account works in Azurite', async () => {
    const token = (await userToken(info, 'ava')).accessToken;
    const s = armSession(info, () => token);
    const rg = 'rg-pool-check';
    const rgPath = `/subscriptions/${DEV}/resourcegroups/${rg}`;
    expect((await s.arm('PUT', rgPath, RG_API, { location: 'eastus' })).status).toBeLessThan(300);
    const names = Array.from({ length: 60 }, (_, i) => `pool-${i}`);
    for (let i = 0; i < names.length; i += 10) {
      const puts = await Promise.all(
        names
          .slice(i, i + 10)
          .map((n) => s.arm('PUT', templatePath(DEV, rg, n), '2024-02-01', templateBody(rg, n))),
      );
      expect(puts.map((p) => p.status)).toEqual(puts.map(() => 201));
    }
    const states = await until(
      () =>
        Promise.all(
          names.map(async (n) => {
            const r = await s.arm('GET', templatePath(DEV, rg, n), '2024-02-01');
            return String((r.body.properties as Rec | undefined)?.provisioningState);
          }),
        ),
      (v) => v.every((x) => x !== 'Creating'),
      60_000,
      'provisioning of 60 templates',
    );
    expect(states.filter((x) => x !== 'Succeeded')).toEqual([]);
    const last = await s.arm('GET', templatePath(DEV, rg, names[names.length - 1] ?? ''), '2024-02-01');
    const staging = String((last.body.properties as Rec).exactStagingResourceGroup);
    const list = await s.arm('GET', `${staging}/providers/Microsoft.Storage/storageAccounts`, '2023-05-01');
    const sa = ((list.body.value as Rec[] | undefined) ?? [])[0];
    const keys = await s.arm('POST', `${String(sa?.id)}/listKeys`, '2023-05-01');
    const key = String(((keys.body.keys as Rec[] | undefined) ?? [])[0]?.value);
    const blob = new BlobServiceClient(
      `${info.blob}/${String(sa?.name)}`,
      new StorageSharedKeyCredential(String(sa?.name), key),
    );
    const containers: string[] = [];
    for await (const c of blob.listContainers()) containers.push(c.name);
    expect(containers).toContain('packerlogs');
    // The group goes, and its 60 accounts return to the pool.
    const del = await s.arm('DELETE', rgPath, RG_API);
    expect(del.status).toBe(202);
    await until(
      () => s.arm('GET', del.headers.get('location') ?? ''),
      (r) => r.status === 200 || r.status === 204,
      60_000,
      'the resource group deletion',
    );
    expect((await s.arm('GET', staging, RG_API)).status).toBe(404);
  });
});

describe('deleting a resource group', () => {
  it('takes its templates, their staging groups and storage accounts with it', async () => {
    const token = (await userToken(info, 'ava')).accessToken;
    const s = armSession(info, () => token);
    const rg = 'rg-leak-check';
    const rgPath = `/subscriptions/${DEV}/resourcegroups/${rg}`;
    expect((await s.arm('PUT', rgPath, RG_API, { location: 'eastus' })).status).toBeLessThan(300);
    const path = templatePath(DEV, rg, 'leaky');
    const put = await s.arm('PUT', path, '2024-02-01', {
      location: 'eastus',
      identity: {
        type: 'UserAssigned',
        userAssignedIdentities: { [identityIdOf(SEED.identities.basic)]: {} },
      },
      properties: {
        source: {
          type: 'PlatformImage',
          publisher: 'Canonical',
          offer: '0001-com-ubuntu-server-jammy',
          sku: '22_04-lts-gen2',
          version: 'latest',
        },
        distribute: [
          {
            type: 'ManagedImage',
            runOutputName: 'out',
            imageId: `/subscriptions/${DEV}/resourceGroups/${rg}/providers/Microsoft.Compute/images/leaky`,
            location: 'eastus',
          },
        ],
      },
    });
    expect(put.status).toBe(201);
    const done = await until(
      () => s.arm('GET', path, '2024-02-01'),
      (r) => (r.body.properties as Rec | undefined)?.provisioningState === 'Succeeded',
      40_000,
      'provisioning',
    );
    const staging = String((done.body.properties as Rec).exactStagingResourceGroup);
    const accounts = await s.arm(
      'GET',
      `${staging}/providers/Microsoft.Storage/storageAccounts`,
      '2023-05-01',
    );
    const account = ((accounts.body.value as Rec[] | undefined) ?? [])[0];
    expect(account?.id).toBeTruthy();

    const del = await s.arm('DELETE', rgPath, RG_API);
    expect(del.status).toBe(202);
    const location = del.headers.get('location') ?? '';
    await until(
      () => s.arm('GET', location),
      (r) => r.status === 200 || r.status === 204,
      60_000,
      'the resource group deletion',
    );
    expect((await s.arm('GET', path, '2024-02-01')).status).toBe(404);
    expect((await s.arm('GET', staging, RG_API)).status).toBe(404);
    expect((await s.arm('GET', String(account?.id), '2023-05-01')).status).toBe(404);
  });
});
