// Resources (Microsoft.ResourceGraph, operationId Resources) for the templates list at estate scale:
// one query over every subscription instead of VirtualMachineImageTemplates_List per subscription.
// Pages come as the per-subscription list's do (ImageTemplate[] per response, then `null` when the
// list is complete), so the list streams either source the same way.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { IMAGE_TEMPLATES_QUERY } from '@/lib/azure/graph-queries';
import { graphQueryPages } from '@/lib/azure/resource-graph';
import { graphRowToImageTemplate } from '../model/graph-row';

/** Every template in `subscriptionIds`, a page per Resource Graph response; `null` ends the list. */
export async function* listImageTemplatePagesByGraph(
  subscriptionIds: readonly string[],
  signal?: AbortSignal,
): AsyncGenerator<ImageTemplate[] | null> {
  for await (const page of graphQueryPages(IMAGE_TEMPLATES_QUERY, subscriptionIds, signal)) {
    yield page.rows.map(graphRowToImageTemplate);
  }
  yield null;
}
