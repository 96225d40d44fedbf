// NatGateways_Get: the subnet's NAT gateway (does it have a public IP to go out with?).
import type { NatGateway } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { idParts, NETWORK_STALE_MS, netKey } from '../model/reads';
import { NETWORK_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [NETWORK_OPERATIONS.getNatGateway];

export async function getNatGateway(natGatewayId: string): Promise<NatGateway> {
  const { subscriptionId, resourceGroup, names } = idParts(natGatewayId);
  // A thin GET through the SDK pipeline (lib/azure/arm-get.ts), not the whole network client.
  return armGet<NatGateway>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/natGateways/${names[0] ?? ''}`,
    NETWORK_OPERATIONS.getNatGateway.apiVersion,
  );
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
