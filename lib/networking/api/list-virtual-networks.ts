// VirtualNetworks_ListAll (GET /subscriptions/{sub}/providers/Microsoft.Network/virtualNetworks): the
// VNets the user can see in the template's subscription, filtered to the template's region.
import type { VirtualNetwork } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { hasImageBuilderTags, isStagingResourceGroupName } from '@/lib/aib/staging';
import { networkClient } from '@/lib/azure/clients';
import { armKeys } from '@/lib/query/keys';
import { sameLocation } from '@/lib/azure/locations';
import { collect, NETWORK_STALE_MS } from '../model/reads';
import { NETWORK_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [NETWORK_OPERATIONS.listAllVirtualNetworks];

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

/** Image Builder's temporary network of a build (in an `IT_…` staging group, or tagged by AIB). */
export function isImageBuilderNetwork(v: Pick<VirtualNetwork, 'id' | 'tags'>): boolean {
  const rg = /\/resourcegroups\/([^/]+)/i.exec(v.id ?? '')?.[1];
  return isStagingResourceGroupName(rg) || hasImageBuilderTags(v.tags);
}

/**
 * The VNets a build may use: in `location` (region names compare without case and spaces), never Image
 * Builder's own temporary ones, by name.
 */
export function pickableVirtualNetworks(all: VirtualNetwork[], location: string): VirtualNetwork[] {
  return all
    .filter((v) => sameLocation(v.location, location) && !isImageBuilderNetwork(v))
    .sort((a, b) => (a.name ?? '').localeCompare(b.name ?? ''));
}

export function useVirtualNetworks(subscriptionId: string, location: string) {
  return useQuery({
    ...virtualNetworksQueryOptions(subscriptionId),
    select: (all) => pickableVirtualNetworks(all, location),
  });
}
