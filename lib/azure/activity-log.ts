// ActivityLogs_List (Microsoft.Insights eventtypes/management/values) as a thin list through the SDK's
// core pipeline (arm-get.ts) instead of @azure/arm-monitor's client (~19 KB gz for this one query).
// Events come as ARM sends them: an event's `properties` is a bag of strings, not a resource's
// properties, so nothing is flattened; `eventTimestamp` stays the ISO text ARM sent.
import type { EventData } from '@azure/arm-monitor';
import { armListPages } from './arm-get';
import { ACTIVITY_LOGS_LIST } from './arm-operation';

/** An Activity Log event as ARM sends it (the SDK's model, with the timestamp as ARM's text). */
export type ActivityLogEvent = Omit<EventData, 'eventTimestamp' | 'submissionTimestamp'> & {
  eventTimestamp?: string;
  submissionTimestamp?: string;
};

/** Every event of a subscription's Activity Log matching `filter` (OData), page by page. */
export async function* activityEvents(
  subscriptionId: string,
  filter: string,
  select: string,
): AsyncGenerator<ActivityLogEvent> {
  const pages = armListPages<ActivityLogEvent>(
    ACTIVITY_LOGS_LIST.path.replace('{subscriptionId}', encodeURIComponent(subscriptionId)),
    ACTIVITY_LOGS_LIST.apiVersion,
    { query: { $filter: filter, $select: select }, flatten: false },
  );
  for await (const page of pages) yield* page.items;
}

const HOUR_MS = 3_600_000;

/**
 * The `$filter` time window for the last `spanMs`, ending at the next full hour: the same URL for an
 * hour, so a view that reads the Activity Log again (a poll, a refetch) reuses the browser's cached
 * CORS preflight instead of sending a new one per read (the preflight cache is per URL). The start stays
 * at least an hour inside the span (the Activity Log refuses a start older than its retention).
 */
export function activityWindow(spanMs: number, now = Date.now()): { from: Date; to: Date; filter: string } {
  const to = new Date(Math.ceil(now / HOUR_MS) * HOUR_MS);
  const from = new Date(to.getTime() - spanMs + HOUR_MS);
  return {
    from,
    to,
    filter: `eventTimestamp ge '${from.toISOString()}' and eventTimestamp le '${to.toISOString()}'`,
  };
}
