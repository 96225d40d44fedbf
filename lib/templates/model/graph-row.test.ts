import { describe, expect, it } from 'vitest';
import { toRow } from './list';
import { graphRowToImageTemplate } from './graph-row';

const ID =
  '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/rg-a/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu';

describe('a Resource Graph template row', () => {
  it('becomes the ImageTemplate the list shows, run times as Dates', () => {
    const t = graphRowToImageTemplate({
      id: ID,
      name: 'ubuntu',
      type: 'microsoft.virtualmachineimages/imagetemplates',
      location: 'eastus',
      subscriptionId: '0b1f6471-1bf0-4dda-aec3-cb9272f09590',
      resourceGroup: 'rg-a',
      tags: {},
      source: {
        type: 'PlatformImage',
        publisher: 'Canonical',
        offer: 'ubuntu-24_04-lts',
        sku: 'server',
        version: 'latest',
      },
      vmProfile: { vmSize: 'Standard_D2s_v3', vnetConfig: { subnetId: `${ID}/x` } },
      lastRunStatus: {
        runState: 'Failed',
        runSubState: 'Customizing',
        startTime: '2026-12-01T10:00:00Z',
        endTime: '2026-12-01T10:20:00Z',
        message: 'x',
      },
      provisioningState: 'Succeeded',
      provisioningError: null,
      exactStagingResourceGroup:
        '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590/resourceGroups/IT_rg-a_ubuntu_1',
    });
    expect(t.lastRunStatus?.startTime).toEqual(new Date('2026-12-01T10:00:00Z'));
    expect(t.provisioningError).toBeUndefined();
    const row = toRow(t, 'Contoso Dev');
    expect(row).toMatchObject({
      name: 'ubuntu',
      resourceGroup: 'rg-a',
      state: 'Failed',
      runSubState: 'Customizing',
      durationMs: 20 * 60_000,
      provisioningState: 'Succeeded',
      subscriptionName: 'Contoso Dev',
    });
    expect(row.layout).toBe('private-link');
  });

  it('a template never built has no run', () => {
    const t = graphRowToImageTemplate({ id: ID, name: 'ubuntu', location: 'eastus', lastRunStatus: null });
    expect(toRow(t, 'Dev')).toMatchObject({ state: 'NotRun', startTime: undefined });
  });
});
