// Issue 11, item 1: a staging storage account's key is reachable only through listKeys. Rey (Reader
// of Contoso Prod, so he may read the storage account but not call listKeys) tries every other route
// to another template's customization.log — a key computed from the account name, the well-known
// Azurite key, no credentials, a guessed SAS, his own ARM token, the other ARM key/SAS operations — and
// neither reads nor replaces it. Keys are random per account and per world: a reset or a released
// account retires them.
import { createHash, randomUUID } from 'node:crypto';
import { StorageManagementClient } from '@azure/arm-storage';
import {
  AccountSASPermissions,
  AccountSASResourceTypes,
  AccountSASServices,
  BlobServiceClient,
  StorageSharedKeyCredential,
  generateAccountSASQueryParameters,
} from '@azure/storage-blob';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, control, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const PROD = SUBSCRIPTIONS.prod.subscriptionId;
const TEMPLATE = `/subscriptions/${PROD}/resourceGroups/rg-images-prod/providers/Microsoft.VirtualMachineImages/imageTemplates/win2022-iis-prod`;
const LOG = 'the real customization log\n';
/** Azurite's documented development key (what a default Azurite accepts for devstoreaccount1). */
const WELL_KNOWN_KEY =
  'Eby8vdM02xNOcqFLqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

interface Target {
  group: string;
  account: string;
  endpoint: string;
  blobPath: string;
}

let target: Target;
let rey = '';
let forgedRefused = 0;

/** The key the old local Azure derived from an account's name (computable from the name alone, which is why it went). */
const derivedKey = (name: string): string =>
  createHash('sha512').update(`kiln-local-azure-key-${name}`).digest('base64');

async function ownerKey(group: string, account: string): Promise<string> {
  const ava = await userToken(info, 'ava');
  const storage = new StorageManagementClient(staticCredential(ava), PROD, clientOptions(info));
  const keys = await storage.storageAccounts.listKeys(group, account);
  return keys.keys?.[0]?.value ?? '';
}

function blobWith(cred: StorageSharedKeyCredential | undefined, url = target.endpoint): BlobServiceClient {
  return new BlobServiceClient(url, cred, { retryOptions: { maxTries: 1 } });
}

async function readAsOwner(): Promise<string> {
  const key = await ownerKey(target.group, target.account);
  const blob = blobWith(new StorageSharedKeyCredential(target.account, key))
    .getContainerClient('packerlogs')
    .getBlobClient(target.blobPath);
  return (await blob.downloadToBuffer()).toString('utf8');
}

/** Expects the blob SDK call to be refused (any 4xx), and counts it. */
async function refused(p: Promise<unknown>): Promise<void> {
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  const status = (e as { statusCode?: number } | undefined)?.statusCode ?? 0;
  expect(status, 'the forged request must be refused').toBeGreaterThanOrEqual(400);
  expect(status).toBeLessThan(500);
  forgedRefused++;
}

beforeAll(async () => {
  await control(info, 'POST', 'reset');
  const ava = await userToken(info, 'ava');
  const tpl = await arm(info, ava.accessToken, 'GET', `${TEMPLATE}?api-version=2025-10-01`);
  const group =
    String(
      (tpl.json as { properties: { exactStagingResourceGroup: string } }).properties
        .exactStagingResourceGroup,
    )
      .split('/')
      .pop() ?? '';
  const storage = new StorageManagementClient(staticCredential(ava), PROD, clientOptions(info));
  const accounts = [];
  for await (const a of storage.storageAccounts.listByResourceGroup(group)) accounts.push(a);
  const account = accounts[0]?.name ?? '';
  target = {
    group,
    account,
    endpoint: accounts[0]?.primaryEndpoints?.blob ?? '',
    blobPath: `${randomUUID()}/customization.log`,
  };
  // The Owner writes the log through the only legitimate route: listKeys.
  const key = await ownerKey(group, account);
  const container = blobWith(new StorageSharedKeyCredential(account, key)).getContainerClient('packerlogs');
  await container.createIfNotExists();
  await container.getBlockBlobClient(target.blobPath).upload(LOG, LOG.length);
  rey = (await userToken(info, 'rey')).accessToken;
});

describe('a Reader and another template’s customization.log', () => {
  it('sees the storage account through ARM but listKeys and every other key/SAS operation are refused', async () => {
    const id = `/subscriptions/${PROD}/resourceGroups/${target.group}/providers/Microsoft.Storage/storageAccounts/${target.account}`;
    const read = await arm(info, rey, 'GET', `${id}?api-version=2025-08-01`);
    expect(read.status).toBe(200);
    for (const op of ['listKeys', 'listAccountSas', 'listServiceSas', 'regenerateKey']) {
      const r = await arm(info, rey, 'POST', `${id}/${op}?api-version=2025-08-01`, { body: {} });
      expect(r.status, op).toBeGreaterThanOrEqual(400);
      expect(r.status, op).toBeLessThan(500);
      expect(r.text, op).not.toMatch(/"value"\s*:|accountSasToken|serviceSasToken/);
      forgedRefused++;
    }
    const listed = await arm(info, rey, 'POST', `${id}/listKeys?api-version=2025-08-01`);
    expect(listed.status).toBe(403);
  });

  it('cannot read or replace the log with a key computed from the account name', async () => {
    const blob = blobWith(new StorageSharedKeyCredential(target.account, derivedKey(target.account)))
      .getContainerClient('packerlogs')
      .getBlockBlobClient(target.blobPath);
    await refused(blob.downloadToBuffer());
    await refused(blob.upload('forged\n', 7));
    const wellKnown = blobWith(new StorageSharedKeyCredential(target.account, WELL_KNOWN_KEY))
      .getContainerClient('packerlogs')
      .getBlockBlobClient(target.blobPath);
    await refused(wellKnown.downloadToBuffer());
    await refused(wellKnown.upload('forged\n', 7));
    expect(await readAsOwner()).toBe(LOG);
  });

  it('cannot read or replace it anonymously, with a guessed SAS or with his ARM token', async () => {
    const url = `${target.endpoint}packerlogs/${target.blobPath}`;
    const anonymous = blobWith(undefined)
      .getContainerClient('packerlogs')
      .getBlockBlobClient(target.blobPath);
    await refused(anonymous.downloadToBuffer());
    await refused(anonymous.upload('forged\n', 7));
    for (const key of [derivedKey(target.account), WELL_KNOWN_KEY]) {
      const sas = generateAccountSASQueryParameters(
        {
          expiresOn: new Date(Date.now() + 3_600_000),
          permissions: AccountSASPermissions.parse('rwdlacup'),
          resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
          services: AccountSASServices.parse('b').toString(),
        },
        new StorageSharedKeyCredential(target.account, key),
      ).toString();
      const viaSas = blobWith(undefined, `${target.endpoint}?${sas}`)
        .getContainerClient('packerlogs')
        .getBlockBlobClient(target.blobPath);
      await refused(viaSas.downloadToBuffer());
      await refused(viaSas.upload('forged\n', 7));
    }
    for (const method of ['GET', 'PUT']) {
      const r = await fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${rey}`,
          'x-ms-version': '2025-01-05',
          'x-ms-blob-type': 'BlockBlob',
        },
        ...(method === 'PUT' ? { body: 'forged\n' } : {}),
      });
      expect(r.status, `${method} with an ARM token`).toBeGreaterThanOrEqual(400);
      expect(await r.text()).not.toContain(LOG.trim());
      forgedRefused++;
    }
    expect(await readAsOwner()).toBe(LOG);
  });

  it('keys are random per world: a reset retires every key listKeys gave out', async () => {
    const before = await ownerKey(target.group, target.account);
    expect(before).not.toBe(derivedKey(target.account));
    expect(Buffer.from(before, 'base64')).toHaveLength(64);
    await control(info, 'POST', 'reset');
    // The seed is deterministic: the same template gets the same account name back, with a new key.
    const after = await ownerKey(target.group, target.account);
    expect(after).not.toBe(before);
    const old = blobWith(new StorageSharedKeyCredential(target.account, before)).getContainerClient(
      'packerlogs',
    );
    await refused(old.exists());
    const fresh = blobWith(new StorageSharedKeyCredential(target.account, after)).getContainerClient(
      'packerlogs',
    );
    await fresh.createIfNotExists();
    expect(await fresh.exists()).toBe(true);
    console.info(`storage keys: ${forgedRefused} forged requests refused`);
  });

  it('a deleted storage account’s key stops opening the account', async () => {
    const ava = await userToken(info, 'ava');
    const storage = new StorageManagementClient(staticCredential(ava), PROD, clientOptions(info));
    const key = await ownerKey(target.group, target.account);
    const svc = blobWith(new StorageSharedKeyCredential(target.account, key));
    await svc.getContainerClient('packerlogs').createIfNotExists();
    await storage.storageAccounts.delete(target.group, target.account);
    await refused(svc.getContainerClient('packerlogs').exists());
    await control(info, 'POST', 'reset');
  });
});
