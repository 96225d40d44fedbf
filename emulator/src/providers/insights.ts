// Microsoft.Insights Activity Log (@azure/arm-monitor activityLogs.list):
// GET /subscriptions/{s}/providers/Microsoft.Insights/eventtypes/management/values with its required
// time window ($filter eventTimestamp ge '…' and eventTimestamp le '…'), optional resourceGroupName,
// resourceUri/resourceId, correlationId, resourceProvider, caller, status; $select projects fields.
import type { ActivityLog, EventData, ProviderDeps, RouteDef } from '../core/types.ts';
import { badRequest } from '../core/errors.ts';
import { isWithinScope } from '../core/ids.ts';
import type { MemoryActivityLog } from '../core/activity.ts';
import { page } from '../http/paging.ts';
import { parseFilter } from '../http/odata.ts';
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';

/** The versions the REST specs publish for the Activity Log (activityLogs_API.json; published.md). */
export const ACTIVITY_LOG_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Insights/eventtypes'];
const READ = 'Microsoft.Insights/eventtypes/values/read';
const MAX_WINDOW_DAYS = 90;

function isQueryable(a: ActivityLog): a is MemoryActivityLog {
  return typeof (a as Partial<MemoryActivityLog>).query === 'function';
}

function project(e: EventData, select: string[] | undefined): Record<string, unknown> {
  if (!select) return { ...e };
  const out: Record<string, unknown> = {};
  const src = e as unknown as Record<string, unknown>;
  for (const f of select) {
    const key = Object.keys(src).find((k) => k.toLowerCase() === f.toLowerCase());
    if (key) out[key] = src[key];
  }
  return out;
}

/** The Activity Log's $filter: a time range (at most MAX_WINDOW_DAYS) and equality clauses on event fields. */
function activityFilter(f: string | null): { from: Date; to: Date; preds: ((e: EventData) => boolean)[] } {
  const missing = badRequest(
    'BadRequest',
    "The $filter query parameter must contain a time range: eventTimestamp ge '<start>' and eventTimestamp le '<end>'.",
  );
  if (!f) throw missing;
  const invalid = (clause: string) =>
    badRequest('BadRequest', `The $filter clause '${clause}' is not supported.`);
  let from: Date | undefined;
  let to: Date | undefined;
  const preds: ((e: EventData) => boolean)[] = [];
  for (const c of parseFilter(f, invalid)) {
    if (c.kind !== 'cmp') throw invalid(`${c.name}(…)`);
    const field = c.field.toLowerCase();
    const val = c.value;
    if (field === 'eventtimestamp' && (c.op === 'ge' || c.op === 'gt')) from = new Date(val);
    else if (field === 'eventtimestamp' && (c.op === 'le' || c.op === 'lt')) to = new Date(val);
    else if (c.op !== 'eq') throw invalid(`${c.field} ${c.op} '${val}'`);
    else if (field === 'resourcegroupname')
      preds.push((e) => (e.resourceGroupName ?? '').toLowerCase() === val.toLowerCase());
    else if (field === 'resourceuri' || field === 'resourceid')
      preds.push((e) => e.resourceId.toLowerCase() === val.toLowerCase());
    else if (field === 'correlationid')
      preds.push((e) => e.correlationId.toLowerCase() === val.toLowerCase());
    else if (field === 'resourceprovider')
      preds.push((e) => e.resourceProviderName.value.toLowerCase() === val.toLowerCase());
    else if (field === 'caller') preds.push((e) => e.caller.toLowerCase() === val.toLowerCase());
    else if (field === 'status') preds.push((e) => e.status.value.toLowerCase() === val.toLowerCase());
    else if (field === 'levels')
      preds.push((e) => val.toLowerCase().split(',').includes(e.level.toLowerCase()));
    else if (field === 'eventchannels') preds.push(() => true);
    else throw invalid(`${c.field} eq '${val}'`);
  }
  if (!from || !to) throw missing;
  if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) {
    throw badRequest('BadRequest', 'The eventTimestamp values in $filter must be ISO 8601 date-times.');
  }
  if (to.getTime() - from.getTime() > MAX_WINDOW_DAYS * 86_400_000) {
    throw badRequest(
      'BadRequest',
      `The time range in $filter cannot be longer than ${MAX_WINDOW_DAYS} days.`,
    );
  }
  return { from, to, preds };
}

export function routes(deps: ProviderDeps): RouteDef[] {
  return [
    {
      method: 'GET',
      operationId: 'ActivityLogs_List',
      path: '/subscriptions/{subscriptionId}/providers/Microsoft.Insights/eventtypes/management/values',
      apiVersions: ACTIVITY_LOG_API_VERSIONS,
      action: null,
      handle: (ctx) => {
        const { from, to, preds } = activityFilter(ctx.req.query.get('$filter'));
        const sub = ctx.params.subscriptionId ?? '';
        const subScope = `/subscriptions/${sub}`;
        const all = ctx.can(READ, subScope);
        const select = ctx.req.query
          .get('$select')
          ?.split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        const log = deps.activity;
        const events = isQueryable(log)
          ? log.query(
              sub,
              from,
              to,
              (e) =>
                preds.every((p) => p(e)) &&
                (all || (isWithinScope(e.resourceId, subScope) && ctx.can(READ, e.resourceId))),
            )
          : [];
        return {
          status: 200,
          body: page(
            events.map((e) => project(e, select)),
            ctx.req,
            deps.pageSize(),
          ),
        };
      },
    },
  ];
}
