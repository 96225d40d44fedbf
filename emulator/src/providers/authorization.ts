// Microsoft.Authorization (@azure/arm-authorization): role assignments (list at a scope with
// $filter=atScope() / principalId eq / assignedTo(), get, PUT, DELETE), role definitions (list, get,
// PUT and DELETE of custom roles) and permissions (the caller's effective actions at an RG or resource).
import type { ArmResource, ProviderDeps, RouteContext, RouteDef } from '../core/types.ts';
import { ArmError, badRequest } from '../core/errors.ts';
import { isWithinScope, normalizeId } from '../core/ids.ts';
import { page } from '../http/paging.ts';
import { parseFilter } from '../http/odata.ts';
import { implement } from '../shapes/provider-kit.ts';
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';
import {
  allAssignments,
  allRoleDefinitions,
  Authorizer,
  guidOf,
  roleDefinition,
  roleDefinitionIdAt,
  roleDefinitionStoreId,
  ROLE_ASSIGNMENT_TYPE,
  ROLE_DEFINITION_TYPE,
  type Assignment,
  type RoleAssignmentProperties,
} from '../auth/rbac.ts';
import type { Permission, RoleDefinitionProperties } from '../auth/roles.ts';

/** Role assignments: every version whose RoleAssignmentsCalls the REST specs publish (published.md). */
export const ROLE_ASSIGNMENT_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Authorization/roleAssignments'];
/** Role definitions: the versions whose spec defines them (fewer than role assignments; published.md). */
export const ROLE_DEFINITION_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Authorization/roleDefinitions'];
/** Permissions: specified beside role definitions in every version (published.md). */
export const PERMISSIONS_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Authorization/permissions'];

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const RA_READ = 'Microsoft.Authorization/roleAssignments/read';
const RA_WRITE = 'Microsoft.Authorization/roleAssignments/write';
const RA_DELETE = 'Microsoft.Authorization/roleAssignments/delete';
const RD_WRITE = 'Microsoft.Authorization/roleDefinitions/write';
const RD_DELETE = 'Microsoft.Authorization/roleDefinitions/delete';

function scopeParam(p: Record<string, string>): string {
  return (p.scope ?? '').replace(/\/+$/, '') || '/';
}

export function assignmentView(a: Assignment): Record<string, unknown> {
  return {
    id: a.id,
    name: a.name,
    type: ROLE_ASSIGNMENT_TYPE,
    properties: {
      roleDefinitionId: a.props.roleDefinitionId,
      principalId: a.props.principalId,
      principalType: a.props.principalType,
      scope: a.props.scope,
      condition: a.props.condition ?? null,
      conditionVersion: a.props.conditionVersion ?? null,
      createdOn: a.props.createdOn,
      updatedOn: a.props.updatedOn,
      createdBy: a.props.createdBy ?? null,
      updatedBy: a.props.updatedBy ?? null,
      delegatedManagedIdentityResourceId: a.props.delegatedManagedIdentityResourceId ?? null,
      description: a.props.description ?? null,
    },
  };
}

function definitionView(r: ArmResource, scope: string): Record<string, unknown> {
  return {
    id: roleDefinitionIdAt(scope, r.name),
    name: r.name,
    type: ROLE_DEFINITION_TYPE,
    properties: r.properties,
  };
}

function assignmentFilter(ctx: RouteContext, scope: string): (a: Assignment) => boolean {
  const f = ctx.req.query.get('$filter');
  // Default: assignments at, above and below the scope.
  let atScope = false;
  let principal: string | undefined;
  if (f) {
    for (const c of parseFilter(f)) {
      if (c.kind === 'fn' && c.name.toLowerCase() === 'atscope' && c.args.length === 0) atScope = true;
      else if (c.kind === 'fn' && c.name.toLowerCase() === 'assignedto' && c.args.length === 1)
        principal = c.args[0];
      else if (c.kind === 'cmp' && c.op === 'eq' && c.field.toLowerCase() === 'principalid')
        principal = c.value;
      else
        throw badRequest(
          'UnsupportedQuery',
          `The filter '${f}' is not supported. Supported filters are 'atScope()', 'principalId eq {value}' and 'assignedTo({value})'.`,
        );
    }
  }
  return (a) => {
    const above = isWithinScope(scope, a.props.scope);
    const below = isWithinScope(a.props.scope, scope);
    if (atScope ? !above : !(above || below)) return false;
    return principal === undefined || a.props.principalId.toLowerCase() === principal.toLowerCase();
  };
}

function findAssignment(ctx: RouteContext, scope: string, name: string): Assignment | undefined {
  const id = normalizeId(
    `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
  );
  return allAssignments(ctx.world).find((a) => normalizeId(a.id) === id);
}

function validPermissions(v: unknown): v is Permission[] {
  return (
    Array.isArray(v) &&
    v.every(
      (p) =>
        typeof p === 'object' &&
        p !== null &&
        Array.isArray((p as Permission).actions) &&
        (p as Permission).actions.every((a) => typeof a === 'string'),
    )
  );
}

type Reply = { status: number; body?: unknown };
type Handler = (ctx: RouteContext) => Reply;

const ASSIGNMENTS_PATH = '/{*scope}/providers/Microsoft.Authorization/roleAssignments';
const DEFINITION_PATH = '/{*scope}/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}';

/** The role definitions `$filter` asks for (roleName eq, type eq); anything else is refused. */
function definitionFilter(ctx: RouteContext): { roleName?: string; type?: string } {
  const f = ctx.req.query.get('$filter');
  const out: { roleName?: string; type?: string } = {};
  if (!f) return out;
  for (const c of parseFilter(f)) {
    if (c.kind === 'cmp' && c.op === 'eq' && c.field.toLowerCase() === 'rolename') out.roleName = c.value;
    else if (c.kind === 'cmp' && c.op === 'eq' && c.field.toLowerCase() === 'type') out.type = c.value;
    else throw badRequest('UnsupportedQuery', `The filter '${f}' is not supported.`);
  }
  return out;
}

/** A role assignment PUT's body, checked: a GUID name, a role that exists and is assignable here. */
function assignmentRequest(ctx: RouteContext, scope: string, name: string) {
  if (!GUID.test(name)) {
    throw badRequest(
      'InvalidRoleAssignmentId',
      `The role assignment ID '${name}' is not valid. The role assignment ID must be a GUID.`,
    );
  }
  const body = (ctx.req.body ?? {}) as { properties?: Partial<RoleAssignmentProperties> };
  const p = body.properties;
  if (!p || typeof p.roleDefinitionId !== 'string' || typeof p.principalId !== 'string') {
    throw badRequest(
      'InvalidRequestContent',
      'The request content is missing properties.roleDefinitionId or properties.principalId.',
    );
  }
  const guid = guidOf(p.roleDefinitionId);
  const def = roleDefinition(ctx.world, guid);
  if (!def)
    throw badRequest(
      'RoleDefinitionDoesNotExist',
      `The specified role definition with ID '${guid}' does not exist.`,
    );
  if (!def.assignableScopes.some((s) => s === '/' || isWithinScope(scope, s))) {
    throw new ArmError(
      403,
      'RoleAssignmentScopeNotAssignableToRoleDefinition',
      `The role ${def.roleName} is not available for assignment at the requested scope.`,
    );
  }
  return { p: { ...p, principalId: p.principalId }, guid };
}

function createAssignment(ctx: RouteContext): Reply {
  const scope = scopeParam(ctx.params);
  const name = ctx.params.roleAssignmentName ?? '';
  const { p, guid } = assignmentRequest(ctx, scope, name);
  const existing = findAssignment(ctx, scope, name);
  const duplicate = allAssignments(ctx.world).find(
    (a) =>
      normalizeId(a.props.scope) === normalizeId(scope) &&
      a.props.principalId.toLowerCase() === p.principalId.toLowerCase() &&
      guidOf(a.props.roleDefinitionId) === guid,
  );
  if (existing || duplicate) {
    throw new ArmError(409, 'RoleAssignmentExists', 'The role assignment already exists.');
  }
  const now = ctx.clock.now().toISOString();
  const props: RoleAssignmentProperties = {
    roleDefinitionId: roleDefinitionIdAt(scope, guid),
    principalId: p.principalId,
    principalType: p.principalType ?? 'User',
    scope,
    condition: p.condition ?? null,
    conditionVersion: p.conditionVersion ?? null,
    description: p.description ?? null,
    createdOn: now,
    updatedOn: now,
    createdBy: ctx.caller.objectId,
    updatedBy: ctx.caller.objectId,
    delegatedManagedIdentityResourceId: null,
  };
  const id = `${scope === '/' ? '' : scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  ctx.world.put({ id, name, type: ROLE_ASSIGNMENT_TYPE, properties: { ...props } });
  return { status: 201, body: assignmentView({ id, name, props }) };
}

function assignmentOps(deps: ProviderDeps) {
  return {
    RoleAssignments_ListForScope(ctx) {
      const scope = scopeParam(ctx.params);
      const pred = assignmentFilter(ctx, scope);
      const readAtScope = ctx.can(RA_READ, scope);
      if (!readAtScope && !new Authorizer(ctx.world, ctx.caller.objectId).touches(scope)) {
        ctx.authorize(RA_READ, scope);
      }
      const items = allAssignments(ctx.world)
        .filter((a) => pred(a) && (readAtScope || ctx.can(RA_READ, a.props.scope)))
        .sort((a, b) => (a.id.toLowerCase() < b.id.toLowerCase() ? -1 : 1))
        .map(assignmentView);
      return { status: 200, body: page(items, ctx.req, deps.pageSize()) };
    },
    RoleAssignments_Get(ctx) {
      const a = findAssignment(ctx, scopeParam(ctx.params), ctx.params.roleAssignmentName ?? '');
      if (!a) {
        throw new ArmError(
          404,
          'RoleAssignmentNotFound',
          `The role assignment '${ctx.params.roleAssignmentName ?? ''}' is not found.`,
        );
      }
      return { status: 200, body: assignmentView(a) };
    },
    RoleAssignments_Create: createAssignment,
    RoleAssignments_Delete(ctx) {
      const a = findAssignment(ctx, scopeParam(ctx.params), ctx.params.roleAssignmentName ?? '');
      if (!a) return { status: 204 };
      ctx.world.delete(a.id);
      return { status: 200, body: assignmentView(a) };
    },
  } satisfies Record<string, Handler>;
}

/** A custom role PUT's body, checked: a name, permissions with actions, at least one assignable scope. */
function roleDefinitionRequest(ctx: RouteContext) {
  const body = (ctx.req.body ?? {}) as { properties?: Partial<RoleDefinitionProperties> };
  const p = body.properties;
  if (!p || typeof p.roleName !== 'string' || !p.roleName.trim()) {
    throw badRequest('RoleDefinitionNameNullOrEmpty', 'The role definition name cannot be null or empty.');
  }
  if (!validPermissions(p.permissions)) {
    throw badRequest(
      'RoleDefinitionHasNoPermissions',
      'The role definition must have at least one permission with actions.',
    );
  }
  const scopes = Array.isArray(p.assignableScopes)
    ? p.assignableScopes.filter((s): s is string => typeof s === 'string')
    : [];
  if (scopes.length === 0) {
    throw badRequest(
      'AssignableScopesMissing',
      'The role definition must have at least one assignable scope.',
    );
  }
  return { roleName: p.roleName, description: p.description, permissions: p.permissions, scopes };
}

function putRoleDefinition(ctx: RouteContext): Reply {
  const id = ctx.params.roleDefinitionId ?? '';
  if (!GUID.test(id))
    throw badRequest(
      'InvalidRoleDefinitionId',
      `The role definition ID '${id}' is not valid. The role definition ID must be a GUID.`,
    );
  const existing = ctx.world.get(roleDefinitionStoreId(id));
  if ((existing?.properties as RoleDefinitionProperties | undefined)?.type === 'BuiltInRole') {
    throw new ArmError(
      403,
      'CannotModifyBuiltInRole',
      `The role definition '${id}' is a built-in role and cannot be modified.`,
    );
  }
  const p = roleDefinitionRequest(ctx);
  for (const s of p.scopes) ctx.authorize(RD_WRITE, s);
  const clash = allRoleDefinitions(ctx.world).find(
    (r) =>
      r.name.toLowerCase() !== id.toLowerCase() &&
      String(r.properties?.roleName).toLowerCase() === p.roleName.toLowerCase(),
  );
  if (clash) {
    throw new ArmError(
      409,
      'RoleDefinitionWithSameNameExists',
      'A custom role with the same name already exists in this directory.',
    );
  }
  const now = ctx.clock.now().toISOString();
  const prev = existing?.properties as RoleDefinitionProperties | undefined;
  const props: RoleDefinitionProperties = {
    roleName: p.roleName,
    type: 'CustomRole',
    description: typeof p.description === 'string' ? p.description : '',
    assignableScopes: p.scopes,
    permissions: p.permissions.map((x) => ({
      actions: x.actions,
      notActions: x.notActions ?? [],
      dataActions: x.dataActions ?? [],
      notDataActions: x.notDataActions ?? [],
    })),
    createdOn: prev?.createdOn ?? now,
    updatedOn: now,
    createdBy: prev?.createdBy ?? ctx.caller.objectId,
    updatedBy: ctx.caller.objectId,
  };
  const stored = ctx.world.put({
    id: roleDefinitionStoreId(id),
    name: id.toLowerCase(),
    type: ROLE_DEFINITION_TYPE,
    properties: { ...props },
  });
  // ARM answers 201 for both create and update of a role definition.
  return { status: 201, body: definitionView(stored, scopeParam(ctx.params)) };
}

function definitionOps(deps: ProviderDeps) {
  return {
    RoleDefinitions_List(ctx) {
      const scope = scopeParam(ctx.params);
      const { roleName, type } = definitionFilter(ctx);
      const defs = allRoleDefinitions(ctx.world)
        .filter((r) => {
          const p = r.properties as unknown as RoleDefinitionProperties;
          const assignable = p.assignableScopes.some(
            (s) => s === '/' || isWithinScope(scope, s) || isWithinScope(s, scope),
          );
          if (!assignable) return false;
          if (roleName !== undefined && p.roleName.toLowerCase() !== roleName.toLowerCase()) return false;
          return type === undefined || p.type.toLowerCase() === type.toLowerCase();
        })
        .sort((a, b) => String(a.properties?.roleName).localeCompare(String(b.properties?.roleName)))
        .map((r) => definitionView(r, scope));
      return { status: 200, body: page(defs, ctx.req, deps.pageSize()) };
    },
    RoleDefinitions_Get(ctx) {
      const id = ctx.params.roleDefinitionId ?? '';
      const r = ctx.world.get(roleDefinitionStoreId(id));
      if (!r)
        throw new ArmError(
          404,
          'RoleDefinitionDoesNotExist',
          `The specified role definition with ID '${id}' does not exist.`,
        );
      return { status: 200, body: definitionView(r, scopeParam(ctx.params)) };
    },
    RoleDefinitions_CreateOrUpdate: putRoleDefinition,
    RoleDefinitions_Delete(ctx) {
      const id = ctx.params.roleDefinitionId ?? '';
      const r = ctx.world.get(roleDefinitionStoreId(id));
      if (!r) return { status: 204 };
      if ((r.properties as unknown as RoleDefinitionProperties).type === 'BuiltInRole') {
        throw new ArmError(
          403,
          'CannotModifyBuiltInRole',
          `The role definition '${id}' is a built-in role and cannot be deleted.`,
        );
      }
      if (allAssignments(ctx.world).some((a) => guidOf(a.props.roleDefinitionId) === id.toLowerCase())) {
        throw new ArmError(
          409,
          'RoleDefinitionHasAssignments',
          'There are existing role assignments referencing role definition. Please delete them first.',
        );
      }
      ctx.world.delete(r.id);
      return { status: 200, body: definitionView(r, scopeParam(ctx.params)) };
    },
  } satisfies Record<string, Handler>;
}

/** The caller's effective permissions at a subscription, resource group or resource. */
function listPermissions(deps: ProviderDeps): Handler {
  return (ctx) => {
    const p = ctx.params;
    let scope = `/subscriptions/${p.subscriptionId ?? ''}`;
    if (p.resourceGroupName) scope += `/resourceGroups/${p.resourceGroupName}`;
    if (p.resourcePath) scope += `/providers${p.resourcePath}`;
    const perms = new Authorizer(ctx.world, ctx.caller.objectId).permissionsAt(scope).map((x) => ({
      actions: x.actions,
      notActions: x.notActions,
      dataActions: x.dataActions,
      notDataActions: x.notDataActions,
    }));
    return { status: 200, body: page(perms, ctx.req, deps.pageSize()) };
  };
}

function assignmentRoutes(deps: ProviderDeps): RouteDef[] {
  const ops = assignmentOps(deps);
  const v = ROLE_ASSIGNMENT_API_VERSIONS;
  const one = `${ASSIGNMENTS_PATH}/{roleAssignmentName}`;
  return [
    {
      method: 'GET',
      path: ASSIGNMENTS_PATH,
      apiVersions: v,
      action: null,
      ...implement(ops, 'RoleAssignments_ListForScope'),
    },
    {
      method: 'GET',
      path: one,
      apiVersions: v,
      action: RA_READ,
      scope: scopeParam,
      ...implement(ops, 'RoleAssignments_Get'),
    },
    {
      method: 'PUT',
      path: one,
      apiVersions: v,
      action: RA_WRITE,
      scope: scopeParam,
      ...implement(ops, 'RoleAssignments_Create'),
    },
    {
      method: 'DELETE',
      path: one,
      apiVersions: v,
      action: RA_DELETE,
      scope: scopeParam,
      ...implement(ops, 'RoleAssignments_Delete'),
    },
  ];
}

function definitionRoutes(deps: ProviderDeps): RouteDef[] {
  const ops = definitionOps(deps);
  const v = ROLE_DEFINITION_API_VERSIONS;
  return [
    // Subscription/RG/resource scope and tenant scope. The tenant-scope twins serve `{scope}` = '' —
    // built-in roles — and RoleDefinitions_GetById's `/{roleId}`, a whole role definition id, lands on
    // the GET of that id.
    ...[
      '/{*scope}/providers/Microsoft.Authorization/roleDefinitions',
      '/providers/Microsoft.Authorization/roleDefinitions',
    ].flatMap((base): RouteDef[] => [
      {
        method: 'GET',
        path: base,
        apiVersions: v,
        action: null,
        ...implement(ops, 'RoleDefinitions_List'),
      },
      {
        method: 'GET',
        alsoServes: ['RoleDefinitions_GetById'],
        path: `${base}/{roleDefinitionId}`,
        apiVersions: v,
        action: null,
        ...implement(ops, 'RoleDefinitions_Get'),
      },
    ]),
    {
      method: 'PUT',
      path: DEFINITION_PATH,
      apiVersions: v,
      action: RD_WRITE,
      scope: scopeParam,
      ...implement(ops, 'RoleDefinitions_CreateOrUpdate'),
    },
    {
      method: 'DELETE',
      path: DEFINITION_PATH,
      apiVersions: v,
      action: RD_DELETE,
      scope: scopeParam,
      ...implement(ops, 'RoleDefinitions_Delete'),
    },
  ];
}

/**
 * The caller's effective permissions at a resource group or resource (the subscription scope is not in
 * the spec — ARM answers it, and Kiln does not call it).
 */
function permissionRoutes(deps: ProviderDeps): RouteDef[] {
  const handle = listPermissions(deps);
  return (
    [
      [
        { notInSpec: 'permissions at subscription scope' },
        '/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/permissions',
      ],
      [
        'Permissions_ListForResourceGroup',
        '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/providers/Microsoft.Authorization/permissions',
      ],
      [
        'Permissions_ListForResource',
        '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}/providers/{*resourcePath}/providers/Microsoft.Authorization/permissions',
      ],
    ] as const
  ).map(([operationId, path]): RouteDef => ({
    method: 'GET',
    operationId,
    path,
    apiVersions: PERMISSIONS_API_VERSIONS,
    action: null,
    handle,
  }));
}

export function routes(deps: ProviderDeps): RouteDef[] {
  return [...assignmentRoutes(deps), ...definitionRoutes(deps), ...permissionRoutes(deps)];
}
