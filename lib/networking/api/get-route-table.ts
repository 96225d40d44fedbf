// RouteTables_Get: the subnet's route table (is there a 0.0.0.0/0 to a firewall, or to nowhere?).
import type { RouteTable } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { networkClient } from '@/lib/azure/clients';
import { idParts, NETWORK_STALE_MS, netKey } from './shared';

export async function getRouteTable(routeTableId: string): Promise<RouteTable> {
  const { subscriptionId, resourceGroup, names } = idParts(routeTableId);
  const client = await networkClient(subscriptionId);
  return client.routeTables.get(resourceGroup, names[0] ?? '');
}

export function routeTableQueryOptions(routeTableId: string | undefined) {
  return queryOptions({
    queryKey: netKey(routeTableId ?? '/subscriptions/none'),
    queryFn: () => getRouteTable(routeTableId ?? ''),
    enabled: Boolean(routeTableId),
    staleTime: NETWORK_STALE_MS,
  });
}

export function useRouteTable(routeTableId: string | undefined) {
  return useQuery(routeTableQueryOptions(routeTableId));
}
