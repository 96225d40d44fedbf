// RoleDefinitions_GetById: a role an assignment names that the subscription list did not include
// (e.g. a custom role defined at a management group).
import type { RoleDefinition } from '@azure/arm-authorization';
import { queryOptions, useQueries } from '@tanstack/react-query';
import { armRequest } from '@/lib/azure/arm-get';
import { parseArmId } from '@/lib/azure/ids';
import { netKey } from '../model/reads';
import { toRoleDefinition } from '@/lib/azure/authorization-json';
import { AUTHORIZATION_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [AUTHORIZATION_OPERATIONS.getRoleDefinitionById];

/** A thin read (lib/azure/arm-get.ts), not @azure/arm-authorization's client. */
export async function getRoleDefinitionById(roleDefinitionId: string): Promise<RoleDefinition> {
  const { body } = await armRequest({
    method: 'GET',
    id: roleDefinitionId,
    apiVersion: AUTHORIZATION_OPERATIONS.getRoleDefinitionById.apiVersion,
  });
  return toRoleDefinition(body);
}

export function roleDefinitionByIdQueryOptions(roleDefinitionId: string, subscriptionId: string) {
  const keyId = roleDefinitionId.startsWith('/subscriptions/')
    ? roleDefinitionId
    : `/subscriptions/${subscriptionId}`;
  return queryOptions({
    queryKey: netKey(keyId, 'roleDefinition', roleDefinitionId.toLowerCase()),
    queryFn: () => getRoleDefinitionById(roleDefinitionId),
    staleTime: 5 * 60_000,
  });
}

/** Reads each of the given role definitions; used for the ones missing from the subscription's list. */
export function useRoleDefinitionsById(roleDefinitionIds: readonly string[], subscriptionId: string) {
  return useQueries({
    queries: roleDefinitionIds.map((id) => {
      const sub = id.startsWith('/subscriptions/') ? parseArmId(id).subscriptionId : subscriptionId;
      return roleDefinitionByIdQueryOptions(id, sub);
    }),
  });
}
