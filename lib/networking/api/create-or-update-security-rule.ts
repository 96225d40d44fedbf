// SecurityRules_CreateOrUpdate (PUT …/networkSecurityGroups/{nsg}/securityRules/{rule}): the NSG fixes.
// Sent once (no pipeline retry).
import type { SecurityRule } from '@azure/arm-network';
import { actionClients } from '@/lib/azure/clients';
import { idParts } from '../model/reads';
import { NETWORK_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [NETWORK_OPERATIONS.createOrUpdateSecurityRule];

export async function createOrUpdateSecurityRule(
  nsgId: string,
  ruleName: string,
  parameters: SecurityRule,
): Promise<SecurityRule> {
  const { subscriptionId, resourceGroup, names } = idParts(nsgId);
  const client = await actionClients.network(subscriptionId);
  return client.securityRules.beginCreateOrUpdateAndWait(resourceGroup, names[0] ?? '', ruleName, parameters);
}
