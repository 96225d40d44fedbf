// RoleAssignments_Create (PUT {scope}/providers/Microsoft.Authorization/roleAssignments/{name}): grant the
// template identity the networking role on the VNet. Sent once; the name is stable, so a repeat names
// the same assignment instead of adding another.
import type { RoleAssignment, RoleAssignmentCreateParameters } from '@azure/arm-authorization';
import { actionClients } from '@/lib/azure/clients';
import { parseArmId } from '@/lib/azure/ids';
import { scopeParam } from '../model/reads';
import { AUTHORIZATION_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [AUTHORIZATION_OPERATIONS.createRoleAssignment];

export async function createRoleAssignment(
  scope: string,
  roleAssignmentName: string,
  parameters: RoleAssignmentCreateParameters,
): Promise<RoleAssignment> {
  const { subscriptionId } = parseArmId(scope);
  const client = await actionClients.authorization(subscriptionId);
  return client.roleAssignments.create(scopeParam(scope), roleAssignmentName, parameters);
}
