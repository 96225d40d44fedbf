// RoleDefinitions_CreateOrUpdate (PUT {scope}/providers/Microsoft.Authorization/roleDefinitions/{id}):
// the least-privilege custom networking role. Sent once.
import type { RoleDefinition } from '@azure/arm-authorization';
import { actionClients } from '@/lib/azure/clients';
import { parseArmId } from '@/lib/azure/ids';
import { scopeParam } from '../model/reads';
import { AUTHORIZATION_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [AUTHORIZATION_OPERATIONS.createOrUpdateRoleDefinition];

export async function createOrUpdateRoleDefinition(
  scope: string,
  roleDefinitionName: string,
  parameters: RoleDefinition,
): Promise<RoleDefinition> {
  const { subscriptionId } = parseArmId(scope);
  const client = await actionClients.authorization(subscriptionId);
  return client.roleDefinitions.createOrUpdate(scopeParam(scope), roleDefinitionName, parameters);
}
