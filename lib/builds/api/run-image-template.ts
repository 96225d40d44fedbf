// VirtualMachineImageTemplates_Run (POST …/run): Start build. Sent exactly once per intended start
// (no pipeline retry; a per-template in-flight guard covers double clicks and Enter + click), shown as
// Queued at once, then followed through the template's lastRunStatus — the LRO is not held open.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { flushSync } from 'react-dom';
import { actionClients } from '@/lib/azure/clients';
import { type ArmError, answerLost, toArmError } from '@/lib/azure/errors';
import { armIdKey, parseArmId } from '@/lib/azure/ids';
import {
  resourceGroupPermissionsQueryOptions,
  resourcePermissionsQueryOptions,
} from '@/lib/azure/permissions-api';
import { startBuildDisabledReason } from '../model/availability';
import {
  type ReadBack,
  type Snapshot,
  buildStartedSince,
  readBack,
  refresh,
  restore,
  setRunStatus,
} from '../model/optimistic';
import { IMAGE_TEMPLATE_OPERATIONS, type ArmOperation } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [IMAGE_TEMPLATE_OPERATIONS.run];

/** Sends POST run once and returns when ARM accepted it (202); does not poll the operation. */
export async function runImageTemplate(templateId: string): Promise<void> {
  const p = parseArmId(templateId);
  if (!p.resourceGroup || !p.name) throw new Error(`Not an image template id: ${templateId}`);
  const client = await actionClients.imageBuilder(p.subscriptionId);
  const poller = client.virtualMachineImageTemplates.run(p.resourceGroup, p.name);
  await poller.submitted();
}

const inFlight = new Set<string>();

export interface StartBuild {
  /** Starts a build; a no-op while one start of this template is in flight or the button is disabled. */
  start: () => void;
  pending: boolean;
  /** Why Start build is disabled (running, not provisioned, no run/action permission …), or undefined. */
  disabledReason: string | undefined;
  /**
   * The last start failed; `alreadyRunning` when ARM answered 409 (e.g. started from another tab).
   * `readBack` when the answer was lost (no answer, or a server error: the request may have reached
   * ARM): `checking` while Kiln reads the template again, then whether the build did start.
   */
  error: (ArmError & { alreadyRunning: boolean; readBack?: ReadBack | 'checking' }) | null;
  dismissError: () => void;
  /**
   * The user is about to use the button (hover, focus): read the permissions now if they are read
   * lazily. A no-op otherwise.
   */
  intent: () => void;
  /**
   * The template to show: while a start is in flight and ARM has not reported the run yet, with
   * lastRunStatus Running/Queued (committed synchronously in the click, so it shows within a frame).
   */
  template: ImageTemplate;
}

export interface StartBuildOptions {
  /** Where to read the caller's permissions: the template itself (page) or its resource group (list rows). */
  permissionScope?: 'resource' | 'resourceGroup';
  /**
   * `load` (default): read the permissions with the page. `intent`: read them when the user points at,
   * focuses or clicks the button (list rows: thousands of rows must not cost a call per group at load).
   * Either way the button is enabled until they are in; a click before then waits for them.
   */
  readPermissions?: 'load' | 'intent';
}

function permissionsOptions(id: string, scope: 'resource' | 'resourceGroup') {
  const parsed = parseArmId(id);
  return scope === 'resourceGroup'
    ? resourceGroupPermissionsQueryOptions(parsed.subscriptionId, parsed.resourceGroup ?? '')
    : resourcePermissionsQueryOptions(id);
}

/** While a start is in flight and ARM has not reported the run yet: the template shown as Queued. */
function withQueued(template: ImageTemplate, startedAt: Date | null): ImageTemplate {
  return startedAt && template.lastRunStatus?.runState !== 'Running'
    ? {
        ...template,
        lastRunStatus: { runState: 'Running', runSubState: 'Queued', startTime: startedAt, message: '' },
      }
    : template;
}

/** The caller's permissions for Start build, read with the page or on first intent (see options). */
function useStartPermissions(id: string, options: StartBuildOptions) {
  const lazy = options.readPermissions === 'intent';
  const [wanted, setWanted] = useState(!lazy);
  const scope = options.permissionScope ?? 'resource';
  const permsQuery = useQuery({ ...permissionsOptions(id, scope), enabled: wanted });
  // Not in yet (read lazily, or still on their way with the page): the button stays usable, a click waits
  // for them (see `start`). A "Checking your permissions…" note that goes a moment later would move the
  // page's header (layout shift), and for anyone allowed it said nothing.
  const permsUnknown = permsQuery.data === undefined && !permsQuery.isError;
  const want = useCallback(() => setWanted(true), []);
  return { permsQuery, permsUnknown, scope, want };
}

export function useStartBuild(template: ImageTemplate, options: StartBuildOptions = {}): StartBuild {
  const id = template.id ?? '';
  const qc = useQueryClient();
  const { permsQuery, permsUnknown, scope, want } = useStartPermissions(id, options);
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
    onError: async (e, _v, snapshot) => {
      if (snapshot) restore(qc, id, snapshot);
      const arm = toArmError(e);
      const alreadyRunning = arm.status === 409;
      if (!answerLost(arm) && !alreadyRunning) {
        setError({ ...arm, alreadyRunning });
        return;
      }
      // The request may have started the build (a lost answer; or a 409 to a copy the browser resent
      // on its own after the connection dropped): read the template before saying what happened or
      // offering a retry (the button stays busy meanwhile, so no second run is sent on a guess).
      setError({ ...arm, alreadyRunning, readBack: 'checking' });
      const outcome = await readBack(qc, id, snapshot?.one, buildStartedSince);
      setError({ ...arm, alreadyRunning, readBack: outcome });
    },
    onSettled: () => {
      inFlight.delete(armIdKey(id));
      setStartedAt(null);
      void refresh(qc, id);
    },
  });
  const disabledReason = startBuildDisabledReason(
    template,
    // Not read yet: nothing to block on (`failed` = let ARM decide); `start` reads them first.
    { permissions: permsQuery.data, failed: permsQuery.isError || permsUnknown },
    mutation.isPending,
  );
  const { mutate } = mutation;
  const start = useCallback(() => {
    const key = armIdKey(id);
    if (inFlight.has(key) || disabledReason) return;
    inFlight.add(key);
    if (permsUnknown) {
      // Clicked before the permissions were read: read them, then start only if allowed (otherwise
      // the button shows why not).
      want();
      void qc.fetchQuery(permissionsOptions(id, scope)).then(
        (permissions) => {
          if (startBuildDisabledReason(template, { permissions })) inFlight.delete(key);
          else {
            setStartedAt(new Date());
            mutate();
          }
        },
        () => {
          setStartedAt(new Date());
          mutate();
        },
      );
      return;
    }
    // Commit "Queued" inside the click itself, before any other queued work (it must show within 100 ms).
    flushSync(() => setStartedAt(new Date()));
    mutate();
  }, [id, disabledReason, mutate, permsUnknown, qc, scope, template, want]);
  const shown = useMemo(() => withQueued(template, startedAt), [startedAt, template]);
  return {
    start,
    pending: mutation.isPending || startedAt !== null,
    disabledReason: startedAt && !disabledReason ? 'Starting the build…' : disabledReason,
    error,
    dismissError: () => setError(null),
    intent: want,
    template: shown,
  };
}
