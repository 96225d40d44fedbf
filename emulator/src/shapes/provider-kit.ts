// Small helpers shared by the Network, Compute, ContainerInstance and Storage providers: resource
// group checks, collection responses (RBAC-filtered, paged), body parsing, LRO status routes.
import type {
  ArmResource,
  ArmResponse,
  JobArgs,
  ProviderDeps,
  RouteContext,
  RouteDef,
  World,
} from '../core/types.ts';
import { ArmError, badRequest, notFound, resourceGroupNotFound } from '../core/errors.ts';
import { page } from '../http/paging.ts';
import { encodePathForUrl } from '../http/resource-path.ts';

export const SUB = '/subscriptions/{subscriptionId}';
export const RG = `${SUB}/resourceGroups/{resourceGroupName}`;

export function rgIdOf(params: Record<string, string>): string {
  return `/subscriptions/${params.subscriptionId ?? ''}/resourceGroups/${params.resourceGroupName ?? ''}`;
}

/** Throws 404 ResourceGroupNotFound unless the request's resource group exists. */
export function requireResourceGroup(world: World, params: Record<string, string>): void {
  if (!world.get(rgIdOf(params))) throw resourceGroupNotFound(params.resourceGroupName ?? '');
}

/** A collection GET answer: only what the caller may read, one page at a time. */
export function collection(
  ctx: RouteContext,
  deps: ProviderDeps,
  items: ArmResource[],
  readAction: string,
  view: (r: ArmResource) => ArmResource = (r) => r,
  /** Child collections (subnets, rules) keep their parent's order; top-level lists are sorted by id. */
  order: 'byId' | 'asStored' = 'byId',
): ArmResponse {
  const visible = items.filter((r) => ctx.can(readAction, r.id));
  if (order === 'byId') visible.sort((a, b) => a.id.localeCompare(b.id));
  const p = page(visible, ctx.req, deps.pageSize());
  return { status: 200, body: { value: p.value.map(view), ...(p.nextLink ? { nextLink: p.nextLink } : {}) } };
}

/** The request body as a JSON object, or 400 InvalidRequestContent. */
export function bodyObject(ctx: RouteContext): Record<string, unknown> {
  const b = ctx.req.body;
  if (typeof b !== 'object' || b === null || Array.isArray(b))
    throw badRequest(
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized.',
    );
  return b as Record<string, unknown>;
}

export function objectOf(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}

export function stringOf(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** `{ id }` references in an array (ignores malformed entries). */
export function refIds(v: unknown): string[] {
  return Array.isArray(v) ? v.map((x) => stringOf(objectOf(x)?.id)).filter((x): x is string => !!x) : [];
}

export function tagsOf(v: unknown): Record<string, string> | undefined {
  const o = objectOf(v);
  if (!o) return undefined;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) if (typeof x === 'string') out[k] = x;
  return out;
}

/** ARM's 400 when a PUT has no location. */
export function requireLocation(body: Record<string, unknown>): string {
  const loc = stringOf(body.location);
  if (!loc) throw badRequest('LocationRequired', 'The location property is required for this definition.');
  return loc.toLowerCase().replace(/\s+/g, '');
}

/** The stored resource or 404 ResourceNotFound in ARM's words. */
export function getOr404(
  world: World,
  id: string,
  type: string,
  name: string,
  resourceGroup: string,
): ArmResource {
  const r = world.get(id);
  if (!r) throw notFound(type, name, resourceGroup);
  return r;
}

/** `If-Match` / `If-None-Match` on a write (Network supports both). */
export function checkPreconditions(ctx: RouteContext, current: ArmResource | undefined): void {
  const ifMatch = ctx.req.headers['if-match'];
  const ifNoneMatch = ctx.req.headers['if-none-match'];
  const failed = (): ArmError =>
    new ArmError(
      412,
      'PreconditionFailed',
      'The condition specified using HTTP conditional header(s) is not met.',
    );
  if (ifMatch && ifMatch !== '*' && (!current || current.etag !== ifMatch)) throw failed();
  if (ifMatch === '*' && !current) throw failed();
  if (ifNoneMatch === '*' && current) throw failed();
}

/**
 * `…/providers/{ns}/locations/{location}/operations/{operationId}` and `…/operationResults/{id}` for a
 * provider, answered from the platform's operation records. `statusBody` shapes the operations body the
 * way the provider does (Network: `{status[,error]}`; Compute: `{name,status,startTime,endTime}`).
 */
export function operationStatusRoutes(
  namespace: string,
  apiVersions: readonly string[],
  statusBody: (op: NonNullable<ReturnType<ProviderDeps['lro']['get']>>) => unknown,
): RouteDef[] {
  const base = `${SUB}/providers/${namespace}/locations/{location}`;
  const opNotFound = (id: string): ArmError =>
    new ArmError(404, 'NotFound', `Operation ${id} was not found.`);
  return [
    {
      method: 'GET',
      operationId: { notInSpec: 'async operation status (Azure-AsyncOperation)' },
      path: `${base}/operations/{operationId}`,
      apiVersions,
      action: null,
      handle(ctx) {
        const op = ctx.lro.get(ctx.params.operationId ?? '');
        if (!op) throw opNotFound(ctx.params.operationId ?? '');
        return {
          status: 200,
          body: statusBody(op),
          ...(op.status === 'InProgress'
            ? { headers: { 'Retry-After': String(ctx.clock.retryAfterSeconds(10)) } }
            : {}),
        };
      },
    },
    {
      method: 'GET',
      operationId: { notInSpec: 'async operation result (Location)' },
      path: `${base}/operationResults/{operationId}`,
      apiVersions,
      action: null,
      handle(ctx) {
        const op = ctx.lro.get(ctx.params.operationId ?? '');
        if (!op) throw opNotFound(ctx.params.operationId ?? '');
        if (op.status === 'InProgress') {
          const base = `${ctx.req.baseUrl}${encodePathForUrl(ctx.req.path)}?api-version=${encodeURIComponent(ctx.req.apiVersion)}`;
          return {
            status: 202,
            headers: { Location: base, 'Retry-After': String(ctx.clock.retryAfterSeconds(10)) },
          };
        }
        if (op.status === 'Failed' && op.error) throw new ArmError(400, op.error.code, op.error.message);
        return { status: 204 };
      },
    },
  ];
}

/**
 * Runs the job `kind` (registered with `clock.handle` when the provider built its routes) after `azureMs`
 * of simulated time. A job is saved with the world, so it still runs after local Azure restarts.
 */
export function later(ctx: RouteContext, azureMs: number, kind: string, args: JobArgs): void {
  ctx.clock.after(azureMs, kind, args);
}

/** The job that ends a long-running operation successfully: `later(ctx, ms, LRO_SUCCEEDED, { opId })`. */
export const LRO_SUCCEEDED = 'lro.succeeded';

export function registerLroJobs(deps: ProviderDeps): void {
  deps.clock.handle(LRO_SUCCEEDED, (a) => deps.lro.complete(String(a.opId), 'Succeeded'));
}

/** What a top-level read-only resource type needs to get list (subscription, RG) and get routes. */
export interface ReadRoutesSpec {
  /** e.g. `Microsoft.Compute` */
  namespace: string;
  /** e.g. `virtualMachines` */
  segment: string;
  /** Path parameter name, e.g. `vmName`. */
  param: string;
  apiVersions: readonly string[];
  /** Operation ids, e.g. `{ listAll: 'VirtualMachines_ListAll', list: 'VirtualMachines_List', get: 'VirtualMachines_Get' }`. */
  ops: { listAll: string; list: string; get: string };
  /** Response view of a stored resource (defaults to as stored). */
  view?: (r: ArmResource, ctx: RouteContext) => ArmResource;
}

/**
 * A route's operationId (the REST spec's name) and its handler, named after it so a stack trace names the
 * operation too: `{ method, path, …, ...operation('Images_Delete', (ctx) => …) }`.
 */
export function operation<H extends (ctx: RouteContext) => ArmResponse | Promise<ArmResponse>>(
  operationId: string,
  handle: H,
): { operationId: string; handle: H } {
  return { operationId, handle: Object.defineProperty(handle, 'name', { value: operationId }) };
}

/** The route fields of the handler keyed by its operationId in `ops`: `...implement(ops, 'Subnets_Get')`. */
export function implement<K extends string, H>(
  ops: Record<K, H>,
  operationId: K,
): { operationId: K; handle: H } {
  return { operationId, handle: ops[operationId] };
}

/** List (subscription), list (resource group) and get routes for a top-level resource type. */
export function readRoutes(deps: ProviderDeps, spec: ReadRoutesSpec): RouteDef[] {
  const type = `${spec.namespace}/${spec.segment}`;
  const read = `${type}/read`;
  const path = `${RG}/providers/${type}/{${spec.param}}`;
  const v = (ctx: RouteContext) => (r: ArmResource) => (spec.view ? spec.view(r, ctx) : r);
  return [
    {
      method: 'GET',
      path: `${SUB}/providers/${type}`,
      apiVersions: spec.apiVersions,
      action: null,
      ...operation(spec.ops.listAll, (ctx) =>
        collection(
          ctx,
          deps,
          ctx.world.list(`/subscriptions/${ctx.params.subscriptionId ?? ''}`, type),
          read,
          v(ctx),
        ),
      ),
    },
    {
      method: 'GET',
      path: `${RG}/providers/${type}`,
      apiVersions: spec.apiVersions,
      action: null,
      ...operation(spec.ops.list, (ctx) => {
        requireResourceGroup(ctx.world, ctx.params);
        return collection(ctx, deps, ctx.world.list(rgIdOf(ctx.params), type), read, v(ctx));
      }),
    },
    {
      method: 'GET',
      path,
      apiVersions: spec.apiVersions,
      action: read,
      ...operation(spec.ops.get, (ctx) => {
        requireResourceGroup(ctx.world, ctx.params);
        const name = ctx.params[spec.param] ?? '';
        const r = getOr404(
          ctx.world,
          `${rgIdOf(ctx.params)}/providers/${type}/${name}`,
          type,
          name,
          ctx.params.resourceGroupName ?? '',
        );
        return { status: 200, body: v(ctx)(r) };
      }),
    },
  ];
}
