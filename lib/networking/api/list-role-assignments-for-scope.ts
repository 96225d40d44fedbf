// RoleAssignments_ListForScope with $filter=principalId eq '{id}' at the VNet: every assignment of the
// template identity that applies there (at the VNet, above it, and on its subnets).
import type { RoleAssignment } from '@azure/arm-authorization';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armListAll } from '@/lib/azure/arm-get';
import { NETWORK_STALE_MS, netKey } from '../model/reads';
import { toRoleAssignment } from '@/lib/azure/authorization-json';
import { AUTHORIZATION_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [AUTHORIZATION_OPERATIONS.roleAssignmentsForScope];

/** A thin paged read (lib/azure/arm-get.ts), not @azure/arm-authorization's client. */
export async function listRoleAssignmentsForScope(
  scope: string,
  principalId: string,
): Promise<RoleAssignment[]> {
  const raw = await armListAll<unknown>(
    `${scope}/providers/Microsoft.Authorization/roleAssignments`,
    AUTHORIZATION_OPERATIONS.roleAssignmentsForScope.apiVersion,
    { query: { $filter: `principalId eq '${principalId}'` }, flatten: false },
  );
  return raw.map(toRoleAssignment);
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
