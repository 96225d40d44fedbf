// ActivityLogs_List (Microsoft.Insights eventtypes/management/values) for replay: the template's
// run/action events (which builds happened) and the staging group's create/delete events.
'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { activityEvents } from '@/lib/azure/activity-log';
import { parseArmId } from '@/lib/azure/ids';
import { armKeys } from '@/lib/query/keys';
import type { ActivityEventLite } from '../model/replay';
import { ACTIVITY_LOGS_LIST, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [ACTIVITY_LOGS_LIST];

/** How far back replay looks (the Activity Log keeps 90 days). */
export const REPLAY_DAYS = 30;

const SELECT = 'eventTimestamp,operationName,resourceId,status,correlationId,caller,properties';

async function list(subscriptionId: string, filter: string): Promise<ActivityEventLite[]> {
  const out: ActivityEventLite[] = [];
  for await (const e of activityEvents(subscriptionId, filter, SELECT)) {
    if (!e.operationName?.value || !e.resourceId || !e.eventTimestamp) continue;
    out.push({
      operationName: e.operationName.value,
      resourceId: e.resourceId,
      status: e.status?.value ?? '',
      eventTimestamp: new Date(e.eventTimestamp).toISOString(),
      ...(e.correlationId ? { correlationId: e.correlationId } : {}),
      ...(e.caller ? { caller: e.caller } : {}),
      ...(e.properties ? { properties: e.properties } : {}),
    });
  }
  return out;
}

export interface ReplayEvents {
  runs: ActivityEventLite[];
  staging: ActivityEventLite[];
  from: string;
  to: string;
}

export async function listReplayEvents(templateId: string, stagingRgId: string): Promise<ReplayEvents> {
  const { subscriptionId } = parseArmId(templateId);
  const staging = parseArmId(stagingRgId);
  const to = new Date();
  const from = new Date(to.getTime() - REPLAY_DAYS * 86_400_000);
  const window = `eventTimestamp ge '${from.toISOString()}' and eventTimestamp le '${to.toISOString()}'`;
  const [runs, stagingEvents] = await Promise.all([
    list(subscriptionId, `${window} and resourceUri eq '${templateId}'`),
    list(staging.subscriptionId, `${window} and resourceGroupName eq '${staging.resourceGroup ?? ''}'`),
  ]);
  return { runs, staging: stagingEvents, from: from.toISOString(), to: to.toISOString() };
}

export function replayEventsQueryOptions(templateId: string, stagingRgId: string) {
  return queryOptions({
    queryKey: armKeys.aspect(templateId, 'replay', stagingRgId.toLowerCase()),
    queryFn: () => listReplayEvents(templateId, stagingRgId),
    staleTime: 60_000,
    retry: false,
  });
}

export function useReplayEvents(
  templateId: string | undefined,
  stagingRgId: string | undefined,
  enabled: boolean,
) {
  return useQuery({
    ...replayEventsQueryOptions(templateId ?? '', stagingRgId ?? ''),
    enabled: enabled && Boolean(templateId && stagingRgId),
  });
}
