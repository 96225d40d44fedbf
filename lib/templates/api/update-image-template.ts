// VirtualMachineImageTemplates_Update (PATCH, api-version 2024-02-01+; the SDK sends 2025-10-01): the
// new vmProfile (whole, with the chosen vnetConfig). Sent once, then waits for the update to finish and
// reads the template back. "Apply and build" starts the build only after this succeeded.
import type { ImageTemplate, ImageTemplateUpdateParameters } from '@azure/arm-imagebuilder';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { actionClients, imageBuilderClient } from '@/lib/azure/clients';
import { type ArmError, toArmError } from '@/lib/azure/errors';
import { imageTemplateKeys } from '@/lib/query/keys';
import { parseArmId } from '@/lib/azure/ids';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [
  IMAGE_TEMPLATE_OPERATIONS.get,
  IMAGE_TEMPLATE_OPERATIONS.update,
];

export async function updateImageTemplate(
  templateId: string,
  parameters: ImageTemplateUpdateParameters,
): Promise<ImageTemplate> {
  const { subscriptionId, resourceGroup, name } = parseArmId(templateId);
  if (!resourceGroup || !name) throw new Error(`Not an image template id: ${templateId}`);
  // Awaiting the poller follows the operation to its end (Succeeded, or throws on Failed/Canceled).
  const action = await actionClients.imageBuilder(subscriptionId);
  await action.virtualMachineImageTemplates.update(resourceGroup, name, parameters);
  const read = await imageBuilderClient(subscriptionId);
  const fresh = await read.virtualMachineImageTemplates.get(resourceGroup, name);
  if (fresh.provisioningState && fresh.provisioningState !== 'Succeeded') {
    throw Object.assign(new Error(`The template update ended in state ${fresh.provisioningState}.`), {
      code: 'UpdateNotSucceeded',
    });
  }
  return fresh;
}

/** PATCH then wait; on success the template caches hold the updated template. */
export function useUpdateImageTemplate(templateId: string) {
  const qc = useQueryClient();
  return useMutation<ImageTemplate, ArmError, ImageTemplateUpdateParameters>({
    mutationFn: async (parameters) => {
      try {
        return await updateImageTemplate(templateId, parameters);
      } catch (e) {
        throw toArmError(e);
      }
    },
    onSuccess: (fresh) => {
      qc.setQueryData(imageTemplateKeys.one(templateId), fresh);
    },
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: imageTemplateKeys.one(templateId), exact: true });
    },
  });
}
