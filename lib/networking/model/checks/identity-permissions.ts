// The template identity may read the VNet and join the subnets; otherwise offer the least-privilege role.
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import { grantNetworkingRoleFix, NETWORKING_ACTIONS } from '../fixes';
import { nameOf, parseSubnetId } from '@/lib/azure/ids';
import { findLeastPrivilegeRole, principalHasAction, SUBNET_JOIN, VNET_READ } from '../permissions';
import { type CheckInputs, need } from './inputs';
import { cannotVerify, type CheckResult, fail, pass, pending, TITLES, warn } from './result';

export function checkIdentity(inputs: CheckInputs): CheckResult {
  const id = 'identity-permissions';
  const title = TITLES[id];
  const identity = inputs.identity;
  const vnetId = inputs.choice.vnetId ?? parseSubnetId(inputs.choice.subnetId)?.vnetId;
  if (!identity)
    return fail(
      id,
      title,
      'The template has no user-assigned identity, so Image Builder cannot use your network.',
      {
        advice: 'Give the template a user-assigned managed identity.',
      },
    );
  if (!vnetId) return pending(id, title);
  const r = need<[RoleAssignment[], RoleDefinition[]]>([
    { what: 'the identity’s role assignments', value: identity.assignments },
    { what: 'the role definitions', value: identity.definitions },
  ]);
  if (r.state === 'loading') return pending(id, title);
  if (r.state === 'error') return cannotVerify(id, title, r.what, r.reason);
  const [assignments, definitions] = r.values;
  const targets: { action: string; scope: string }[] = [{ action: VNET_READ, scope: vnetId }];
  if (inputs.choice.subnetId) targets.push({ action: SUBNET_JOIN, scope: inputs.choice.subnetId });
  if (inputs.choice.layout === 'own-subnets' && inputs.choice.containerInstanceSubnetId)
    targets.push({ action: SUBNET_JOIN, scope: inputs.choice.containerInstanceSubnetId });
  const results = targets.map((t) =>
    principalHasAction({ principalId: identity.principalId, assignments, definitions, ...t }),
  );
  const details = results.map((x) =>
    x.granted
      ? `${x.action} on ${nameOf(x.scope)}: granted by “${x.via?.definition.roleName ?? ''}” at ${x.via?.assignment.scope ?? ''}`
      : `${x.action} on ${nameOf(x.scope)}: not granted`,
  );
  const missing = results.filter((x) => !x.granted);
  if (missing.length === 0)
    return pass(
      id,
      title,
      'The template identity may read the virtual network and join the subnets.',
      details,
    );
  const unknown = missing.flatMap((m) => m.unknownRoles);
  const existingRole = findLeastPrivilegeRole(definitions, vnetId, NETWORKING_ACTIONS);
  const fix = grantNetworkingRoleFix({
    vnetId,
    principalId: identity.principalId,
    ...(existingRole ? { existingRole } : {}),
  });
  const reason = `The template identity lacks ${[...new Set(missing.map((m) => m.action))].join(' and ')} on ${[...new Set(missing.map((m) => nameOf(m.scope)))].join(', ')}; Azure would fail the build with “Not authorized to access the resource”.`;
  if (unknown.length > 0) {
    return warn(
      id,
      title,
      `${reason} Some of its role assignments name roles Kiln could not read, which might grant it.`,
      {
        cannotVerify: true,
        details,
        fixes: [fix],
      },
    );
  }
  return fail(id, title, reason, { details, fixes: [fix] });
}
