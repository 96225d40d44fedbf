// Layout 3: the container instance subnet must be delegated to Microsoft.ContainerInstance/containerGroups.
import { ACI_DELEGATION_SERVICE, delegateSubnetFix } from '../fixes';
import { nameOf } from '@/lib/azure/ids';
import type { SubnetInputs } from './inputs';
import { cannotVerify, type CheckResult, fail, pass, pending, TITLES } from './result';
import { isDelegatedToAci } from './subnet';

export function checkDelegation(aci: SubnetInputs | undefined, aciId: string): CheckResult {
  const id = 'aci-delegation';
  const title = TITLES[id];
  if (!aci || aci.subnet.state === 'loading') return pending(id, title);
  if (aci.subnet.state === 'error')
    return cannotVerify(id, title, 'the container instance subnet', aci.subnet.reason);
  const subnet = aci.subnet.value;
  const name = subnet.name ?? nameOf(aciId);
  if (isDelegatedToAci(subnet))
    return pass(id, title, `Subnet ${name} is delegated to ${ACI_DELEGATION_SERVICE}.`);
  const others = (subnet.delegations ?? []).map((d) => d.serviceName).filter(Boolean);
  if (others.length > 0) {
    return fail(
      id,
      title,
      `Subnet ${name} is delegated to ${others.join(', ')}, not to ${ACI_DELEGATION_SERVICE}; a subnet serves one delegated service.`,
      {
        advice:
          'Choose a subnet that is delegated to container instances, or an empty one Kiln can delegate.',
      },
    );
  }
  const inUse = (subnet.ipConfigurations ?? []).length;
  const result = fail(
    id,
    title,
    `Subnet ${name} is not delegated to ${ACI_DELEGATION_SERVICE}; Image Builder’s container instance cannot join it (Azure fails with SubnetMissingRequiredDelegation).`,
    { fixes: [delegateSubnetFix(aciId, subnet)] },
  );
  if (inUse > 0)
    result.advice = `Subnet ${name} holds ${inUse} other network interface(s); Azure only delegates a subnet with nothing else in it.`;
  return result;
}
