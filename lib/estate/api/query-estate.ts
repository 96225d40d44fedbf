// The estate across subscriptions through Resource Graph (operationId Resources, four queries from
// lib/azure/graph-queries.ts, run in parallel): templates, staging groups joined to their templates,
// what the IT_ groups hold, and subscription names; then the counts and leftovers (model/leftovers.ts).
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import {
  IMAGE_TEMPLATES_QUERY,
  STAGING_CONTENTS_QUERY,
  STAGING_GROUPS_QUERY,
  SUBSCRIPTIONS_QUERY,
} from '@/lib/azure/graph-queries';
import { graphQueryAll } from '@/lib/azure/resource-graph';
import { armKeys, type QueryKey } from '@/lib/query/keys';
import {
  contentFromRow,
  estateCounts,
  findLeftovers,
  stagingGroupFromRow,
  templateFromRow,
  type EstateCounts,
  type Leftover,
} from '../model/leftovers';
import { RESOURCE_GRAPH_QUERY, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [RESOURCE_GRAPH_QUERY];

export interface Estate {
  counts: EstateCounts;
  leftovers: Leftover[];
  subscriptions: { subscriptionId: string; name: string }[];
  /** When the rows were read (leftover ages are relative to it). */
  readAt: number;
}

/** Prefix of every estate query (a clean-up invalidates them all). */
export const estateKeys = {
  all: (): QueryKey => [...armKeys.all, '$graph', 'estate'],
  of: (subscriptionIds: readonly string[]): QueryKey => [
    ...estateKeys.all(),
    [...subscriptionIds].sort().join(','),
  ],
};

export async function queryEstate(subscriptionIds: readonly string[], signal?: AbortSignal): Promise<Estate> {
  const [templates, groups, contents, subs] = await Promise.all([
    graphQueryAll(IMAGE_TEMPLATES_QUERY, subscriptionIds, signal),
    graphQueryAll(STAGING_GROUPS_QUERY, subscriptionIds, signal),
    graphQueryAll(STAGING_CONTENTS_QUERY, subscriptionIds, signal),
    graphQueryAll(SUBSCRIPTIONS_QUERY, [], signal),
  ]);
  const now = Date.now();
  const t = templates.map(templateFromRow);
  return {
    counts: estateCounts(t, now),
    leftovers: findLeftovers({
      templates: t,
      stagingGroups: groups.map(stagingGroupFromRow),
      contents: contents.map(contentFromRow),
      now,
    }),
    subscriptions: subs.map((s) => ({
      subscriptionId: String(s.subscriptionId ?? ''),
      name: String(s.name ?? ''),
    })),
    readAt: now,
  };
}

export function estateQueryOptions(subscriptionIds: readonly string[]) {
  return queryOptions({
    queryKey: estateKeys.of(subscriptionIds),
    queryFn: ({ signal }) => queryEstate(subscriptionIds, signal),
    staleTime: 60_000,
  });
}

export function useEstate(subscriptionIds: readonly string[]) {
  // Another subscription set keeps the last estate on screen (filters included) while it is read.
  return useQuery({ ...estateQueryOptions(subscriptionIds), placeholderData: keepPreviousData });
}
