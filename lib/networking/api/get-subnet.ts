// Subnets_Get: the subnet itself (delegations, policies, NSG, route table, NAT gateway, outbound access).
import type { Subnet } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { networkClient } from '@/lib/azure/clients';
import { idParts, NETWORK_STALE_MS, netKey } from './shared';

export async function getSubnet(subnetId: string): Promise<Subnet> {
  const { subscriptionId, resourceGroup, names } = idParts(subnetId);
  const client = await networkClient(subscriptionId);
  return client.subnets.get(resourceGroup, names[0] ?? '', names[1] ?? '');
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
