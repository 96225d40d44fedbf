// Containers_ListLogs: the live build log from AIB's container instance
// (`vmimagebuilder-build-container-*` in the staging group) while the build runs. Thin reads through the
// SDK's pipeline (lib/azure/arm-get.ts): the page does not load @azure/arm-resources and
// @azure/arm-containerinstance for three GETs.
'use client';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { armGet, armListAll, armRequest, isPlainObject } from '@/lib/azure/arm-get';
import { readKind, type ReadKind } from '@/lib/azure/clients';
import { withReadTimeout } from '@/lib/azure/read-timeout';
import { toArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { adaptiveInterval } from '@/lib/query/client';
import { armKeys } from '@/lib/query/keys';
import {
  CONTAINER_INSTANCE_OPERATIONS,
  RESOURCES_LIST_BY_RESOURCE_GROUP,
  type Operations,
} from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [
  RESOURCES_LIST_BY_RESOURCE_GROUP,
  CONTAINER_INSTANCE_OPERATIONS.getContainerGroup,
  CONTAINER_INSTANCE_OPERATIONS.listLogs,
];

export const CONTAINER_GROUP_TYPE = 'Microsoft.ContainerInstance/containerGroups';

/** The live log is read every LOG_POLL_FACTOR × the status interval (15 s → 30 s). */
export const LOG_POLL_FACTOR = 2;

/** A failed read throws (the query keeps the last log it had and says the refresh failed). */
export type LiveLog =
  | { kind: 'ok'; containerGroup: string; container: string; content: string; readAt: number }
  | { kind: 'none'; reason: string };

/** Which container group and container to read, found once per build. */
const target = new Map<string, { group: string; container: string }>();

export async function listContainerLogs(
  stagingRgId: string,
  opts: { signal?: AbortSignal; kind?: ReadKind } = {},
): Promise<LiveLog> {
  const { subscriptionId, resourceGroup } = parseArmId(stagingRgId);
  if (!resourceGroup) return { kind: 'none', reason: 'No staging resource group.' };
  const kind = opts.kind ?? 'read';
  return withReadTimeout(opts.signal, (abortSignal) =>
    readContainerLogs(stagingRgId, subscriptionId, resourceGroup, kind, abortSignal),
  );
}

/** The only part of a container group this reads: its containers' names (checked, not trusted). */
interface ContainerGroupNames {
  containers?: unknown;
}

async function readContainerLogs(
  stagingRgId: string,
  subscriptionId: string,
  resourceGroup: string,
  kind: ReadKind,
  abortSignal: AbortSignal,
): Promise<LiveLog> {
  const groupId = (group: string) =>
    `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${CONTAINER_GROUP_TYPE}/${group}`;
  try {
    let t = target.get(stagingRgId.toLowerCase());
    if (!t) {
      const listed = await armListAll<Record<string, unknown>>(
        `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/resources`,
        RESOURCES_LIST_BY_RESOURCE_GROUP.apiVersion,
        {
          query: { $filter: `resourceType eq '${CONTAINER_GROUP_TYPE}'` },
          flatten: false,
          kind,
          abortSignal,
        },
      );
      // The last one listed, as before: a staging group has one build container.
      const group = listed
        .filter(
          (r) => typeof r.type === 'string' && r.type.toLowerCase() === CONTAINER_GROUP_TYPE.toLowerCase(),
        )
        .map((r) => r.name)
        .filter((name): name is string => typeof name === 'string' && name !== '')
        .at(-1);
      if (!group) return { kind: 'none', reason: 'The build container has not been created yet.' };
      const cg = await armGet<ContainerGroupNames>(
        groupId(group),
        CONTAINER_INSTANCE_OPERATIONS.getContainerGroup.apiVersion,
        { kind, abortSignal },
      );
      const first: unknown = Array.isArray(cg.containers) ? cg.containers[0] : undefined;
      const container = isPlainObject(first) && typeof first.name === 'string' ? first.name : undefined;
      if (!container) return { kind: 'none', reason: 'The build container has no containers yet.' };
      t = { group, container };
      target.set(stagingRgId.toLowerCase(), t);
    }
    const { body } = await armRequest({
      method: 'GET',
      id: `${groupId(t.group)}/containers/${t.container}/logs`,
      apiVersion: CONTAINER_INSTANCE_OPERATIONS.listLogs.apiVersion,
      kind,
      abortSignal,
    });
    return {
      kind: 'ok',
      containerGroup: t.group,
      container: t.container,
      content: isPlainObject(body) && typeof body.content === 'string' ? body.content : '',
      readAt: Date.now(),
    };
  } catch (e) {
    const err = toArmError(e);
    if (err.status === 404) {
      target.delete(stagingRgId.toLowerCase());
      return { kind: 'none', reason: 'The build container is gone (the build has moved on or finished).' };
    }
    throw e;
  }
}

/** The log as a reader sees it change: which container, and how much it has written. */
export function logFingerprint(log: LiveLog): string {
  return log.kind === 'ok' ? `${log.containerGroup}/${log.container}:${log.content.length}` : log.reason;
}

export function containerLogsQueryOptions(stagingRgId: string, live: boolean, intervalMs: number) {
  return queryOptions({
    queryKey: armKeys.aspect(stagingRgId, 'containerlogs'),
    queryFn: ({ signal, client, queryKey }) =>
      listContainerLogs(stagingRgId, { signal, kind: readKind(client.getQueryData(queryKey) !== undefined) }),
    // Every interval while live and the log grows; a log that brought no new line is read less often
    // (2×, then 4× the interval) until it grows again; after failed reads, the backoff of lib/query.
    refetchInterval: adaptiveInterval<LiveLog>(intervalMs, () => live, {
      fingerprint: logFingerprint,
      maxFactor: 4,
    }),
    refetchIntervalInBackground: false,
    staleTime: intervalMs / 2,
    retry: false,
  });
}

export function useContainerLogs(stagingRgId: string | undefined, live: boolean, intervalMs: number) {
  return useQuery({
    ...containerLogsQueryOptions(stagingRgId ?? '', live, intervalMs),
    enabled: live && Boolean(stagingRgId),
  });
}
