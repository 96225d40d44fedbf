import { describe, expect, it } from 'vitest';
import { pickableVirtualNetworks } from './list-virtual-networks';

const SUB = '/subscriptions/0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const vnet = (rg: string, name: string, location = 'eastus', tags?: Record<string, string>) => ({
  id: `${SUB}/resourceGroups/${rg}/providers/Microsoft.Network/virtualNetworks/${name}`,
  name,
  location,
  ...(tags ? { tags } : {}),
});

describe('the network pickers (what the user sees is true)', () => {
  it('never offer Image Builder’s temporary networks as a place to build', () => {
    const all = [
      vnet('rg-network', 'vnet-builds'),
      vnet('IT_rg-images_ubuntu2204-base_3f2a9c1e', 'vmimagebuilder-vnet-abc'),
      vnet('it_rg-images_win_1234', 'aib-vnet'),
      vnet('my-staging', 'tagged', 'eastus', { createdBy: 'AzureVMImageBuilder' }),
      vnet('rg-network', 'vnet-west', 'westus'),
      vnet('rg-a', 'a-first', 'East US'),
    ];
    expect(pickableVirtualNetworks(all, 'eastus').map((v) => v.name)).toEqual(['a-first', 'vnet-builds']);
  });
});
