// Layout 2: Image Builder puts a Private Link service in the build subnet, which needs its network
// policies disabled.
import { disablePrivateLinkPoliciesFix } from '../fixes';
import { nameOf } from '@/lib/azure/ids';
import type { SubnetInputs } from './inputs';
import { cannotVerify, type CheckResult, fail, pass, pending, TITLES } from './result';

export function checkPrivateLinkPolicies(build: SubnetInputs | undefined, subnetId: string): CheckResult {
  const id = 'private-link-policies';
  const title = TITLES[id];
  if (!build || build.subnet.state === 'loading') return pending(id, title);
  if (build.subnet.state === 'error') return cannotVerify(id, title, 'the build subnet', build.subnet.reason);
  const subnet = build.subnet.value;
  const name = subnet.name ?? nameOf(subnetId);
  const value = subnet.privateLinkServiceNetworkPolicies ?? 'Enabled';
  if (value.toLowerCase() === 'disabled')
    return pass(id, title, `Private Link service network policies are disabled on ${name}.`);
  return fail(
    id,
    title,
    `Subnet ${name} has Private Link service network policies ${value}; Image Builder cannot put its Private Link service there, so the build would fail.`,
    { fixes: [disablePrivateLinkPoliciesFix(subnetId, subnet)] },
  );
}
