// VirtualMachineImageTemplates_Cancel (POST …/cancel): sent once (no retry), then followed through
// lastRunStatus: Canceling → Canceled.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { actionClients } from '@/lib/azure/clients';
import { type ArmError, answerLost, toArmError } from '@/lib/azure/errors';
import { armIdKey, parseArmId } from '@/lib/azure/ids';
import { resourcePermissionsQueryOptions } from '@/lib/azure/permissions-api';
import { cancelBuildDisabledReason } from '../model/availability';
import {
  type ReadBack,
  type Snapshot,
  buildCanceled,
  readBack,
  refresh,
  restore,
  setRunStatus,
} from '../model/optimistic';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [IMAGE_TEMPLATE_OPERATIONS.cancel];

export async function cancelImageTemplate(templateId: string): Promise<void> {
  const p = parseArmId(templateId);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${templateId}`);
  const client = await actionClients.imageBuilder(p.subscriptionId);
  const poller = client.virtualMachineImageTemplates.cancel(p.resourceGroup, p.name);
  await poller.submitted();
}

const inFlight = new Set<string>();

export interface CancelBuild {
  cancel: () => void;
  pending: boolean;
  disabledReason: string | undefined;
  /**
   * The cancel failed. `readBack` when its answer was lost (it may have reached ARM): `checking` while
   * Kiln reads the template again, then whether the build is being canceled after all.
   */
  error: (ArmError & { readBack?: ReadBack | 'checking' }) | null;
  dismissError: () => void;
}

export function useCancelBuild(template: ImageTemplate): CancelBuild {
  const id = template.id ?? '';
  const qc = useQueryClient();
  const permsQuery = useQuery(resourcePermissionsQueryOptions(id));
  const [error, setError] = useState<CancelBuild['error']>(null);
  const mutation = useMutation({
    mutationFn: () => cancelImageTemplate(id),
    onMutate: (): Snapshot => {
      setError(null);
      return setRunStatus(qc, id, {
        ...template.lastRunStatus,
        runState: 'Canceling',
        runSubState: undefined,
        message: 'Canceling image build',
      });
    },
    onError: async (e, _v, snapshot) => {
      if (snapshot) restore(qc, id, snapshot);
      const arm = toArmError(e);
      // A lost answer, or a 409 (the browser resent the cancel on its own after the connection dropped,
      // and ARM refused the copy): read the template before saying what happened.
      if (!answerLost(arm) && arm.status !== 409) {
        setError(arm);
        return;
      }
      setError({ ...arm, readBack: 'checking' });
      setError({ ...arm, readBack: await readBack(qc, id, snapshot?.one, buildCanceled) });
    },
    onSettled: () => {
      inFlight.delete(armIdKey(id));
      void refresh(qc, id);
    },
  });
  const disabledReason = cancelBuildDisabledReason(
    template,
    { permissions: permsQuery.data, failed: permsQuery.isError },
    mutation.isPending,
  );
  const { mutate } = mutation;
  const cancel = useCallback(() => {
    const key = armIdKey(id);
    if (inFlight.has(key) || disabledReason) return;
    inFlight.add(key);
    mutate();
  }, [id, disabledReason, mutate]);
  return { cancel, pending: mutation.isPending, disabledReason, error, dismissError: () => setError(null) };
}
