// Resources_ListByResourceGroup on the staging resource group (one call per refresh, with
// $expand=provisioningState,createdTime,changedTime), plus Resources_GetById once per newly seen resource
// for its properties.
'use client';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { type ClientKind, readKind, resourcesClient } from '@/lib/azure/clients';
import { withReadTimeout } from '@/lib/azure/read-timeout';
import { toArmError, type ArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { adaptiveInterval } from '@/lib/query/client';
import { armKeys } from '@/lib/query/keys';
import type { StagingResource } from '../model/types';
import type { ResourceInterval } from '../model/replay';
import { iconFor } from '../model/classify';
import { idKey } from '@/lib/azure/ids';
import { apiVersionFor, STAGING_READS } from '../model/staging-reads';
import { RESOURCES_LIST_BY_RESOURCE_GROUP, type Operations } from '@/lib/azure/arm-operation';

/** The list of the group, then one GET per newly seen resource (sent as Resources_GetById; see staging-reads). */
export const OPERATIONS: Operations = [RESOURCES_LIST_BY_RESOURCE_GROUP, ...STAGING_READS];

/**
 * The staging group is read when the build enters a new phase (the phase is in the query key) and
 * otherwise every STAGING_POLL_FACTOR × the status interval (15 s → 60 s): resources appear mostly at
 * phase changes, and the status poll already notices those.
 */
export const STAGING_POLL_FACTOR = 4;
export const STAGING_POLL_MS = 60_000;

interface Detail {
  properties?: unknown;
  sku?: unknown;
}

/** Properties read per resource id, kept across refreshes so each resource is read once. */
const details = new Map<string, Detail>();
interface Seen {
  resource: StagingResource;
  firstSeenAt: number;
  goneAt?: number;
}
/** Every resource seen in a staging group in this session (to draw what has gone, and the live timeline). */
const seen = new Map<string, Map<string, Seen>>();

export type StagingState =
  | {
      kind: 'ok';
      resources: StagingResource[];
      /** Seen earlier in this session, not there any more. */
      gone: StagingResource[];
      /** Lifetimes as observed by this session (appearance from createdTime when ARM gave it). */
      observed: ResourceInterval[];
      readAt: number;
    }
  | { kind: 'missing'; error: ArmError }
  | { kind: 'forbidden'; error: ArmError };

export interface StagingReadCounts {
  lists: number;
  gets: number;
}
/** Calls made so far (the details panel shows them; a test can read them to check the call budget). */
export const stagingReadCounts: StagingReadCounts = { lists: 0, gets: 0 };

/** The run each staging group's history belongs to; a new run starts a new picture. */
const historyRun = new Map<string, string>();

export async function listStagingResources(
  stagingRgId: string,
  runKey = '',
  opts: { signal?: AbortSignal; kind?: ClientKind } = {},
): Promise<StagingState> {
  return withReadTimeout(opts.signal, (abortSignal) =>
    readStagingResources(stagingRgId, runKey, opts.kind ?? 'read', abortSignal),
  );
}

async function readStagingResources(
  stagingRgId: string,
  runKey: string,
  kind: ClientKind,
  abortSignal: AbortSignal,
): Promise<StagingState> {
  if (historyRun.get(idKey(stagingRgId)) !== runKey) {
    historyRun.set(idKey(stagingRgId), runKey);
    seen.delete(idKey(stagingRgId));
  }
  const { subscriptionId, resourceGroup } = parseArmId(stagingRgId);
  if (!resourceGroup) throw new Error(`Not a resource group id: ${stagingRgId}`);
  const client = await resourcesClient(subscriptionId, kind);
  const items: StagingResource[] = [];
  try {
    stagingReadCounts.lists++;
    for await (const r of client.resources.listByResourceGroup(resourceGroup, {
      expand: 'provisioningState,createdTime,changedTime',
      abortSignal,
    })) {
      if (!r.id || !r.type) continue;
      items.push({
        id: r.id,
        name: r.name ?? r.id.split('/').pop() ?? r.id,
        type: r.type,
        ...(r.location ? { location: r.location } : {}),
        ...(r.provisioningState ? { provisioningState: r.provisioningState } : {}),
        ...(r.createdTime ? { createdTime: new Date(r.createdTime).toISOString() } : {}),
        ...(r.changedTime ? { changedTime: new Date(r.changedTime).toISOString() } : {}),
        ...(r.tags ? { tags: r.tags } : {}),
      });
    }
  } catch (e) {
    const err = toArmError(e);
    if (err.status === 404) return { kind: 'missing', error: err };
    if (err.status === 403) return { kind: 'forbidden', error: err };
    throw e;
  }

  // One GET per newly seen resource, for its properties; states come from the list on every refresh.
  await Promise.all(
    items.map(async (r) => {
      const key = idKey(r.id);
      if (details.has(key)) return;
      const apiVersion = apiVersionFor(r.type);
      if (!apiVersion) {
        details.set(key, {});
        return;
      }
      try {
        stagingReadCounts.gets++;
        const full = await client.resources.getById(r.id, apiVersion, { abortSignal });
        details.set(key, {
          properties: full.properties as unknown,
          ...(full.sku ? { sku: full.sku } : {}),
        });
      } catch (e) {
        // Deleted between the list and the GET: draw it from the list entry. Other failures are tried
        // again on the next refresh.
        if (toArmError(e).status === 404) details.set(key, {});
      }
    }),
  );

  const resources = items.map((r) => {
    const d = details.get(idKey(r.id));
    return {
      ...r,
      ...(d?.properties !== undefined ? { properties: d.properties } : {}),
      ...(d?.sku ? { sku: d.sku } : {}),
    };
  });
  const rgKey = idKey(stagingRgId);
  const now = Date.now();
  const history = seen.get(rgKey) ?? new Map<string, Seen>();
  seen.set(rgKey, history);
  const present = new Set(resources.map((r) => idKey(r.id)));
  for (const r of resources) {
    const prev = history.get(idKey(r.id));
    history.set(idKey(r.id), {
      resource: r,
      firstSeenAt: prev && prev.goneAt === undefined ? prev.firstSeenAt : now,
    });
  }
  for (const [k, h] of history) if (!present.has(k) && h.goneAt === undefined) h.goneAt = now;
  const gone = [...history.values()]
    .filter((h) => h.goneAt !== undefined)
    .map((h) => ({ ...h.resource, status: 'deleted' as const, provisioningState: 'Deleted' }));
  const observed: ResourceInterval[] = [...history.entries()].map(([key, h]) => {
    const created = h.resource.createdTime ? Date.parse(h.resource.createdTime) : NaN;
    return {
      key,
      id: h.resource.id,
      name: h.resource.name,
      type: h.resource.type,
      icon: iconFor(h.resource.type),
      start: Number.isFinite(created) ? Math.min(created, h.firstSeenAt) : h.firstSeenAt,
      ...(h.goneAt !== undefined ? { end: h.goneAt } : {}),
    };
  });
  return { kind: 'ok', resources, gone, observed, readAt: now };
}

/** Forgets what was seen in a staging group (a new build starts a new picture). */
export function forgetStaging(stagingRgId: string): void {
  seen.delete(idKey(stagingRgId));
}

export function stagingResourcesQueryOptions(
  stagingRgId: string,
  live: boolean,
  runKey = '',
  pollMs = STAGING_POLL_MS,
  phase = '',
) {
  return queryOptions({
    // `live`/`final` in the key: when the build ends, one more read shows what AIB left behind. The
    // build phase too: AIB creates and deletes staging resources as the build moves between phases, so
    // a new phase reads the group again at once (the picture shown until then is the previous read).
    queryKey: armKeys.aspect(stagingRgId, 'staging', runKey, live ? 'live' : 'final', phase),
    placeholderData: keepPreviousData,
    queryFn: ({ signal, client, queryKey }) =>
      listStagingResources(stagingRgId, runKey, {
        signal,
        kind: readKind(client.getQueryData(queryKey) !== undefined),
      }),
    // Refreshed about every 60 s while the build runs (backing off after failed reads); TanStack does
    // not poll a hidden tab.
    refetchInterval: adaptiveInterval<StagingState>(pollMs, () => live),
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: live,
    staleTime: live ? pollMs / 2 : 5 * 60_000,
    retry: false,
  });
}

/** `pollMs`: STAGING_POLL_FACTOR × the configured status interval (KILN_POLL_INTERVAL_SECONDS; 15 s → 60 s). */
export function useStagingResources(
  stagingRgId: string | undefined,
  live: boolean,
  runKey = '',
  pollMs = STAGING_POLL_MS,
  phase = '',
) {
  return useQuery({
    ...stagingResourcesQueryOptions(
      stagingRgId ?? '/subscriptions/none/resourceGroups/none',
      live,
      runKey,
      pollMs,
      phase,
    ),
    enabled: Boolean(stagingRgId),
  });
}
