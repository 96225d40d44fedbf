// Subnets_Get: the subnet itself (delegations, policies, NSG, route table, NAT gateway, outbound access).
import type { Subnet } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { NETWORK_API_VERSION } from '../model/fixes';
import { idParts, NETWORK_STALE_MS, netKey } from './shared';

export async function getSubnet(subnetId: string): Promise<Subnet> {
  const { subscriptionId, resourceGroup, names } = idParts(subnetId);
  // A thin GET through the SDK pipeline (lib/azure/arm-get.ts), not the whole network client.
  return armGet<Subnet>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${names[0] ?? ''}/subnets/${names[1] ?? ''}`,
    NETWORK_API_VERSION,
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
