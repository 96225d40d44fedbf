import { describe, expect, it } from 'vitest';
import { AIB_ACTIONS, isActionAllowed } from './permissions';

describe('isActionAllowed', () => {
  it('Owner (*) may run', () => {
    expect(isActionAllowed([{ actions: ['*'], notActions: [] }], AIB_ACTIONS.run)).toBe(true);
  });
  it('Reader (*/read) may not run but may read', () => {
    const reader = [{ actions: ['*/read'], notActions: [] }];
    expect(isActionAllowed(reader, AIB_ACTIONS.run)).toBe(false);
    expect(isActionAllowed(reader, AIB_ACTIONS.read)).toBe(true);
  });
  it('Contributor excludes authorization writes through notActions', () => {
    const contributor = [
      { actions: ['*'], notActions: ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write'] },
    ];
    expect(isActionAllowed(contributor, AIB_ACTIONS.run)).toBe(true);
    expect(isActionAllowed(contributor, 'Microsoft.Authorization/roleAssignments/write')).toBe(false);
  });
  it('matches case-insensitively and unions entries', () => {
    const perms = [
      { actions: ['*/read'] },
      { actions: ['microsoft.virtualmachineimages/imagetemplates/*'], notActions: ['*/delete'] },
    ];
    expect(isActionAllowed(perms, AIB_ACTIONS.run)).toBe(true);
    expect(isActionAllowed(perms, AIB_ACTIONS.delete)).toBe(false);
    expect(isActionAllowed([], AIB_ACTIONS.read)).toBe(false);
  });
});
