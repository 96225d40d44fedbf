// Microsoft.Resources (@azure/arm-resources): resource groups list/get/PUT/PATCH/DELETE (LRO)/HEAD,
// resources list by subscription and resource group ($filter, $expand, $top), resource providers
// list/get/register/unregister. Collection GETs return only what the caller may read.
import type { ArmRequest, ArmResource, ProviderDeps, RouteContext, RouteDef } from '../core/types.ts';
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';
import { ArmError, badRequest, resourceGroupNotFound } from '../core/errors.ts';
import { parseId } from '../core/ids.ts';
import { collect } from '../core/scan.ts';
import { page } from '../http/paging.ts';
import { parseFilter } from '../http/odata.ts';
import { catalog, DEFAULT_REGISTERED } from './resources-catalog.ts';
import { REGIONS } from './subscriptions.ts';
import { simulatorFor } from '../simulator/simulator.ts';

const TEMPLATE_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates';

/**
 * Every version the REST specs publish for resource groups, the resource lists and the provider registry
 * (resources.json; emulator/src/api-versions/published.md).
 */
export const RESOURCES_API_VERSIONS =
  PUBLISHED_API_VERSIONS['Microsoft.Resources/subscriptions/resourceGroups'];

export const RESOURCE_GROUP_TYPE = 'Microsoft.Resources/resourceGroups';
const PROVIDER_STATE_TYPE = 'Microsoft.Resources/providers';
const RG_READ = 'Microsoft.Resources/subscriptions/resourceGroups/read';
const RG_WRITE = 'Microsoft.Resources/subscriptions/resourceGroups/write';
const RG_DELETE = 'Microsoft.Resources/subscriptions/resourceGroups/delete';
/** Azure time a resource group deletion takes (scaled by S). */
const RG_DELETE_AZURE_MS = 30_000;

const RG_NAME = /^[-\w._()]{1,90}$/u;

export function rgId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

/** The resource group shape ARM returns. */
export function resourceGroupView(r: Readonly<ArmResource>): Record<string, unknown> {
  return {
    id: r.id,
    name: r.name,
    type: RESOURCE_GROUP_TYPE,
    location: r.location,
    ...(r.managedBy ? { managedBy: r.managedBy } : {}),
    ...(r.tags && Object.keys(r.tags).length ? { tags: r.tags } : {}),
    properties: { provisioningState: (r.properties?.provisioningState as string | undefined) ?? 'Succeeded' },
  };
}

function rgFilter(req: ArmRequest): (r: Readonly<ArmResource>) => boolean {
  const f = req.query.get('$filter');
  if (!f) return () => true;
  const clauses = parseFilter(f);
  let tagName: string | undefined;
  let tagValue: string | undefined;
  for (const c of clauses) {
    if (c.kind === 'cmp' && c.op === 'eq' && c.field.toLowerCase() === 'tagname') tagName = c.value;
    else if (c.kind === 'cmp' && c.op === 'eq' && c.field.toLowerCase() === 'tagvalue') tagValue = c.value;
    else
      throw badRequest('InvalidFilterInQueryString', `Invalid $filter '${f}' specified in the query string.`);
  }
  return (r) => {
    if (tagName === undefined) return true;
    const tags = r.tags ?? {};
    const key = Object.keys(tags).find((k) => k.toLowerCase() === tagName?.toLowerCase());
    if (key === undefined) return false;
    return tagValue === undefined || tags[key] === tagValue;
  };
}

function top(req: ArmRequest): number | undefined {
  const t = req.query.get('$top');
  if (t === null) return undefined;
  const n = Number(t);
  if (!Number.isInteger(n) || n < 1)
    throw badRequest('InvalidTopInQueryString', `The value '${t}' of $top is invalid.`);
  return n;
}

/** Generic resource as `resources` list returns it (no properties; $expand adds the World's meta). */
function genericView(
  ctx: RouteContext,
  r: Readonly<ArmResource>,
  expand: Set<string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: r.id, name: r.name, type: r.type };
  for (const k of ['kind', 'managedBy', 'sku', 'plan', 'identity', 'extendedLocation'] as const) {
    if (r[k] !== undefined) out[k] = r[k];
  }
  if (r.location !== undefined) out.location = r.location;
  if (r.tags && Object.keys(r.tags).length) out.tags = r.tags;
  if (expand.size) {
    const m = ctx.world.meta(r.id);
    if (expand.has('createdtime') && m) out.createdTime = m.createdTime;
    if (expand.has('changedtime') && m) out.changedTime = m.changedTime;
    if (expand.has('provisioningstate')) {
      const ps = r.properties?.provisioningState;
      out.provisioningState = typeof ps === 'string' ? ps : 'Succeeded';
    }
  }
  return out;
}

function resourceFilter(req: ArmRequest): (r: Readonly<ArmResource>) => boolean {
  const f = req.query.get('$filter');
  if (!f) return () => true;
  const preds: ((r: Readonly<ArmResource>) => boolean)[] = [];
  let tagName: string | undefined;
  let tagValue: string | undefined;
  const invalid = (): ArmError =>
    badRequest('InvalidFilterInQueryString', `Invalid $filter '${f}' specified in the query string.`);
  for (const c of parseFilter(f, invalid)) {
    if (c.kind === 'cmp' && c.op === 'eq') {
      const field = c.field.toLowerCase();
      const v = c.value.toLowerCase();
      if (field === 'resourcetype') preds.push((r) => r.type.toLowerCase() === v);
      else if (field === 'name') preds.push((r) => r.name.toLowerCase() === v);
      else if (field === 'location') preds.push((r) => (r.location ?? '').toLowerCase() === v);
      else if (field === 'resourcegroup')
        preds.push((r) => (parseId(r.id).resourceGroup ?? '').toLowerCase() === v);
      else if (field === 'tagname') tagName = c.value;
      else if (field === 'tagvalue') tagValue = c.value;
      else throw invalid();
    } else if (c.kind === 'fn' && c.name.toLowerCase() === 'substringof' && c.args.length === 2) {
      const needle = (c.args[0] ?? '').toLowerCase();
      if ((c.args[1] ?? '').toLowerCase() !== 'name') throw invalid();
      preds.push((r) => r.name.toLowerCase().includes(needle));
    } else throw invalid();
  }
  if (tagName !== undefined) {
    const tn = tagName.toLowerCase();
    preds.push((r) => {
      const tags = r.tags ?? {};
      const key = Object.keys(tags).find((k) => k.toLowerCase() === tn);
      return key !== undefined && (tagValue === undefined || tags[key] === tagValue);
    });
  } else if (tagValue !== undefined) throw invalid();
  return (r) => preds.every((p) => p(r));
}

function expandOf(req: ArmRequest): Set<string> {
  const e = req.query.get('$expand');
  return new Set(
    (e ?? '')
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean),
  );
}

/** Tracked, top-level resources (what `resources` list returns): not RGs, role objects or bookkeeping. */
function isListable(r: Readonly<ArmResource>): boolean {
  const t = r.type.toLowerCase();
  if (t.startsWith('microsoft.resources/') || t.startsWith('microsoft.authorization/')) return false;
  const p = parseId(r.id);
  return p.resourceGroup !== undefined && p.names.length === 1;
}

function listResources(
  ctx: RouteContext,
  deps: ProviderDeps,
  scope: string,
): { status: number; body: unknown } {
  const pred = resourceFilter(ctx.req);
  const expand = expandOf(ctx.req);
  const limit = top(ctx.req);
  let visible = collect(
    ctx.world,
    scope,
    undefined,
    (r) => isListable(r) && pred(r) && ctx.can(`${r.type}/read`, r.id),
  )
    .map((r) => ({ key: r.id.toLowerCase(), r }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((x) => x.r);
  if (limit !== undefined) visible = visible.slice(0, limit);
  const p = page(visible, ctx.req, limit ?? deps.pageSize());
  // Views (and copies of their tags etc.) only for the page being answered.
  return {
    status: 200,
    body: { ...p, value: p.value.map((r) => structuredClone(genericView(ctx, r, expand))) },
  };
}

function providerView(
  ctx: RouteContext,
  subscriptionId: string,
  ns: { namespace: string; resourceTypes: { resourceType: string; apiVersions: string[] }[] },
): Record<string, unknown> {
  const state = ctx.world.get(`/subscriptions/${subscriptionId}/providers/${ns.namespace}`);
  const registered =
    (state?.properties?.registrationState as string | undefined) ??
    (DEFAULT_REGISTERED.some((d) => d.toLowerCase() === ns.namespace.toLowerCase())
      ? 'Registered'
      : 'NotRegistered');
  return {
    id: `/subscriptions/${subscriptionId}/providers/${ns.namespace}`,
    namespace: ns.namespace,
    registrationState: registered,
    registrationPolicy: 'RegistrationRequired',
    resourceTypes: ns.resourceTypes.map((t) => ({
      resourceType: t.resourceType,
      locations: REGIONS.map((r) => r.displayName),
      apiVersions: t.apiVersions,
      defaultApiVersion: t.apiVersions[0],
      capabilities: 'None',
    })),
  };
}

function findNamespace(name: string) {
  const n = catalog().find((c) => c.namespace.toLowerCase() === name.toLowerCase());
  if (!n) throw new ArmError(404, 'InvalidResourceNamespace', `The resource namespace '${name}' is invalid.`);
  return n;
}

function setRegistration(
  ctx: RouteContext,
  state: 'Registered' | 'Unregistered',
): { status: number; body: unknown } {
  const sub = ctx.params.subscriptionId ?? '';
  const ns = findNamespace(ctx.params.resourceProviderNamespace ?? '');
  ctx.world.put({
    id: `/subscriptions/${sub}/providers/${ns.namespace}`,
    name: ns.namespace,
    type: PROVIDER_STATE_TYPE,
    properties: { registrationState: state },
  });
  return { status: 200, body: providerView(ctx, sub, ns) };
}

const subScope = (p: Record<string, string>): string => `/subscriptions/${p.subscriptionId ?? ''}`;
const rgScope = (p: Record<string, string>): string =>
  rgId(p.subscriptionId ?? '', p.resourceGroupName ?? '');
const RG_PATH = '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}';

function listResourceGroups(deps: ProviderDeps, ctx: RouteContext) {
  const pred = rgFilter(ctx.req);
  const limit = top(ctx.req);
  let groups = collect(
    ctx.world,
    subScope(ctx.params),
    RESOURCE_GROUP_TYPE,
    (r) => pred(r) && ctx.can(RG_READ, r.id),
  ).sort((a, b) => a.name.localeCompare(b.name));
  if (limit !== undefined) groups = groups.slice(0, limit);
  const p = page(groups, ctx.req, limit ?? deps.pageSize());
  return {
    status: 200,
    body: { ...p, value: p.value.map((g) => structuredClone(resourceGroupView(g))) },
  };
}

/** ResourceGroups_CreateOrUpdate: a valid name, a location (never changed), tags and managedBy. */
function putResourceGroup(ctx: RouteContext) {
  const name = ctx.params.resourceGroupName ?? '';
  if (!RG_NAME.test(name) || name.endsWith('.')) {
    throw badRequest(
      'InvalidResourceGroup',
      `The provided resource group name '${name}' has these invalid characters: '${name.replace(/[-\w._()]/gu, '') || '.'}'. The name can only be a letter, digit, '-', '.', '(', ')' or '_'.`,
    );
  }
  const body = (ctx.req.body ?? {}) as { location?: unknown; tags?: unknown; managedBy?: unknown };
  const existing = ctx.world.get(rgScope(ctx.params));
  if (typeof body.location !== 'string' || !body.location) {
    throw badRequest('LocationRequired', 'The location property is required for this definition.');
  }
  const location = body.location.toLowerCase().replace(/\s+/g, '');
  if (existing && existing.location !== location) {
    throw new ArmError(
      409,
      'InvalidResourceGroupLocation',
      `Invalid resource group location '${location}'. The Resource group already exists in location '${existing.location ?? ''}'.`,
    );
  }
  const stored = ctx.world.put({
    id: existing?.id ?? rgId(ctx.params.subscriptionId ?? '', name),
    name: existing?.name ?? name,
    type: RESOURCE_GROUP_TYPE,
    location,
    ...(body.tags && typeof body.tags === 'object' ? { tags: body.tags as Record<string, string> } : {}),
    ...(typeof body.managedBy === 'string' ? { managedBy: body.managedBy } : {}),
    properties: { provisioningState: 'Succeeded' },
  });
  return { status: existing ? 200 : 201, body: resourceGroupView(stored) };
}

function patchResourceGroup(ctx: RouteContext) {
  const existing = ctx.world.get(rgScope(ctx.params));
  if (!existing) throw resourceGroupNotFound(ctx.params.resourceGroupName ?? '');
  const body = (ctx.req.body ?? {}) as { tags?: unknown; managedBy?: unknown };
  const next: ArmResource = { ...existing };
  if (body.tags && typeof body.tags === 'object') next.tags = body.tags as Record<string, string>;
  if (typeof body.managedBy === 'string') next.managedBy = body.managedBy;
  return { status: 200, body: resourceGroupView(ctx.world.put(next)) };
}

/**
 * ResourceGroups_Delete: Deleting at once, gone after RG_DELETE_AZURE_MS of Azure time with its image
 * templates' staging groups; answered with Location only, as ARM does.
 */
function deleteResourceGroup(ctx: RouteContext) {
  const existing = ctx.world.get(rgScope(ctx.params));
  if (!existing) throw resourceGroupNotFound(ctx.params.resourceGroupName ?? '');
  const state = existing.properties?.provisioningState;
  if (state !== 'Deleting') {
    ctx.world.put({
      ...existing,
      properties: { ...(existing.properties ?? {}), provisioningState: 'Deleting' },
    });
  }
  const op = ctx.lro.start({
    statusPath: `/subscriptions/${ctx.params.subscriptionId ?? ''}/operationresults`,
    apiVersion: ctx.req.apiVersion,
    baseUrl: ctx.req.baseUrl,
    location: true,
    retryAfterAzureSeconds: 15,
  });
  const subscriptionId = ctx.params.subscriptionId ?? '';
  ctx.clock.after(RG_DELETE_AZURE_MS, GROUP_DELETED, { subscriptionId, name: existing.name, opId: op.id });
  const headers: Record<string, string> = { 'Retry-After': op.headers['Retry-After'] ?? '15' };
  const loc = op.headers.Location;
  if (loc) headers.Location = loc;
  return { status: 202, headers };
}

/** The end of ResourceGroups_Delete (a job: it survives a restart). */
const GROUP_DELETED = 'resources.group-deleted';

function registerJobs(deps: ProviderDeps): void {
  deps.clock.handle(GROUP_DELETED, async (a) => {
    const subId = String(a.subscriptionId);
    const name = String(a.name);
    const opId = String(a.opId);
    try {
      // Image templates take their staging groups (and storage accounts) with them, as in Azure.
      const sim = simulatorFor(deps);
      for (const t of deps.world.list(rgId(subId, name), TEMPLATE_TYPE)) await sim.purge(t.id);
      deps.world.deleteResourceGroup(subId, name);
      deps.lro.complete(opId, 'Succeeded');
    } catch {
      deps.lro.complete(opId, 'Failed', { code: 'InternalServerError', message: 'Deletion failed.' });
    }
  });
}

function resourceGroupRoutes(deps: ProviderDeps): RouteDef[] {
  registerJobs(deps);
  const v = RESOURCES_API_VERSIONS;
  return [
    {
      method: 'GET',
      operationId: 'ResourceGroups_List',
      path: '/subscriptions/{subscriptionId}/resourcegroups',
      apiVersions: v,
      action: null,
      handle: (ctx) => listResourceGroups(deps, ctx),
    },
    {
      method: 'GET',
      operationId: 'ResourceGroups_Get',
      path: RG_PATH,
      apiVersions: v,
      action: RG_READ,
      scope: rgScope,
      handle: (ctx) => {
        const r = ctx.world.get(rgScope(ctx.params));
        if (!r) throw resourceGroupNotFound(ctx.params.resourceGroupName ?? '');
        return { status: 200, body: resourceGroupView(r) };
      },
    },
    {
      method: 'HEAD',
      operationId: 'ResourceGroups_CheckExistence',
      path: RG_PATH,
      apiVersions: v,
      action: RG_READ,
      scope: rgScope,
      handle: (ctx) => ({ status: ctx.world.get(rgScope(ctx.params)) ? 204 : 404 }),
    },
    {
      method: 'PUT',
      operationId: 'ResourceGroups_CreateOrUpdate',
      path: RG_PATH,
      apiVersions: v,
      action: RG_WRITE,
      scope: rgScope,
      handle: putResourceGroup,
    },
    {
      method: 'PATCH',
      operationId: 'ResourceGroups_Update',
      path: RG_PATH,
      apiVersions: v,
      action: RG_WRITE,
      scope: rgScope,
      handle: patchResourceGroup,
    },
    {
      method: 'DELETE',
      operationId: 'ResourceGroups_Delete',
      path: RG_PATH,
      apiVersions: v,
      action: RG_DELETE,
      scope: rgScope,
      handle: (ctx) => deleteResourceGroup(ctx),
    },
  ];
}

function resourceRoutes(deps: ProviderDeps): RouteDef[] {
  const v = RESOURCES_API_VERSIONS;
  return [
    {
      method: 'GET',
      operationId: 'Resources_List',
      path: '/subscriptions/{subscriptionId}/resources',
      apiVersions: v,
      action: null,
      handle: (ctx) => listResources(ctx, deps, subScope(ctx.params)),
    },
    {
      method: 'GET',
      operationId: 'Resources_ListByResourceGroup',
      path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/resources',
      apiVersions: v,
      // Listing inside a resource group needs read there (ARM filters by item only at subscription scope).
      action: 'Microsoft.Resources/subscriptions/resourceGroups/resources/read',
      scope: rgScope,
      handle: (ctx) => {
        if (!ctx.world.get(rgScope(ctx.params)))
          throw resourceGroupNotFound(ctx.params.resourceGroupName ?? '');
        return listResources(ctx, deps, rgScope(ctx.params));
      },
    },
  ];
}

function providerRoutes(deps: ProviderDeps): RouteDef[] {
  const v = RESOURCES_API_VERSIONS;
  return [
    {
      method: 'GET',
      operationId: 'Providers_List',
      path: '/subscriptions/{subscriptionId}/providers',
      apiVersions: v,
      action: null,
      handle: (ctx) => {
        const subId = ctx.params.subscriptionId ?? '';
        const all = catalog()
          .map((n) => providerView(ctx, subId, n))
          .sort((a, b) => String(a.namespace).localeCompare(String(b.namespace)));
        return { status: 200, body: page(all, ctx.req, deps.pageSize()) };
      },
    },
    {
      method: 'GET',
      operationId: 'Providers_Get',
      path: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}',
      apiVersions: v,
      action: null,
      handle: (ctx) => ({
        status: 200,
        body: providerView(
          ctx,
          ctx.params.subscriptionId ?? '',
          findNamespace(ctx.params.resourceProviderNamespace ?? ''),
        ),
      }),
    },
    {
      method: 'POST',
      operationId: 'Providers_Register',
      path: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}/register',
      apiVersions: v,
      action: 'Microsoft.Resources/subscriptions/providers/register/action',
      scope: subScope,
      handle: (ctx) => setRegistration(ctx, 'Registered'),
    },
    {
      method: 'POST',
      operationId: 'Providers_Unregister',
      path: '/subscriptions/{subscriptionId}/providers/{resourceProviderNamespace}/unregister',
      apiVersions: v,
      action: 'Microsoft.Resources/subscriptions/providers/unregister/action',
      scope: subScope,
      handle: (ctx) => setRegistration(ctx, 'Unregistered'),
    },
  ];
}

export function routes(deps: ProviderDeps): RouteDef[] {
  return [...resourceGroupRoutes(deps), ...resourceRoutes(deps), ...providerRoutes(deps)];
}
