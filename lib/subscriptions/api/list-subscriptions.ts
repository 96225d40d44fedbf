// Subscriptions_List: the subscriptions the signed-in user can see (every page).
import type { Subscription } from '@azure/arm-resources-subscriptions';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { subscriptionClient } from '@/lib/azure/clients';
import { recoveryInterval } from '@/lib/query/client';
import { armKeys } from '@/lib/query/keys';
import { SUBSCRIPTIONS_LIST, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [SUBSCRIPTIONS_LIST];

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName: string;
  state: string | undefined;
}

export async function listSubscriptions(): Promise<SubscriptionInfo[]> {
  const out: SubscriptionInfo[] = [];
  for await (const s of subscriptionClient().subscriptions.list()) {
    const sub: Subscription = s;
    if (!sub.subscriptionId) continue;
    out.push({
      subscriptionId: sub.subscriptionId,
      displayName: sub.displayName ?? sub.subscriptionId,
      state: sub.state,
    });
  }
  return out.sort((a, b) => a.displayName.localeCompare(b.displayName));
}

export function subscriptionsQueryOptions() {
  return queryOptions({
    queryKey: armKeys.subscriptions(),
    queryFn: listSubscriptions,
    staleTime: 10 * 60_000,
    refetchInterval: recoveryInterval<SubscriptionInfo[]>(),
  });
}

export function useSubscriptions() {
  return useQuery(subscriptionsQueryOptions());
}
