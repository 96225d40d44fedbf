import { describe, expect, it } from 'vitest';
import { toRoleAssignment, toRoleDefinition } from './authorization-json';

const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590';

describe("Microsoft.Authorization's JSON in the SDK's shapes", () => {
  it('names a definition’s properties.type roleType and keeps the resource type as type', () => {
    const d = toRoleDefinition({
      id: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/4d97b98b-1d4f-4787-a291-c67834d212e7`,
      name: '4d97b98b-1d4f-4787-a291-c67834d212e7',
      type: 'Microsoft.Authorization/roleDefinitions',
      properties: {
        roleName: 'Network Contributor',
        type: 'BuiltInRole',
        permissions: [
          { actions: ['Microsoft.Network/*'], notActions: [], dataActions: [], notDataActions: [] },
        ],
        assignableScopes: ['/'],
        createdOn: '2015-06-02T00:18:27.3542698Z',
      },
    });
    expect(d.type).toBe('Microsoft.Authorization/roleDefinitions');
    expect(d.roleType).toBe('BuiltInRole');
    expect(d.roleName).toBe('Network Contributor');
    expect(d.permissions?.[0]?.actions).toEqual(['Microsoft.Network/*']);
    expect(d.assignableScopes).toEqual(['/']);
    expect(d.createdOn).toEqual(new Date('2015-06-02T00:18:27.354Z'));
  });

  it('merges an assignment’s properties and reads its dates; a date that is not one is left out', () => {
    const a = toRoleAssignment({
      id: `${SUB}/providers/Microsoft.Authorization/roleAssignments/a1`,
      name: 'a1',
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        scope: SUB,
        roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/r1`,
        principalId: 'p1',
        principalType: 'ServicePrincipal',
        createdOn: 'not a date',
        updatedOn: '2026-01-02T03:04:05Z',
      },
    });
    expect(a).toMatchObject({ scope: SUB, principalId: 'p1', principalType: 'ServicePrincipal', name: 'a1' });
    expect(a.roleDefinitionId).toMatch(/roleDefinitions\/r1$/);
    expect('createdOn' in a).toBe(false);
    expect(a.updatedOn).toEqual(new Date('2026-01-02T03:04:05Z'));
  });

  it('keeps only permission blocks that are objects, and only text in their action lists', () => {
    const d = toRoleDefinition({
      type: 'Microsoft.Authorization/roleDefinitions',
      properties: {
        type: 'CustomRole',
        permissions: [
          { actions: ['Microsoft.Network/virtualNetworks/read', 42, null], notActions: 'oops' },
          'not a block',
        ],
      },
    });
    expect(d.permissions).toEqual([{ actions: ['Microsoft.Network/virtualNetworks/read'] }]);
    expect('permissions' in toRoleDefinition({ properties: { permissions: 'all' } })).toBe(false);
  });

  it('leaves out an assignment’s ids and principal when they are not text', () => {
    const a = toRoleAssignment({
      name: 'a2',
      properties: { principalId: { $ne: 1 }, scope: 7, roleDefinitionId: 'r' },
    });
    expect(a).toEqual({ name: 'a2', roleDefinitionId: 'r' });
  });

  it('gives an empty object for what is not an object', () => {
    expect(toRoleAssignment(null)).toEqual({});
    expect(toRoleDefinition('x')).toEqual({});
  });
});
