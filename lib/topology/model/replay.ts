// Replay from the Activity Log: AIB's create and delete events for the staging resource group become
// per-resource intervals; from them, the set that existed at time t and the timeline's lanes.
import type { IconKey, StagingResource } from './types';
import { iconFor } from './classify';
import { idKey, nameOf, topLevelIdOf } from '@/lib/azure/ids';

/** The fields of an Activity Log event that replay needs (flattened from the SDK's EventData). */
export interface ActivityEventLite {
  operationName: string;
  resourceId: string;
  status: string;
  /** ISO timestamp. */
  eventTimestamp: string;
  correlationId?: string;
  caller?: string;
  /** Event properties; a write's `responseBody` (JSON text) gives the resource's properties when present. */
  properties?: Record<string, string>;
}

export interface ResourceInterval {
  /** Normalised id. */
  key: string;
  id: string;
  name: string;
  type: string;
  icon: IconKey;
  /** First write (creation started), epoch ms. */
  start: number;
  /** Creation finished (write Succeeded), epoch ms. */
  ready?: number;
  /** Deletion started. */
  deleting?: number;
  /** Deleted (delete Succeeded); undefined while it still exists. */
  end?: number;
  failed?: boolean;
  /** Properties from the write's response body, when the Activity Log carried it. */
  properties?: unknown;
  location?: string;
}

const ACTION_RE = /^(.+)\/(write|delete)$/i;

function typeFromOperation(op: string): string | undefined {
  const m = ACTION_RE.exec(op);
  return m?.[1];
}

/** Is this id a top-level resource directly in the resource group `rgId`? */
function isTopLevelIn(id: string, rgId: string): boolean {
  const n = idKey(id);
  const rg = idKey(rgId);
  if (!n.startsWith(rg + '/providers/')) return false;
  return idKey(topLevelIdOf(id)) === n;
}

function parseBody(text: string | undefined): { properties?: unknown; location?: string } {
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      return {
        properties: o.properties,
        ...(typeof o.location === 'string' ? { location: o.location } : {}),
      };
    }
  } catch {
    // A truncated or non-JSON body: the interval still counts, without properties.
  }
  return {};
}

/** Intervals for each top-level resource of the staging RG, from its write/delete events. */
export function intervalsFromEvents(events: ActivityEventLite[], stagingRgId: string): ResourceInterval[] {
  const sorted = events
    .filter((e) => isTopLevelIn(e.resourceId, stagingRgId) && ACTION_RE.test(e.operationName))
    .map((e) => ({ e, t: Date.parse(e.eventTimestamp) }))
    .filter((x) => Number.isFinite(x.t))
    .sort((a, b) => a.t - b.t);
  const open = new Map<string, ResourceInterval>();
  const done: ResourceInterval[] = [];
  for (const { e, t } of sorted) {
    const key = idKey(e.resourceId);
    const isDelete = /\/delete$/i.test(e.operationName);
    const status = e.status.toLowerCase();
    let cur = open.get(key);
    if (!isDelete) {
      if (!cur) {
        if (status === 'failed') continue;
        cur = {
          key,
          id: e.resourceId,
          name: nameOf(e.resourceId),
          type: typeFromOperation(e.operationName) ?? 'unknown',
          icon: iconFor(typeFromOperation(e.operationName) ?? ''),
          start: t,
        };
        open.set(key, cur);
      }
      if (status === 'succeeded') {
        cur.ready ??= t;
        const body = parseBody(e.properties?.responseBody);
        if (body.properties !== undefined) cur.properties = body.properties;
        if (body.location) cur.location = body.location;
      } else if (status === 'failed') cur.failed = true;
    } else if (cur) {
      if (status === 'succeeded') {
        cur.end = t;
        done.push(cur);
        open.delete(key);
      } else if (status !== 'failed') cur.deleting ??= t;
    }
  }
  return [...done, ...open.values()].sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
}

/** The resources that existed at time `t`, with the provisioning state they had then. */
export function resourcesAt(intervals: ResourceInterval[], t: number): StagingResource[] {
  return intervals
    .filter((i) => i.start <= t && (i.end === undefined || t < i.end))
    .map((i) => ({
      id: i.id,
      name: i.name,
      type: i.type,
      ...(i.location ? { location: i.location } : {}),
      provisioningState:
        i.deleting !== undefined && t >= i.deleting
          ? 'Deleting'
          : i.ready !== undefined && t >= i.ready
            ? 'Succeeded'
            : i.failed
              ? 'Failed'
              : 'Creating',
      createdTime: new Date(i.start).toISOString(),
      ...(i.properties !== undefined ? { properties: i.properties } : {}),
    }));
}

export interface BuildRun {
  correlationId?: string;
  start: number;
  /** When the run finished (its final run/action or cancel/action event), if known. */
  end?: number;
  caller?: string;
  result?: string;
}

/** Builds of a template, newest first, from its `run/action` (and `cancel/action`) events. */
export function runsFromEvents(events: ActivityEventLite[]): BuildRun[] {
  const runs = new Map<string, BuildRun>();
  const sorted = [...events].sort((a, b) => Date.parse(a.eventTimestamp) - Date.parse(b.eventTimestamp));
  for (const e of sorted) {
    if (!/imagetemplates\/run\/action$/i.test(e.operationName)) continue;
    const t = Date.parse(e.eventTimestamp);
    if (!Number.isFinite(t)) continue;
    const key = e.correlationId ?? `${t}`;
    const run = runs.get(key);
    const status = e.status.toLowerCase();
    if (!run) {
      runs.set(key, {
        ...(e.correlationId ? { correlationId: e.correlationId } : {}),
        start: t,
        ...(e.caller ? { caller: e.caller } : {}),
        ...(status === 'succeeded' || status === 'failed' ? { result: e.status } : {}),
      });
    } else if (status === 'succeeded' || status === 'failed' || status === 'canceled') {
      run.end = t;
      run.result = e.status;
    }
  }
  return [...runs.values()].sort((a, b) => b.start - a.start);
}

/**
 * The time window of a run: from its start to its end, or (when the Activity Log does not show the end)
 * to the last staging deletion before the next run.
 */
export function runWindow(
  run: BuildRun,
  runs: BuildRun[],
  intervals: ResourceInterval[],
): { start: number; end: number | undefined } {
  const next = runs.filter((r) => r.start > run.start).sort((a, b) => a.start - b.start)[0];
  if (run.end !== undefined && (run.end > run.start + 1000 || !next)) {
    const lastDel = Math.max(
      run.end,
      ...intervals
        .filter((i) => i.end !== undefined && i.end >= run.start && (!next || i.end < next.start))
        .map((i) => i.end ?? 0),
    );
    return { start: run.start, end: lastDel };
  }
  const limit = next?.start ?? Number.POSITIVE_INFINITY;
  const ends = intervals
    .filter((i) => i.end !== undefined && i.end > run.start && i.end < limit)
    .map((i) => i.end ?? 0);
  const stillOpen = intervals.some(
    (i) => i.end === undefined && i.start >= run.start && i.icon !== 'storageAccount',
  );
  return { start: run.start, end: stillOpen || ends.length === 0 ? undefined : Math.max(...ends) };
}

export interface Lane {
  key: string;
  name: string;
  type: string;
  icon: IconKey;
  /** Clamped to the window. */
  start: number;
  end?: number;
  /** True when the resource existed before the window (e.g. the storage account from an earlier build). */
  before: boolean;
}

/** One lane per resource that existed during the window, in order of appearance. */
export function lanesFor(
  intervals: ResourceInterval[],
  window: { start: number; end: number | undefined },
): Lane[] {
  const wEnd = window.end ?? Number.POSITIVE_INFINITY;
  return intervals
    .filter((i) => i.start <= wEnd && (i.end === undefined || i.end >= window.start))
    .map((i) => ({
      key: i.key,
      name: i.name,
      type: i.type,
      icon: i.icon,
      start: Math.max(i.start, window.start),
      ...(i.end !== undefined && i.end <= wEnd ? { end: i.end } : {}),
      before: i.start < window.start,
    }))
    .sort((a, b) => a.start - b.start || a.name.localeCompare(b.name));
}

export interface PhaseBand {
  phase: string;
  start: number;
  end?: number;
  /** True when the band was inferred from resource events rather than observed from lastRunStatus. */
  inferred: boolean;
}

/** Bands from observed phase changes (lastRunStatus.runSubState seen at times). */
export function bandsFromObservations(
  marks: ReadonlyArray<{ phase: string; at: number }>,
  end?: number,
): PhaseBand[] {
  const sorted = [...marks].sort((a, b) => a.at - b.at);
  const out: PhaseBand[] = [];
  for (const m of sorted) {
    const last = out[out.length - 1];
    if (last && last.phase === m.phase) continue;
    if (last) last.end = m.at;
    out.push({ phase: m.phase, start: m.at, inferred: false });
  }
  const last = out[out.length - 1];
  if (last && end !== undefined) last.end = end;
  return out;
}

/**
 * Phase bands inferred for a past run (the Activity Log records no phases): Queued until the first
 * staging resource appears, Building until the build VM is ready, Customizing … Distributing until
 * cleanup starts, then Cleanup.
 */
export function inferBands(
  window: { start: number; end: number | undefined },
  intervals: ResourceInterval[],
): PhaseBand[] {
  const inRun = intervals.filter(
    (i) => i.start >= window.start && (window.end === undefined || i.start <= window.end),
  );
  if (inRun.length === 0)
    return [
      {
        phase: 'Queued',
        start: window.start,
        ...(window.end !== undefined ? { end: window.end } : {}),
        inferred: true,
      },
    ];
  const firstCreate = Math.min(...inRun.map((i) => i.start));
  const vms = inRun.filter((i) => i.icon === 'virtualMachine');
  const vmReady = vms.length ? Math.max(...vms.map((v) => v.ready ?? v.start)) : undefined;
  const deletes = inRun.map((i) => i.deleting ?? i.end).filter((x): x is number => x !== undefined);
  const firstDelete = deletes.length ? Math.min(...deletes) : undefined;
  const marks: Array<{ phase: string; at: number }> = [
    { phase: 'Queued', at: window.start },
    { phase: 'Building', at: firstCreate },
  ];
  if (vmReady !== undefined) marks.push({ phase: 'Customizing … Distributing', at: vmReady });
  if (firstDelete !== undefined && (vmReady === undefined || firstDelete > vmReady))
    marks.push({ phase: 'Cleanup', at: firstDelete });
  return bandsFromObservations(marks, window.end).map((b) => ({ ...b, inferred: true }));
}
