import { describe, expect, it } from 'vitest';
import { MemoryWorld } from '../core/store.ts';
import { addRoleAssignment, seedPlatform, putRoleDefinition } from '../world/platform-seed.ts';
import { SUBSCRIPTIONS, USERS, AUTOMATION_CLIENT } from '../world/identities.ts';
import { actionMatches, Authorizer, principalCan, ROLE_IDS } from './rbac.ts';

const DEV = `/subscriptions/${SUBSCRIPTIONS.dev.subscriptionId}`;
const PROD = `/subscriptions/${SUBSCRIPTIONS.prod.subscriptionId}`;
const VNET = `${DEV}/resourceGroups/rg-networking/providers/Microsoft.Network/virtualNetworks/vnet-build`;
const SUBNET = `${VNET}/subnets/snet-build`;

function world(): MemoryWorld {
  const w = new MemoryWorld();
  seedPlatform(w);
  return w;
}

describe('actionMatches', () => {
  it.each([
    ['*', 'Microsoft.Compute/virtualMachines/write', true],
    ['*/read', 'Microsoft.Compute/virtualMachines/read', true],
    ['*/read', 'Microsoft.Compute/virtualMachines/write', false],
    ['Microsoft.Compute/*', 'microsoft.compute/disks/delete', true],
    ['Microsoft.Compute/*', 'Microsoft.Network/virtualNetworks/read', false],
    ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/roleAssignments/write', true],
    [
      'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
      'Microsoft.ManagedIdentity/userAssignedIdentities/assign/action',
      false,
    ],
  ])('%s vs %s → %s', (pattern, action, expected) => {
    expect(actionMatches(pattern, action)).toBe(expected);
  });
});

describe('role assignments and inheritance', () => {
  it('Owner of a subscription may do anything below it, nothing in another subscription', () => {
    const w = world();
    const a = new Authorizer(w, USERS.owner.objectId);
    expect(a.can('Microsoft.Network/virtualNetworks/write', VNET)).toBe(true);
    expect(a.can('Microsoft.Authorization/roleAssignments/write', `${DEV}/resourceGroups/x`)).toBe(true);
    const r = new Authorizer(w, USERS.reader.objectId);
    expect(
      r.can(
        'Microsoft.Network/virtualNetworks/read',
        `${PROD}/resourceGroups/x/providers/Microsoft.Network/virtualNetworks/v`,
      ),
    ).toBe(true);
    expect(
      r.can(
        'Microsoft.Network/virtualNetworks/write',
        `${PROD}/resourceGroups/x/providers/Microsoft.Network/virtualNetworks/v`,
      ),
    ).toBe(false);
    expect(r.can('Microsoft.Network/virtualNetworks/read', VNET)).toBe(false);
  });

  it('Contributor of one resource group: everything there except Authorization writes, nothing elsewhere', () => {
    const w = world();
    const c = new Authorizer(w, USERS.contributor.objectId);
    const rg = `${DEV}/resourceGroups/rg-images-team`;
    expect(
      c.can(
        'Microsoft.VirtualMachineImages/imageTemplates/run/action',
        `${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/t`,
      ),
    ).toBe(true);
    expect(c.can('Microsoft.Authorization/roleAssignments/write', rg)).toBe(false);
    expect(c.can('Microsoft.Authorization/roleAssignments/read', rg)).toBe(true);
    expect(
      c.can('Microsoft.Resources/subscriptions/resourceGroups/read', `${DEV}/resourceGroups/rg-images`),
    ).toBe(false);
    expect(c.touches(DEV)).toBe(true);
    expect(c.touches(PROD)).toBe(false);
  });

  it('the automation principal owns both subscriptions; Nia holds nothing', () => {
    const w = world();
    expect(
      principalCan(
        w,
        AUTOMATION_CLIENT.objectId,
        'Microsoft.Compute/images/write',
        `${PROD}/resourceGroups/a`,
      ),
    ).toBe(true);
    expect(new Authorizer(w, USERS.nobody.objectId).roleSummaries()).toEqual([]);
  });

  it('answers for service identities: subnets/join/action through the AIB networking role', () => {
    const w = world();
    const withRole = 'bbbbbbbb-0000-4000-8000-000000000001';
    const without = 'bbbbbbbb-0000-4000-8000-000000000002';
    addRoleAssignment(w, {
      scope: VNET,
      roleDefinitionGuid: ROLE_IDS.aibNetworking,
      principalId: withRole,
      principalType: 'ServicePrincipal',
    });
    addRoleAssignment(w, {
      scope: `${DEV}/resourceGroups/rg-networking`,
      roleDefinitionGuid: ROLE_IDS.reader,
      principalId: without,
      principalType: 'ServicePrincipal',
    });
    const join = 'Microsoft.Network/virtualNetworks/subnets/join/action';
    expect(principalCan(w, withRole, join, SUBNET)).toBe(true);
    expect(principalCan(w, withRole, 'Microsoft.Network/virtualNetworks/read', VNET)).toBe(true);
    expect(principalCan(w, withRole, 'Microsoft.Network/virtualNetworks/write', VNET)).toBe(false);
    expect(principalCan(w, without, join, SUBNET)).toBe(false);
  });

  it('notActions are subtracted per role, not across roles', () => {
    const w = world();
    const p = 'cccccccc-0000-4000-8000-000000000003';
    putRoleDefinition(w, 'dddddddd-0000-4000-8000-000000000004', {
      roleName: 'No deletes',
      type: 'CustomRole',
      description: '',
      assignableScopes: [DEV],
      permissions: [{ actions: ['*'], notActions: ['*/delete'], dataActions: [], notDataActions: [] }],
    });
    addRoleAssignment(w, {
      scope: DEV,
      roleDefinitionGuid: 'dddddddd-0000-4000-8000-000000000004',
      principalId: p,
    });
    expect(principalCan(w, p, 'Microsoft.Network/virtualNetworks/delete', VNET)).toBe(false);
    addRoleAssignment(w, { scope: VNET, roleDefinitionGuid: ROLE_IDS.networkContributor, principalId: p });
    expect(principalCan(w, p, 'Microsoft.Network/virtualNetworks/delete', VNET)).toBe(true);
  });
});
