// Fix descriptors: the exact ARM change Kiln would make for a failing check, in two forms that must agree:
// the SDK parameters the api layer sends, and the REST request (method, path, api-version, body) the user
// is shown before it is made.

import type { RoleAssignmentCreateParameters, RoleDefinition } from '@azure/arm-authorization';
import type { SecurityRule, Subnet } from '@azure/arm-network';
import { nameOf, subscriptionScope, tryParseArmId } from '@/lib/azure/ids';
import {
  ROLE_ASSIGNMENT_WRITE,
  ROLE_DEFINITION_WRITE,
  SECURITY_RULE_WRITE,
  SUBNET_JOIN,
  SUBNET_WRITE,
  VNET_READ,
} from './permissions';
import { AUTHORIZATION_API_VERSION, NETWORK_API_VERSION } from '@/lib/azure/arm-operation';

export const ACI_DELEGATION_SERVICE = 'Microsoft.ContainerInstance/containerGroups';

export interface ArmRequest {
  method: 'PUT';
  path: string;
  apiVersion: string;
  body: unknown;
}

export interface RequiredAction {
  action: string;
  scope: string;
}

interface FixBase {
  /** Button text, e.g. "Delegate subnet aci". */
  title: string;
  /** What the change does, in plain words. */
  summary: string;
  /** What the signed-in user must hold to make it (shown as "ask an administrator for" when missing). */
  requires: RequiredAction[];
  /** The REST requests, in order. */
  requests: ArmRequest[];
}

export interface SubnetFix extends FixBase {
  kind: 'subnet';
  subnetId: string;
  /** SDK parameters for subnets.createOrUpdate (the whole subnet, with the change). */
  parameters: Subnet;
}

export interface NsgRuleFix extends FixBase {
  kind: 'nsg-rule';
  nsgId: string;
  ruleName: string;
  /** SDK parameters for securityRules.createOrUpdate. */
  parameters: SecurityRule;
}

export interface RoleFix extends FixBase {
  kind: 'role';
  /** Present when no suitable custom role exists yet and one is created first. */
  createDefinition?: { scope: string; name: string; parameters: RoleDefinition };
  assignment: { scope: string; name: string; parameters: RoleAssignmentCreateParameters };
}

export type Fix = SubnetFix | NsgRuleFix | RoleFix;

function ref(id: string | undefined): { id: string } | undefined {
  return id ? { id } : undefined;
}

/** Keeps only what a subnet PUT should carry back: the writable properties, references as bare ids. */
export function writableSubnet(subnet: Subnet): Subnet {
  const out: Subnet = {};
  if (subnet.addressPrefixes && subnet.addressPrefixes.length > 0)
    out.addressPrefixes = [...subnet.addressPrefixes];
  else if (subnet.addressPrefix) out.addressPrefix = subnet.addressPrefix;
  const nsg = ref(subnet.networkSecurityGroup?.id);
  if (nsg) out.networkSecurityGroup = nsg;
  const rt = ref(subnet.routeTable?.id);
  if (rt) out.routeTable = rt;
  const nat = ref(subnet.natGateway?.id);
  if (nat) out.natGateway = nat;
  if (subnet.serviceEndpoints?.length)
    out.serviceEndpoints = subnet.serviceEndpoints.map((s) => ({
      ...(s.service ? { service: s.service } : {}),
      ...(s.locations ? { locations: [...s.locations] } : {}),
    }));
  if (subnet.serviceEndpointPolicies?.length)
    out.serviceEndpointPolicies = subnet.serviceEndpointPolicies.map((p) => ({ id: p.id }));
  if (subnet.delegations)
    out.delegations = subnet.delegations.map((d) => ({
      ...(d.name ? { name: d.name } : {}),
      ...(d.serviceName ? { serviceName: d.serviceName } : {}),
    }));
  if (subnet.privateEndpointNetworkPolicies)
    out.privateEndpointNetworkPolicies = subnet.privateEndpointNetworkPolicies;
  if (subnet.privateLinkServiceNetworkPolicies)
    out.privateLinkServiceNetworkPolicies = subnet.privateLinkServiceNetworkPolicies;
  if (subnet.defaultOutboundAccess !== undefined) out.defaultOutboundAccess = subnet.defaultOutboundAccess;
  return out;
}

/** The REST body of a subnet PUT (the SDK flattens `properties`; the wire does not). */
export function subnetWireBody(subnet: Subnet): unknown {
  const { delegations, ...rest } = subnet;
  const properties: Record<string, unknown> = { ...rest };
  if (delegations)
    properties.delegations = delegations.map((d) => ({
      name: d.name,
      properties: { serviceName: d.serviceName },
    }));
  return { properties };
}

function subnetFix(
  subnetId: string,
  current: Subnet,
  change: (s: Subnet) => void,
  title: string,
  summary: string,
): SubnetFix {
  const parameters = writableSubnet(current);
  change(parameters);
  return {
    kind: 'subnet',
    title,
    summary,
    subnetId,
    parameters,
    requires: [{ action: SUBNET_WRITE, scope: subnetId }],
    requests: [
      { method: 'PUT', path: subnetId, apiVersion: NETWORK_API_VERSION, body: subnetWireBody(parameters) },
    ],
  };
}

/** Delegate the subnet to Microsoft.ContainerInstance/containerGroups, keeping everything else as it is. */
export function delegateSubnetFix(subnetId: string, current: Subnet): SubnetFix {
  const name = nameOf(subnetId);
  return subnetFix(
    subnetId,
    current,
    (s) => {
      s.delegations = [
        ...(s.delegations ?? []),
        { name: 'aci-delegation', serviceName: ACI_DELEGATION_SERVICE },
      ];
    },
    `Delegate subnet ${name} to container instances`,
    `Adds a delegation of subnet ${name} to ${ACI_DELEGATION_SERVICE}, so Image Builder’s container instance may join it. Everything else on the subnet stays as it is.`,
  );
}

/** Set privateLinkServiceNetworkPolicies to Disabled, keeping everything else. */
export function disablePrivateLinkPoliciesFix(subnetId: string, current: Subnet): SubnetFix {
  const name = nameOf(subnetId);
  return subnetFix(
    subnetId,
    current,
    (s) => {
      s.privateLinkServiceNetworkPolicies = 'Disabled';
    },
    `Disable Private Link service network policies on ${name}`,
    `Sets privateLinkServiceNetworkPolicies to Disabled on subnet ${name}, so Image Builder can place its Private Link service there.`,
  );
}

export interface RuleSpec {
  name: string;
  description: string;
  direction: 'Inbound' | 'Outbound';
  priority: number;
  sources: readonly string[];
  destinations: readonly string[];
  ports: readonly string[];
}

/** The SDK SecurityRule for an Allow TCP rule; single values use the singular fields, lists the plural ones. */
export function allowRule(spec: RuleSpec): SecurityRule {
  const r: SecurityRule = {
    description: spec.description,
    protocol: 'Tcp',
    access: 'Allow',
    direction: spec.direction,
    priority: spec.priority,
    sourcePortRange: '*',
  };
  if (spec.sources.length === 1) r.sourceAddressPrefix = spec.sources[0];
  else r.sourceAddressPrefixes = [...spec.sources];
  if (spec.destinations.length === 1) r.destinationAddressPrefix = spec.destinations[0];
  else r.destinationAddressPrefixes = [...spec.destinations];
  if (spec.ports.length === 1) r.destinationPortRange = spec.ports[0];
  else r.destinationPortRanges = [...spec.ports];
  return r;
}

export function nsgRuleFix(nsgId: string, spec: RuleSpec): NsgRuleFix {
  const parameters = allowRule(spec);
  const path = `${nsgId}/securityRules/${spec.name}`;
  return {
    kind: 'nsg-rule',
    title: `Add rule ${spec.name} to NSG ${nameOf(nsgId)}`,
    summary: `Adds an ${spec.direction.toLowerCase()} Allow rule at priority ${spec.priority} to NSG ${nameOf(nsgId)}: ${spec.description}.`,
    nsgId,
    ruleName: spec.name,
    parameters,
    requires: [{ action: SECURITY_RULE_WRITE, scope: nsgId }],
    requests: [{ method: 'PUT', path, apiVersion: NETWORK_API_VERSION, body: { properties: parameters } }],
  };
}

/** A stable GUID-shaped name from text (FNV-1a, 128 bits), so a repeated fix names the same resource. */
export function stableGuid(text: string): string {
  const seeds = [0x811c9dc5, 0x01000193, 0x9e3779b9, 0x85ebca6b];
  const parts = seeds.map((seed, i) => {
    let h = seed >>> 0;
    for (let c = 0; c < text.length; c++) {
      h ^= text.charCodeAt(c) + i;
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
  });
  const hex = parts.join('');
  // Shape it as a version-4-style GUID so ARM accepts it as a role assignment / definition name.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export const NETWORKING_ROLE_NAME = 'Image Builder networking (Kiln)';
export const NETWORKING_ACTIONS = [VNET_READ, SUBNET_JOIN] as const;

/**
 * Grant the template identity the two networking actions on the VNet: assign `existingRole` if there is a
 * suitable one, otherwise create a least-privilege custom role in the subscription first.
 */
export function grantNetworkingRoleFix(input: {
  vnetId: string;
  principalId: string;
  existingRole?: RoleDefinition;
}): RoleFix {
  const parsed = tryParseArmId(input.vnetId);
  const subscriptionId = parsed?.subscriptionId ?? '';
  const subScope = subscriptionScope(subscriptionId);
  const requests: ArmRequest[] = [];
  const requires: RequiredAction[] = [];
  let createDefinition: RoleFix['createDefinition'];
  let roleDefinitionId: string;
  let roleName: string;
  if (input.existingRole?.id) {
    roleDefinitionId = input.existingRole.id;
    roleName = input.existingRole.roleName ?? nameOf(roleDefinitionId);
  } else {
    const name = stableGuid(`kiln-aib-networking-role:${subscriptionId.toLowerCase()}`);
    roleDefinitionId = `${subScope}/providers/Microsoft.Authorization/roleDefinitions/${name}`;
    roleName = NETWORKING_ROLE_NAME;
    const parameters: RoleDefinition = {
      roleName,
      description:
        'Lets an Azure VM Image Builder template identity read a virtual network and join its subnets.',
      roleType: 'CustomRole',
      permissions: [
        { actions: [...NETWORKING_ACTIONS], notActions: [], dataActions: [], notDataActions: [] },
      ],
      assignableScopes: [subScope],
    };
    createDefinition = { scope: subScope, name, parameters };
    requires.push({ action: ROLE_DEFINITION_WRITE, scope: subScope });
    requests.push({
      method: 'PUT',
      path: roleDefinitionId,
      apiVersion: AUTHORIZATION_API_VERSION,
      body: {
        properties: {
          roleName,
          description: parameters.description,
          type: 'CustomRole',
          permissions: parameters.permissions,
          assignableScopes: parameters.assignableScopes,
        },
      },
    });
  }
  const assignmentName = stableGuid(
    `kiln-aib-networking:${input.vnetId.toLowerCase()}:${input.principalId.toLowerCase()}:${roleDefinitionId.toLowerCase()}`,
  );
  const assignment: RoleAssignmentCreateParameters = {
    roleDefinitionId,
    principalId: input.principalId,
    principalType: 'ServicePrincipal',
  };
  requires.push({ action: ROLE_ASSIGNMENT_WRITE, scope: input.vnetId });
  requests.push({
    method: 'PUT',
    path: `${input.vnetId}/providers/Microsoft.Authorization/roleAssignments/${assignmentName}`,
    apiVersion: AUTHORIZATION_API_VERSION,
    body: { properties: assignment },
  });
  const fix: RoleFix = {
    kind: 'role',
    title: createDefinition
      ? 'Create a networking role and grant it to the template identity'
      : `Grant ${roleName} to the template identity`,
    summary: createDefinition
      ? `Creates the custom role “${roleName}” (only ${NETWORKING_ACTIONS.join(' and ')}) in the subscription, then assigns it to the template’s identity on virtual network ${nameOf(input.vnetId)}.`
      : `Assigns the existing role “${roleName}” to the template’s identity on virtual network ${nameOf(input.vnetId)}.`,
    requires,
    requests,
    assignment: { scope: input.vnetId, name: assignmentName, parameters: assignment },
  };
  if (createDefinition) fix.createDefinition = createDefinition;
  return fix;
}
