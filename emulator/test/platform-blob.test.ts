// Azurite as local Azure starts it: HTTPS on the blob port, the fixed pool of 24-character accounts
// (names deterministic, keys random and handed out by listKeys only), a current @azure/storage-blob
// accepted (--skipApiVersionCheck --loose).
import { StorageManagementClient } from '@azure/arm-storage';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { describe, expect, inject, it } from 'vitest';
import { accountNames, randomAccountKey, POOL_SIZE } from '../src/azurite.ts';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { clientOptions, userToken } from '../testing/harness.ts';

const info = inject('localAzure');

/** A seeded staging account and its key, the way a client gets one: ARM listKeys. */
async function seededAccount(): Promise<{ name: string; key: string }> {
  const ava = await userToken(info, 'ava');
  const storage = new StorageManagementClient(
    staticCredential(ava),
    SUBSCRIPTIONS.dev.subscriptionId,
    clientOptions(info),
  );
  for await (const a of storage.storageAccounts.list()) {
    const group = a.id?.split('/')[4] ?? '';
    const keys = await storage.storageAccounts.listKeys(group, a.name ?? '');
    return { name: a.name ?? '', key: keys.keys?.[0]?.value ?? '' };
  }
  throw new Error('no seeded storage account');
}

describe('Azurite', () => {
  it('has a deterministic pool of 24-character lower-case account names; keys are 64 random bytes', () => {
    const names = accountNames();
    expect(names).toHaveLength(POOL_SIZE);
    expect(new Set(names).size).toBe(POOL_SIZE);
    for (const n of names) expect(n).toMatch(/^[a-z0-9]{24}$/);
    expect(accountNames()).toEqual(names);
    const key = randomAccountKey();
    expect(Buffer.from(key, 'base64')).toHaveLength(64);
    expect(randomAccountKey()).not.toBe(key);
  });

  it('serves a pooled account over HTTPS with Shared Key: append blobs grow and read back', async () => {
    const acct = await seededAccount();
    const svc = new BlobServiceClient(
      `${info.blob}/${acct.name}/`,
      new StorageSharedKeyCredential(acct.name, acct.key),
    );
    const container = svc.getContainerClient('platform-test');
    await container.createIfNotExists();
    const blob = container.getAppendBlobClient('logs/customization.log');
    await blob.createIfNotExists();
    await blob.appendBlock('line 1\n', 7);
    await blob.appendBlock('line 2\n', 7);
    const text = (await blob.downloadToBuffer()).toString('utf8');
    expect(text).toBe('line 1\nline 2\n');
    await container.delete();
  });

  it('refuses a wrong key', async () => {
    const acct = await seededAccount();
    const wrong = Buffer.alloc(64, 1).toString('base64');
    const svc = new BlobServiceClient(
      `${info.blob}/${acct.name}/`,
      new StorageSharedKeyCredential(acct.name, wrong),
      {
        retryOptions: { maxTries: 1 },
      },
    );
    await expect(svc.getContainerClient('nope').createIfNotExists()).rejects.toMatchObject({
      statusCode: 403,
    });
  });
});
