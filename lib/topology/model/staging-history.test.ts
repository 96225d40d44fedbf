import { describe, expect, it } from 'vitest';
import { observe } from './staging-history';
import type { StagingResource } from './types';

const rg = '/subscriptions/s/resourceGroups/IT_rg_t_1/providers';
const vm: StagingResource = {
  id: `${rg}/Microsoft.Compute/virtualMachines/vm`,
  name: 'vm',
  type: 'Microsoft.Compute/virtualMachines',
};
const nic: StagingResource = {
  id: `${rg}/Microsoft.Network/networkInterfaces/nic`,
  name: 'nic',
  type: 'Microsoft.Network/networkInterfaces',
};

describe('a staging group history', () => {
  it('keeps when each resource was first seen, and when it went', () => {
    const first = observe({}, [vm, nic], 1_000);
    const second = observe(first, [vm], 2_000);
    const [vmEntry, nicEntry] = [second[Object.keys(first)[0] ?? ''], second[Object.keys(first)[1] ?? '']];
    expect(vmEntry).toMatchObject({ firstSeenAt: 1_000 });
    expect(vmEntry?.goneAt).toBeUndefined();
    expect(nicEntry).toMatchObject({ firstSeenAt: 1_000, goneAt: 2_000 });
    // Still gone later: the time it went does not move.
    expect(Object.values(observe(second, [vm], 3_000)).find((h) => h.resource.name === 'nic')?.goneAt).toBe(
      2_000,
    );
  });

  it('starts a resource that comes back anew, and never changes the history it was given', () => {
    const gone = observe(observe({}, [nic], 1_000), [], 2_000);
    const back = observe(gone, [nic], 3_000);
    expect(Object.values(back)[0]).toEqual({ resource: nic, firstSeenAt: 3_000 });
    expect(Object.values(gone)[0]).toMatchObject({ goneAt: 2_000 });
  });
});
