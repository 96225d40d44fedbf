// VirtualMachineImageTemplates_Run (POST …/run): Start build. Sent exactly once per intended start
// (no pipeline retry; a per-template in-flight guard covers double clicks and Enter + click), shown as
// Queued at once, then followed through the template's lastRunStatus — the LRO is not held open.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { actionClients } from '@/lib/azure/clients';
import { type ArmError, toArmError } from '@/lib/azure/errors';
import { armIdKey, parseArmId } from '@/lib/azure/ids';
import {
  resourceGroupPermissionsQueryOptions,
  resourcePermissionsQueryOptions,
} from '@/lib/azure/permissions-api';
import { startBuildDisabledReason } from '../model/availability';
import { type Snapshot, refresh, restore, setRunStatus } from './optimistic';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [IMAGE_TEMPLATE_OPERATIONS.run];

/** Sends POST run once and returns when ARM accepted it (202); does not poll the operation. */
export async function runImageTemplate(templateId: string): Promise<void> {
  const p = parseArmId(templateId);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${templateId}`);
  const poller = actionClients
    .imageBuilder(p.subscriptionId)
    .virtualMachineImageTemplates.run(p.resourceGroup, p.name);
  await poller.submitted();
}

const inFlight = new Set<string>();

export interface StartBuild {
  /** Starts a build; a no-op while one start of this template is in flight or the button is disabled. */
  start: () => void;
  pending: boolean;
  /** Why Start build is disabled (running, not provisioned, no run/action permission …), or undefined. */
  disabledReason: string | undefined;
  /** The last start failed; `alreadyRunning` when ARM answered 409 (e.g. started from another tab). */
  error: (ArmError & { alreadyRunning: boolean }) | null;
  dismissError: () => void;
  /**
   * The template to show: while a start is in flight and ARM has not reported the run yet, with
   * lastRunStatus Running/Queued (committed synchronously in the click, so it shows within a frame).
   */
  template: ImageTemplate;
}

export interface StartBuildOptions {
  /** Where to read the caller's permissions: the template itself (page) or its resource group (list rows). */
  permissionScope?: 'resource' | 'resourceGroup';
}

export function useStartBuild(template: ImageTemplate, options: StartBuildOptions = {}): StartBuild {
  const id = template.id ?? '';
  const qc = useQueryClient();
  const parsed = parseArmId(id);
  const permsQuery = useQuery(
    options.permissionScope === 'resourceGroup'
      ? resourceGroupPermissionsQueryOptions(parsed.subscriptionId, parsed.resourceGroup ?? '')
      : resourcePermissionsQueryOptions(id),
  );
  const [error, setError] = useState<StartBuild['error']>(null);
  const [startedAt, setStartedAt] = useState<Date | null>(null);
  const mutation = useMutation({
    mutationFn: () => runImageTemplate(id),
    onMutate: (): Snapshot => {
      setError(null);
      return setRunStatus(qc, id, {
        runState: 'Running',
        runSubState: 'Queued',
        startTime: new Date(),
        message: '',
      });
    },
    onError: (e, _v, snapshot) => {
      if (snapshot) restore(qc, id, snapshot);
      const arm = toArmError(e);
      setError({ ...arm, alreadyRunning: arm.status === 409 });
    },
    onSettled: () => {
      inFlight.delete(armIdKey(id));
      setStartedAt(null);
      void refresh(qc, id);
    },
  });
  const disabledReason = startBuildDisabledReason(
    template,
    { permissions: permsQuery.data, failed: permsQuery.isError },
    mutation.isPending,
  );
  const { mutate } = mutation;
  const start = useCallback(() => {
    const key = armIdKey(id);
    if (inFlight.has(key) || disabledReason) return;
    inFlight.add(key);
    // Commit "Queued" inside the click itself, before any other queued work (it must show within 100 ms).
    flushSync(() => setStartedAt(new Date()));
    mutate();
  }, [id, disabledReason, mutate]);
  const shown = useMemo(
    () =>
      startedAt && template.lastRunStatus?.runState !== 'Running'
        ? {
            ...template,
            lastRunStatus: {
              runState: 'Running' as const,
              runSubState: 'Queued' as const,
              startTime: startedAt,
              message: '',
            },
          }
        : template,
    [startedAt, template],
  );
  return {
    start,
    pending: mutation.isPending || startedAt !== null,
    disabledReason: startedAt && !disabledReason ? 'Starting the build…' : disabledReason,
    error,
    dismissError: () => setError(null),
    template: shown,
  };
}
