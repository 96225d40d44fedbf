import { describe, expect, it } from 'vitest';
import {
  keptVnetFields,
  NETWORK_LAYOUT_IDS,
  NETWORK_LAYOUTS,
  isNetworkLayout,
  networkLayoutInfo,
  networkLayoutLabel,
  networkLayoutOf,
  templateNetworkLayout,
  vnetConfigFor,
} from './network-layout';

const VNET = '/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1';
const BUILD = `${VNET}/subnets/build`;
const ACI = `${VNET}/subnets/aci`;

describe('the three network layouts', () => {
  it('has one label per layout, used everywhere, numbered as Microsoft numbers them', () => {
    expect(NETWORK_LAYOUTS.map((l) => [l.number, l.label])).toEqual([
      [1, 'Image Builder network'],
      [2, 'Your subnet + Private Link proxy'],
      [3, 'Your subnets (build + container instance)'],
    ]);
    expect(NETWORK_LAYOUT_IDS).toEqual(['aib-network', 'private-link', 'own-subnets']);
    expect(networkLayoutInfo('own-subnets').recommended).toBe(true);
    expect(networkLayoutLabel('private-link')).toBe('Your subnet + Private Link proxy');
    expect(() => networkLayoutInfo('nope' as never)).toThrow();
    expect(isNetworkLayout('own-subnets')).toBe(true);
    expect(isNetworkLayout('2')).toBe(false);
  });

  it('tells the layout from vnetConfig: no subnetId is layout 1, empty strings are unset', () => {
    expect(networkLayoutOf(undefined)).toBe('aib-network');
    expect(networkLayoutOf({})).toBe('aib-network');
    expect(networkLayoutOf({ proxyVmSize: 'Standard_A1_v2' })).toBe('aib-network');
    expect(networkLayoutOf({ subnetId: '', containerInstanceSubnetId: '', proxyVmSize: '' })).toBe(
      'aib-network',
    );
    expect(networkLayoutOf({ subnetId: BUILD })).toBe('private-link');
    expect(networkLayoutOf({ subnetId: BUILD, proxyVmSize: 'Standard_A2_v2' })).toBe('private-link');
    expect(networkLayoutOf({ subnetId: BUILD, containerInstanceSubnetId: '' })).toBe('private-link');
    expect(networkLayoutOf({ subnetId: BUILD, containerInstanceSubnetId: ACI })).toBe('own-subnets');
    expect(templateNetworkLayout({ vmProfile: { vnetConfig: { subnetId: BUILD } } })).toBe('private-link');
    expect(templateNetworkLayout({})).toBe('aib-network');
  });

  it('keeps the fields each layout uses and nothing else', () => {
    const all = { subnetId: BUILD, containerInstanceSubnetId: ACI, proxyVmSize: 'Standard_A2_v2' };
    expect(vnetConfigFor('aib-network', all)).toBeUndefined();
    expect(vnetConfigFor('private-link', all)).toEqual({ subnetId: BUILD, proxyVmSize: 'Standard_A2_v2' });
    expect(vnetConfigFor('private-link', { subnetId: BUILD })).toEqual({ subnetId: BUILD });
    expect(vnetConfigFor('own-subnets', all)).toEqual({ subnetId: BUILD, containerInstanceSubnetId: ACI });
    expect(vnetConfigFor('own-subnets', {})).toEqual({ subnetId: '', containerInstanceSubnetId: '' });

    expect(keptVnetFields(undefined)).toEqual({});
    expect(keptVnetFields({ proxyVmSize: 'Standard_A2_v2' })).toEqual({});
    expect(keptVnetFields({ subnetId: BUILD, proxyVmSize: 'Standard_A2_v2' })).toEqual({
      subnetId: BUILD,
      proxyVmSize: 'Standard_A2_v2',
    });
    expect(keptVnetFields(all)).toEqual({ subnetId: BUILD, containerInstanceSubnetId: ACI });
  });
});
