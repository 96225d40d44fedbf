// RoleAssignments_ListForScope with $filter=principalId eq '{id}' at the VNet: every assignment of the
// template identity that applies there (at the VNet, above it, and on its subnets).
import type { RoleAssignment } from '@azure/arm-authorization';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { authorizationClient } from '@/lib/azure/clients';
import { parseArmId } from '@/lib/azure/ids';
import { collect, NETWORK_STALE_MS, netKey, scopeParam } from '../model/reads';
import { AUTHORIZATION_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [AUTHORIZATION_OPERATIONS.roleAssignmentsForScope];

export async function listRoleAssignmentsForScope(
  scope: string,
  principalId: string,
): Promise<RoleAssignment[]> {
  const { subscriptionId } = parseArmId(scope);
  return collect(
    (await authorizationClient(subscriptionId)).roleAssignments.listForScope(scopeParam(scope), {
      filter: `principalId eq '${principalId}'`,
    }),
  );
}

export function roleAssignmentsQueryOptions(scope: string | undefined, principalId: string | undefined) {
  return queryOptions({
    queryKey: netKey(scope ?? '/subscriptions/none', 'roleAssignments', (principalId ?? '').toLowerCase()),
    queryFn: () => listRoleAssignmentsForScope(scope ?? '', principalId ?? ''),
    enabled: Boolean(scope && principalId),
    staleTime: NETWORK_STALE_MS,
  });
}

export function useRoleAssignmentsForScope(scope: string | undefined, principalId: string | undefined) {
  return useQuery(roleAssignmentsQueryOptions(scope, principalId));
}
