// The build VM can only join a subnet that is not delegated to a service.
import { ACI_DELEGATION_SERVICE } from '../fixes';
import { nameOf } from '@/lib/azure/ids';
import type { SubnetInputs } from './inputs';
import { cannotVerify, type CheckResult, fail, pass, pending, TITLES, warn } from './result';
import { isDelegatedToAci } from './subnet';

export function checkBuildSubnetUsable(build: SubnetInputs | undefined, subnetId: string): CheckResult {
  const id = 'build-subnet-usable';
  const title = TITLES[id];
  if (!build || build.subnet.state === 'loading') return pending(id, title);
  if (build.subnet.state === 'error') return cannotVerify(id, title, 'the build subnet', build.subnet.reason);
  const subnet = build.subnet.value;
  const name = subnet.name ?? nameOf(subnetId);
  const services = (subnet.delegations ?? []).map((d) => d.serviceName ?? '').filter(Boolean);
  if (services.length === 0)
    return pass(id, title, `Subnet ${name} is not delegated, so the build VM can join it.`);
  if (isDelegatedToAci(subnet)) {
    return fail(
      id,
      title,
      `Subnet ${name} is delegated to ${ACI_DELEGATION_SERVICE}; only container groups may join it, not the build VM.`,
      {
        advice:
          'Choose an undelegated subnet for the build VM (the delegated one suits the container instance).',
      },
    );
  }
  return warn(
    id,
    title,
    `Subnet ${name} is delegated to ${services.join(', ')}; such subnets usually refuse virtual machines.`,
    {
      advice: 'Choose an undelegated subnet for the build VM.',
    },
  );
}
