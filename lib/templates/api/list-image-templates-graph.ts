// Resources (Microsoft.ResourceGraph, operationId Resources) for the templates list at estate scale:
// one query over every subscription instead of VirtualMachineImageTemplates_List per subscription.
// Pages come as the per-subscription list's do (ImageTemplate[] per response, then `null` when the
// list is complete), so the list streams either source the same way.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { experimental_streamedQuery, queryOptions } from '@tanstack/react-query';
import { IMAGE_TEMPLATES_QUERY } from '@/lib/azure/graph-queries';
import { graphQueryPages } from '@/lib/azure/resource-graph';
import { imageTemplateKeys } from '@/lib/query/keys';
import { coalescePages, listPacer } from '@/lib/query/coalesce-pages';
import { graphRowToImageTemplate } from '../model/graph-row';
import { prepareRow } from '../model/list';
import { RESOURCE_GRAPH_QUERY, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [RESOURCE_GRAPH_QUERY];

/** Every template in `subscriptionIds`, a page per Resource Graph response; `null` ends the list. */
export async function* listImageTemplatePagesByGraph(
  subscriptionIds: readonly string[],
  signal?: AbortSignal,
): AsyncGenerator<ImageTemplate[] | null> {
  for await (const page of graphQueryPages(IMAGE_TEMPLATES_QUERY, subscriptionIds, signal)) {
    yield page.rows.map((row) => prepareRow(graphRowToImageTemplate(row)));
  }
  yield null;
}

/** More subscriptions than a handful: the list goes through Resource Graph. */
export const GRAPH_LIST_MIN_SUBSCRIPTIONS = 6;

// Lists whose last page is in (a list still streaming its first load is a prefix of the real one).
const complete = new WeakSet<ImageTemplate[]>();

function addPage(list: ImageTemplate[], page: ImageTemplate[] | null): ImageTemplate[] {
  if (page) return list.concat(page);
  const done = list.slice();
  complete.add(done);
  return done;
}

/** True while the first load is still streaming in (the rows so far are a part of the list). */
export function isGraphListPartial(list: ImageTemplate[] | undefined, fetching: boolean): boolean {
  return list === undefined || (fetching && !complete.has(list));
}

export function graphImageTemplatesQueryOptions(subscriptionIds: readonly string[]) {
  return queryOptions({
    queryKey: imageTemplateKeys.graphList(subscriptionIds),
    // Each page shows as it arrives; a refetch keeps the rows and swaps in the new list when complete.
    queryFn: experimental_streamedQuery<ImageTemplate[] | null, ImageTemplate[]>({
      streamFn: ({ signal }) =>
        coalescePages(listImageTemplatePagesByGraph(subscriptionIds, signal), listPacer),
      refetchMode: 'replace',
      reducer: addPage,
      initialValue: [],
    }),
    staleTime: 2 * 60_000,
  });
}
