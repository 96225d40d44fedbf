import { describe, expect, it } from 'vitest';
import { NETWORK_LAYOUT_LABELS, isRunActive, isUnsetTime, networkLayoutOf } from './aib';

describe('network layout naming', () => {
  it('names the three layouts with the labels used everywhere', () => {
    expect(NETWORK_LAYOUT_LABELS[networkLayoutOf(undefined)]).toBe('Image Builder network');
    expect(NETWORK_LAYOUT_LABELS[networkLayoutOf({ proxyVmSize: 'Standard_A1_v2' })]).toBe(
      'Image Builder network',
    );
    expect(NETWORK_LAYOUT_LABELS[networkLayoutOf({ subnetId: '/s/build' })]).toBe(
      'Your subnet + Private Link proxy',
    );
    expect(
      NETWORK_LAYOUT_LABELS[networkLayoutOf({ subnetId: '/s/build', containerInstanceSubnetId: '/s/aci' })],
    ).toBe('Your subnets (build + container instance)');
  });
});

describe('run state', () => {
  it('knows active runs and AIB’s unset end time', () => {
    expect(isRunActive('Running')).toBe(true);
    expect(isRunActive('Canceling')).toBe(true);
    expect(isRunActive('Failed')).toBe(false);
    expect(isRunActive(undefined)).toBe(false);
    expect(isUnsetTime(new Date('0001-01-01T00:00:00Z'))).toBe(true);
    expect(isUnsetTime('0001-01-01T00:00:00Z')).toBe(true);
    expect(isUnsetTime(new Date('2026-01-01T00:00:00Z'))).toBe(false);
    expect(isUnsetTime(undefined)).toBe(true);
  });
});
