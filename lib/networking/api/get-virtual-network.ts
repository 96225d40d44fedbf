// VirtualNetworks_Get: one VNet (its region and its subnets, for the pickers and the region check).
import type { VirtualNetwork } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { networkClient } from '@/lib/azure/clients';
import { idParts, NETWORK_STALE_MS, netKey } from './shared';

export async function getVirtualNetwork(vnetId: string): Promise<VirtualNetwork> {
  const { subscriptionId, resourceGroup, names } = idParts(vnetId);
  const client = await networkClient(subscriptionId);
  return client.virtualNetworks.get(resourceGroup, names[0] ?? '');
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
