// Azurite as local Azure starts it: HTTPS on the blob port, the fixed pool of 24-character accounts
// with their keys, a current @azure/storage-blob accepted (--skipApiVersionCheck --loose).
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import { describe, expect, inject, it } from 'vitest';
import { accountPool, POOL_SIZE } from '../src/azurite.ts';

const info = inject('localAzure');

describe('Azurite', () => {
  it('has a deterministic pool of 24-character lower-case accounts', () => {
    const pool = accountPool();
    expect(pool).toHaveLength(POOL_SIZE);
    expect(new Set(pool.map((a) => a.name)).size).toBe(POOL_SIZE);
    for (const a of pool) {
      expect(a.name).toMatch(/^[a-z0-9]{24}$/);
      expect(Buffer.from(a.key, 'base64')).toHaveLength(64);
    }
    expect(accountPool()).toEqual(pool);
  });

  it('serves a pooled account over HTTPS with Shared Key: append blobs grow and read back', async () => {
    const acct = accountPool()[POOL_SIZE - 1];
    if (!acct) throw new Error('empty pool');
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
    const acct = accountPool()[POOL_SIZE - 2];
    if (!acct) throw new Error('empty pool');
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
