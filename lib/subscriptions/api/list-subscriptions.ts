// Subscriptions_List: the subscriptions the signed-in user can see. Azure lists them 50 to a page; one
// page is the common case and all it costs. When ARM says there is more (an estate of hundreds), the
// rest comes from one Resource Graph query (ResourceContainers, up to 1,000 a page) instead of a
// request per 50 subscriptions; if Resource Graph fails or refuses, ARM's pages are followed after all.
// ARM's pages are thin calls through the SDK's core pipeline (lib/azure/arm-get.ts): the list's first
// load needs no generated client.
import type { Subscription } from '@azure/arm-resources-subscriptions';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armListPages, type ArmPage } from '@/lib/azure/arm-get';
import { SUBSCRIPTIONS_QUERY } from '@/lib/azure/graph-queries';
import { graphQueryAll, type GraphRow } from '@/lib/azure/resource-graph';
import { recoveryInterval } from '@/lib/query/client';
import { armKeys } from '@/lib/query/keys';
import { RESOURCE_GRAPH_QUERY, SUBSCRIPTIONS_LIST, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [SUBSCRIPTIONS_LIST, RESOURCE_GRAPH_QUERY];

export interface SubscriptionInfo {
  subscriptionId: string;
  displayName: string;
  state: string | undefined;
}

function fromArm(sub: Subscription): SubscriptionInfo | undefined {
  if (!sub.subscriptionId) return undefined;
  return {
    subscriptionId: sub.subscriptionId,
    displayName: sub.displayName ?? sub.subscriptionId,
    state: sub.state,
  };
}

function fromGraph(row: GraphRow): SubscriptionInfo | undefined {
  const id = typeof row.subscriptionId === 'string' ? row.subscriptionId : '';
  if (!id) return undefined;
  const name = typeof row.name === 'string' && row.name ? row.name : id;
  return {
    subscriptionId: id,
    displayName: name,
    state: typeof row.state === 'string' ? row.state : undefined,
  };
}

const byName = (a: SubscriptionInfo, b: SubscriptionInfo) => a.displayName.localeCompare(b.displayName);

export async function listSubscriptions(signal?: AbortSignal): Promise<SubscriptionInfo[]> {
  const pages = armListPages<Subscription>(SUBSCRIPTIONS_LIST.path, SUBSCRIPTIONS_LIST.apiVersion, {
    abortSignal: signal,
  });
  const first = await pages.next();
  const out: SubscriptionInfo[] = [];
  const add = (page: ArmPage<Subscription>) => {
    for (const s of page.items) {
      const info = fromArm(s);
      if (info) out.push(info);
    }
  };
  if (first.done) return out;
  add(first.value);
  if (!first.value.hasMore) return out.sort(byName);
  try {
    const rows = await graphQueryAll(SUBSCRIPTIONS_QUERY, [], signal);
    const all = new Map(out.map((s) => [s.subscriptionId.toLowerCase(), s]));
    // Resource Graph's index may lag behind ARM: what ARM's first page named stays either way.
    for (const s of rows.map(fromGraph)) if (s) all.set(s.subscriptionId.toLowerCase(), s);
    return [...all.values()].sort(byName);
  } catch (e) {
    if (signal?.aborted) throw e;
    // Resource Graph is unavailable or refused: ARM's pages are the answer, one request per page.
  }
  for await (const page of pages) add(page);
  return out.sort(byName);
}

export function subscriptionsQueryOptions() {
  return queryOptions({
    queryKey: armKeys.subscriptions(),
    queryFn: ({ signal }) => listSubscriptions(signal),
    staleTime: 10 * 60_000,
    refetchInterval: recoveryInterval<SubscriptionInfo[]>(),
  });
}

export function useSubscriptions() {
  return useQuery(subscriptionsQueryOptions());
}
