// NatGateways_Get: the subnet's NAT gateway (does it have a public IP to go out with?).
import type { NatGateway } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { networkClient } from '@/lib/azure/clients';
import { idParts, NETWORK_STALE_MS, netKey } from './shared';

export async function getNatGateway(natGatewayId: string): Promise<NatGateway> {
  const { subscriptionId, resourceGroup, names } = idParts(natGatewayId);
  const client = await networkClient(subscriptionId);
  return client.natGateways.get(resourceGroup, names[0] ?? '');
}

export function natGatewayQueryOptions(natGatewayId: string | undefined) {
  return queryOptions({
    queryKey: netKey(natGatewayId ?? '/subscriptions/none'),
    queryFn: () => getNatGateway(natGatewayId ?? ''),
    enabled: Boolean(natGatewayId),
    staleTime: NETWORK_STALE_MS,
  });
}

export function useNatGateway(natGatewayId: string | undefined) {
  return useQuery(natGatewayQueryOptions(natGatewayId));
}
