// Reads everything the checks need for one network choice (VNet, subnets, their NSGs, route tables and
// NAT gateways, the template identity's role assignments and the role definitions they name) and runs
// the pure checks over it. Each read is its own query, shared with the pickers and re-read after fixes.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import type { RoleDefinition } from '@azure/arm-authorization';
import type { Subnet } from '@azure/arm-network';
import type { UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { parseArmId } from '@/lib/azure/ids';
import type { CheckInputs, Fetched, IdentityInputs, SubnetInputs } from '../model/checks/inputs';
import type { CheckResult } from '../model/checks/result';
import { runChecks } from '../model/checks/run-checks';
import { parseSubnetId } from '@/lib/azure/ids';
import { choiceFromTemplate, type NetworkChoice } from '../model/layout';
import { roleDefinitionKey } from '../model/permissions';
import { OPERATIONS as NAT_GATEWAY, useNatGateway } from './get-nat-gateway';
import { OPERATIONS as NSG, useNetworkSecurityGroup } from './get-network-security-group';
import { OPERATIONS as ROLE_BY_ID, useRoleDefinitionsById } from './get-role-definition-by-id';
import { OPERATIONS as ROUTE_TABLE, useRouteTable } from './get-route-table';
import { OPERATIONS as SUBNET, useSubnet } from './get-subnet';
import { OPERATIONS as VNET, useVirtualNetwork } from './get-virtual-network';
import {
  OPERATIONS as ROLE_ASSIGNMENTS,
  useRoleAssignmentsForScope,
} from './list-role-assignments-for-scope';
import { OPERATIONS as ROLE_DEFINITIONS, useRoleDefinitions } from './list-role-definitions';
import { fetchedOf } from '../model/reads';
import type { Operations } from '@/lib/azure/arm-operation';

/** Every read the checks make, through the modules that own them. */
export const OPERATIONS: Operations = [
  ...VNET,
  ...SUBNET,
  ...NSG,
  ...ROUTE_TABLE,
  ...NAT_GATEWAY,
  ...ROLE_ASSIGNMENTS,
  ...ROLE_DEFINITIONS,
  ...ROLE_BY_ID,
];

/** The template's user-assigned identity (AIB supports exactly one) and its principal id. */
export function templateIdentity(template: ImageTemplate): { id: string; principalId: string } | undefined {
  const entries = Object.entries(template.identity?.userAssignedIdentities ?? {});
  const first = entries[0];
  if (!first || !first[1]?.principalId) return undefined;
  return { id: first[0], principalId: first[1].principalId };
}

/** A reference (NSG, route table, NAT gateway) a subnet may or may not have. */
function optionalRef<T>(
  subnet: UseQueryResult<Subnet>,
  refId: string | undefined,
  q: UseQueryResult<T>,
): Fetched<T | undefined> {
  if (subnet.status !== 'success') return fetchedOf(subnet) as Fetched<T | undefined>;
  if (!refId) return { state: 'ok', value: undefined };
  return fetchedOf(q);
}

function useSubnetInputs(subnetId: string | undefined): SubnetInputs | undefined {
  const subnet = useSubnet(subnetId);
  const nsgId = subnet.data?.networkSecurityGroup?.id;
  const routeTableId = subnet.data?.routeTable?.id;
  const natId = subnet.data?.natGateway?.id;
  const nsg = useNetworkSecurityGroup(nsgId);
  const routeTable = useRouteTable(routeTableId);
  const nat = useNatGateway(natId);
  if (!subnetId) return undefined;
  return {
    subnet: fetchedOf(subnet),
    nsg: optionalRef(subnet, nsgId, nsg),
    routeTable: optionalRef(subnet, routeTableId, routeTable),
    natGateway: optionalRef(subnet, natId, nat),
  };
}

function useIdentityInputs(template: ImageTemplate, vnetId: string | undefined): IdentityInputs | undefined {
  const identity = templateIdentity(template);
  const subscriptionId = vnetId ? parseArmId(vnetId).subscriptionId : undefined;
  const assignments = useRoleAssignmentsForScope(vnetId, identity?.principalId);
  const definitions = useRoleDefinitions(subscriptionId);
  const listed = useMemo(
    () => new Set((definitions.data ?? []).map((d) => roleDefinitionKey(d.id ?? d.name))),
    [definitions.data],
  );
  const missing = useMemo(
    () =>
      definitions.status === 'success'
        ? [...new Set((assignments.data ?? []).map((a) => a.roleDefinitionId ?? ''))].filter(
            (id) => id !== '' && !listed.has(roleDefinitionKey(id)),
          )
        : [],
    [assignments.data, definitions.status, listed],
  );
  const extra = useRoleDefinitionsById(missing, subscriptionId ?? '');
  if (!identity) return undefined;
  let defs: Fetched<RoleDefinition[]> = fetchedOf(definitions);
  if (defs.state === 'ok') {
    // Roles that could not be read individually stay unknown (the check then says it cannot be sure).
    const more = extra.flatMap((q) => (q.data ? [q.data] : []));
    if (extra.some((q) => q.isPending)) defs = { state: 'loading' };
    else defs = { state: 'ok', value: [...defs.value, ...more] };
  }
  return { principalId: identity.principalId, assignments: fetchedOf(assignments), definitions: defs };
}

export interface NetworkChecks {
  results: CheckResult[];
  inputs: CheckInputs;
}

/** Runs every check for `choice` (default: the template's current network). */
export function useNetworkChecks(template: ImageTemplate, choice?: NetworkChoice): NetworkChecks {
  const current = useMemo(() => choiceFromTemplate(template), [template]);
  const c = choice ?? current;
  const active = c.layout !== 'aib-network';
  const subnetId = active ? c.subnetId : undefined;
  const aciId = active && c.layout === 'own-subnets' ? c.containerInstanceSubnetId : undefined;
  const vnetId = active ? (c.vnetId ?? parseSubnetId(subnetId)?.vnetId) : undefined;
  const vnet = useVirtualNetwork(vnetId);
  const build = useSubnetInputs(subnetId);
  const aci = useSubnetInputs(aciId);
  const identity = useIdentityInputs(template, vnetId);
  const inputs: CheckInputs = {
    templateLocation: template.location ?? '',
    choice: c,
    vnet: fetchedOf(vnet),
    ...(build ? { build } : {}),
    ...(aci ? { aci } : {}),
    ...(identity ? { identity } : {}),
  };
  // Layout 3's "no proxy VM size" concerns the template as it is: a choice made in Kiln never carries one.
  const proxy = template.vmProfile?.vnetConfig?.proxyVmSize;
  if (!choice && proxy) inputs.proxyVmSize = proxy;
  const results = runChecks(inputs);
  return { results, inputs };
}
