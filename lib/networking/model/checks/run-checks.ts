// The checks Kiln runs before a build, for a chosen network: which checks apply to the layout, in the order
// they are shown. Pure: the api layer fetches the resources (inputs.ts); each check lives in its own file.
import { checkDelegation } from './aci-delegation';
import { checkBuildSubnetUsable } from './build-subnet-usable';
import { checkIdentity } from './identity-permissions';
import type { CheckInputs } from './inputs';
import { checkLayout3Shape } from './layout3-shape';
import { checkAciInternet } from './nsg-aci-internet';
import { checkBuildVmAccess } from './nsg-build-vm-access';
import { checkPrivateLinkNsg } from './nsg-private-link';
import { checkOutbound } from './outbound';
import { checkPrivateLinkPolicies } from './private-link-policies';
import { checkRegion } from './region';
import { type CheckResult, fail, pass, TITLES } from './result';

/** Every check for a choice, in the order they are shown. */
export function runChecks(inputs: CheckInputs): CheckResult[] {
  const { choice } = inputs;
  if (choice.layout === 'aib-network') {
    return [
      pass(
        'layout',
        TITLES.layout,
        'Image Builder makes and removes its own network for each build; there is nothing of yours to check.',
      ),
    ];
  }
  const results: CheckResult[] = [];
  if (!choice.subnetId) {
    return [fail('layout', TITLES.layout, 'Choose a build subnet.')];
  }
  if (choice.layout === 'own-subnets' && !choice.containerInstanceSubnetId) {
    return [fail('layout', TITLES.layout, 'Choose a container instance subnet.')];
  }
  results.push(checkRegion(inputs));
  results.push(checkBuildSubnetUsable(inputs.build, choice.subnetId));
  if (choice.layout === 'own-subnets') {
    results.push(...checkLayout3Shape(inputs));
    results.push(checkDelegation(inputs.aci, choice.containerInstanceSubnetId ?? ''));
  } else {
    results.push(checkPrivateLinkPolicies(inputs.build, choice.subnetId));
    results.push(checkPrivateLinkNsg(inputs));
  }
  results.push(checkBuildVmAccess(inputs, choice.layout));
  if (choice.layout === 'own-subnets') results.push(checkAciInternet(inputs));
  results.push(checkOutbound('outbound-build', inputs.build, choice.subnetId));
  if (choice.layout === 'own-subnets')
    results.push(checkOutbound('outbound-aci', inputs.aci, choice.containerInstanceSubnetId));
  results.push(checkIdentity(inputs));
  return results;
}

/** The checks that need attention (fail first, then warnings). */
export function failingChecks(results: readonly CheckResult[]): CheckResult[] {
  const rank = { fail: 0, warning: 1, pending: 2, pass: 3 } as const;
  return results
    .filter((r) => r.status === 'fail' || r.status === 'warning')
    .sort((a, b) => rank[a.status] - rank[b.status]);
}

export function allSettled(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.status !== 'pending');
}
