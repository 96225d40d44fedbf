// Resources_ListByResourceGroup on the staging resource group (one call per refresh, with
// $expand=provisioningState,createdTime,changedTime), plus Resources_GetById once per newly seen resource
// for its properties.
// Both are thin reads through the SDK's pipeline (lib/azure/arm-get.ts): the running build's page does
// not load @azure/arm-resources for them.
'use client';
import { keepPreviousData, type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { armListAll, armRequest, isPlainObject } from '@/lib/azure/arm-get';
import { readKind, type ReadKind } from '@/lib/azure/clients';
import { withReadTimeout } from '@/lib/azure/read-timeout';
import { toArmError, type ArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { adaptiveInterval } from '@/lib/query/client';
import { armKeys } from '@/lib/query/keys';
import type { StagingResource } from '../model/types';
import type { ResourceInterval } from '../model/replay';
import { iconFor } from '../model/classify';
import { str } from '../model/json';
import { apiVersionFor, STAGING_READS } from '../model/staging-reads';
import { observe, type StagingHistory } from '../model/staging-history';
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

/** Where a staging group's history for a run is kept (never garbage-collected: a build outlives gcTime). */
function historyKey(stagingRgId: string, runKey: string) {
  return armKeys.aspect(stagingRgId, 'stagingHistory', runKey);
}

/**
 * A resource's properties, read once per resource and kept in the query cache (a 404 — deleted between
 * the list and the GET — is kept as nothing, so it is drawn from the list entry; other failures are not
 * kept, so the next refresh tries again).
 */
function detailOptions(id: string, apiVersion: string, kind: ReadKind, abortSignal: AbortSignal) {
  return {
    queryKey: armKeys.aspect(id, 'stagingDetail'),
    queryFn: async (): Promise<Detail> => {
      try {
        // ARM's JSON as sent: `properties` is shown as it is (the details panel), not flattened.
        const { body } = await armRequest({ method: 'GET', id, apiVersion, kind, abortSignal });
        if (!isPlainObject(body)) return {};
        return {
          ...(body.properties !== undefined ? { properties: body.properties } : {}),
          ...(body.sku ? { sku: body.sku } : {}),
        };
      } catch (e) {
        if (toArmError(e).status === 404) return {};
        throw e;
      }
    },
    staleTime: Infinity,
    gcTime: Infinity,
    retry: false,
  };
}

export async function listStagingResources(
  qc: QueryClient,
  stagingRgId: string,
  runKey = '',
  opts: { signal?: AbortSignal; kind?: ReadKind } = {},
): Promise<StagingState> {
  return withReadTimeout(opts.signal, (abortSignal) =>
    readStagingResources(qc, stagingRgId, runKey, opts.kind ?? 'read', abortSignal),
  );
}

/**
 * One entry of Resources_ListByResourceGroup with `$expand` (the fields are top-level, not in
 * `properties`), as ARM's JSON: nothing in it is trusted to have its documented type.
 */
type ListedResource = Record<string, unknown>;

/** An ARM timestamp as ISO 8601 (UTC), or nothing when it is missing or not a date. */
function isoTime(t: unknown): string | undefined {
  const ms = typeof t === 'string' ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;
}

/** A resource's tags, the ones whose value is text (ARM's tags are strings; anything else is dropped). */
function stringTags(tags: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(tags)) if (typeof v === 'string') out[k] = v;
  return out;
}

/** A listed resource as the topology's model takes it; undefined without an id and a type. */
export function toStagingResource(r: ListedResource): StagingResource | undefined {
  const id = str(r.id);
  const type = str(r.type);
  if (!id || !type) return undefined;
  const location = str(r.location);
  const provisioningState = str(r.provisioningState);
  const createdTime = isoTime(r.createdTime);
  const changedTime = isoTime(r.changedTime);
  const tags = isPlainObject(r.tags) ? stringTags(r.tags) : undefined;
  return {
    id,
    name: str(r.name) ?? id.split('/').pop() ?? id,
    type,
    ...(location ? { location } : {}),
    ...(provisioningState ? { provisioningState } : {}),
    ...(createdTime ? { createdTime } : {}),
    ...(changedTime ? { changedTime } : {}),
    ...(tags ? { tags } : {}),
  };
}

async function listGroup(
  subscriptionId: string,
  resourceGroup: string,
  kind: ReadKind,
  abortSignal: AbortSignal,
): Promise<StagingResource[]> {
  const listed = await armListAll<ListedResource>(
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/resources`,
    RESOURCES_LIST_BY_RESOURCE_GROUP.apiVersion,
    { query: { $expand: 'provisioningState,createdTime,changedTime' }, flatten: false, kind, abortSignal },
  );
  return listed.map(toStagingResource).filter((r) => r !== undefined);
}

async function readStagingResources(
  qc: QueryClient,
  stagingRgId: string,
  runKey: string,
  kind: ReadKind,
  abortSignal: AbortSignal,
): Promise<StagingState> {
  const { subscriptionId, resourceGroup } = parseArmId(stagingRgId);
  if (!resourceGroup) throw new Error(`Not a resource group id: ${stagingRgId}`);
  let items: StagingResource[];
  try {
    items = await listGroup(subscriptionId, resourceGroup, kind, abortSignal);
  } catch (e) {
    const err = toArmError(e);
    if (err.status === 404) return { kind: 'missing', error: err };
    if (err.status === 403) return { kind: 'forbidden', error: err };
    throw e;
  }

  // One GET per newly seen resource, for its properties; states come from the list on every refresh.
  const details = await Promise.all(
    items.map(async (r): Promise<Detail> => {
      const apiVersion = apiVersionFor(r.type);
      if (!apiVersion) return {};
      try {
        return await qc.ensureQueryData(detailOptions(r.id, apiVersion, kind, abortSignal));
      } catch {
        return {};
      }
    }),
  );
  const resources = items.map((r, i) => {
    const d = details[i];
    return {
      ...r,
      ...(d?.properties !== undefined ? { properties: d.properties } : {}),
      ...(d?.sku ? { sku: d.sku } : {}),
    };
  });
  const now = Date.now();
  const history = observe(
    qc.getQueryData<StagingHistory>(historyKey(stagingRgId, runKey)) ?? {},
    resources,
    now,
  );
  qc.setQueryDefaults(historyKey(stagingRgId, runKey), { gcTime: Infinity });
  qc.setQueryData(historyKey(stagingRgId, runKey), history);
  const gone = Object.values(history)
    .filter((h) => h.goneAt !== undefined)
    .map((h) => ({ ...h.resource, status: 'deleted' as const, provisioningState: 'Deleted' }));
  const observed: ResourceInterval[] = Object.entries(history).map(([key, h]) => {
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

/** What a person would see change in the group: which resources, and their provisioning states. */
export function stagingFingerprint(state: StagingState): string {
  if (state.kind !== 'ok') return state.kind;
  return state.resources
    .map((r) => `${r.id.toLowerCase()}=${r.provisioningState ?? ''}`)
    .sort()
    .join('|');
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
      listStagingResources(client, stagingRgId, runKey, {
        signal,
        kind: readKind(client.getQueryData(queryKey) !== undefined),
      }),
    // Refreshed about every 60 s while the build runs (backing off after failed reads); TanStack does
    // not poll a hidden tab. A group that stays the same is read less often (up to every 4 min): AIB
    // changes it between phases, and a new phase is a new key, read at once.
    refetchInterval: adaptiveInterval<StagingState>(pollMs, () => live, {
      fingerprint: stagingFingerprint,
      maxFactor: 4,
    }),
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
