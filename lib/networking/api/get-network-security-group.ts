// NetworkSecurityGroups_Get: the subnet's NSG with its rules and default rules.
import type { NetworkSecurityGroup } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { idParts, NETWORK_STALE_MS, netKey } from '../model/reads';
import { NETWORK_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [NETWORK_OPERATIONS.getNetworkSecurityGroup];

export async function getNetworkSecurityGroup(nsgId: string): Promise<NetworkSecurityGroup> {
  const { subscriptionId, resourceGroup, names } = idParts(nsgId);
  // A thin GET through the SDK pipeline (lib/azure/arm-get.ts), not the whole network client.
  return armGet<NetworkSecurityGroup>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/networkSecurityGroups/${names[0] ?? ''}`,
    NETWORK_OPERATIONS.getNetworkSecurityGroup.apiVersion,
  );
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
