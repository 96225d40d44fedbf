// "Notify me when builds end": ActionGroups_CreateOrUpdate (an action group that e-mails the signed-in
// user), then ActivityLogAlerts_CreateOrUpdate (an alert on the template's run events pointing at it),
// each sent once with the user's own token; removal is ActivityLogAlerts_Delete, then ActionGroups_Delete
// of the group Kiln made with it. After either, the resource group's alerts are read again.
'use client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef } from 'react';
import type { ArmOperation } from '@/lib/azure/arm-operation';
import { type ArmRequest, armRequest } from '@/lib/azure/arm-get';
import { toArmError } from '@/lib/azure/errors';
import {
  actionGroupBody,
  actionGroupId,
  alertBody,
  alertId,
  type BuildNotification,
  type NotificationTarget,
} from '../model/notifications';
import {
  ACTION_GROUPS_API_VERSION,
  ACTIVITY_LOG_ALERTS_API_VERSION,
  NOTIFICATION_OPERATIONS,
  activityLogAlertsKey,
} from './list-activity-log-alerts';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [
  NOTIFICATION_OPERATIONS.putGroup,
  NOTIFICATION_OPERATIONS.putAlert,
  NOTIFICATION_OPERATIONS.deleteAlert,
  NOTIFICATION_OPERATIONS.deleteGroup,
];

/** Which of the two requests failed, so the message can say what exists now. */
export class NotificationStepError extends Error {
  constructor(
    readonly step: 'action group' | 'alert',
    override readonly cause: unknown,
  ) {
    super(toArmError(cause).message);
    this.name = 'NotificationStepError';
  }
}

/** One request of a notification, sent once; a failure names which resource it was about. */
async function send(step: NotificationStepError['step'], request: ArmRequest): Promise<void> {
  try {
    await armRequest(request);
  } catch (e) {
    throw new NotificationStepError(step, e);
  }
}

export async function createBuildNotification(t: NotificationTarget): Promise<void> {
  await send('action group', {
    method: 'PUT',
    id: actionGroupId(t),
    apiVersion: ACTION_GROUPS_API_VERSION,
    body: actionGroupBody(t),
  });
  await send('alert', {
    method: 'PUT',
    id: alertId(t),
    apiVersion: ACTIVITY_LOG_ALERTS_API_VERSION,
    body: alertBody(t),
  });
}

export async function deleteBuildNotification(n: BuildNotification): Promise<void> {
  await send('alert', { method: 'DELETE', id: n.id, apiVersion: ACTIVITY_LOG_ALERTS_API_VERSION });
  if (n.ownActionGroupId)
    await send('action group', {
      method: 'DELETE',
      id: n.ownActionGroupId,
      apiVersion: ACTION_GROUPS_API_VERSION,
    });
}

/** The user-facing sentence for a failed create or remove: what failed, ARM's words, what exists now. */
export function describeNotificationError(e: unknown, doing: 'create' | 'remove'): string {
  const step = e instanceof NotificationStepError ? e.step : undefined;
  const arm = toArmError(e instanceof NotificationStepError ? e.cause : e);
  const said = `${arm.code}${arm.status ? ` (HTTP ${arm.status})` : ''}: ${arm.message}`;
  if (doing === 'create') {
    return step === 'alert'
      ? `The action group was created but the alert was not, so nothing will be mailed yet. ${said}`
      : `Nothing was created: the action group could not be written. ${said}`;
  }
  return step === 'action group'
    ? `The alert was removed (no more mails), but its action group was not. ${said}`
    : `The notification was not removed. ${said}`;
}

/** Create and remove, each sent once per click (a ref guards double clicks before React re-renders). */
export function useBuildNotificationWrites(templateId: string) {
  const qc = useQueryClient();
  const busy = useRef(false);
  const settle = () => {
    busy.current = false;
    void qc.invalidateQueries({ queryKey: activityLogAlertsKey(templateId) });
  };
  const create = useMutation({ mutationFn: createBuildNotification, onSettled: settle });
  const remove = useMutation({ mutationFn: deleteBuildNotification, onSettled: settle });
  const once =
    <T>(m: { mutate: (v: T) => void; reset: () => void }, other: { reset: () => void }) =>
    (v: T) => {
      if (busy.current) return;
      busy.current = true;
      other.reset();
      m.mutate(v);
    };
  return {
    create: once(create, remove),
    remove: once(remove, create),
    creating: create.isPending,
    removing: remove.isPending ? remove.variables.id : undefined,
    error: create.error
      ? describeNotificationError(create.error, 'create')
      : remove.error
        ? describeNotificationError(remove.error, 'remove')
        : undefined,
    created: create.isSuccess,
  };
}
