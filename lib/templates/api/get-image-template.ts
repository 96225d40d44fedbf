// VirtualMachineImageTemplates_Get: one template, polled about every 15 s while its run is active (or
// it is being created, updated or deleted), never while the tab is hidden, not at all once terminal.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet } from '@/lib/azure/arm-get';
import { type ClientKind, readKind } from '@/lib/azure/clients';
import { withReadTimeout } from '@/lib/azure/read-timeout';
import { isTemplateBuilding } from '@/lib/aib/run-state';
import { useKilnConfig } from '@/lib/azure/config';
import { parseArmId } from '@/lib/azure/ids';
import { adaptiveInterval } from '@/lib/query/client';
import { imageTemplateKeys } from '@/lib/query/keys';
import { imageTemplateFromArm } from '../model/arm-template';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [IMAGE_TEMPLATE_OPERATIONS.get];

export async function getImageTemplate(
  id: string,
  opts: { signal?: AbortSignal; kind?: ClientKind } = {},
): Promise<ImageTemplate> {
  const p = parseArmId(id);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${id}`);
  // A thin GET through the SDK's core pipeline (lib/azure/arm-get.ts): no generated client on the
  // list's or the template page's first load.
  const kind = opts.kind === 'poll' ? 'poll' : 'read';
  return withReadTimeout(opts.signal, async (abortSignal) =>
    imageTemplateFromArm(
      await armGet<unknown>(p.id, IMAGE_TEMPLATE_OPERATIONS.get.apiVersion, { abortSignal, kind }),
    ),
  );
}

/** Still changing on its own: worth polling. */
export function isTemplateChanging(t: ImageTemplate | undefined): boolean {
  if (!t) return false;
  const ps = t.provisioningState;
  return isTemplateBuilding(t) || ps === 'Creating' || ps === 'Updating' || ps === 'Deleting';
}

export function imageTemplateQueryOptions(id: string, pollIntervalMs: number) {
  return queryOptions({
    queryKey: imageTemplateKeys.one(id),
    // A refresh of a template already shown is one request (a poll); the first read may retry.
    queryFn: ({ signal, client, queryKey }) =>
      getImageTemplate(id, { signal, kind: readKind(client.getQueryData(queryKey) !== undefined) }),
    refetchInterval: adaptiveInterval<ImageTemplate>(pollIntervalMs, isTemplateChanging),
  });
}

export function useImageTemplate(id: string) {
  const { pollIntervalMs } = useKilnConfig();
  return useQuery(imageTemplateQueryOptions(id, pollIntervalMs));
}
