// RoleDefinitions_CreateOrUpdate (PUT {scope}/providers/Microsoft.Authorization/roleDefinitions/{id}):
// the least-privilege custom networking role. Sent once.
import type { RoleDefinition } from '@azure/arm-authorization';
import { actionClients } from '@/lib/azure/clients';
import { parseArmId } from '@/lib/azure/ids';
import { scopeParam } from './shared';

export async function createOrUpdateRoleDefinition(
  scope: string,
  roleDefinitionName: string,
  parameters: RoleDefinition,
): Promise<RoleDefinition> {
  const { subscriptionId } = parseArmId(scope);
  const client = await actionClients.authorization(subscriptionId);
  return client.roleDefinitions.createOrUpdate(scopeParam(scope), roleDefinitionName, parameters);
}
