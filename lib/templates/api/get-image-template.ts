// VirtualMachineImageTemplates_Get: one template, polled about every 15 s while its run is active (or
// it is being created, updated or deleted), never while the tab is hidden, not at all once terminal.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { imageBuilderClient } from '@/lib/azure/clients';
import { isTemplateBuilding } from '@/lib/aib/run-state';
import { useKilnConfig } from '@/lib/azure/config';
import { parseArmId } from '@/lib/azure/ids';
import { adaptiveInterval } from '@/lib/query/client';
import { imageTemplateKeys } from '@/lib/query/keys';

export async function getImageTemplate(id: string): Promise<ImageTemplate> {
  const p = parseArmId(id);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${id}`);
  return imageBuilderClient(p.subscriptionId).virtualMachineImageTemplates.get(p.resourceGroup, p.name);
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
    queryFn: () => getImageTemplate(id),
    refetchInterval: adaptiveInterval<ImageTemplate>(pollIntervalMs, isTemplateChanging),
  });
}

export function useImageTemplate(id: string) {
  const { pollIntervalMs } = useKilnConfig();
  return useQuery(imageTemplateQueryOptions(id, pollIntervalMs));
}
