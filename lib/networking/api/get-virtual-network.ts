// VirtualNetworks_Get: one VNet (its region and its subnets, for the pickers and the region check).
import type { VirtualNetwork } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { idParts, NETWORK_STALE_MS, netKey } from '../model/reads';
import { NETWORK_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [NETWORK_OPERATIONS.getVirtualNetwork];

export async function getVirtualNetwork(vnetId: string): Promise<VirtualNetwork> {
  const { subscriptionId, resourceGroup, names } = idParts(vnetId);
  // A thin GET through the SDK pipeline (lib/azure/arm-get.ts), not the whole network client.
  return armGet<VirtualNetwork>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${names[0] ?? ''}`,
    NETWORK_OPERATIONS.getVirtualNetwork.apiVersion,
  );
}

export function virtualNetworkQueryOptions(vnetId: string | undefined) {
  return queryOptions({
    queryKey: netKey(vnetId ?? '/subscriptions/none'),
    queryFn: () => getVirtualNetwork(vnetId ?? ''),
    enabled: Boolean(vnetId),
    staleTime: NETWORK_STALE_MS,
  });
}

export function useVirtualNetwork(vnetId: string | undefined) {
  return useQuery(virtualNetworkQueryOptions(vnetId));
}
