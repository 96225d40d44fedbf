// RoleDefinitions_List at the subscription scope: built-in roles and the custom roles assignable there,
// with their real actions / notActions (permission evaluation never goes by role names).
import type { RoleDefinition } from '@azure/arm-authorization';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armListAll } from '@/lib/azure/arm-get';
import { armKeys } from '@/lib/query/keys';
import { toRoleDefinition } from '@/lib/azure/authorization-json';
import { AUTHORIZATION_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [AUTHORIZATION_OPERATIONS.listRoleDefinitions];

/** A thin paged read (lib/azure/arm-get.ts), not @azure/arm-authorization's client. */
export async function listRoleDefinitions(subscriptionId: string): Promise<RoleDefinition[]> {
  const raw = await armListAll<unknown>(
    `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions`,
    AUTHORIZATION_OPERATIONS.listRoleDefinitions.apiVersion,
    { flatten: false },
  );
  return raw.map(toRoleDefinition);
}

export function roleDefinitionsQueryOptions(subscriptionId: string | undefined) {
  return queryOptions({
    queryKey: armKeys.list(
      `/subscriptions/${subscriptionId ?? 'none'}`,
      'Microsoft.Authorization/roleDefinitions',
    ),
    queryFn: () => listRoleDefinitions(subscriptionId ?? ''),
    enabled: Boolean(subscriptionId),
    staleTime: 5 * 60_000,
  });
}

export function useRoleDefinitions(subscriptionId: string | undefined) {
  return useQuery(roleDefinitionsQueryOptions(subscriptionId));
}
