// The RBAC engine: role assignments and role definitions live in the World as Microsoft.Authorization
// resources; an action is allowed at a scope when some assignment of the principal at that scope or an
// ancestor (subscription → resource group → resource) names a role with a permission whose `actions`
// match the action and whose `notActions` do not. Matching is case-insensitive with `*` wildcards.
// The same engine answers for users, apps and service identities (`principalCan`).
import { ArmError } from '../core/errors.ts';
import { isWithinScope, normalizeId } from '../core/ids.ts';
import type { ArmResource, World } from '../core/types.ts';
import { collect } from '../core/scan.ts';
import type { Permission, RoleDefinitionProperties } from './roles.ts';

export { ROLE_IDS, AIB_NETWORKING_ROLE_NAME } from './roles.ts';

export const ROLE_ASSIGNMENT_TYPE = 'Microsoft.Authorization/roleAssignments';
export const ROLE_DEFINITION_TYPE = 'Microsoft.Authorization/roleDefinitions';

/** Where every role definition (built-in and custom) is stored: tenant scope, by GUID. */
export function roleDefinitionStoreId(guid: string): string {
  return `/providers/Microsoft.Authorization/roleDefinitions/${guid.toLowerCase()}`;
}

/** The id ARM shows for a role definition seen from `scope` (subscription-prefixed under a subscription). */
export function roleDefinitionIdAt(scope: string, guid: string): string {
  const m = /^\/subscriptions\/([^/]+)/i.exec(scope);
  return m
    ? `/subscriptions/${m[1]}/providers/Microsoft.Authorization/roleDefinitions/${guid}`
    : roleDefinitionStoreId(guid);
}

export interface RoleAssignmentProperties {
  roleDefinitionId: string;
  principalId: string;
  principalType: 'User' | 'ServicePrincipal' | 'Group' | 'ForeignGroup' | 'Device';
  scope: string;
  condition?: string | null;
  conditionVersion?: string | null;
  description?: string | null;
  createdOn?: string;
  updatedOn?: string;
  createdBy?: string | null;
  updatedBy?: string | null;
  delegatedManagedIdentityResourceId?: string | null;
}

export interface Assignment {
  id: string;
  name: string;
  props: RoleAssignmentProperties;
}

const patternCache = new Map<string, RegExp>();

// Case-insensitive wildcard match of an RBAC action pattern: "*", "Microsoft.Compute/*", "*/read".
export function actionMatches(pattern: string, action: string): boolean {
  let re = patternCache.get(pattern);
  if (!re) {
    const src = pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${src}$`, 'i');
    patternCache.set(pattern, re);
  }
  return re.test(action);
}

export function permissionAllows(p: Permission, action: string): boolean {
  return (
    p.actions.some((a) => actionMatches(a, action)) && !p.notActions.some((n) => actionMatches(n, action))
  );
}

export function guidOf(roleDefinitionId: string): string {
  return (roleDefinitionId.split('/').pop() ?? '').toLowerCase();
}

export function roleDefinition(world: World, roleDefinitionId: string): RoleDefinitionProperties | undefined {
  const r = world.get(roleDefinitionStoreId(guidOf(roleDefinitionId)));
  return r?.properties as RoleDefinitionProperties | undefined;
}

export function allRoleDefinitions(world: World): ArmResource[] {
  return world.list('/providers/Microsoft.Authorization/roleDefinitions', ROLE_DEFINITION_TYPE);
}

export function allAssignments(world: World): Assignment[] {
  return collect(world, '', ROLE_ASSIGNMENT_TYPE).map((r) => ({
    id: r.id,
    name: r.name,
    props: { ...(r.properties as unknown as RoleAssignmentProperties) },
  }));
}

/** A principal's view of RBAC, loaded once (one scan of the World) and reused for many checks. */
export class Authorizer {
  private assignments: Assignment[] | undefined;
  private readonly roles = new Map<string, RoleDefinitionProperties | undefined>();

  constructor(
    private readonly world: World,
    readonly principalId: string,
  ) {}

  private mine(): Assignment[] {
    if (!this.assignments) {
      const p = this.principalId.toLowerCase();
      this.assignments = allAssignments(this.world).filter((a) => a.props.principalId.toLowerCase() === p);
    }
    return this.assignments;
  }

  private role(id: string): RoleDefinitionProperties | undefined {
    const g = guidOf(id);
    if (!this.roles.has(g)) this.roles.set(g, roleDefinition(this.world, g));
    return this.roles.get(g);
  }

  /** The principal's assignments that apply at `scope` (at it or above it). */
  applicable(scope: string): Assignment[] {
    return this.mine().filter((a) => isWithinScope(scope, a.props.scope));
  }

  /** Every permission block that applies at `scope`, one per applicable assignment's role permission. */
  permissionsAt(scope: string): Permission[] {
    const out: Permission[] = [];
    for (const a of this.applicable(scope)) {
      const r = this.role(a.props.roleDefinitionId);
      if (r) out.push(...r.permissions);
    }
    return out;
  }

  can(action: string, scope: string): boolean {
    return this.permissionsAt(scope).some((p) => permissionAllows(p, action));
  }

  /** True when the principal holds any assignment at, above or below `scope` (subscription visibility). */
  touches(scope: string): boolean {
    return this.mine().some(
      (a) => isWithinScope(scope, a.props.scope) || isWithinScope(a.props.scope, scope),
    );
  }

  roleSummaries(): { role: string; scope: string }[] {
    return this.mine().map((a) => ({
      role: this.role(a.props.roleDefinitionId)?.roleName ?? 'Unknown',
      scope: a.props.scope,
    }));
  }
}

/** Does `principalId` hold `action` at `scope`? (Used by the build simulator for service identities.) */
export function principalCan(world: World, principalId: string, action: string, scope: string): boolean {
  return new Authorizer(world, principalId).can(action, scope);
}

/** ARM's 403 for a denied action. */
export function authorizationFailed(
  client: string,
  objectId: string,
  action: string,
  scope: string,
): ArmError {
  return new ArmError(
    403,
    'AuthorizationFailed',
    `The client '${client}' with object id '${objectId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

/** Normalised scope comparison helper for providers. */
export function sameScope(a: string, b: string): boolean {
  return normalizeId(a) === normalizeId(b);
}
