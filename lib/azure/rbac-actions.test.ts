import { describe, expect, it } from 'vitest';
import { actionMatches, permissionAllows, permissionsAllow } from './rbac-actions';

const VNET_READ = 'Microsoft.Network/virtualNetworks/read';
const SUBNET_JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';
const RUN = 'Microsoft.VirtualMachineImages/imageTemplates/run/action';

describe('actionMatches', () => {
  it('matches exactly, case-insensitively', () => {
    expect(actionMatches(VNET_READ, 'microsoft.network/virtualnetworks/READ')).toBe(true);
    expect(actionMatches(VNET_READ, SUBNET_JOIN)).toBe(false);
  });
  it('supports wildcards anywhere', () => {
    expect(actionMatches('*', SUBNET_JOIN)).toBe(true);
    expect(actionMatches('*/read', VNET_READ)).toBe(true);
    expect(actionMatches('*/read', SUBNET_JOIN)).toBe(false);
    expect(actionMatches('Microsoft.Network/*', SUBNET_JOIN)).toBe(true);
    expect(actionMatches('Microsoft.Network/virtualNetworks/*/action', SUBNET_JOIN)).toBe(true);
    expect(actionMatches('Microsoft.Compute/*', SUBNET_JOIN)).toBe(false);
  });
  it('does not treat dots or other regex characters as wildcards', () => {
    expect(actionMatches('MicrosoftXNetwork/*', SUBNET_JOIN)).toBe(false);
    expect(actionMatches('Microsoft.Network/(virtualNetworks)/read', VNET_READ)).toBe(false);
  });
});

describe('permission blocks (notActions)', () => {
  it('Owner (*) may run; Reader (*/read) may read but not run', () => {
    expect(permissionsAllow([{ actions: ['*'], notActions: [] }], RUN)).toBe(true);
    const reader = [{ actions: ['*/read'], notActions: [] }];
    expect(permissionsAllow(reader, RUN)).toBe(false);
    expect(permissionsAllow(reader, VNET_READ)).toBe(true);
  });
  it('subtracts notActions within the block', () => {
    const contributor = {
      actions: ['*'],
      notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write'],
    };
    expect(permissionAllows(contributor, RUN)).toBe(true);
    expect(permissionAllows(contributor, 'Microsoft.Authorization/roleAssignments/write')).toBe(false);
    const networkAllButJoin = { actions: ['Microsoft.Network/*'], notActions: [SUBNET_JOIN] };
    expect(permissionAllows(networkAllButJoin, VNET_READ)).toBe(true);
    expect(permissionAllows(networkAllButJoin, SUBNET_JOIN)).toBe(false);
  });
  it('any block may allow; notActions of one block do not deny another’s actions', () => {
    expect(permissionsAllow([{ actions: [] }, { actions: [SUBNET_JOIN] }], SUBNET_JOIN)).toBe(true);
    const perms = [
      { actions: ['*/read'] },
      { actions: ['microsoft.virtualmachineimages/imagetemplates/*'], notActions: ['*/delete'] },
    ];
    expect(permissionsAllow(perms, RUN)).toBe(true);
    expect(permissionsAllow(perms, 'Microsoft.VirtualMachineImages/imageTemplates/delete')).toBe(false);
    expect(permissionsAllow([], VNET_READ)).toBe(false);
  });
});
