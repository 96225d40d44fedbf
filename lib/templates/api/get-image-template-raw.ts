// The template as Resource Manager sent it (the "raw JSON" view): the same GET, keeping the body.
import { queryOptions, useQuery } from '@tanstack/react-query';
import { imageBuilderClient } from '@/lib/azure/clients';
import { parseArmId } from '@/lib/azure/ids';
import { armKeys } from '@/lib/query/keys';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [IMAGE_TEMPLATE_OPERATIONS.get];

export async function getImageTemplateRaw(id: string): Promise<unknown> {
  const p = parseArmId(id);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${id}`);
  let body: unknown;
  const client = await imageBuilderClient(p.subscriptionId);
  await client.virtualMachineImageTemplates.get(p.resourceGroup, p.name, {
    onResponse: (r) => {
      body = r.parsedBody ?? r.bodyAsText;
    },
  });
  return body;
}

export function useImageTemplateRaw(id: string, enabled: boolean, version: string) {
  return useQuery(
    queryOptions({
      queryKey: armKeys.aspect(id, 'raw', version),
      queryFn: () => getImageTemplateRaw(id),
      enabled,
    }),
  );
}
