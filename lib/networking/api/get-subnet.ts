// Subnets_Get: the subnet itself (delegations, policies, NSG, route table, NAT gateway, outbound access).
import type { Subnet } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { idParts, NETWORK_STALE_MS, netKey } from '../model/reads';
import { NETWORK_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [NETWORK_OPERATIONS.getSubnet];

export async function getSubnet(subnetId: string): Promise<Subnet> {
  const { subscriptionId, resourceGroup, names } = idParts(subnetId);
  // A thin GET through the SDK pipeline (lib/azure/arm-get.ts), not the whole network client.
  return armGet<Subnet>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${names[0] ?? ''}/subnets/${names[1] ?? ''}`,
    NETWORK_OPERATIONS.getSubnet.apiVersion,
  );
}

export function subnetQueryOptions(subnetId: string | undefined) {
  return queryOptions({
    queryKey: netKey(subnetId ?? '/subscriptions/none'),
    queryFn: () => getSubnet(subnetId ?? ''),
    enabled: Boolean(subnetId),
    staleTime: NETWORK_STALE_MS,
  });
}

export function useSubnet(subnetId: string | undefined) {
  return useQuery(subnetQueryOptions(subnetId));
}
