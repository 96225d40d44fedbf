// Azure RBAC evaluation for control-plane actions: which role assignments apply at a scope (the scope
// itself or any parent), what each role definition allows (actions minus notActions, `*` wildcards,
// case-insensitive), and the least-privilege role that would grant what is missing. Pure.

import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import { permissionsAllow } from '@/lib/azure/rbac-actions';

export const VNET_READ = 'Microsoft.Network/virtualNetworks/read';
export const SUBNET_JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';
export const SUBNET_WRITE = 'Microsoft.Network/virtualNetworks/subnets/write';
export const SECURITY_RULE_WRITE = 'Microsoft.Network/networkSecurityGroups/securityRules/write';
export const ROLE_ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';
export const ROLE_DEFINITION_WRITE = 'Microsoft.Authorization/roleDefinitions/write';

function trimSlash(s: string): string {
  return s.replace(/\/+$/, '').toLowerCase();
}

/**
 * Whether an assignment at `assignmentScope` applies to `target`: the same scope or a parent of it
 * (subscription → resource group → resource → child resource). Management-group and root scopes cannot be
 * placed from the id alone; ARM only returns them for a scope they apply to, so they are taken as applying.
 */
export function scopeApplies(assignmentScope: string, target: string): boolean {
  const a = trimSlash(assignmentScope);
  const t = trimSlash(target);
  if (a === '' || a.startsWith('/providers/microsoft.management/managementgroups/')) return true;
  return t === a || t.startsWith(`${a}/`);
}

/** The GUID at the end of a role definition id (or the id itself when it is a bare GUID), lower-case. */
export function roleDefinitionKey(id: string | undefined): string {
  return (id ?? '').split('/').filter(Boolean).pop()?.toLowerCase() ?? '';
}

export interface Grant {
  assignment: RoleAssignment;
  definition: RoleDefinition;
}

export interface ActionResult {
  action: string;
  scope: string;
  granted: boolean;
  /** The assignment and role that grant it, when granted. */
  via?: Grant;
  /** Assignments that apply at the scope but whose role definition could not be read. */
  unknownRoles: RoleAssignment[];
}

/** Whether `principalId` holds `action` at `scope`, from real role assignments and role definitions. */
export function principalHasAction(input: {
  principalId: string;
  assignments: readonly RoleAssignment[];
  definitions: readonly RoleDefinition[];
  scope: string;
  action: string;
}): ActionResult {
  const byKey = new Map(input.definitions.map((d) => [roleDefinitionKey(d.id ?? d.name), d]));
  const unknownRoles: RoleAssignment[] = [];
  const applicable = input.assignments.filter(
    (a) =>
      (a.principalId ?? '').toLowerCase() === input.principalId.toLowerCase() &&
      scopeApplies(a.scope ?? scopeOfAssignmentId(a.id), input.scope),
  );
  for (const assignment of applicable) {
    const definition = byKey.get(roleDefinitionKey(assignment.roleDefinitionId));
    if (!definition) {
      unknownRoles.push(assignment);
      continue;
    }
    if (permissionsAllow(definition.permissions ?? [], input.action)) {
      return {
        action: input.action,
        scope: input.scope,
        granted: true,
        via: { assignment, definition },
        unknownRoles,
      };
    }
  }
  return { action: input.action, scope: input.scope, granted: false, unknownRoles };
}

/** The scope part of a role assignment id (`<scope>/providers/Microsoft.Authorization/roleAssignments/<guid>`). */
export function scopeOfAssignmentId(id: string | undefined): string {
  if (!id) return '/nonexistent';
  const marker = '/providers/microsoft.authorization/roleassignments/';
  const at = id.toLowerCase().lastIndexOf(marker);
  return at === -1 ? '/nonexistent' : id.slice(0, at) || '/';
}

/** Whether a role definition may be assigned at `scope` (one of its assignableScopes is the scope or a parent). */
export function assignableAt(definition: RoleDefinition, scope: string): boolean {
  const scopes = definition.assignableScopes ?? [];
  return scopes.some((s) => s === '/' || scopeApplies(s, scope));
}

function actionCount(definition: RoleDefinition): number {
  return (definition.permissions ?? []).reduce((n, p) => n + (p.actions ?? []).length, 0);
}

function hasWildcard(definition: RoleDefinition): boolean {
  return (definition.permissions ?? []).some((p) => (p.actions ?? []).some((a) => a.includes('*')));
}

/**
 * An existing custom role that grants every one of `actions`, may be assigned at `scope`, and holds
 * nothing broad (no wildcard), fewest actions first. Undefined when there is none (then Kiln offers to
 * create one).
 */
export function findLeastPrivilegeRole(
  definitions: readonly RoleDefinition[],
  scope: string,
  actions: readonly string[],
): RoleDefinition | undefined {
  return definitions
    .filter((d) => (d.roleType ?? '').toLowerCase() === 'customrole')
    .filter((d) => assignableAt(d, scope))
    .filter((d) => !hasWildcard(d))
    .filter((d) => actions.every((a) => permissionsAllow(d.permissions ?? [], a)))
    .sort((a, b) => actionCount(a) - actionCount(b) || (a.roleName ?? '').localeCompare(b.roleName ?? ''))[0];
}
