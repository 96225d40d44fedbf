// The Activity Log: an in-memory, append-only list of events in Azure Monitor's EventData shape,
// served by the Microsoft.Insights provider (eventtypes/management/values).
import { randomUUID } from 'node:crypto';
import type { ActivityEvent, ActivityLog, EventData, LocalizableString } from './types.ts';
import { parseId } from './ids.ts';
import { TENANT_ID } from '../world/identities.ts';

const ls = (v: string): LocalizableString => ({ value: v, localizedValue: v });

/** Upper bound on kept events (oldest dropped first): keeps memory flat under scale tests. */
const MAX_EVENTS = 50_000;

export class MemoryActivityLog implements ActivityLog {
  private events: EventData[] = [];
  private readonly listeners: ((e: EventData) => void)[] = [];

  onRecord(listener: (e: EventData) => void): void {
    this.listeners.push(listener);
  }

  record(e: ActivityEvent): void {
    const ts = e.eventTimestamp ?? new Date();
    const p = parseId(e.resourceId);
    const eventDataId = randomUUID();
    const ticks = (BigInt(ts.getTime()) * 10_000n + 621_355_968_000_000_000n).toString();
    const operationType = e.operationName.split('/').slice(0, -1).join('/') || e.operationName;
    const begin = e.status === 'Started';
    const failed = e.status === 'Failed';
    this.events.push({
      authorization: { action: e.operationName, scope: e.resourceId },
      caller: e.caller,
      channels: 'Operation',
      claims: {},
      correlationId: e.correlationId ?? randomUUID(),
      description: '',
      eventDataId,
      eventName: ls(begin ? 'BeginRequest' : 'EndRequest'),
      category: ls('Administrative'),
      id: `${e.resourceId}/events/${eventDataId}/ticks/${ticks}`,
      level: failed ? 'Error' : 'Informational',
      operationId: e.correlationId ?? eventDataId,
      operationName: ls(e.operationName),
      ...(p.resourceGroup ? { resourceGroupName: p.resourceGroup } : {}),
      resourceProviderName: ls(p.provider ?? 'Microsoft.Resources'),
      resourceType: ls(p.type ?? operationType),
      resourceId: e.resourceId,
      status: ls(e.status),
      subStatus: ls(e.subStatus ?? ''),
      eventTimestamp: ts.toISOString(),
      submissionTimestamp: new Date(ts.getTime() + 5_000).toISOString(),
      subscriptionId: p.subscriptionId ?? '',
      tenantId: TENANT_ID,
      properties: { ...(e.properties ?? {}) },
    });
    if (this.events.length > MAX_EVENTS) this.events = this.events.slice(-MAX_EVENTS);
    const recorded = this.events[this.events.length - 1];
    if (recorded) for (const l of this.listeners) l(structuredClone(recorded));
  }

  /** Every event, oldest first (copies). */
  all(): EventData[] {
    return this.events.map((e) => structuredClone(e));
  }

  /** Replaces the events with saved ones (oldest first); listeners are not told (nothing new happened). */
  load(events: readonly EventData[]): void {
    this.events = events.slice(-MAX_EVENTS).map((e) => structuredClone(e));
  }

  /** Events of one subscription in [from, to], newest first, as the Activity Log returns them. */
  query(
    subscriptionId: string,
    from: Date,
    to: Date,
    pred: (e: EventData) => boolean = () => true,
  ): EventData[] {
    const sub = subscriptionId.toLowerCase();
    const a = from.getTime();
    const b = to.getTime();
    const out: EventData[] = [];
    for (let i = this.events.length - 1; i >= 0; i--) {
      const e = this.events[i];
      if (!e || e.subscriptionId.toLowerCase() !== sub) continue;
      const t = Date.parse(e.eventTimestamp);
      if (t < a || t > b || !pred(e)) continue;
      out.push(structuredClone(e));
    }
    return out;
  }

  clear(): void {
    this.events = [];
  }
}
