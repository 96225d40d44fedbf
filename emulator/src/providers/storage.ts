// Microsoft.Storage: storage accounts (list/get/delete) and listKeys. One handler per ARM operation,
// named after its operationId. Accounts are Azurite accounts from the platform's fixed pool
// (`deps.blobs`): `primaryEndpoints.blob` points at Azurite and key1 from listKeys works against it.
// Keys are random (see azurite.ts): listKeys is the only way to one.
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { ProviderDeps, RouteDef } from '../core/types.ts';
import { STORAGE_ACCOUNT_TYPE } from '../shapes/storage.ts';
import { RG, getOr404, operation, readRoutes, requireResourceGroup, rgIdOf } from '../shapes/provider-kit.ts';

const NS = 'Microsoft.Storage';

/** Every version the REST specs publish for storage accounts (emulator/src/api-versions/published.md). */
export const STORAGE_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Storage/storageAccounts'];

/** A stable, well-formed second key (Azurite knows one key per account, so key2 does not authenticate). */
function secondKey(name: string, key1: string): string {
  return createHash('sha512').update(`${name}:${key1}:key2`).digest('base64');
}

/** Microsoft.Storage routes. */
export function routes(deps: ProviderDeps): RouteDef[] {
  const apiVersions = STORAGE_API_VERSIONS;
  // Accounts outside the pool open nothing in Azurite; their keys are still not derivable from the name.
  const unpooledSecret = randomBytes(32);
  const path = `${RG}/providers/${STORAGE_ACCOUNT_TYPE}/{accountName}`;
  const idOf = (params: Record<string, string>): string =>
    `${rgIdOf(params)}/providers/${STORAGE_ACCOUNT_TYPE}/${params.accountName ?? ''}`;
  return [
    ...readRoutes(deps, {
      namespace: NS,
      segment: 'storageAccounts',
      param: 'accountName',
      apiVersions,
      ops: {
        listAll: 'StorageAccounts_List',
        list: 'StorageAccounts_ListByResourceGroup',
        get: 'StorageAccounts_GetProperties',
      },
    }),
    {
      method: 'DELETE',
      path,
      apiVersions,
      action: `${STORAGE_ACCOUNT_TYPE}/delete`,
      ...operation('StorageAccounts_Delete', async (ctx) => {
        requireResourceGroup(ctx.world, ctx.params);
        const id = idOf(ctx.params);
        const r = ctx.world.get(id);
        if (!r) return { status: 204 };
        ctx.world.delete(id);
        if (deps.blobs.keyOf(r.name) !== undefined) await deps.blobs.releaseAccount(r.name);
        return { status: 200 };
      }),
    },
    {
      method: 'POST',
      path: `${path}/listKeys`,
      apiVersions,
      action: `${STORAGE_ACCOUNT_TYPE}/listkeys/action`,
      ...operation('StorageAccounts_ListKeys', (ctx) => {
        requireResourceGroup(ctx.world, ctx.params);
        const name = ctx.params.accountName ?? '';
        const r = getOr404(
          ctx.world,
          idOf(ctx.params),
          STORAGE_ACCOUNT_TYPE,
          name,
          ctx.params.resourceGroupName ?? '',
        );
        const key1 =
          deps.blobs.keyOf(r.name) ?? createHmac('sha512', unpooledSecret).update(r.name).digest('base64');
        const created = (r.properties?.creationTime as string | undefined) ?? new Date(0).toISOString();
        return {
          status: 200,
          body: {
            keys: [
              { creationTime: created, keyName: 'key1', value: key1, permissions: 'FULL' },
              { creationTime: created, keyName: 'key2', value: secondKey(r.name, key1), permissions: 'FULL' },
            ],
          },
        };
      }),
    },
  ];
}
