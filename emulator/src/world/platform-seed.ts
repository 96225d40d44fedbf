// The platform's part of the seed world: the two subscriptions, every role definition (Azure's
// built-ins and the custom AIB networking role), the demo users' and the automation principal's role
// assignments, and the resource providers' registration. The Image Builder seed (seed.ts) adds resource
// groups, resources and the identities' own role assignments with `addRoleAssignment`.
import { createHash } from 'node:crypto';
import type { World } from '../core/types.ts';
import { BUILT_IN_ROLES, ROLE_IDS, aibNetworkingRole, type RoleDefinitionProperties } from '../auth/roles.ts';
import {
  roleDefinitionIdAt,
  roleDefinitionStoreId,
  ROLE_ASSIGNMENT_TYPE,
  ROLE_DEFINITION_TYPE,
  type RoleAssignmentProperties,
} from '../auth/rbac.ts';
import { AUTOMATION_CLIENT, SUBSCRIPTIONS, TENANT_ID, USERS } from './identities.ts';

/** Where the seed's timestamps start (fixed so the seed is deterministic). */
export const SEED_TIME = '2026-01-05T09:00:00.0000000Z';

/** Deterministic GUID from a seed string (a v4-shaped hash, so the same seed gives the same id). */
export function stableGuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function subscriptionScope(key: keyof typeof SUBSCRIPTIONS): string {
  return `/subscriptions/${SUBSCRIPTIONS[key].subscriptionId}`;
}

export function putRoleDefinition(world: World, guid: string, props: RoleDefinitionProperties): void {
  world.put({
    id: roleDefinitionStoreId(guid),
    name: guid,
    type: ROLE_DEFINITION_TYPE,
    properties: { createdOn: SEED_TIME, updatedOn: SEED_TIME, createdBy: null, updatedBy: null, ...props },
  });
}

/**
 * Adds (or replaces) a role assignment at `scope` for `principalId`. The assignment's name is a
 * deterministic GUID of (scope, role, principal) unless given.
 */
export function addRoleAssignment(
  world: World,
  a: {
    scope: string;
    roleDefinitionGuid: string;
    principalId: string;
    principalType?: RoleAssignmentProperties['principalType'];
    name?: string;
    createdOn?: string;
  },
): string {
  const name = a.name ?? stableGuid(`${a.scope.toLowerCase()}|${a.roleDefinitionGuid}|${a.principalId}`);
  const scope = a.scope.replace(/\/+$/, '');
  const props: RoleAssignmentProperties = {
    roleDefinitionId: roleDefinitionIdAt(scope, a.roleDefinitionGuid),
    principalId: a.principalId,
    principalType: a.principalType ?? 'User',
    scope,
    condition: null,
    conditionVersion: null,
    description: null,
    createdOn: a.createdOn ?? SEED_TIME,
    updatedOn: a.createdOn ?? SEED_TIME,
    createdBy: null,
    updatedBy: null,
    delegatedManagedIdentityResourceId: null,
  };
  const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`;
  world.put({ id, name, type: ROLE_ASSIGNMENT_TYPE, properties: { ...props } });
  return id;
}

/** The resource group Cole Contributor may work in (Contoso Dev). */
export const TEAM_RESOURCE_GROUP = 'rg-images-team';

export function seedPlatform(world: World): void {
  for (const key of ['dev', 'prod'] as const) {
    const s = SUBSCRIPTIONS[key];
    world.put({
      id: `/subscriptions/${s.subscriptionId}`,
      name: s.subscriptionId,
      type: 'Microsoft.Resources/subscriptions',
      subscriptionId: s.subscriptionId,
      tenantId: TENANT_ID,
      displayName: s.displayName,
      state: 'Enabled',
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      subscriptionPolicies: {
        locationPlacementId: 'Public_2014-09-01',
        quotaId: key === 'prod' ? 'EnterpriseAgreement_2014-09-01' : 'MSDN_2014-09-01',
        spendingLimit: 'Off',
      },
    });
  }
  for (const [guid, props] of Object.entries(BUILT_IN_ROLES)) putRoleDefinition(world, guid, props);
  putRoleDefinition(
    world,
    ROLE_IDS.aibNetworking,
    aibNetworkingRole([subscriptionScope('dev'), subscriptionScope('prod')]),
  );

  const dev = subscriptionScope('dev');
  const prod = subscriptionScope('prod');
  addRoleAssignment(world, {
    scope: dev,
    roleDefinitionGuid: ROLE_IDS.owner,
    principalId: USERS.owner.objectId,
  });
  addRoleAssignment(world, {
    scope: prod,
    roleDefinitionGuid: ROLE_IDS.owner,
    principalId: USERS.owner.objectId,
  });
  addRoleAssignment(world, {
    scope: prod,
    roleDefinitionGuid: ROLE_IDS.reader,
    principalId: USERS.reader.objectId,
  });
  addRoleAssignment(world, {
    scope: `${dev}/resourceGroups/${TEAM_RESOURCE_GROUP}`,
    roleDefinitionGuid: ROLE_IDS.contributor,
    principalId: USERS.contributor.objectId,
  });
  for (const scope of [dev, prod]) {
    addRoleAssignment(world, {
      scope,
      roleDefinitionGuid: ROLE_IDS.owner,
      principalId: AUTOMATION_CLIENT.objectId,
      principalType: 'ServicePrincipal',
    });
  }
}
