// Permissions_ListForResource / Permissions_ListForResourceGroup (Microsoft.Authorization): what the
// signed-in user may do at a scope. Shared by every capability that enables or disables an action.
// Thin paged reads (lib/azure/arm-get.ts: the SDK's pipeline, retry and RestError), so a page that only
// asks what the user may do does not load @azure/arm-authorization's generated client for it.
import type { Permission } from '@azure/arm-authorization';
import { queryOptions } from '@tanstack/react-query';
import { armKeys } from '@/lib/query/keys';
import { armListPages } from './arm-get';
import { parseArmId } from './ids';
import { AUTHORIZATION_API_VERSION, AUTHORIZATION_OPERATIONS, type Operations } from './arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [
  AUTHORIZATION_OPERATIONS.permissionsForResource,
  AUTHORIZATION_OPERATIONS.permissionsForResourceGroup,
];

/** Every permission at `scope` (a resource group's or a resource's id), page after page. */
async function permissionsAt(scope: string): Promise<Permission[]> {
  const out: Permission[] = [];
  const path = `${scope}/providers/Microsoft.Authorization/permissions`;
  for await (const page of armListPages<Permission>(path, AUTHORIZATION_API_VERSION)) out.push(...page.items);
  return out;
}

/** The caller's permissions on one resource (inherited ones included). */
export async function listPermissionsForResource(resourceId: string): Promise<Permission[]> {
  const p = parseArmId(resourceId);
  if (!p.resourceGroup || !p.provider || p.types.length === 0 || !p.name) {
    throw new Error(`Not a resource id: ${resourceId}`);
  }
  return permissionsAt(p.id);
}

/** The caller's permissions on a resource group (what list rows use: one call per group, not per row). */
export async function listPermissionsForResourceGroup(
  subscriptionId: string,
  resourceGroup: string,
): Promise<Permission[]> {
  return permissionsAt(`/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`);
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
