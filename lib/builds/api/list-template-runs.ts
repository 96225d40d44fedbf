// A template's runs: ActivityLogs_List (Microsoft.Insights eventtypes/management/values) for its
// run/action and cancel/action events over the Activity Log's 90 days, joined with the per-run log
// folders /api/runs reads server-side from the staging storage account (lib/builds/model/history.ts).
'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { getArmToken } from '@/lib/auth/msal';
import { activityEvents, activityWindow } from '@/lib/azure/activity-log';
import { parseArmId } from '@/lib/azure/ids';
import { armKeys } from '@/lib/query/keys';
import {
  ACTIVITY_RETENTION_MS,
  CANCEL_ACTION,
  RUN_ACTION,
  buildRunHistory,
  type ActivityEvent,
  type LastRun,
  type Run,
} from '../model/history';
import { logSpan, type RunLogSummary } from '../model/run-logs';
import {
  ACTIVITY_LOGS_LIST,
  PACKER_LOG_BLOBS,
  PACKER_LOG_OPERATIONS,
  sentBy,
  type Operations,
} from '@/lib/azure/arm-operation';
import { API_ROUTES } from '@/lib/routes';
import { yieldToMain } from '@/lib/yield-to-main';

/** ActivityLogs_List from the browser; the run logs through Kiln's /api/runs (the same reader as /api/logs). */
export const OPERATIONS: Operations = [
  ACTIVITY_LOGS_LIST,
  ...sentBy(API_ROUTES.runs, PACKER_LOG_OPERATIONS),
  PACKER_LOG_BLOBS,
];

const SELECT = 'eventTimestamp,operationName,status,correlationId,caller,properties';

async function listRunEvents(templateId: string): Promise<ActivityEvent[]> {
  const { subscriptionId } = parseArmId(templateId);
  const filter = `${activityWindow(ACTIVITY_RETENTION_MS).filter} and resourceUri eq '${templateId}'`;
  const out: ActivityEvent[] = [];
  for await (const e of activityEvents(subscriptionId, filter, SELECT)) {
    const op = e.operationName?.value?.toLowerCase();
    if ((op !== RUN_ACTION && op !== CANCEL_ACTION) || !e.eventTimestamp) continue;
    const message = e.properties?.statusMessage;
    out.push({
      operation: op,
      status: e.status?.value ?? '',
      time: new Date(e.eventTimestamp).getTime(),
      ...(e.correlationId ? { correlationId: e.correlationId } : {}),
      ...(e.caller ? { caller: e.caller } : {}),
      ...(message ? { message } : {}),
    });
  }
  return out;
}

export type RunLogsResult =
  | { kind: 'ok'; account: string; runs: RunLogSummary[] }
  | { kind: 'problem'; status: number; code: string; message: string };

async function listRunLogs(templateId: string, newestOnly = false): Promise<RunLogsResult> {
  // Started with the page's other reads: token and fetch in a task of their own (lib/yield-to-main.ts).
  await yieldToMain();
  const { token } = await getArmToken();
  const qs = new URLSearchParams({ template: templateId, ...(newestOnly ? { newest: '1' } : {}) });
  const res = await fetch(`${API_ROUTES.runs}?${qs.toString()}`, {
    headers: { authorization: `Bearer ${token}` },
    cache: 'no-store',
  });
  const body = (await res.json().catch(() => ({}))) as {
    code?: string;
    message?: string;
    account?: string;
    runs?: RunLogSummary[];
  };
  if (!res.ok)
    return {
      kind: 'problem',
      status: res.status,
      code: body.code ?? `HTTP${res.status}`,
      message: body.message ?? 'The build logs could not be read.',
    };
  return { kind: 'ok', account: body.account ?? '', runs: body.runs ?? [] };
}

export interface TemplateRun extends Run {
  log?: RunLogSummary;
}

export interface TemplateRuns {
  runs: TemplateRun[];
  /** Why the logs side is missing, when it is (the runs still show from the Activity Log). */
  logsProblem?: { code: string; message: string };
  /** Why the Activity Log side is missing, when it is. */
  eventsProblem?: { code: string; message: string };
}

export async function listTemplateRuns(templateId: string, last: LastRun | undefined): Promise<TemplateRuns> {
  const [events, logs] = await Promise.allSettled([listRunEvents(templateId), listRunLogs(templateId)]);
  const folders = logs.status === 'fulfilled' && logs.value.kind === 'ok' ? logs.value.runs : [];
  const byName = new Map(folders.map((f) => [f.name, f]));
  const runs = buildRunHistory(
    events.status === 'fulfilled' ? events.value : [],
    folders.map((f) => ({ name: f.name, ...logSpan(f), ...(f.outcome ? { outcome: f.outcome } : {}) })),
    last,
  ).map((r): TemplateRun => {
    const log = r.folder ? byName.get(r.folder) : undefined;
    return log ? { ...r, log } : r;
  });
  const logsProblem =
    logs.status === 'rejected'
      ? { code: 'LogsUnavailable', message: String(logs.reason) }
      : logs.value.kind === 'problem'
        ? { code: logs.value.code, message: logs.value.message }
        : undefined;
  const eventsProblem =
    events.status === 'rejected'
      ? {
          code: (events.reason as { code?: string }).code ?? 'ActivityLogUnavailable',
          message: (events.reason as { message?: string }).message ?? 'The Activity Log could not be read.',
        }
      : undefined;
  return { runs, ...(logsProblem ? { logsProblem } : {}), ...(eventsProblem ? { eventsProblem } : {}) };
}

export function templateRunsQueryOptions(templateId: string, last: LastRun | undefined) {
  return queryOptions({
    // A run that starts or ends is new history.
    queryKey: armKeys.aspect(templateId, 'runs', String(last?.startTime ?? ''), String(last?.endTime ?? '')),
    queryFn: () => listTemplateRuns(templateId, last),
    staleTime: 60_000,
    retry: false,
  });
}

export function useTemplateRuns(templateId: string | undefined, last: LastRun | undefined, enabled: boolean) {
  return useQuery({
    ...templateRunsQueryOptions(templateId ?? '', last),
    enabled: enabled && Boolean(templateId),
  });
}

/** The newest run's log, cut into steps: a running build's steps so far (polled while it runs). */
export function useLiveRunLog(
  templateId: string | undefined,
  startTime: string | undefined,
  intervalMs: number | false,
) {
  return useQuery({
    queryKey: armKeys.aspect(templateId ?? '', 'runs', 'live', startTime ?? ''),
    queryFn: async () => {
      const r = await listRunLogs(templateId ?? '', true);
      return r.kind === 'ok' ? r.runs[0] : undefined;
    },
    enabled: Boolean(templateId && startTime) && intervalMs !== false,
    refetchInterval: intervalMs,
    retry: false,
  });
}
