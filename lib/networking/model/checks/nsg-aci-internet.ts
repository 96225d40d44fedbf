// Layout 3: the container instance reaches the Internet on 443 (its image) and 445 (its file share).
import type { NetworkSecurityGroup, Subnet } from '@azure/arm-network';
import { flowCheck } from './flow';
import { type CheckInputs, need } from './inputs';
import { cannotVerify, type CheckResult, pending, TITLES } from './result';
import { endpointOf, subnetPrefixes } from './subnet';

export function checkAciInternet(inputs: CheckInputs): CheckResult {
  const id = 'nsg-aci-internet';
  const title = TITLES[id];
  const aci = inputs.aci;
  if (!aci) return pending(id, title);
  const r = need<[Subnet, NetworkSecurityGroup | undefined]>([
    { what: 'the container instance subnet', value: aci.subnet },
    { what: 'the container instance subnet’s NSG', value: aci.nsg },
  ]);
  if (r.state === 'loading') return pending(id, title);
  if (r.state === 'error') return cannotVerify(id, title, r.what, r.reason);
  const [subnet, nsg] = r.values;
  const src = endpointOf(subnet, inputs.choice.containerInstanceSubnetId);
  const specs = [443, 445].map((port) => ({
    label: String(port),
    flow: { protocol: 'Tcp' as const, source: src, destination: { kind: 'internet' as const }, port },
  }));
  return flowCheck(
    id,
    specs,
    { outbound: nsg },
    {
      name: 'Kiln-AIB-AciToInternet',
      description: (ports) =>
        `Image Builder: the container instance reaches the Internet on ${ports.map((p) => (p === '443' ? '443 (its image)' : p === '445' ? '445 (its file share)' : p)).join(' and ')}`,
      sources: subnetPrefixes(subnet),
      destinations: ['Internet'],
    },
    'The NSG lets the container instance reach the Internet on 443 (its image) and 445 (its file share).',
    (ports) =>
      `The NSG blocks the container instance from the Internet on ${ports}; it could not pull its image or mount its file share.`,
  );
}
