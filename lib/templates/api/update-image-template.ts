// VirtualMachineImageTemplates_Update (PATCH, api-version 2024-02-01+; the SDK sends 2025-10-01): the
// new vmProfile (whole, with the chosen vnetConfig). Sent once, then waits for the update to finish and
// reads the template back. When the answer is lost or is a 409 (the PATCH may have reached ARM and
// been applied; see settleLostUpdate), the template read back decides: it carries the network sent → updated, and no second PATCH is sent.
// "Apply and build" starts the build only after this succeeded.
import type {
  ImageTemplate,
  ImageTemplateUpdateParameters,
  VirtualNetworkConfig,
} from '@azure/arm-imagebuilder';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { actionClients, imageBuilderClient } from '@/lib/azure/clients';
import { type ArmError, answerLost, toArmError } from '@/lib/azure/errors';
import { imageTemplateKeys } from '@/lib/query/keys';
import { parseArmId } from '@/lib/azure/ids';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [
  IMAGE_TEMPLATE_OPERATIONS.get,
  IMAGE_TEMPLATE_OPERATIONS.update,
];

/** The same build network (ids compared case-insensitively, as ARM compares them). */
export function sameVnetConfig(
  a: VirtualNetworkConfig | undefined,
  b: VirtualNetworkConfig | undefined,
): boolean {
  const norm = (v: VirtualNetworkConfig | undefined) =>
    [
      (v?.subnetId ?? '').toLowerCase(),
      (v?.containerInstanceSubnetId ?? '').toLowerCase(),
      v?.proxyVmSize ?? '',
    ].join('|');
  return norm(a) === norm(b);
}

/** How often and how many times a template still updating is read after a lost answer. */
const SETTLE_READ_MS = 2_000;
const SETTLE_READS = 30;

/**
 * After a PATCH whose answer was lost: reads the template until it is no longer updating. It carries
 * the network sent → the update went through; otherwise the original error stands; unreadable → an
 * error saying Kiln cannot tell (and nothing is sent again).
 */
export async function settleLostUpdate(
  read: () => Promise<ImageTemplate>,
  sent: VirtualNetworkConfig | undefined,
  lost: unknown,
  waitMs = SETTLE_READ_MS,
): Promise<void> {
  const code = toArmError(lost).code;
  for (let i = 0; i < SETTLE_READS; i++) {
    let t: ImageTemplate;
    try {
      t = await read();
    } catch {
      throw Object.assign(
        new Error(
          `No answer from Resource Manager (${code}) and the template could not be read again: Kiln cannot tell whether it was updated. Look at its network before trying again.`,
        ),
        { code: 'OutcomeUnknown' },
      );
    }
    if (t.provisioningState !== 'Updating') {
      if (sameVnetConfig(t.vmProfile?.vnetConfig, sent)) return;
      throw lost;
    }
    await new Promise((ok) => setTimeout(ok, waitMs));
  }
  throw lost;
}

export async function updateImageTemplate(
  templateId: string,
  parameters: ImageTemplateUpdateParameters,
): Promise<ImageTemplate> {
  const { subscriptionId, resourceGroup, name } = parseArmId(templateId);
  if (!resourceGroup || !name) throw new Error(`Not an image template id: ${templateId}`);
  const read = async () =>
    (await imageBuilderClient(subscriptionId)).virtualMachineImageTemplates.get(resourceGroup, name);
  try {
    // Awaiting the poller follows the operation to its end (Succeeded, or throws on Failed/Canceled).
    const action = await actionClients.imageBuilder(subscriptionId);
    await action.virtualMachineImageTemplates.update(resourceGroup, name, parameters);
  } catch (e) {
    // A lost answer, or a 409 (the template is updating) to the copy Chromium resends on its own when
    // a reused connection closed unanswered: the first PATCH may have been applied, so read it back.
    const arm = toArmError(e);
    if (!answerLost(arm) && arm.status !== 409) throw e;
    await settleLostUpdate(read, parameters.properties?.vmProfile?.vnetConfig, e);
  }
  const fresh = await read();
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
