import { describe, expect, it } from 'vitest';
import { toStagingResource } from './list-staging-resources';

const RG = '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/IT_rg-images_t_1';

describe('a listed staging resource, from ARM’s JSON', () => {
  it('takes the expanded fields, times as ISO 8601 UTC', () => {
    expect(
      toStagingResource({
        id: `${RG}/providers/Microsoft.Compute/virtualMachines/pkrvm1`,
        name: 'pkrvm1',
        type: 'Microsoft.Compute/virtualMachines',
        location: 'eastus',
        provisioningState: 'Creating',
        createdTime: '2026-12-05T12:00:01.5+00:00',
        tags: { createdBy: 'AzureVMImageBuilder' },
      }),
    ).toEqual({
      id: `${RG}/providers/Microsoft.Compute/virtualMachines/pkrvm1`,
      name: 'pkrvm1',
      type: 'Microsoft.Compute/virtualMachines',
      location: 'eastus',
      provisioningState: 'Creating',
      createdTime: '2026-12-05T12:00:01.500Z',
      tags: { createdBy: 'AzureVMImageBuilder' },
    });
  });

  it('skips an entry without a text id or type, and leaves out fields of the wrong type', () => {
    expect(toStagingResource({ id: 7, type: 'Microsoft.Compute/disks' })).toBeUndefined();
    expect(toStagingResource({ id: `${RG}/providers/Microsoft.Compute/disks/d1` })).toBeUndefined();
    expect(
      toStagingResource({
        id: `${RG}/providers/Microsoft.Compute/disks/d1`,
        type: 'Microsoft.Compute/disks',
        name: { x: 1 },
        provisioningState: 3,
        createdTime: 'yesterday',
        tags: { a: 'b', c: 1 },
      }),
    ).toEqual({
      id: `${RG}/providers/Microsoft.Compute/disks/d1`,
      name: 'd1',
      type: 'Microsoft.Compute/disks',
      tags: { a: 'b' },
    });
  });
});
