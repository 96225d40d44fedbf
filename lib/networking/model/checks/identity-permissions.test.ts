import type { RoleAssignment } from '@azure/arm-authorization';
import { describe, expect, it } from 'vitest';
import type { RoleFix } from '../fixes';
import { SUBNET_JOIN, VNET_READ } from '../permissions';
import { SUB, VNET, BUILD, PRINCIPAL, networkingRole, readerRole, granted, layout3, byId } from './fixtures';
import { failed, ok } from './inputs';
import { runChecks } from './run-checks';

describe('identity permissions', () => {
  it('passes with the networking role on the resource group', () => {
    const r = byId(runChecks(layout3()), 'identity-permissions');
    expect(r.status).toBe('pass');
    expect(r.details?.[0]).toMatch(/Azure Image Builder Service Networking Role/);
  });
  it('fails with only Reader; offers to assign the existing custom role on the VNet', () => {
    const assignments: RoleAssignment[] = [
      { scope: SUB, principalId: PRINCIPAL, roleDefinitionId: readerRole.id },
    ];
    const r = byId(
      runChecks(
        layout3({
          identity: {
            principalId: PRINCIPAL,
            assignments: ok(assignments),
            definitions: ok([networkingRole, readerRole]),
          },
        }),
      ),
      'identity-permissions',
    );
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/subnets\/join\/action/);
    expect(r.reason).not.toMatch(/virtualNetworks\/read/);
    const fix = r.fixes?.[0] as RoleFix;
    expect(fix.createDefinition).toBeUndefined();
    expect(fix.assignment.scope).toBe(VNET);
    expect(fix.assignment.parameters).toEqual({
      roleDefinitionId: networkingRole.id,
      principalId: PRINCIPAL,
      principalType: 'ServicePrincipal',
    });
    expect(fix.requests).toHaveLength(1);
    expect(fix.requires).toEqual([{ action: 'Microsoft.Authorization/roleAssignments/write', scope: VNET }]);
  });
  it('creates a least-privilege custom role when the subscription has none', () => {
    const r = byId(
      runChecks(
        layout3({ identity: { principalId: PRINCIPAL, assignments: ok([]), definitions: ok([readerRole]) } }),
      ),
      'identity-permissions',
    );
    const fix = r.fixes?.[0] as RoleFix;
    expect(fix.createDefinition?.parameters.permissions).toEqual([
      { actions: [VNET_READ, SUBNET_JOIN], notActions: [], dataActions: [], notDataActions: [] },
    ]);
    expect(fix.createDefinition?.parameters.assignableScopes).toEqual([SUB]);
    expect(fix.requests.map((q) => q.path)).toEqual([
      expect.stringMatching(
        new RegExp(`^${SUB}/providers/Microsoft.Authorization/roleDefinitions/[0-9a-f-]{36}$`),
      ),
      expect.stringMatching(
        new RegExp(`^${VNET}/providers/Microsoft.Authorization/roleAssignments/[0-9a-f-]{36}$`),
      ),
    ]);
    expect(fix.assignment.parameters.roleDefinitionId).toBe(fix.requests[0]?.path);
    expect(fix.requires.map((x) => x.action)).toEqual([
      'Microsoft.Authorization/roleDefinitions/write',
      'Microsoft.Authorization/roleAssignments/write',
    ]);
    // Stable names: the same fix twice names the same resources.
    const again = byId(
      runChecks(
        layout3({ identity: { principalId: PRINCIPAL, assignments: ok([]), definitions: ok([readerRole]) } }),
      ),
      'identity-permissions',
    ).fixes?.[0] as RoleFix;
    expect(again.requests.map((q) => q.path)).toEqual(fix.requests.map((q) => q.path));
  });
  it('checks join on both subnets: an assignment on the build subnet only is not enough', () => {
    const r = byId(
      runChecks(
        layout3({
          identity: {
            principalId: PRINCIPAL,
            assignments: ok([
              ...granted(BUILD),
              ...granted(VNET).map((a) => ({ ...a, roleDefinitionId: readerRole.id })),
            ]),
            definitions: ok([networkingRole, readerRole]),
          },
        }),
      ),
      'identity-permissions',
    );
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/on aci/);
  });
  it('fails without an identity, cannot verify without the assignments', () => {
    expect(byId(runChecks(layout3({ identity: undefined })), 'identity-permissions').status).toBe('fail');
    const r = byId(
      runChecks(
        layout3({
          identity: {
            principalId: PRINCIPAL,
            assignments: failed('403 AuthorizationFailed'),
            definitions: ok([]),
          },
        }),
      ),
      'identity-permissions',
    );
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
  });
  it('warns (cannot verify) when an applicable assignment names an unreadable role', () => {
    const assignments: RoleAssignment[] = [
      {
        scope: SUB,
        principalId: PRINCIPAL,
        roleDefinitionId: `${SUB}/providers/Microsoft.Authorization/roleDefinitions/99999999-0000-0000-0000-000000000000`,
      },
    ];
    const r = byId(
      runChecks(
        layout3({ identity: { principalId: PRINCIPAL, assignments: ok(assignments), definitions: ok([]) } }),
      ),
      'identity-permissions',
    );
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
  });
});
