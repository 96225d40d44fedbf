// Microsoft.VirtualMachineImages: every operation of api-versions 2024-02-01 and 2025-10-01 (and the older
// stable versions where harmless), wired as the real service was recorded behaving (docs/azure/image-builder.md).
import type { ArmResource, ProviderDeps, RouteContext, RouteDef } from '../../core/types.ts';
import { ArmError, notFound, resourceGroupNotFound } from '../../core/errors.ts';
import { aibId } from '../../core/ids.ts';
import { page } from '../../http/paging.ts';
import { completeOperation, simulatorFor, trackOperation } from '../../simulator/simulator.ts';
import { RUN_CONFLICT } from '../../simulator/messages.ts';
import { NEVER } from '../../simulator/build-run.ts';
import { AIB_API_VERSIONS, TRIGGER_API_VERSIONS, atLeast, rememberCreatedWith } from './versions.ts';
import { checkFields } from './schema.ts';
import { mergePatch } from './merge-patch.ts';
import { validateTags } from '../../http/request-content.ts';
import {
  validateDistributeUpdate,
  validateIdentity,
  validateName,
  validateTemplate,
  validateVmProfile,
  validationFailed,
} from './validate.ts';
import { OPERATIONS } from './operations.ts';
import { indexTemplate, templateIdsIn, unindexTemplate } from './template-index.ts';
import { isRec, type Rec } from '../../core/rec.ts';

export const NS = 'Microsoft.VirtualMachineImages';
export const TEMPLATE_TYPE = `${NS}/imageTemplates`;
export const RUN_OUTPUT_TYPE = `${NS}/imageTemplates/runOutputs`;
export const TRIGGER_TYPE = `${NS}/imageTemplates/triggers`;
const A = {
  read: `${TEMPLATE_TYPE}/read`,
  write: `${TEMPLATE_TYPE}/write`,
  delete: `${TEMPLATE_TYPE}/delete`,
  run: `${TEMPLATE_TYPE}/run/action`,
  cancel: `${TEMPLATE_TYPE}/cancel/action`,
  runOutputs: `${TEMPLATE_TYPE}/runOutputs/read`,
  triggerRead: `${TEMPLATE_TYPE}/triggers/read`,
  triggerWrite: `${TEMPLATE_TYPE}/triggers/write`,
  triggerDelete: `${TEMPLATE_TYPE}/triggers/delete`,
};

const SUB = '/subscriptions/{subscriptionId}';
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;
const T = `${RG}/providers/${NS}/imageTemplates/{imageTemplateName}`;
const V = AIB_API_VERSIONS;

const rgScope = (p: Record<string, string>): string =>
  `/subscriptions/${p.subscriptionId ?? ''}/resourceGroups/${p.resourceGroupName ?? ''}`;
const tplScope = (p: Record<string, string>): string =>
  `${rgScope(p)}/providers/${TEMPLATE_TYPE}/${p.imageTemplateName ?? ''}`;

/** The id AIB returns (lower-case `resourcegroups`), with the group's real casing when it exists. */
function templateId(ctx: RouteContext): string {
  const p = ctx.params;
  const rg = ctx.world.get(rgScope(p));
  return aibId(
    p.subscriptionId ?? '',
    rg?.name ?? p.resourceGroupName ?? '',
    `${TEMPLATE_TYPE}/${p.imageTemplateName ?? ''}`,
  );
}

function statusPath(subscriptionId: string, location: string): string {
  return `/subscriptions/${subscriptionId}/providers/${NS}/locations/${location.toLowerCase().replace(/\s+/g, '')}/operations`;
}

/** What a version shows: fields the version does not know are left out. */
function render(r: ArmResource, version: string): unknown {
  return checkFields(
    structuredClone(r),
    'ImageTemplate',
    atLeast(version, '2024-02-01') ? '2025-10-01' : version,
    false,
  );
}

function getTemplate(ctx: RouteContext): ArmResource {
  const t = ctx.world.get(templateId(ctx));
  if (!t) throw notFound(TEMPLATE_TYPE, ctx.params.imageTemplateName ?? '', ctx.params.resourceGroupName);
  return t;
}

const props = (t: ArmResource): Rec => (isRec(t.properties) ? t.properties : {});
const runState = (t: ArmResource): string | undefined => {
  const l = props(t).lastRunStatus;
  return isRec(l) && typeof l.runState === 'string' ? l.runState : undefined;
};

/** Azure seconds AIB takes to set up a trigger. */
const TRIGGER_SETUP_SECONDS = 20;

const notAllowed = (message: string): ArmError => new ArmError(409, 'OperationNotAllowed', message);

/** Echoes the defaults the service fills in (recorded 201 body, docs/azure/image-builder.md). */
function withDefaults(p: Rec): Rec {
  const out: Rec = { ...p };
  out.buildTimeoutInMinutes ??= 0;
  const vm = isRec(out.vmProfile) ? { ...out.vmProfile } : {};
  vm.vmSize ??= '';
  vm.osDiskSizeGB ??= 0;
  if (isRec(vm.vnetConfig)) vm.vnetConfig = { proxyVmSize: '', ...vm.vnetConfig };
  out.vmProfile = vm;
  if (Array.isArray(out.customize)) out.customize = out.customize.map(customizerEcho);
  if (Array.isArray(out.distribute))
    out.distribute = out.distribute.map((d) => (isRec(d) ? { artifactTags: {}, ...d } : d));
  // A platform image's exactVersion is the version asked for until provisioning resolves `latest`.
  if (isRec(out.source) && out.source.type === 'PlatformImage' && typeof out.source.version === 'string')
    out.source = { ...out.source, exactVersion: out.source.version };
  return out;
}

/**
 * A customizer as AIB echoes it (recorded): PowerShell's booleans filled in, WindowsRestart's optional
 * commands as empty strings, and no checksum on inline scripts (AIB's Go structs omit an empty one).
 */
function customizerEcho(c: unknown): unknown {
  if (!isRec(c)) return c;
  const out: Rec = { ...c };
  if (out.type === 'PowerShell') {
    out.runElevated ??= false;
    out.runAsSystem ??= false;
  }
  if (out.type === 'WindowsRestart') {
    out.restartCommand ??= '';
    out.restartCheckCommand ??= '';
    out.restartTimeout ??= '';
  }
  if (out.inline !== undefined && !out.scriptUri && !out.sha256Checksum) delete out.sha256Checksum;
  return out;
}

/**
 * The template's identity with its user-assigned identity ids spelled as the patch spells them: ARM ids
 * are case-insensitive, so a patch naming the identity the template already has (any casing) replaces
 * that entry instead of adding a second one.
 */
function sameCasingAs(current: unknown, patch: Rec): Rec {
  const cur = isRec(current) ? structuredClone(current) : {};
  const have = isRec(cur.userAssignedIdentities) ? cur.userAssignedIdentities : undefined;
  const want = isRec(patch.userAssignedIdentities) ? Object.keys(patch.userAssignedIdentities) : [];
  if (!have) return cur;
  const renamed: Rec = {};
  for (const [k, v] of Object.entries(have)) {
    const match = want.find((w) => w.toLowerCase() === k.toLowerCase());
    renamed[match ?? k] = v;
  }
  cur.userAssignedIdentities = renamed;
  return cur;
}

function identityEcho(identity: unknown): Rec {
  const i = isRec(identity) ? identity : {};
  if (i.type !== 'UserAssigned') return { type: 'None' };
  const uai = isRec(i.userAssignedIdentities) ? i.userAssignedIdentities : {};
  return {
    type: 'UserAssigned',
    userAssignedIdentities: Object.fromEntries(Object.keys(uai).map((k) => [k, isRec(uai[k]) ? uai[k] : {}])),
  };
}

/** What the handlers share: the provider's deps and the build simulator. */
interface Env {
  deps: ProviderDeps;
  sim: ReturnType<typeof simulatorFor>;
}
type Op = { id: string; headers: Record<string, string> };

/** Starts a tracked long-running operation on `t` and records its start in the Activity Log. */
function startOp(
  deps: ProviderDeps,
  ctx: RouteContext,
  t: ArmResource,
  operationName: string,
  opts: { location?: boolean; retryAfter?: number } = {},
): Op {
  const sub = ctx.params.subscriptionId ?? '';
  const op = ctx.lro.start({
    statusPath: statusPath(sub, t.location ?? 'westus'),
    apiVersion: ctx.req.apiVersion,
    baseUrl: ctx.req.baseUrl,
    ...(opts.location ? { location: true } : {}),
    retryAfterAzureSeconds: opts.retryAfter ?? 15,
  });
  // Recorded: the operation URL carries the GUID in lower case (its `name` is upper case), and AIB's
  // Location names the same status document as Azure-AsyncOperation, not an operationResults endpoint.
  const status = op.headers['Azure-AsyncOperation']?.replace(op.id, op.id.toLowerCase());
  if (status) op.headers['Azure-AsyncOperation'] = status;
  if (op.headers.Location && status) op.headers.Location = status;
  trackOperation(deps, op.id, { operationName, resourceId: t.id, caller: ctx.caller.displayName });
  ctx.activity.record({
    operationName,
    resourceId: t.id,
    caller: ctx.caller.displayName,
    status: 'Started',
    correlationId: op.id.toLowerCase(),
  });
  return op;
}

/** Filters and pages on ids; reads only the page's templates. */
function listTemplates(deps: ProviderDeps, ctx: RouteContext, scope: string): unknown {
  const ids = templateIdsIn(ctx.world, scope).filter((id) => ctx.can(A.read, id));
  const p = page(ids, ctx.req, deps.pageSize());
  const value: unknown[] = [];
  for (const id of p.value) {
    const t = ctx.world.get(id);
    if (t) value.push(render(t, ctx.req.apiVersion));
    else unindexTemplate(ctx.world, id);
  }
  return { ...p, value };
}

/**
 * The async operation status. ARM lets whoever started an operation poll it, even with a role on one
 * resource group only: the operation id (a GUID) is the capability, so no role check here.
 */
function operationStatus(ctx: RouteContext) {
  const op = ctx.lro.get(ctx.params.operationId ?? '');
  if (!op)
    throw new ArmError(
      404,
      'OperationNotFound',
      `The operation '${ctx.params.operationId ?? ''}' could not be found.`,
    );
  // Retry-After on a running operation, scaled by the time scale, so pollers (the Azure CLI sleeps its
  // 30 s default without one) follow the simulator's pace.
  const headers: Record<string, string> =
    op.status === 'InProgress' ? { 'Retry-After': String(ctx.clock.retryAfterSeconds(15)) } : {};
  return { status: 200, body: op, headers };
}

/** A new template from a validated PUT body: defaults filled, read-only state dropped, Creating. */
function newTemplate(id: string, name: string, b: Rec): ArmResource {
  const p = withDefaults(isRec(b.properties) ? b.properties : {});
  delete p.provisioningState;
  delete p.provisioningError;
  delete p.lastRunStatus;
  const tags = isRec(b.tags) ? b.tags : undefined;
  return {
    id,
    name,
    type: TEMPLATE_TYPE,
    location: String(b.location).toLowerCase().replace(/\s+/g, ''),
    ...(tags ? { tags: tags as Record<string, string> } : {}),
    identity: identityEcho(b.identity),
    properties: {
      ...p,
      stagingResourceGroup: typeof p.stagingResourceGroup === 'string' ? p.stagingResourceGroup : '',
      exactStagingResourceGroup: '',
      provisioningState: 'Creating',
    },
  };
}

function createTemplate(ctx: RouteContext, env: Env) {
  const version = ctx.req.apiVersion;
  const name = ctx.params.imageTemplateName ?? '';
  validateName('imageTemplateName', name);
  const body = checkFields(ctx.req.body, 'ImageTemplate', version);
  const rg = ctx.world.get(rgScope(ctx.params));
  if (!rg) throw resourceGroupNotFound(ctx.params.resourceGroupName ?? '');
  const id = templateId(ctx);
  if (ctx.world.get(id))
    throw new ArmError(
      409,
      'Conflict',
      'Update/Upgrade of image templates is currently not supported. Please change the name of the template you are submitting. If you have previously tried to submit a template and it failed to provision, you must delete it first and then resubmit. For more information, go to https://aka.ms/azvmimagebuilderts.',
    );
  validateTemplate(body, name, ctx.params.subscriptionId);
  const t = newTemplate(id, name, body as Rec);
  ctx.world.put(t);
  rememberCreatedWith(ctx.world, id, version);
  indexTemplate(ctx.world, id);
  const op = startOp(env.deps, ctx, t, A.write);
  env.sim.provision(id, op.id);
  const headers = { ...op.headers };
  delete headers.Location;
  return { status: 201, body: render(t, version), headers };
}

/** A PATCH's tags, identity, distribute and vmProfile merged into the template (each validated). */
function applyPatch(t: ArmResource, p: Rec, patch: Rec, pp: Rec | undefined): void {
  if (patch.tags !== undefined) {
    const merged = mergePatch(t.tags ?? {}, patch.tags);
    // The merged set must still be within ARM's limits (at most 50 tags).
    validateTags(merged);
    if (isRec(merged) && Object.keys(merged).length) t.tags = merged as Record<string, string>;
    else delete t.tags;
  }
  if (patch.identity !== undefined) {
    const pi = isRec(patch.identity) ? patch.identity : {};
    const merged =
      pi.type === 'None'
        ? { type: 'None' }
        : (mergePatch(sameCasingAs(t.identity, pi), patch.identity) as Rec);
    validateIdentity(merged);
    t.identity = identityEcho(merged);
  }
  if (pp?.distribute !== undefined) {
    validateDistributeUpdate(p.distribute, pp.distribute);
    p.distribute = (pp.distribute as unknown[]).map((d) => (isRec(d) ? { artifactTags: {}, ...d } : d));
  }
  if (pp?.vmProfile !== undefined) {
    const merged = mergePatch(p.vmProfile ?? {}, pp.vmProfile);
    validateVmProfile(merged);
    p.vmProfile = merged;
  }
}

function updateTemplate(ctx: RouteContext, env: Env) {
  const version = ctx.req.apiVersion;
  const patch = checkFields(ctx.req.body ?? {}, 'ImageTemplateUpdateParameters', version);
  if (!isRec(patch))
    throw validationFailed("'ImageTemplateUpdateParameters': the request body must be a JSON object.");
  const t = getTemplate(ctx);
  const p = props(t);
  const state = String(p.provisioningState ?? '');
  if (state === 'Creating' || state === 'Updating' || state === 'Deleting')
    throw notAllowed(`Operation 'PATCH' is not allowed in provisioningState: '${state.toLowerCase()}'`);
  const pp = isRec(patch.properties) ? patch.properties : undefined;
  if (pp && env.sim.isRunning(t.id))
    throw notAllowed(
      `Operation '${A.write}' is not allowed in provisioningState: 'provisioned', runState: 'running'`,
    );
  applyPatch(t, p, patch, pp);
  p.provisioningState = 'Updating';
  t.properties = p;
  ctx.world.put(t);
  const op = startOp(env.deps, ctx, t, A.write, { location: true });
  env.sim.update(t.id, op.id);
  return { status: 202, headers: op.headers };
}

function deleteTemplate(ctx: RouteContext, env: Env) {
  const t = ctx.world.get(templateId(ctx));
  if (!t) return { status: 204 };
  const state = String(props(t).provisioningState ?? '');
  if (env.sim.isRunning(t.id) || runState(t) === 'Running' || runState(t) === 'Canceling')
    throw notAllowed(
      `Operation '${A.delete}' is not allowed in provisioningState: 'provisioned', runState: 'running'`,
    );
  if (state === 'Creating')
    throw notAllowed("Operation 'DELETE' is not allowed in provisioningState: 'creating'");
  props(t).provisioningState = 'Deleting';
  ctx.world.put(t);
  const op = startOp(env.deps, ctx, t, A.delete, { location: true });
  env.sim.remove(t.id, op.id);
  return { status: 202, headers: op.headers };
}

function runTemplate(ctx: RouteContext, env: Env) {
  const t = getTemplate(ctx);
  const p = props(t);
  const state = String(p.provisioningState ?? '');
  if (state !== 'Succeeded')
    throw notAllowed(`Operation '${A.run}' is not allowed in provisioningState: '${state.toLowerCase()}'`);
  if (env.sim.isRunning(t.id) || runState(t) === 'Running' || runState(t) === 'Canceling')
    throw notAllowed(RUN_CONFLICT((runState(t) ?? 'running').toLowerCase()));
  for (const o of ctx.world.list(t.id, RUN_OUTPUT_TYPE)) ctx.world.delete(o.id);
  p.lastRunStatus = {
    startTime: ctx.clock.now().toISOString(),
    endTime: NEVER,
    runState: 'Running',
    runSubState: 'Queued',
    message: '',
  };
  ctx.world.put(t);
  const op = startOp(env.deps, ctx, t, A.run, { location: true, retryAfter: 30 });
  env.sim.run(t.id, op.id, ctx.caller.displayName);
  return { status: 202, headers: op.headers };
}

function cancelRun(ctx: RouteContext, env: Env) {
  const t = getTemplate(ctx);
  const rs = runState(t);
  if (!env.sim.isRunning(t.id) || rs === 'Canceling')
    throw notAllowed(`Operation '${A.cancel}' is not allowed in runState: '${(rs ?? 'none').toLowerCase()}'`);
  const correlationId = crypto.randomUUID();
  const record = (status: 'Started' | 'Succeeded'): void =>
    ctx.activity.record({
      operationName: A.cancel,
      resourceId: t.id,
      caller: ctx.caller.displayName,
      status,
      correlationId,
    });
  record('Started');
  env.sim.cancel(t.id);
  record('Succeeded');
  return { status: 204 };
}

function getRunOutput(ctx: RouteContext) {
  const t = getTemplate(ctx);
  const o = ctx.world.get(`${t.id}/runOutputs/${ctx.params.runOutputName ?? ''}`);
  if (!o)
    throw notFound(
      RUN_OUTPUT_TYPE,
      `${t.name}/${ctx.params.runOutputName ?? ''}`,
      ctx.params.resourceGroupName,
    );
  return { status: 200, body: o };
}

function serviceRoutes(): RouteDef[] {
  return [
    {
      operationId: 'Operations_List',
      method: 'GET',
      path: `/providers/${NS}/operations`,
      apiVersions: V,
      action: null,
      handle: () => ({ status: 200, body: { value: OPERATIONS } }),
    },
    {
      method: 'GET',
      operationId: { notInSpec: 'async operation status (Azure-AsyncOperation, Location)' },
      path: `${SUB}/providers/${NS}/locations/{location}/operations/{operationId}`,
      apiVersions: V,
      action: null,
      handle: operationStatus,
    },
  ];
}

function templateRoutes(env: Env): RouteDef[] {
  const on = { path: T, apiVersions: V, scope: tplScope };
  return [
    {
      operationId: 'VirtualMachineImageTemplates_List',
      method: 'GET',
      path: `${SUB}/providers/${NS}/imageTemplates`,
      apiVersions: V,
      action: null,
      handle: (ctx) => ({
        status: 200,
        body: listTemplates(env.deps, ctx, `/subscriptions/${ctx.params.subscriptionId ?? ''}`),
      }),
    },
    {
      operationId: 'VirtualMachineImageTemplates_ListByResourceGroup',
      method: 'GET',
      path: `${RG}/providers/${NS}/imageTemplates`,
      apiVersions: V,
      action: null,
      handle: (ctx) => {
        if (!ctx.world.get(rgScope(ctx.params)))
          throw resourceGroupNotFound(ctx.params.resourceGroupName ?? '');
        return { status: 200, body: listTemplates(env.deps, ctx, rgScope(ctx.params)) };
      },
    },
    {
      operationId: 'VirtualMachineImageTemplates_Get',
      method: 'GET',
      ...on,
      action: A.read,
      handle: (ctx) => ({ status: 200, body: render(getTemplate(ctx), ctx.req.apiVersion) }),
    },
    {
      operationId: 'VirtualMachineImageTemplates_CreateOrUpdate',
      method: 'PUT',
      ...on,
      action: A.write,
      handle: (ctx) => createTemplate(ctx, env),
    },
    {
      operationId: 'VirtualMachineImageTemplates_Update',
      method: 'PATCH',
      ...on,
      action: A.write,
      handle: (ctx) => updateTemplate(ctx, env),
    },
    {
      operationId: 'VirtualMachineImageTemplates_Delete',
      method: 'DELETE',
      ...on,
      action: A.delete,
      handle: (ctx) => deleteTemplate(ctx, env),
    },
  ];
}

function runRoutes(env: Env): RouteDef[] {
  const on = { apiVersions: V, scope: tplScope };
  return [
    {
      operationId: 'VirtualMachineImageTemplates_Run',
      method: 'POST',
      path: `${T}/run`,
      ...on,
      action: A.run,
      handle: (ctx) => runTemplate(ctx, env),
    },
    {
      operationId: 'VirtualMachineImageTemplates_Cancel',
      method: 'POST',
      path: `${T}/cancel`,
      ...on,
      action: A.cancel,
      handle: (ctx) => cancelRun(ctx, env),
    },
    {
      operationId: 'VirtualMachineImageTemplates_ListRunOutputs',
      method: 'GET',
      path: `${T}/runOutputs`,
      ...on,
      action: A.runOutputs,
      handle: (ctx) => {
        const t = getTemplate(ctx);
        const items = ctx.world.list(t.id, RUN_OUTPUT_TYPE).sort((a, b) => (a.name < b.name ? -1 : 1));
        return { status: 200, body: page(items, ctx.req, env.deps.pageSize()) };
      },
    },
    {
      operationId: 'VirtualMachineImageTemplates_GetRunOutput',
      method: 'GET',
      path: `${T}/runOutputs/{runOutputName}`,
      ...on,
      action: A.runOutputs,
      handle: getRunOutput,
    },
  ];
}

export function routes(deps: ProviderDeps): RouteDef[] {
  const env: Env = { deps, sim: simulatorFor(deps) };
  const defs = [...serviceRoutes(), ...templateRoutes(env), ...runRoutes(env), ...triggerRoutes(deps)];
  return defs.map((d) => ({ ...d, handle: withVersionedErrors(d.handle) }));
}

/**
 * Before 2021-10-01 the specs describe AIB's errors as a bare `ApiError` (`{code, message, target?,
 * details?}`); from 2021-10-01 on as `CloudError`, the ARM envelope `{error: {…}}`. The service's own errors
 * follow the version asked for; Resource Manager's (token, api-version, RBAC) are always the envelope.
 */
function withVersionedErrors(handle: RouteDef['handle']): RouteDef['handle'] {
  return async (ctx) => {
    try {
      return await handle(ctx);
    } catch (e) {
      if (!(e instanceof ArmError) || atLeast(ctx.req.apiVersion, '2021-10-01')) throw e;
      return { status: e.status, body: e.toBody().error, headers: e.extra.headers ?? {} };
    }
  };
}

/** The trigger a request names, under template `t`. */
function triggerOf(ctx: RouteContext, t: ArmResource): ArmResource | undefined {
  return ctx.world.get(`${t.id}/triggers/${ctx.params.triggerName ?? ''}`);
}

/** Triggers_CreateOrUpdate: one SourceImage trigger per provisioned template whose source is 'latest'. */
function putTrigger(deps: ProviderDeps, ctx: RouteContext) {
  const name = ctx.params.triggerName ?? '';
  validateName('triggerName', name);
  const body = checkFields(ctx.req.body, 'Trigger', ctx.req.apiVersion);
  const t = getTemplate(ctx);
  const bp = isRec(body) && isRec(body.properties) ? body.properties : {};
  if (bp.kind !== 'SourceImage')
    throw validationFailed(
      `'Trigger.properties': Field 'kind' has a bad value: '${String(bp.kind ?? '')}'. Only 'SourceImage' triggers are supported.`,
    );
  if (props(t).provisioningState !== 'Succeeded')
    throw validationFailed(
      `'Trigger': the image template '${t.name}' must be in provisioningState 'Succeeded' to add a trigger.`,
    );
  const existing = triggerOf(ctx, t);
  const others = ctx.world
    .list(t.id, TRIGGER_TYPE)
    .filter((x) => x.name.toLowerCase() !== name.toLowerCase());
  if (others.length)
    throw validationFailed(
      `'Trigger': the image template '${t.name}' already has a SourceImage trigger ('${others[0]?.name ?? ''}'). Only one SourceImage trigger is allowed per template.`,
    );
  const src = isRec(props(t).source) ? (props(t).source as Rec) : {};
  const latest =
    (src.type === 'PlatformImage' && String(src.version).toLowerCase() === 'latest') ||
    (src.type === 'SharedImageVersion' && /\/versions\/latest$/i.test(String(src.imageVersionId)));
  if (!latest)
    throw validationFailed(
      `'Trigger': a SourceImage trigger needs the template source to be a platform image with version 'latest' or a gallery image version '…/versions/latest'.`,
    );
  // Recorded: the trigger answers `Creating` with no status; a later GET shows it `Succeeded` with
  // its status, once AIB has set it up (TRIGGER_SETUP_SECONDS of Azure time).
  const tr: ArmResource = {
    id: `${t.id}/triggers/${existing?.name ?? name}`,
    name: existing?.name ?? name,
    type: TRIGGER_TYPE,
    properties: { kind: 'SourceImage', provisioningState: 'Creating' },
  };
  ctx.world.put(tr);
  const op = startOp(deps, ctx, tr, A.triggerWrite);
  deps.clock.after(TRIGGER_SETUP_SECONDS * 1000, TRIGGER_READY, { id: tr.id, opId: op.id });
  const headers = { ...op.headers };
  delete headers.Location;
  return { status: existing ? 200 : 201, body: tr, headers };
}

/** AIB has set a trigger up (a job on the world's clock: it survives a restart). */
const TRIGGER_READY = 'imagebuilder.trigger-ready';

function registerTriggerJob(deps: ProviderDeps): void {
  deps.clock.handle(TRIGGER_READY, (a) => {
    const cur = deps.world.get(String(a.id));
    if (!cur || !isRec(cur.properties) || cur.properties.provisioningState !== 'Creating') return;
    cur.properties = {
      kind: 'SourceImage',
      status: { code: 'Healthy', message: 'Trigger is active.', time: deps.clock.now().toISOString() },
      provisioningState: 'Succeeded',
    };
    deps.world.put(cur);
    completeOperation(deps, String(a.opId), 'Succeeded');
  });
}

function triggerRoutes(deps: ProviderDeps): RouteDef[] {
  registerTriggerJob(deps);
  const TR = `${T}/triggers/{triggerName}`;
  return [
    {
      operationId: 'Triggers_ListByImageTemplate',
      method: 'GET',
      path: `${T}/triggers`,
      apiVersions: TRIGGER_API_VERSIONS,
      action: A.triggerRead,
      scope: tplScope,
      handle: (ctx) => {
        const t = getTemplate(ctx);
        const items = ctx.world.list(t.id, TRIGGER_TYPE).sort((a, b) => (a.name < b.name ? -1 : 1));
        return { status: 200, body: page(items, ctx.req, deps.pageSize()) };
      },
    },
    {
      method: 'GET',
      operationId: 'Triggers_Get',
      path: TR,
      apiVersions: TRIGGER_API_VERSIONS,
      action: A.triggerRead,
      scope: tplScope,
      handle: (ctx) => {
        const t = getTemplate(ctx);
        const tr = triggerOf(ctx, t);
        if (!tr)
          throw notFound(
            TRIGGER_TYPE,
            `${t.name}/${ctx.params.triggerName ?? ''}`,
            ctx.params.resourceGroupName,
          );
        return { status: 200, body: tr };
      },
    },
    {
      method: 'PUT',
      operationId: 'Triggers_CreateOrUpdate',
      path: TR,
      apiVersions: TRIGGER_API_VERSIONS,
      action: A.triggerWrite,
      scope: tplScope,
      handle: (ctx) => putTrigger(deps, ctx),
    },
    {
      method: 'DELETE',
      operationId: 'Triggers_Delete',
      path: TR,
      apiVersions: TRIGGER_API_VERSIONS,
      action: A.triggerDelete,
      scope: tplScope,
      handle: (ctx) => {
        const t = getTemplate(ctx);
        const tr = triggerOf(ctx, t);
        if (!tr) return { status: 204 };
        ctx.world.delete(tr.id);
        const op = startOp(deps, ctx, tr, A.triggerDelete, { location: true });
        completeOperation(deps, op.id, 'Succeeded');
        return { status: 202, headers: op.headers };
      },
    },
  ];
}
