// NetworkSecurityGroups_Get: the subnet's NSG with its rules and default rules.
import type { NetworkSecurityGroup } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { networkClient } from '@/lib/azure/clients';
import { idParts, NETWORK_STALE_MS, netKey } from './shared';

export async function getNetworkSecurityGroup(nsgId: string): Promise<NetworkSecurityGroup> {
  const { subscriptionId, resourceGroup, names } = idParts(nsgId);
  const client = await networkClient(subscriptionId);
  return client.networkSecurityGroups.get(resourceGroup, names[0] ?? '');
}

export function networkSecurityGroupQueryOptions(nsgId: string | undefined) {
  return queryOptions({
    queryKey: netKey(nsgId ?? '/subscriptions/none'),
    queryFn: () => getNetworkSecurityGroup(nsgId ?? ''),
    enabled: Boolean(nsgId),
    staleTime: NETWORK_STALE_MS,
  });
}

export function useNetworkSecurityGroup(nsgId: string | undefined) {
  return useQuery(networkSecurityGroupQueryOptions(nsgId));
}
