import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import { describe, expect, it } from 'vitest';
import {
  assignableAt,
  findLeastPrivilegeRole,
  principalHasAction,
  roleDefinitionKey,
  scopeApplies,
  scopeOfAssignmentId,
  SUBNET_JOIN,
  VNET_READ,
} from './permissions';

const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const RG = `${SUB}/resourceGroups/rg-network`;
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/vnet-build`;
const SUBNET = `${VNET}/subnets/build`;
const PRINCIPAL = '11111111-2222-3333-4444-555555555555';

function def(
  guid: string,
  roleName: string,
  actions: string[],
  notActions: string[] = [],
  roleType = 'CustomRole',
): RoleDefinition {
  return {
    id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
    name: guid,
    roleName,
    roleType,
    permissions: [{ actions, notActions }],
    assignableScopes: [SUB],
  };
}

function assign(scope: string, roleGuid: string, principalId = PRINCIPAL): RoleAssignment {
  return {
    id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${roleGuid}-a`,
    scope,
    principalId,
    roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
  };
}

const networking = def('aaaa0000-0000-0000-0000-000000000001', 'AIB networking', [VNET_READ, SUBNET_JOIN]);
const contributor = def(
  'b24988ac-6180-42a0-ab88-20f7382dd24c',
  'Contributor',
  ['*'],
  ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write'],
  'BuiltInRole',
);
const reader = def('acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', ['*/read'], [], 'BuiltInRole');
const networkAllButJoin = def(
  'aaaa0000-0000-0000-0000-000000000002',
  'No join',
  ['Microsoft.Network/*'],
  ['Microsoft.Network/virtualNetworks/subnets/join/action'],
);
const definitions = [networking, contributor, reader, networkAllButJoin];

describe('scopes', () => {
  it('inherits from parents, not from siblings or children', () => {
    expect(scopeApplies(SUB, SUBNET)).toBe(true);
    expect(scopeApplies(RG.toLowerCase().replace('resourcegroups', 'resourcegroups'), SUBNET)).toBe(true);
    expect(scopeApplies(VNET, SUBNET)).toBe(true);
    expect(scopeApplies(SUBNET, SUBNET)).toBe(true);
    expect(scopeApplies(SUBNET, VNET)).toBe(false);
    expect(scopeApplies(`${RG}2`, SUBNET)).toBe(false);
    expect(scopeApplies(`${VNET}/subnets/aci`, SUBNET)).toBe(false);
  });
  it('is case-insensitive (resourcegroups vs resourceGroups) and ignores trailing slashes', () => {
    expect(scopeApplies(`${SUB}/resourcegroups/RG-NETWORK/`, SUBNET)).toBe(true);
  });
  it('takes management group and root scopes as applying', () => {
    expect(scopeApplies('/providers/Microsoft.Management/managementGroups/contoso', SUBNET)).toBe(true);
    expect(scopeApplies('/', SUBNET)).toBe(true);
  });
  it('reads the scope out of an assignment id', () => {
    expect(scopeOfAssignmentId(`${VNET}/providers/Microsoft.Authorization/roleAssignments/x`)).toBe(VNET);
    expect(scopeOfAssignmentId('/providers/Microsoft.Authorization/roleAssignments/x')).toBe('/');
  });
  it('roleDefinitionKey takes the GUID', () => {
    expect(roleDefinitionKey(networking.id)).toBe('aaaa0000-0000-0000-0000-000000000001');
    expect(roleDefinitionKey('ABC')).toBe('abc');
  });
});

describe('principalHasAction', () => {
  const base = { principalId: PRINCIPAL, definitions, scope: SUBNET, action: SUBNET_JOIN };
  it('grants through an assignment at a parent scope', () => {
    const result = principalHasAction({
      ...base,
      assignments: [assign(RG, roleDefinitionKey(networking.id))],
    });
    expect(result.granted).toBe(true);
    expect(result.via?.definition.roleName).toBe('AIB networking');
  });
  it('does not grant from a role that only reads', () => {
    expect(
      principalHasAction({ ...base, assignments: [assign(SUB, roleDefinitionKey(reader.id))] }).granted,
    ).toBe(false);
    expect(
      principalHasAction({
        ...base,
        action: VNET_READ,
        scope: VNET,
        assignments: [assign(SUB, roleDefinitionKey(reader.id))],
      }).granted,
    ).toBe(true);
  });
  it('respects notActions, but another assignment can still grant', () => {
    const noJoin = assign(VNET, roleDefinitionKey(networkAllButJoin.id));
    expect(principalHasAction({ ...base, assignments: [noJoin] }).granted).toBe(false);
    expect(
      principalHasAction({ ...base, assignments: [noJoin, assign(SUB, roleDefinitionKey(contributor.id))] })
        .granted,
    ).toBe(true);
  });
  it('ignores other principals and assignments on other resources', () => {
    expect(
      principalHasAction({
        ...base,
        assignments: [assign(SUB, roleDefinitionKey(contributor.id), 'someone-else')],
      }).granted,
    ).toBe(false);
    expect(
      principalHasAction({
        ...base,
        assignments: [assign(`${VNET}/subnets/aci`, roleDefinitionKey(contributor.id))],
      }).granted,
    ).toBe(false);
  });
  it('reports assignments whose role definition it could not read', () => {
    const result = principalHasAction({
      ...base,
      assignments: [assign(SUB, 'ffffffff-0000-0000-0000-000000000000')],
    });
    expect(result.granted).toBe(false);
    expect(result.unknownRoles).toHaveLength(1);
  });
  it('uses the scope from the id when the assignment has no scope field', () => {
    const a = assign(RG, roleDefinitionKey(networking.id));
    delete (a as { scope?: string }).scope;
    expect(principalHasAction({ ...base, assignments: [a] }).granted).toBe(true);
  });
});

describe('findLeastPrivilegeRole', () => {
  it('finds the custom role holding both actions', () => {
    expect(findLeastPrivilegeRole(definitions, VNET, [VNET_READ, SUBNET_JOIN])?.roleName).toBe(
      'AIB networking',
    );
  });
  it('skips built-in roles, wildcard roles and roles not assignable at the scope', () => {
    const wide = def('aaaa0000-0000-0000-0000-000000000003', 'Wide', ['Microsoft.Network/*']);
    const elsewhere = {
      ...networking,
      name: 'x',
      id: 'x',
      assignableScopes: [`${SUB}/resourceGroups/other`],
    };
    expect(
      findLeastPrivilegeRole([contributor, wide, elsewhere], VNET, [VNET_READ, SUBNET_JOIN]),
    ).toBeUndefined();
    expect(assignableAt(elsewhere, VNET)).toBe(false);
  });
  it('prefers the role with fewer actions', () => {
    const bigger = def('aaaa0000-0000-0000-0000-000000000004', 'Bigger', [
      VNET_READ,
      SUBNET_JOIN,
      'Microsoft.Network/networkInterfaces/read',
    ]);
    expect(findLeastPrivilegeRole([bigger, networking], VNET, [VNET_READ, SUBNET_JOIN])?.roleName).toBe(
      'AIB networking',
    );
  });
});
