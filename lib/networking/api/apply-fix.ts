// Makes one fix (its ARM requests, in order, each sent once), then invalidates what it changed so the
// checks re-run on fresh reads.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type ArmError, toArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { armKeys } from '@/lib/query/keys';
import type { Fix } from '../model/fixes';
import {
  createOrUpdateRoleDefinition,
  OPERATIONS as ROLE_DEFINITION,
} from './create-or-update-role-definition';
import { createOrUpdateSecurityRule, OPERATIONS as SECURITY_RULE } from './create-or-update-security-rule';
import { createOrUpdateSubnet, OPERATIONS as SUBNET } from './create-or-update-subnet';
import { createRoleAssignment, OPERATIONS as ROLE_ASSIGNMENT } from './create-role-assignment';
import type { Operations } from '@/lib/azure/arm-operation';

/** A fix is one or two of these writes (each module declares its own). */
export const OPERATIONS: Operations = [...SUBNET, ...SECURITY_RULE, ...ROLE_DEFINITION, ...ROLE_ASSIGNMENT];

export async function applyFix(fix: Fix): Promise<void> {
  switch (fix.kind) {
    case 'subnet':
      await createOrUpdateSubnet(fix.subnetId, fix.parameters);
      return;
    case 'nsg-rule':
      await createOrUpdateSecurityRule(fix.nsgId, fix.ruleName, fix.parameters);
      return;
    case 'role':
      if (fix.createDefinition) {
        const d = fix.createDefinition;
        await createOrUpdateRoleDefinition(d.scope, d.name, d.parameters);
      }
      await createRoleAssignment(fix.assignment.scope, fix.assignment.name, fix.assignment.parameters);
      return;
  }
}

/** Query keys a fix makes stale. */
export function keysChangedBy(fix: Fix): (readonly string[])[] {
  switch (fix.kind) {
    case 'subnet': {
      const p = parseArmId(fix.subnetId);
      const vnetId = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup ?? ''}/providers/Microsoft.Network/virtualNetworks/${p.names[0] ?? ''}`;
      return [
        armKeys.resource(vnetId),
        armKeys.list(`/subscriptions/${p.subscriptionId}`, 'Microsoft.Network/virtualNetworks'),
      ];
    }
    case 'nsg-rule':
      return [armKeys.resource(fix.nsgId)];
    case 'role': {
      const keys: (readonly string[])[] = [armKeys.resource(fix.assignment.scope)];
      if (fix.createDefinition) {
        keys.push(armKeys.list(fix.createDefinition.scope, 'Microsoft.Authorization/roleDefinitions'));
      }
      return keys;
    }
  }
}

export function useApplyFix() {
  const qc = useQueryClient();
  return useMutation<null, ArmError, Fix>({
    mutationFn: async (fix) => {
      try {
        await applyFix(fix);
        return null;
      } catch (e) {
        throw toArmError(e);
      }
    },
    onSettled: async (_d, _e, fix) => {
      // Re-read whatever the fix touched, whether it worked or not: after a failure (or a dropped
      // connection) the state on ARM is what counts.
      await Promise.all(keysChangedBy(fix).map((queryKey) => qc.invalidateQueries({ queryKey })));
    },
  });
}
