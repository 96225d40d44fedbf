'use client';
// What the network pickers offer: the virtual networks the user can see in the subscription and region
// (the template's current one first when it is not among them), the chosen VNet's subnets by name, and
// for the container instances every subnet but the build subnet.
import type { Subnet, VirtualNetwork } from '@azure/arm-network';
import { useVirtualNetwork } from '@/lib/networking/api/get-virtual-network';
import { useVirtualNetworks } from '@/lib/networking/api/list-virtual-networks';
import { nameOf, sameArmId } from '@/lib/azure/ids';
import type { NetworkChoice } from '@/lib/networking/model/layout';

export interface NetworkOptions {
  vnets: ReturnType<typeof useVirtualNetworks>;
  vnet: ReturnType<typeof useVirtualNetwork>;
  vnetOptions: VirtualNetwork[];
  subnets: Subnet[];
  aciOptions: Subnet[];
}

export function useNetworkOptions(
  subscriptionId: string,
  location: string,
  choice: NetworkChoice,
): NetworkOptions {
  const vnets = useVirtualNetworks(subscriptionId, location);
  const vnet = useVirtualNetwork(choice.vnetId);
  const subnets: Subnet[] = [...(vnet.data?.subnets ?? [])].sort((a, b) =>
    (a.name ?? '').localeCompare(b.name ?? ''),
  );
  const vnetOptions: VirtualNetwork[] = [...(vnets.data ?? [])];
  if (choice.vnetId && !vnetOptions.some((v) => sameArmId(v.id, choice.vnetId))) {
    // The template's current VNet, even when it is not listed (another region, or not visible in the list).
    vnetOptions.unshift({
      id: choice.vnetId,
      name: nameOf(choice.vnetId),
      location: vnet.data?.location ?? '',
    });
  }
  const aciOptions = subnets.filter((s) => !sameArmId(s.id, choice.subnetId));
  return { vnets, vnet, vnetOptions, subnets, aciOptions };
}
