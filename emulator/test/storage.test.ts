// Microsoft.Storage through @azure/arm-storage: the staging storage account a seeded build left
// behind (list, get, listKeys — and the key really opens the account in Azurite through
// @azure/storage-blob), delete, errors and RBAC.
import { StorageManagementClient } from '@azure/arm-storage';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, control, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const TEMPLATE = `/subscriptions/${DEV}/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base`;

let storage: StorageManagementClient;
let token = '';
let staging = '';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

beforeAll(async () => {
  await control(info, 'POST', 'reset');
  const t = await userToken(info, 'ava');
  token = t.accessToken;
  storage = new StorageManagementClient(staticCredential(t), DEV, clientOptions(info));
  const tpl = await arm(info, token, 'GET', `${TEMPLATE}?api-version=2025-10-01`);
  staging =
    String(
      (tpl.json as { properties: { exactStagingResourceGroup: string } }).properties
        .exactStagingResourceGroup,
    )
      .split('/')
      .pop() ?? '';
  expect(staging).toMatch(/^IT_rg-images_ubuntu2204-base_/);
});

afterAll(async () => {
  await control(info, 'POST', 'reset');
});

describe('storage accounts', () => {
  it('StorageAccounts_ListByResourceGroup / List / GetProperties: StorageV2 with its blob endpoint in Azurite', async () => {
    const accounts = await all(storage.storageAccounts.listByResourceGroup(staging));
    expect(accounts).toHaveLength(1);
    const name = accounts[0]?.name ?? '';
    expect(name).toMatch(/^[a-z0-9]{24}$/);
    const a = await storage.storageAccounts.getProperties(staging, name);
    expect(a).toMatchObject({
      type: 'Microsoft.Storage/storageAccounts',
      kind: 'StorageV2',
      sku: { name: 'Standard_LRS', tier: 'Standard' },
      provisioningState: 'Succeeded',
      primaryEndpoints: { blob: `${info.blob}/${name}/` },
      minimumTlsVersion: 'TLS1_2',
      enableHttpsTrafficOnly: true,
    });
    expect((await all(storage.storageAccounts.list())).map((x) => x.id)).toContain(a.id);
  });

  it('StorageAccounts_ListKeys: key1 opens the account in Azurite (Shared Key)', async () => {
    const [a] = await all(storage.storageAccounts.listByResourceGroup(staging));
    const name = a?.name ?? '';
    const keys = await storage.storageAccounts.listKeys(staging, name);
    expect(keys.keys?.map((k) => [k.keyName, k.permissions])).toEqual([
      ['key1', 'FULL'],
      ['key2', 'FULL'],
    ]);
    const key1 = keys.keys?.[0]?.value ?? '';
    const blob = new BlobServiceClient(
      a?.primaryEndpoints?.blob ?? '',
      new StorageSharedKeyCredential(name, key1),
    );
    let containers: string[] = [];
    for (let i = 0; i < 50 && !containers.includes('packerlogs'); i++) {
      containers = [];
      for await (const c of blob.listContainers()) containers.push(c.name);
      if (!containers.includes('packerlogs')) await new Promise((r) => setTimeout(r, 100));
    }
    expect(containers).toContain('packerlogs');
    // key2 is well-formed but Azurite knows one key per account: it does not authenticate.
    const wrong = new BlobServiceClient(
      a?.primaryEndpoints?.blob ?? '',
      new StorageSharedKeyCredential(name, keys.keys?.[1]?.value ?? ''),
      { retryOptions: { maxTries: 1 } },
    );
    await expect(wrong.getContainerClient('packerlogs').exists()).rejects.toMatchObject({ statusCode: 403 });
  });

  it('answers ResourceNotFound / ResourceGroupNotFound, and RBAC per user', async () => {
    await expect(
      storage.storageAccounts.getProperties(staging, 'nope0000000000000000000n'),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
    await expect(storage.storageAccounts.getProperties('rg-missing', 'x')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceGroupNotFound',
    });
    const [a] = await all(storage.storageAccounts.listByResourceGroup(staging));
    const cole = await userToken(info, 'cole');
    const denied = await arm(
      info,
      cole.accessToken,
      'POST',
      `${a?.id ?? ''}/listKeys?api-version=2025-08-01`,
    );
    expect(denied.status).toBe(403);
    expect((denied.json as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'AuthorizationFailed',
      message: expect.stringContaining('Microsoft.Storage/storageAccounts/listkeys/action'),
    });
    const coleStorage = new StorageManagementClient(staticCredential(cole), DEV, clientOptions(info));
    expect((await all(coleStorage.storageAccounts.list())).map((x) => x.id)).not.toContain(a?.id);
  });

  it('StorageAccounts_Delete: 200, then gone; deleting again answers 204', async () => {
    const [a] = await all(storage.storageAccounts.listByResourceGroup(staging));
    await storage.storageAccounts.delete(staging, a?.name ?? '');
    await expect(storage.storageAccounts.getProperties(staging, a?.name ?? '')).rejects.toMatchObject({
      statusCode: 404,
    });
    const again = await arm(info, token, 'DELETE', `${a?.id ?? ''}?api-version=2025-08-01`);
    expect(again.status).toBe(204);
  });
});
