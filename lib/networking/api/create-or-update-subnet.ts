// Subnets_CreateOrUpdate (PUT …/subnets/{name}): the delegation and Private Link policy fixes. Sent once
// (no pipeline retry); the whole subnet is sent back with only the fix changed.
import type { Subnet } from '@azure/arm-network';
import { actionClients } from '@/lib/azure/clients';
import { idParts } from '../model/reads';
import { NETWORK_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [NETWORK_OPERATIONS.createOrUpdateSubnet];

export async function createOrUpdateSubnet(subnetId: string, parameters: Subnet): Promise<Subnet> {
  const { subscriptionId, resourceGroup, names } = idParts(subnetId);
  const client = await actionClients.network(subscriptionId);
  return client.subnets.beginCreateOrUpdateAndWait(resourceGroup, names[0] ?? '', names[1] ?? '', parameters);
}
