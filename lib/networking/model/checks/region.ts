// The VNet must be in the template's region.
import { sameLocation } from '@/lib/azure/locations';
import type { CheckInputs } from './inputs';
import { cannotVerify, type CheckResult, fail, pass, pending, TITLES } from './result';

export function checkRegion(inputs: CheckInputs): CheckResult {
  const id = 'region';
  const title = TITLES[id];
  if (inputs.vnet.state === 'loading') return pending(id, title);
  if (inputs.vnet.state === 'error')
    return cannotVerify(id, title, 'the virtual network', inputs.vnet.reason);
  const loc = inputs.vnet.value.location;
  if (sameLocation(loc, inputs.templateLocation))
    return pass(
      id,
      title,
      `Virtual network ${inputs.vnet.value.name ?? ''} is in ${loc}, like the template.`,
    );
  return fail(
    id,
    title,
    `Virtual network ${inputs.vnet.value.name ?? ''} is in ${loc ?? 'an unknown region'}, but the template is in ${inputs.templateLocation}; Image Builder only uses a network in the template’s region.`,
    { advice: `Choose a virtual network in ${inputs.templateLocation}.` },
  );
}
