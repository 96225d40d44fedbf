import { describe, expect, it } from 'vitest';
import { BUILD, vnet, layout3, byId } from './fixtures';
import { ok } from './inputs';
import { runChecks } from './run-checks';

describe('region and layout-3 shape', () => {
  it('fails when the VNet is in another region', () => {
    const r = byId(runChecks(layout3({ vnet: ok({ ...vnet, location: 'westeurope' }) })), 'region');
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/westeurope.*eastus/);
  });
  it('compares display names and short names', () => {
    expect(byId(runChecks(layout3({ templateLocation: 'East US' })), 'region').status).toBe('pass');
  });
  it('fails for subnets in different VNets, the same subnet twice, and a proxy size', () => {
    const other =
      '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet2/subnets/aci';
    expect(
      byId(
        runChecks(
          layout3({ choice: { layout: 'own-subnets', subnetId: BUILD, containerInstanceSubnetId: other } }),
        ),
        'same-vnet',
      ).status,
    ).toBe('fail');
    expect(
      byId(
        runChecks(
          layout3({
            choice: {
              layout: 'own-subnets',
              subnetId: BUILD,
              containerInstanceSubnetId: BUILD.toUpperCase(),
            },
          }),
        ),
        'different-subnets',
      ).status,
    ).toBe('fail');
    expect(byId(runChecks(layout3({ proxyVmSize: 'Standard_A1_v2' })), 'no-proxy-size').status).toBe('fail');
  });
});
