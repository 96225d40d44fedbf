// RouteTables_Get: the subnet's route table (is there a 0.0.0.0/0 to a firewall, or to nowhere?).
import type { RouteTable } from '@azure/arm-network';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { idParts, NETWORK_STALE_MS, netKey } from '../model/reads';
import { NETWORK_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [NETWORK_OPERATIONS.getRouteTable];

export async function getRouteTable(routeTableId: string): Promise<RouteTable> {
  const { subscriptionId, resourceGroup, names } = idParts(routeTableId);
  // A thin GET through the SDK pipeline (lib/azure/arm-get.ts), not the whole network client.
  return armGet<RouteTable>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/routeTables/${names[0] ?? ''}`,
    NETWORK_OPERATIONS.getRouteTable.apiVersion,
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
