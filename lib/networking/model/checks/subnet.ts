// Small readings of a subnet the checks share.
import type { Subnet } from '@azure/arm-network';
import { ACI_DELEGATION_SERVICE } from '../fixes';
import { nameOf } from '@/lib/azure/ids';
import type { FlowEndpoint } from '../nsg';

export function subnetPrefixes(subnet: Subnet): string[] {
  if (subnet.addressPrefixes && subnet.addressPrefixes.length > 0) return [...subnet.addressPrefixes];
  return subnet.addressPrefix ? [subnet.addressPrefix] : [];
}

export function endpointOf(subnet: Subnet, id: string | undefined): FlowEndpoint {
  return { kind: 'subnet', name: subnet.name ?? nameOf(id), prefixes: subnetPrefixes(subnet) };
}

export function isDelegatedToAci(subnet: Subnet): boolean {
  return (subnet.delegations ?? []).some(
    (d) => (d.serviceName ?? '').toLowerCase() === ACI_DELEGATION_SERVICE.toLowerCase(),
  );
}
