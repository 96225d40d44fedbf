// Microsoft.ContainerInstance: container groups (list/get/delete) and a container's logs. One handler
// per ARM operation, named after its operationId. The build simulator writes the build container's
// log through `appendContainerLog`; `Containers_ListLogs` serves it as `{ content }`.
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';
import type { ProviderDeps, RouteDef } from '../core/types.ts';
import { ArmError } from '../core/errors.ts';
import { normalizeId } from '../core/ids.ts';
import { CONTAINER_GROUP_TYPE } from '../shapes/containerinstance.ts';
import { RG, getOr404, operation, readRoutes, requireResourceGroup, rgIdOf } from '../shapes/provider-kit.ts';

const NS = 'Microsoft.ContainerInstance';

/** The @azure/arm-containerinstance 9 default (2023-05-01) and earlier stable versions. */
/** Every version the REST specs publish for container groups (emulator/src/api-versions/published.md). */
export const CONTAINERINSTANCE_API_VERSIONS =
  PUBLISHED_API_VERSIONS['Microsoft.ContainerInstance/containerGroups'];

/**
 * Log text of each container, by normalised container-group id, then container name (as given).
 * Module-level so the simulator and the provider share it; cleared on group delete and on reset.
 */
export const containerLogs = new Map<string, Map<string, string>>();

/** Appends `text` to a container's log (add the trailing newline yourself). */
export function appendContainerLog(containerGroupId: string, containerName: string, text: string): void {
  const key = normalizeId(containerGroupId);
  let group = containerLogs.get(key);
  if (!group) {
    group = new Map();
    containerLogs.set(key, group);
  }
  group.set(containerName, (group.get(containerName) ?? '') + text);
}

/** The whole log of a container ('' when nothing was written). */
export function readContainerLog(containerGroupId: string, containerName: string): string {
  return containerLogs.get(normalizeId(containerGroupId))?.get(containerName) ?? '';
}

/** Forgets one group's logs, or every log (reset). */
export function clearContainerLogs(containerGroupId?: string): void {
  if (containerGroupId === undefined) containerLogs.clear();
  else containerLogs.delete(normalizeId(containerGroupId));
}

/** Every container's log, for the saved state: [group id, [container, text][]][]. */
export function dumpContainerLogs(): Array<[string, Array<[string, string]>]> {
  return [...containerLogs].map(([g, m]) => [g, [...m]]);
}

/** Replaces every log with saved ones. */
export function loadContainerLogs(
  saved: ReadonlyArray<readonly [string, ReadonlyArray<readonly [string, string]>]>,
): void {
  containerLogs.clear();
  for (const [g, m] of saved) containerLogs.set(g, new Map(m));
}

/** The last `tail` lines of a log, as ACI's `tail` parameter gives them. */
export function tailLines(text: string, tail: number | undefined): string {
  if (tail === undefined || !Number.isFinite(tail) || tail < 0) return text;
  if (tail === 0) return '';
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -1) : text).split('\n');
  if (text === '') return '';
  return lines.slice(-tail).join('\n') + (endsWithNewline ? '\n' : '');
}

/** Microsoft.ContainerInstance routes. */
export function routes(deps: ProviderDeps): RouteDef[] {
  const apiVersions = CONTAINERINSTANCE_API_VERSIONS;
  const groupPath = `${RG}/providers/${CONTAINER_GROUP_TYPE}/{containerGroupName}`;
  const groupIdOf = (params: Record<string, string>): string =>
    `${rgIdOf(params)}/providers/${CONTAINER_GROUP_TYPE}/${params.containerGroupName ?? ''}`;
  return [
    ...readRoutes(deps, {
      namespace: NS,
      segment: 'containerGroups',
      param: 'containerGroupName',
      apiVersions,
      ops: {
        listAll: 'ContainerGroups_List',
        list: 'ContainerGroups_ListByResourceGroup',
        get: 'ContainerGroups_Get',
      },
    }),
    {
      method: 'DELETE',
      path: groupPath,
      apiVersions,
      action: `${CONTAINER_GROUP_TYPE}/delete`,
      // ACI answers a delete synchronously with the group it deleted (200), or 204 when there was none.
      ...operation('ContainerGroups_Delete', (ctx) => {
        requireResourceGroup(ctx.world, ctx.params);
        const id = groupIdOf(ctx.params);
        const r = ctx.world.get(id);
        if (!r) return { status: 204 };
        ctx.world.delete(id);
        clearContainerLogs(id);
        if (r.properties) r.properties.provisioningState = 'Deleting';
        return { status: 200, body: r };
      }),
    },
    {
      method: 'GET',
      path: `${groupPath}/containers/{containerName}/logs`,
      apiVersions,
      action: `${CONTAINER_GROUP_TYPE}/containers/logs/read`,
      ...operation('Containers_ListLogs', (ctx) => {
        requireResourceGroup(ctx.world, ctx.params);
        const id = groupIdOf(ctx.params);
        const name = ctx.params.containerGroupName ?? '';
        const group = getOr404(ctx.world, id, CONTAINER_GROUP_TYPE, name, ctx.params.resourceGroupName ?? '');
        const container = ctx.params.containerName ?? '';
        const containers = Array.isArray(group.properties?.containers)
          ? (group.properties.containers as unknown[])
          : [];
        const found = containers.some(
          (c) => typeof c === 'object' && c !== null && 'name' in c && c.name === container,
        );
        if (!found)
          throw new ArmError(
            404,
            'ContainerNotFound',
            `The container '${container}' is not found in container group '${name}'.`,
          );
        const tailParam = ctx.req.query.get('tail');
        const tail = tailParam === null ? undefined : Number(tailParam);
        return { status: 200, body: { content: tailLines(readContainerLog(id, container), tail) } };
      }),
    },
  ];
}
