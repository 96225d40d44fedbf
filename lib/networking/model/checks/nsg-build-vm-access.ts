// Image Builder reaches the build VM on 22 (SSH) and 5986 (WinRM over HTTPS): from the container instance
// (layout 3) or from the proxy VM in the build subnet (layout 2).
import type { NetworkSecurityGroup, Subnet } from '@azure/arm-network';
import type { NetworkLayout } from '@/lib/aib/network-layout';
import { flowCheck } from './flow';
import { type CheckInputs, need } from './inputs';
import { cannotVerify, type CheckResult, pending, TITLES } from './result';
import { endpointOf, subnetPrefixes } from './subnet';

export function checkBuildVmAccess(inputs: CheckInputs, layout: NetworkLayout): CheckResult {
  const id = 'nsg-build-vm-access';
  const title = TITLES[id];
  const build = inputs.build;
  const sourceSide = layout === 'own-subnets' ? inputs.aci : inputs.build;
  if (!build || !sourceSide) return pending(id, title);
  const r = need<[Subnet, NetworkSecurityGroup | undefined, Subnet, NetworkSecurityGroup | undefined]>([
    { what: 'the build subnet', value: build.subnet },
    { what: 'the build subnet’s NSG', value: build.nsg },
    {
      what: layout === 'own-subnets' ? 'the container instance subnet' : 'the build subnet',
      value: sourceSide.subnet,
    },
    {
      what: layout === 'own-subnets' ? 'the container instance subnet’s NSG' : 'the build subnet’s NSG',
      value: sourceSide.nsg,
    },
  ]);
  if (r.state === 'loading') return pending(id, title);
  if (r.state === 'error') return cannotVerify(id, title, r.what, r.reason);
  const [buildSubnet, buildNsg, srcSubnet, srcNsg] = r.values;
  const src = endpointOf(
    srcSubnet,
    layout === 'own-subnets' ? inputs.choice.containerInstanceSubnetId : inputs.choice.subnetId,
  );
  const dst = endpointOf(buildSubnet, inputs.choice.subnetId);
  const who = layout === 'own-subnets' ? 'the container instance' : 'the proxy VM';
  const specs = [22, 5986].map((port) => ({
    label: String(port),
    flow: { protocol: 'Tcp' as const, source: src, destination: dst, port },
  }));
  return flowCheck(
    id,
    specs,
    { outbound: srcNsg, inbound: buildNsg },
    {
      name: layout === 'own-subnets' ? 'Kiln-AIB-AciToBuildVm' : 'Kiln-AIB-ProxyToBuildVm',
      description: (ports) =>
        `Image Builder: ${who} reaches the build VM on ${ports.map((p) => (p === '22' ? '22 (SSH)' : p === '5986' ? '5986 (WinRM over HTTPS)' : p)).join(' and ')}`,
      sources: subnetPrefixes(srcSubnet),
      destinations: subnetPrefixes(buildSubnet),
    },
    `The NSGs let ${who} reach the build VM on 22 (SSH) and 5986 (WinRM over HTTPS).`,
    (ports) =>
      `The NSGs block ${who} from reaching the build VM on ${ports}; the build would time out connecting.`,
  );
}
