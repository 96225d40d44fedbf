// ActivityLogAlerts_ListByResourceGroup (GET …/providers/microsoft.insights/activityLogAlerts): the
// template's build notifications are the alerts of its resource group that watch its run events
// (lib/builds/model/notifications.ts). A thin call through the SDK pipeline (lib/azure/arm-get.ts) at
// api-version 2020-10-01: @azure/arm-monitor 7 speaks 2017-04-01, whose condition cannot say "Succeeded
// or Failed" in one rule (docs/azure/build-notifications.md).
'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ArmOperation } from '@/lib/azure/arm-operation';
import { armRequest } from '@/lib/azure/arm-get';
import { parseArmId } from '@/lib/azure/ids';
import { armKeys } from '@/lib/query/keys';
import { type AlertResource, buildNotificationsOf } from '../model/notifications';

export const ACTIVITY_LOG_ALERTS_API_VERSION = '2020-10-01';
export const ACTION_GROUPS_API_VERSION = '2023-01-01';

const RG = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}';
const ALERT = `${RG}/providers/microsoft.insights/activityLogAlerts/{activityLogAlertName}`;
const GROUP = `${RG}/providers/Microsoft.Insights/actionGroups/{actionGroupName}`;

/** Microsoft.Insights operations of build notifications, by their spec names. */
export const NOTIFICATION_OPERATIONS = {
  listAlerts: {
    operationId: 'ActivityLogAlerts_ListByResourceGroup',
    method: 'GET',
    path: `${RG}/providers/microsoft.insights/activityLogAlerts`,
    apiVersion: ACTIVITY_LOG_ALERTS_API_VERSION,
  },
  putAlert: {
    operationId: 'ActivityLogAlerts_CreateOrUpdate',
    method: 'PUT',
    path: ALERT,
    apiVersion: ACTIVITY_LOG_ALERTS_API_VERSION,
  },
  deleteAlert: {
    operationId: 'ActivityLogAlerts_Delete',
    method: 'DELETE',
    path: ALERT,
    apiVersion: ACTIVITY_LOG_ALERTS_API_VERSION,
  },
  putGroup: {
    operationId: 'ActionGroups_CreateOrUpdate',
    method: 'PUT',
    path: GROUP,
    apiVersion: ACTION_GROUPS_API_VERSION,
  },
  deleteGroup: {
    operationId: 'ActionGroups_Delete',
    method: 'DELETE',
    path: GROUP,
    apiVersion: ACTION_GROUPS_API_VERSION,
  },
} as const satisfies Record<string, ArmOperation>;

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: readonly ArmOperation[] = [NOTIFICATION_OPERATIONS.listAlerts];

export function resourceGroupIdOf(templateId: string): string {
  const p = parseArmId(templateId);
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup ?? ''}`;
}

/** Every activity log alert of a resource group (the list has no nextLink: one page). */
export async function listActivityLogAlerts(
  resourceGroupId: string,
  abortSignal?: AbortSignal,
): Promise<AlertResource[]> {
  const { body } = await armRequest({
    method: 'GET',
    id: `${resourceGroupId}/providers/microsoft.insights/activityLogAlerts`,
    apiVersion: ACTIVITY_LOG_ALERTS_API_VERSION,
    abortSignal,
  });
  const value = (body as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) ? (value as AlertResource[]) : [];
}

/** The key of a resource group's alerts (creating or removing a notification invalidates it). */
export function activityLogAlertsKey(templateId: string) {
  return armKeys.list(resourceGroupIdOf(templateId), 'Microsoft.Insights/activityLogAlerts');
}

export function buildNotificationsQueryOptions(templateId: string) {
  return queryOptions({
    queryKey: activityLogAlertsKey(templateId),
    queryFn: ({ signal }) => listActivityLogAlerts(resourceGroupIdOf(templateId), signal),
    select: (alerts: AlertResource[]) => buildNotificationsOf(alerts, templateId),
    staleTime: 60_000,
  });
}

/** The build notifications of a template (Kiln's own first). */
export function useBuildNotifications(templateId: string, enabled = true) {
  return useQuery({ ...buildNotificationsQueryOptions(templateId), enabled: enabled && Boolean(templateId) });
}
