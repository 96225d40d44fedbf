// RouteTables_Get: the subnet's route table (is there a 0.0.0.0/0 to a firewall, or to nowhere?).
import type { RouteTable } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { NETWORK_API_VERSION } from '../model/fixes';
import { idParts, NETWORK_STALE_MS, netKey } from './shared';

export async function getRouteTable(routeTableId: string): Promise<RouteTable> {
  const { subscriptionId, resourceGroup, names } = idParts(routeTableId);
  // A thin GET through the SDK pipeline (lib/azure/arm-get.ts), not the whole network client.
  return armGet<RouteTable>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/routeTables/${names[0] ?? ''}`,
    NETWORK_API_VERSION,
  );
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
