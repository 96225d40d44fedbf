// VirtualMachineImageTemplates_ListRunOutputs: the artifacts of the last run.
import type { RunOutput } from '@azure/arm-imagebuilder';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { imageBuilderClient } from '@/lib/azure/clients';
import { keepErrorBody } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { armKeys } from '@/lib/query/keys';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [IMAGE_TEMPLATE_OPERATIONS.listRunOutputs];

export async function listRunOutputs(id: string): Promise<RunOutput[]> {
  const p = parseArmId(id);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${id}`);
  const out: RunOutput[] = [];
  const keep = keepErrorBody();
  try {
    const client = await imageBuilderClient(p.subscriptionId);
    for await (const r of client.virtualMachineImageTemplates.listRunOutputs(p.resourceGroup, p.name, {
      onResponse: keep.onResponse,
    })) {
      out.push(r);
    }
  } catch (e) {
    keep.rethrow(e);
  }
  return out;
}

/** `runKey` changes when a run ends, so outputs are read again then. */
export function useRunOutputs(id: string, runKey: string, enabled = true) {
  return useQuery(
    queryOptions({
      queryKey: armKeys.aspect(id, 'runOutputs', runKey),
      queryFn: () => listRunOutputs(id),
      enabled,
    }),
  );
}
