// VirtualMachineImageTemplates_Delete: sent once (no retry). Azure deletes the staging resource group
// (or, for a customer-supplied one, what AIB put in it) with the template, storage account included.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { actionClients, resourcesClient } from '@/lib/azure/clients';
import { type ArmError, toArmError } from '@/lib/azure/errors';
import { armIdKey, parseArmId } from '@/lib/azure/ids';
import { armKeys, imageTemplateKeys } from '@/lib/query/keys';
import {
  IMAGE_TEMPLATE_OPERATIONS,
  RESOURCES_LIST_BY_RESOURCE_GROUP,
  type ArmOperation,
} from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [
  IMAGE_TEMPLATE_OPERATIONS.delete,
  RESOURCES_LIST_BY_RESOURCE_GROUP,
];

export async function deleteImageTemplate(id: string): Promise<void> {
  const p = parseArmId(id);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${id}`);
  const client = await actionClients.imageBuilder(p.subscriptionId);
  const poller = client.virtualMachineImageTemplates.delete(p.resourceGroup, p.name);
  await poller.submitted();
}

export interface StagingContents {
  resourceGroup: string | undefined;
  storageAccounts: string[];
}

/** Resources_ListByResourceGroup on the staging resource group, storage accounts only. */
export async function listStagingStorage(t: ImageTemplate): Promise<StagingContents> {
  const staging = t.exactStagingResourceGroup;
  if (!staging) return { resourceGroup: undefined, storageAccounts: [] };
  const p = parseArmId(staging);
  if (!p.resourceGroup) return { resourceGroup: undefined, storageAccounts: [] };
  const names: string[] = [];
  try {
    for await (const r of (await resourcesClient(p.subscriptionId)).resources.listByResourceGroup(
      p.resourceGroup,
      {
        filter: "resourceType eq 'Microsoft.Storage/storageAccounts'",
      },
    )) {
      if (r.name) names.push(r.name);
    }
  } catch (e) {
    // A staging group that does not exist yet (never built) holds nothing.
    if (toArmError(e).status !== 404) throw e;
  }
  return { resourceGroup: p.resourceGroup, storageAccounts: names };
}

export function useStagingStorage(t: ImageTemplate, enabled: boolean) {
  return useQuery(
    queryOptions({
      queryKey: armKeys.aspect(t.id ?? '', 'stagingStorage', t.exactStagingResourceGroup ?? ''),
      queryFn: () => listStagingStorage(t),
      enabled,
    }),
  );
}

export function useDeleteTemplate(t: ImageTemplate, onDeleted: () => void) {
  const qc = useQueryClient();
  const sent = useRef(false);
  const [error, setError] = useState<ArmError | null>(null);
  const id = t.id ?? '';
  const mutation = useMutation({
    mutationFn: () => deleteImageTemplate(id),
    onSuccess: () => {
      const { subscriptionId } = parseArmId(id);
      const key = armIdKey(id);
      qc.setQueryData<ImageTemplate[]>(imageTemplateKeys.list(subscriptionId), (list) =>
        list?.filter((x) => !x.id || armIdKey(x.id) !== key),
      );
      qc.setQueriesData<ImageTemplate[]>({ queryKey: imageTemplateKeys.anyGraphList() }, (list) =>
        list?.filter((x) => !x.id || armIdKey(x.id) !== key),
      );
      qc.removeQueries({ queryKey: imageTemplateKeys.one(id) });
      void qc.invalidateQueries({ queryKey: imageTemplateKeys.list(subscriptionId), refetchType: 'none' });
      onDeleted();
    },
    onError: (e) => {
      sent.current = false;
      setError(toArmError(e));
    },
  });
  return {
    remove: () => {
      if (sent.current) return;
      sent.current = true;
      setError(null);
      mutation.mutate();
    },
    pending: mutation.isPending,
    error,
  };
}
