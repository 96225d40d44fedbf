import { describe, expect, it } from 'vitest';
import { BUILD, subnet, side, layout3, layout2, byId } from './fixtures';
import { failed, loading } from './inputs';
import { allSettled, failingChecks, runChecks } from './run-checks';

describe('runChecks: which checks per layout', () => {
  it('layout 1 has nothing of yours to check', () => {
    const results = runChecks({
      templateLocation: 'eastus',
      choice: { layout: 'aib-network' },
      vnet: loading,
    });
    expect(results).toHaveLength(1);
    expect(results[0]?.status).toBe('pass');
  });
  it('layout 3, all good: every check passes', () => {
    const results = runChecks(layout3());
    expect(results.map((r) => r.id)).toEqual([
      'region',
      'build-subnet-usable',
      'same-vnet',
      'different-subnets',
      'no-proxy-size',
      'aci-delegation',
      'nsg-build-vm-access',
      'nsg-aci-internet',
      'outbound-build',
      'outbound-aci',
      'identity-permissions',
    ]);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(failingChecks(results)).toEqual([]);
  });
  it('layout 2, all good: every check passes', () => {
    const results = runChecks(layout2());
    expect(results.map((r) => r.id)).toEqual([
      'region',
      'build-subnet-usable',
      'private-link-policies',
      'nsg-private-link',
      'nsg-build-vm-access',
      'outbound-build',
      'identity-permissions',
    ]);
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
  });
  it('an incomplete choice asks for the missing subnet', () => {
    expect(runChecks({ ...layout3(), choice: { layout: 'own-subnets', subnetId: BUILD } })[0]).toMatchObject({
      status: 'fail',
      reason: /container instance subnet/,
    });
    expect(runChecks({ ...layout2(), choice: { layout: 'private-link' } })[0]).toMatchObject({
      status: 'fail',
      reason: /build subnet/,
    });
  });
  it('pending while something is loading; allSettled tells', () => {
    const results = runChecks(layout3({ vnet: loading }));
    expect(byId(results, 'region').status).toBe('pending');
    expect(allSettled(results)).toBe(false);
    expect(allSettled(runChecks(layout3()))).toBe(true);
  });
});

describe('failingChecks', () => {
  it('orders fails before warnings and leaves passes out', () => {
    const results = runChecks(
      layout3({
        aci: side(subnet('aci', '10.20.2.0/24')),
        build: { ...side(subnet('build', '10.20.1.0/24')), routeTable: failed('x') },
      }),
    );
    expect(failingChecks(results).map((r) => [r.id, r.status])).toEqual([
      ['aci-delegation', 'fail'],
      ['outbound-build', 'warning'],
    ]);
  });
});
