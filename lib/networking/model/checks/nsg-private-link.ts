// Layout 2: the build subnet's NSG lets AzureLoadBalancer reach the proxy VM on TCP 60000-60001.
import type { NetworkSecurityGroup, Subnet } from '@azure/arm-network';
import { flowCheck } from './flow';
import { type CheckInputs, need } from './inputs';
import { cannotVerify, type CheckResult, pending, TITLES } from './result';
import { endpointOf } from './subnet';

export function checkPrivateLinkNsg(inputs: CheckInputs): CheckResult {
  const id = 'nsg-private-link';
  const title = TITLES[id];
  const build = inputs.build;
  if (!build) return pending(id, title);
  const r = need<[Subnet, NetworkSecurityGroup | undefined]>([
    { what: 'the build subnet', value: build.subnet },
    { what: 'the build subnet’s NSG', value: build.nsg },
  ]);
  if (r.state === 'loading') return pending(id, title);
  if (r.state === 'error') return cannotVerify(id, title, r.what, r.reason);
  const [subnet, nsg] = r.values;
  const dst = endpointOf(subnet, inputs.choice.subnetId);
  const specs = [60000, 60001].map((port) => ({
    label: String(port),
    flow: {
      protocol: 'Tcp' as const,
      source: { kind: 'azureLoadBalancer' as const },
      destination: dst,
      port,
    },
  }));
  return flowCheck(
    id,
    specs,
    { inbound: nsg },
    {
      // Microsoft's documented rule: one rule for the whole range, under this name.
      name: 'AzureImageBuilderNsgRule',
      exactName: true,
      ports: ['60000-60001'],
      description: () => 'Allow Image Builder Private Link access to the proxy VM',
      sources: ['AzureLoadBalancer'],
      destinations: ['VirtualNetwork'],
    },
    'The build subnet’s NSG lets AzureLoadBalancer reach TCP 60000-60001 (Private Link to the proxy VM).',
    (ports) =>
      `The build subnet’s NSG blocks AzureLoadBalancer on TCP ${ports}; Image Builder could not reach the proxy VM.`,
  );
}
