import { describe, expect, it } from 'vitest';
import { osOfTemplate, runInfo, userSubnetsOf } from './template';

const B = '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/build';
const A = '/subscriptions/s/resourceGroups/n/providers/Microsoft.Network/virtualNetworks/v/subnets/aci';

describe('template facts for the topology', () => {
  it('user subnets from vnetConfig', () => {
    expect(
      userSubnetsOf({ vmProfile: { vnetConfig: { subnetId: B, containerInstanceSubnetId: A } } }).map(
        (s) => s.use,
      ),
    ).toEqual(['build', 'containerInstance']);
  });

  it('OS from the source or Windows customizers', () => {
    expect(
      osOfTemplate({
        source: { type: 'PlatformImage', publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer' },
      }),
    ).toBe('Windows');
    expect(
      osOfTemplate({ source: { type: 'PlatformImage', publisher: 'Canonical', offer: 'ubuntu-24_04-lts' } }),
    ).toBe('Linux');
    expect(osOfTemplate({ source: { type: 'ManagedImage' }, customize: [{ type: 'WindowsRestart' }] })).toBe(
      'Windows',
    );
  });

  it('run info ignores the 0001-01-01 end time of a running build', () => {
    const r = runInfo({
      lastRunStatus: {
        runState: 'Running',
        runSubState: 'Building',
        startTime: '2026-11-24T10:00:00Z',
        endTime: '0001-01-01T00:00:00Z',
      },
    });
    expect(r.phase).toBe('running');
    expect(r.end).toBeUndefined();
    expect(
      runInfo({
        lastRunStatus: { runState: 'Succeeded', startTime: new Date(0), endTime: '2026-11-24T10:30:00Z' },
      }).end,
    ).toBe(Date.parse('2026-11-24T10:30:00Z'));
    expect(runInfo({}).phase).toBe('none');
  });
});
