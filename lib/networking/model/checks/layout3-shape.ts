// Layout 3 (own subnets): both subnets in one VNet, two different subnets, and no proxy VM size.
import { parseSubnetId, sameArmId } from '@/lib/azure/ids';
import type { CheckInputs } from './inputs';
import { type CheckResult, fail, pass, TITLES } from './result';

export function checkLayout3Shape(inputs: CheckInputs): CheckResult[] {
  const { subnetId, containerInstanceSubnetId } = inputs.choice;
  const b = parseSubnetId(subnetId);
  const a = parseSubnetId(containerInstanceSubnetId);
  const results: CheckResult[] = [];
  if (b && a && sameArmId(b.vnetId, a.vnetId)) {
    results.push(
      pass('same-vnet', TITLES['same-vnet'], `Both subnets are in virtual network ${b.vnetName}.`),
    );
  } else {
    results.push(
      fail(
        'same-vnet',
        TITLES['same-vnet'],
        'The build subnet and the container instance subnet must be in the same virtual network.',
        {
          advice: 'Pick both subnets from one virtual network.',
        },
      ),
    );
  }
  if (subnetId && containerInstanceSubnetId && sameArmId(subnetId, containerInstanceSubnetId)) {
    results.push(
      fail(
        'different-subnets',
        TITLES['different-subnets'],
        'The build subnet and the container instance subnet are the same subnet; they must be two different subnets.',
        {
          advice: 'Pick another subnet for the container instance.',
        },
      ),
    );
  } else {
    results.push(
      pass(
        'different-subnets',
        TITLES['different-subnets'],
        'The build VM and the container instance use different subnets.',
      ),
    );
  }
  if (inputs.proxyVmSize) {
    results.push(
      fail(
        'no-proxy-size',
        TITLES['no-proxy-size'],
        `The template sets proxyVmSize (${inputs.proxyVmSize}), which is not allowed with a container instance subnet: there is no proxy VM in this layout.`,
        {
          advice: 'Apply this layout from “Build network”: Kiln removes proxyVmSize.',
        },
      ),
    );
  } else {
    results.push(
      pass('no-proxy-size', TITLES['no-proxy-size'], 'No proxy VM size is set, as this layout requires.'),
    );
  }
  return results;
}
