// VirtualNetworks_Get: one VNet (its region and its subnets, for the pickers and the region check).
import type { VirtualNetwork } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { NETWORK_API_VERSION } from '../model/fixes';
import { idParts, NETWORK_STALE_MS, netKey } from './shared';

export async function getVirtualNetwork(vnetId: string): Promise<VirtualNetwork> {
  const { subscriptionId, resourceGroup, names } = idParts(vnetId);
  // A thin GET through the SDK pipeline (lib/azure/arm-get.ts), not the whole network client.
  return armGet<VirtualNetwork>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${names[0] ?? ''}`,
    NETWORK_API_VERSION,
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
