// RoleDefinitions_List at the subscription scope: built-in roles and the custom roles assignable there,
// with their real actions / notActions (permission evaluation never goes by role names).
import type { RoleDefinition } from '@azure/arm-authorization';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { authorizationClient } from '@/lib/azure/clients';
import { armKeys } from '@/lib/query/keys';
import { collect, scopeParam } from '../model/reads';
import { AUTHORIZATION_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [AUTHORIZATION_OPERATIONS.listRoleDefinitions];

export async function listRoleDefinitions(subscriptionId: string): Promise<RoleDefinition[]> {
  return collect(
    (await authorizationClient(subscriptionId)).roleDefinitions.list(
      scopeParam(`/subscriptions/${subscriptionId}`),
    ),
  );
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
