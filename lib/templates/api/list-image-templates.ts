// VirtualMachineImageTemplates_List per subscription (every page followed), run in parallel across
// subscriptions; one failing or forbidden subscription does not hide the others. With more than a
// handful of subscriptions the list comes from one Resource Graph query instead
// (list-image-templates-graph.ts), and falls back to this per-subscription listing, with a note, when
// Resource Graph fails or refuses the query. Either way each page goes into the cache as it arrives (a
// streamed query), so the first rows show before the last page is in.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import {
  experimental_streamedQuery,
  type QueryClient,
  queryOptions,
  useQueries,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { armListPages } from '@/lib/azure/arm-get';
import { type ArmError, toArmError } from '@/lib/azure/errors';
import { graphError } from '@/lib/azure/resource-graph';
import { armIdKey, parseArmId } from '@/lib/azure/ids';
import { useKilnConfig } from '@/lib/azure/config';
import { recoveryInterval } from '@/lib/query/client';
import { imageTemplateKeys } from '@/lib/query/keys';
import { coalescePages, listPacer } from '@/lib/query/coalesce-pages';
import { imageTemplateFromArm } from '../model/arm-template';
import { prepareRow, type TemplateRow, templateRow } from '../model/list';
import { type SubscriptionInfo, subscriptionsQueryOptions } from '@/lib/subscriptions/api/list-subscriptions';
import { imageTemplateQueryOptions, isTemplateChanging } from './get-image-template';
import {
  GRAPH_LIST_MIN_SUBSCRIPTIONS,
  graphImageTemplatesQueryOptions,
  isGraphListPartial,
} from './list-image-templates-graph';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [IMAGE_TEMPLATE_OPERATIONS.list];

/** The pages of one subscription's list as ARM sends them; the last item is `null` (the list is complete). */
export async function* listImageTemplatePages(
  subscriptionId: string,
  abortSignal?: AbortSignal,
): AsyncGenerator<ImageTemplate[] | null> {
  // A thin list through the SDK's core pipeline (lib/azure/arm-get.ts): the list's first load does not
  // need @azure/arm-imagebuilder's client.
  const pages = armListPages<unknown>(
    `/subscriptions/${subscriptionId}/providers/Microsoft.VirtualMachineImages/imageTemplates`,
    IMAGE_TEMPLATE_OPERATIONS.list.apiVersion,
    { abortSignal },
  );
  for await (const page of pages) yield page.items.map((item) => prepareRow(imageTemplateFromArm(item)));
  yield null;
}

// Lists whose last page is in. A list still streaming its first load is a prefix of the real one.
const complete = new WeakSet<ImageTemplate[]>();

function addPage(list: ImageTemplate[], page: ImageTemplate[] | null): ImageTemplate[] {
  if (page) return list.concat(page);
  const done = list.slice();
  complete.add(done);
  return done;
}

/** Still loading its first pages (rows so far are a part of the list). */
export function isPartialList(list: ImageTemplate[] | undefined, fetching: boolean): boolean {
  return list === undefined || (fetching && !complete.has(list));
}

export function imageTemplatesQueryOptions(subscriptionId: string) {
  return queryOptions({
    queryKey: imageTemplateKeys.list(subscriptionId),
    // First load: each page is shown as it arrives. A refetch keeps the rows on screen and swaps in the
    // new list when its last page is in.
    queryFn: experimental_streamedQuery<ImageTemplate[] | null, ImageTemplate[]>({
      streamFn: ({ signal }) => coalescePages(listImageTemplatePages(subscriptionId, signal), listPacer),
      refetchMode: 'replace',
      reducer: addPage,
      initialValue: [],
    }),
    staleTime: 2 * 60_000,
    // A list that failed (a 429 after the pipeline's retries, a 503 …) reads again by itself once
    // Retry-After has passed, backing off while it keeps failing.
    refetchInterval: recoveryInterval<ImageTemplate[]>(),
  });
}

export interface SubscriptionListState {
  subscription: SubscriptionInfo;
  status: 'pending' | 'error' | 'success';
  error: ArmError | undefined;
  count: number;
  refetch: () => void;
}

export interface TemplateRowsState {
  status: 'pending' | 'error' | 'success';
  /** The subscriptions call itself failed. */
  error: ArmError | undefined;
  subscriptions: SubscriptionListState[];
  rows: TemplateRow[];
  /** Some subscriptions are still loading. */
  partial: boolean;
  /** Where the rows come from: one Resource Graph query, or a list call per subscription. */
  source: 'graph' | 'subscriptions';
  /** Resource Graph failed or refused the query, so the list fell back to per-subscription calls. */
  graphFallback: ArmError | undefined;
  refetch: () => void;
}

/** Every template across every subscription, with per-subscription status. */
export function useTemplateRows(): TemplateRowsState {
  const subs = useQuery(subscriptionsQueryOptions());
  const subsData = subs.data;
  const ids = useMemo(() => (subsData ?? []).map((s) => s.subscriptionId), [subsData]);
  const wantGraph = ids.length >= GRAPH_LIST_MIN_SUBSCRIPTIONS;
  const graph = useQuery({ ...graphImageTemplatesQueryOptions(ids), enabled: wantGraph });
  const viaGraph = wantGraph && graph.status !== 'error';
  const perSubscription = useQueries({
    queries: (viaGraph ? [] : (subsData ?? [])).map((s) => imageTemplatesQueryOptions(s.subscriptionId)),
    combine: combineLists,
  });
  const graphLists = useGraphLists(ids, graph, viaGraph);
  const lists = graphLists ?? perSubscription;
  const running = useRunningOverlay(lists.data);
  // Each template's row is made once (templateRow); a new page costs its own rows only.
  const rows = useMemo(() => {
    const out: TemplateRow[] = [];
    (subsData ?? []).forEach((s, i) => {
      const listUpdatedAt = lists.updatedAt[i] ?? 0;
      for (const t of lists.data[i] ?? []) {
        const row = templateRow(t, s.displayName);
        // Only rows that were changing when listed are in the overlay (useRunningOverlay).
        const fresher =
          running.size > 0 && isTemplateChanging(t) ? running.get(row.id.toLowerCase()) : undefined;
        if (fresher?.gone) continue;
        out.push(
          fresher?.data && fresher.updatedAt > listUpdatedAt ? templateRow(fresher.data, s.displayName) : row,
        );
      }
    });
    return out;
  }, [subsData, lists.data, lists.updatedAt, running]);
  const subscriptions: SubscriptionListState[] = (subsData ?? []).map((s, i) => ({
    subscription: s,
    status: lists.status[i] ?? 'pending',
    error: lists.error[i] ? toArmError(lists.error[i]) : undefined,
    count: lists.data[i]?.length ?? 0,
    refetch: () => lists.refetch[i]?.(),
  }));
  return {
    status: subs.status,
    error: subs.error ? toArmError(subs.error) : undefined,
    subscriptions,
    rows,
    partial: graphLists
      ? isGraphListPartial(graph.data, graph.isFetching)
      : lists.data.some(
          (l, i) => lists.status[i] !== 'error' && isPartialList(l, lists.fetching[i] ?? false),
        ),
    source: graphLists ? 'graph' : 'subscriptions',
    graphFallback: wantGraph && graph.status === 'error' ? graphError(graph.error) : undefined,
    refetch: () => {
      void subs.refetch();
      lists.refetch.forEach((r) => r());
    },
  };
}

/** The Resource Graph list split per subscription (in the order of `ids`), shaped like the per-subscription lists. */
function useGraphLists(
  ids: readonly string[],
  graph: {
    data?: ImageTemplate[];
    dataUpdatedAt: number;
    status: 'pending' | 'error' | 'success';
    error: Error | null;
    refetch: () => unknown;
  },
  enabled: boolean,
): CombinedLists | undefined {
  const { data, dataUpdatedAt, status, error, refetch } = graph;
  return useMemo(() => {
    if (!enabled) return undefined;
    const index = new Map(ids.map((id, i) => [id.toLowerCase(), i]));
    const perSub: ImageTemplate[][] = ids.map(() => []);
    for (const t of data ?? []) {
      const i = index.get(parseArmId(t.id ?? '').subscriptionId.toLowerCase());
      if (i !== undefined) perSub[i]?.push(t);
    }
    return {
      data: data ? perSub : ids.map(() => undefined),
      updatedAt: ids.map(() => dataUpdatedAt),
      status: ids.map(() => status),
      fetching: ids.map(() => false),
      error: ids.map(() => error),
      refetch: ids.map(() => () => void refetch()),
    };
  }, [enabled, ids, data, dataUpdatedAt, status, error, refetch]);
}

interface CombinedLists {
  data: (ImageTemplate[] | undefined)[];
  updatedAt: number[];
  status: ('pending' | 'error' | 'success')[];
  fetching: boolean[];
  error: (Error | null)[];
  refetch: (() => void)[];
}

function combineLists(
  results: {
    data?: ImageTemplate[];
    dataUpdatedAt: number;
    status: 'pending' | 'error' | 'success';
    isFetching: boolean;
    error: Error | null;
    refetch: () => unknown;
  }[],
): CombinedLists {
  return {
    data: results.map((r) => r.data),
    updatedAt: results.map((r) => r.dataUpdatedAt),
    status: results.map((r) => r.status),
    fetching: results.map((r) => r.isFetching),
    error: results.map((r) => r.error),
    refetch: results.map((r) => () => void r.refetch()),
  };
}

const MAX_POLLED_ROWS = 100;

interface Fresh {
  data: ImageTemplate | undefined;
  updatedAt: number;
  /** ARM answered 404: the template is gone (a finished delete). */
  gone: boolean;
}

function combineFresh(
  results: { data?: ImageTemplate; dataUpdatedAt: number; error: Error | null }[],
): Fresh[] {
  return results.map((r) => ({
    data: r.data,
    updatedAt: r.dataUpdatedAt,
    gone: r.error !== null && toArmError(r.error).status === 404,
  }));
}

/**
 * The list refreshes running rows only: each template whose last run is active (or that is being
 * created, updated or deleted) is read on its own — the same query and polling as its page — and the
 * fresher copy replaces the list's; a template whose delete finished leaves the list.
 * The first of those reads comes one poll interval after the list is shown, like any later poll: the
 * rows were read a moment ago, so reading each running one again at once would only add requests to
 * showing the list (Resource Graph's lag is corrected within that interval). Data already in the cache
 * — a build just started from a row, or a template whose page was open — shows at once.
 */
function useRunningOverlay(lists: (ImageTemplate[] | undefined)[]): Map<string, Fresh> {
  const { pollIntervalMs } = useKilnConfig();
  const qc = useQueryClient();
  const armed = useArmedAfter(pollIntervalMs);
  // Looked for once per change of the lists, not on every render (5,000 templates). Until the first
  // poll is due, only templates already in the cache are followed: an observer per running row (up to
  // 100, each hashed on every render) would only read the cache, in the renders that show the first rows.
  const ids = useMemo(() => {
    const cached = armed ? undefined : cachedTemplateIds(qc);
    return lists
      .flatMap((l) => l ?? [])
      .filter((t) => t.id && isTemplateChanging(t) && (!cached || cached.has(armIdKey(t.id))))
      .slice(0, MAX_POLLED_ROWS)
      .map((t) => t.id as string);
  }, [lists, armed, qc]);
  const results = useQueries({
    queries: ids.map((id) => ({ ...imageTemplateQueryOptions(id, pollIntervalMs), enabled: armed })),
    combine: combineFresh,
  });
  const idsKey = ids.join('|');
  return useMemo(() => {
    const m = new Map<string, Fresh>();
    const list = idsKey ? idsKey.split('|') : [];
    results.forEach((r, i) => {
      const id = list[i];
      if (id) m.set(armIdKey(id), r);
    });
    return m;
  }, [results, idsKey]);
}

/** The ARM ids (armIdKey) of the templates whose own GET is in the cache with data. */
function cachedTemplateIds(qc: QueryClient): Set<string> {
  const ids = new Set<string>();
  for (const q of qc.getQueryCache().getAll()) {
    const id = imageTemplateKeys.idOfOne(q.queryKey);
    if (id && q.state.data !== undefined) ids.add(id);
  }
  return ids;
}

/** False until `ms` after the first render, then true. */
function useArmedAfter(ms: number): boolean {
  const [armed, setArmed] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), ms);
    return () => clearTimeout(timer);
  }, [ms]);
  return armed;
}
