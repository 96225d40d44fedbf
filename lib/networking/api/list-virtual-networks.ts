// VirtualNetworks_ListAll (GET /subscriptions/{sub}/providers/Microsoft.Network/virtualNetworks): the
// VNets the user can see in the template's subscription, filtered to the template's region.
import type { VirtualNetwork } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { networkClient } from '@/lib/azure/clients';
import { armKeys } from '@/lib/query/keys';
import { sameLocation } from '@/lib/azure/locations';
import { collect, NETWORK_STALE_MS } from './shared';

export async function listVirtualNetworks(subscriptionId: string): Promise<VirtualNetwork[]> {
  const client = await networkClient(subscriptionId);
  return collect(client.virtualNetworks.listAll());
}

export function virtualNetworksQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: armKeys.list(`/subscriptions/${subscriptionId}`, 'Microsoft.Network/virtualNetworks'),
    queryFn: () => listVirtualNetworks(subscriptionId),
    staleTime: NETWORK_STALE_MS,
    enabled: subscriptionId !== '',
  });
}

/** VNets of the subscription in `location` (region names compare without case and spaces), by name. */
export function useVirtualNetworks(subscriptionId: string, location: string) {
  return useQuery({
    ...virtualNetworksQueryOptions(subscriptionId),
    select: (all) =>
      all
        .filter((v) => sameLocation(v.location, location))
        .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? '')),
  });
}
