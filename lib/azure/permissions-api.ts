// Permissions_ListForResource / Permissions_ListForResourceGroup (Microsoft.Authorization): what the
// signed-in user may do at a scope. Shared by every capability that enables or disables an action.
import type { Permission } from '@azure/arm-authorization';
import { queryOptions } from '@tanstack/react-query';
import { armKeys } from '@/lib/query/keys';
import { authorizationClient } from './clients';
import { parseArmId } from './ids';
import { AUTHORIZATION_OPERATIONS, type Operations } from './arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [
  AUTHORIZATION_OPERATIONS.permissionsForResource,
  AUTHORIZATION_OPERATIONS.permissionsForResourceGroup,
];

async function collect(it: AsyncIterable<Permission>): Promise<Permission[]> {
  const out: Permission[] = [];
  for await (const p of it) out.push(p);
  return out;
}

/** The caller's permissions on one resource (inherited ones included). */
export async function listPermissionsForResource(resourceId: string): Promise<Permission[]> {
  const p = parseArmId(resourceId);
  if (!p.resourceGroup || !p.provider || p.types.length === 0 || !p.name) {
    throw new Error(`Not a resource id: ${resourceId}`);
  }
  const parent = p.types
    .slice(0, -1)
    .map((t, i) => `${t}/${p.names[i]}`)
    .join('/');
  const type = p.types[p.types.length - 1] ?? '';
  const client = await authorizationClient(p.subscriptionId);
  return collect(client.permissions.listForResource(p.resourceGroup, p.provider, parent, type, p.name));
}

/** The caller's permissions on a resource group (what list rows use: one call per group, not per row). */
export async function listPermissionsForResourceGroup(
  subscriptionId: string,
  resourceGroup: string,
): Promise<Permission[]> {
  return collect((await authorizationClient(subscriptionId)).permissions.listForResourceGroup(resourceGroup));
}

export function resourcePermissionsQueryOptions(resourceId: string) {
  return queryOptions({
    queryKey: armKeys.aspect(resourceId, 'permissions'),
    queryFn: () => listPermissionsForResource(resourceId),
    staleTime: 5 * 60_000,
  });
}

export function resourceGroupPermissionsQueryOptions(subscriptionId: string, resourceGroup: string) {
  return queryOptions({
    queryKey: armKeys.aspect(
      `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`,
      'permissions',
    ),
    queryFn: () => listPermissionsForResourceGroup(subscriptionId, resourceGroup),
    staleTime: 5 * 60_000,
  });
}
