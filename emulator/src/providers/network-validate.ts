// Input validation of the Microsoft.Network writes local Azure accepts (VNets, subnets, NSGs, rules),
// with the network RP's error codes and texts.
import { type ArmError, badRequest } from '../core/errors.ts';
import { normalizeId } from '../core/ids.ts';
import type { World } from '../core/types.ts';
import type { DelegationInput, SecurityRuleInput, SubnetInput } from '../shapes/network.ts';
import { objectOf, refIds, stringOf } from '../shapes/provider-kit.ts';

export interface Cidr {
  start: number;
  end: number;
  prefix: number;
  text: string;
}

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p)) return undefined;
    const v = Number(p);
    if (v > 255) return undefined;
    n = n * 256 + v;
  }
  return n;
}

/** Parses an IPv4 CIDR; `undefined` when malformed. `aligned` is false when host bits are set. */
export function parseCidr(text: string): (Cidr & { aligned: boolean }) | undefined {
  const m = /^([\d.]+)\/(\d{1,2})$/.exec(text.trim());
  if (!m) return undefined;
  const ip = ipToInt(m[1] ?? '');
  const prefix = Number(m[2]);
  if (ip === undefined || prefix > 32) return undefined;
  const size = 2 ** (32 - prefix);
  const start = Math.floor(ip / size) * size;
  return { start, end: start + size - 1, prefix, text, aligned: start === ip };
}

export const overlaps = (a: Cidr, b: Cidr): boolean => a.start <= b.end && b.start <= a.end;
export const within = (inner: Cidr, outer: Cidr): boolean =>
  inner.start >= outer.start && inner.end <= outer.end;

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

function invalidCidr(owner: string, prefix: string): ArmError {
  const c = parseCidr(prefix);
  const suggestion = c ? ` The prefix must be ${intToIp(c.start)}/${c.prefix}.` : '';
  return badRequest(
    'InvalidCIDRNotation',
    `The address prefix ${prefix} in resource ${owner} has an invalid CIDR notation.${suggestion} For more information, see aka.ms/ipaddressing.`,
  );
}

/** Parses address prefixes, rejecting malformed ones as the RP does. */
export function parsePrefixes(owner: string, prefixes: string[]): Cidr[] {
  return prefixes.map((p) => {
    const c = parseCidr(p);
    if (!c || !c.aligned) throw invalidCidr(owner, p);
    return c;
  });
}

const POLICY_VALUES = ['Enabled', 'Disabled'];
const PE_POLICY_VALUES = ['Enabled', 'Disabled', 'NetworkSecurityGroupEnabled', 'RouteTableEnabled'];

function requestFormat(message: string): ArmError {
  return badRequest('InvalidRequestFormat', `Cannot parse the request. ${message}`);
}

/** Checks that a referenced resource exists, in the same region as the referrer when `location` is given. */
export function requireReference(world: World, refId: string, referrer: string, location?: string): void {
  const target = world.get(refId);
  const sameRegion =
    !location || !target?.location || target.location.toLowerCase() === location.toLowerCase();
  if (!target || !sameRegion)
    throw badRequest(
      'InvalidResourceReference',
      `Resource ${refId} referenced by resource ${referrer} was not found. Please make sure that the referenced resource exists, and that both resources are in the same region.`,
    );
}

/** A subnet's delegations: each with a name and a valid service, no service twice, at most one. */
function delegationsFrom(subnetId: string, raw: unknown): DelegationInput[] {
  if (!Array.isArray(raw)) throw requestFormat("'delegations' must be an array.");
  const ds: DelegationInput[] = [];
  for (const d of raw) {
    const o = objectOf(d);
    const dn = stringOf(o?.name);
    const svc = stringOf(objectOf(o?.properties)?.serviceName);
    if (!svc || !/^[A-Za-z0-9]+\.[A-Za-z0-9.]+\/[A-Za-z0-9/]+$/.test(svc))
      throw badRequest(
        'InvalidServiceNameOnDelegation',
        `Subnet ${subnetId} has an invalid delegation service name '${svc ?? ''}'.`,
      );
    if (!dn)
      throw badRequest(
        'InvalidRequestFormat',
        `Cannot parse the request. Delegation on subnet ${subnetId} has no name.`,
      );
    ds.push({ name: dn, serviceName: svc });
  }
  const services = new Set(ds.map((d) => d.serviceName.toLowerCase()));
  if (services.size !== ds.length)
    throw badRequest(
      'DuplicateServiceNamesOnDelegations',
      `Subnet ${subnetId} has duplicate service names in its delegations.`,
    );
  if (ds.length > 1)
    throw badRequest(
      'SubnetCannotHaveMultipleDelegations',
      `Subnet ${subnetId} cannot have multiple delegations. Delegations: ${ds.map((d) => d.serviceName).join(', ')}.`,
    );
  return ds;
}

/** The NSG, route table and NAT gateway a subnet names: each must exist, in the VNet's region. */
function referencesFrom(
  world: World,
  subnetId: string,
  p: Record<string, unknown>,
  vnetLocation: string,
): Pick<SubnetInput, 'networkSecurityGroupId' | 'routeTableId' | 'natGatewayId'> {
  const out: Pick<SubnetInput, 'networkSecurityGroupId' | 'routeTableId' | 'natGatewayId'> = {};
  const refs = [
    ['networkSecurityGroup', 'networkSecurityGroupId'],
    ['routeTable', 'routeTableId'],
    ['natGateway', 'natGatewayId'],
  ] as const;
  for (const [property, field] of refs) {
    const id = stringOf(objectOf(p[property])?.id);
    if (!id) continue;
    requireReference(world, id, subnetId, vnetLocation);
    out[field] = id;
  }
  return out;
}

/** The network policies and default outbound access, when given: each must be one of its values. */
function policiesFrom(
  p: Record<string, unknown>,
): Pick<
  SubnetInput,
  'privateEndpointNetworkPolicies' | 'privateLinkServiceNetworkPolicies' | 'defaultOutboundAccess'
> {
  const out: ReturnType<typeof policiesFrom> = {};
  const pe = p.privateEndpointNetworkPolicies;
  if (pe !== undefined) {
    if (typeof pe !== 'string' || !PE_POLICY_VALUES.includes(pe))
      throw requestFormat(`Invalid value '${String(pe)}' for privateEndpointNetworkPolicies.`);
    out.privateEndpointNetworkPolicies = pe as SubnetInput['privateEndpointNetworkPolicies'];
  }
  const pls = p.privateLinkServiceNetworkPolicies;
  if (pls !== undefined) {
    if (typeof pls !== 'string' || !POLICY_VALUES.includes(pls))
      throw requestFormat(`Invalid value '${String(pls)}' for privateLinkServiceNetworkPolicies.`);
    out.privateLinkServiceNetworkPolicies = pls as 'Enabled' | 'Disabled';
  }
  if (p.defaultOutboundAccess !== undefined) {
    if (typeof p.defaultOutboundAccess !== 'boolean')
      throw requestFormat(`Invalid value '${String(p.defaultOutboundAccess)}' for defaultOutboundAccess.`);
    out.defaultOutboundAccess = p.defaultOutboundAccess;
  }
  return out;
}

/** Validates and normalises a subnet body (PUT subnet, or one entry of a VNet's `subnets`). */
export function subnetInputFrom(
  world: World,
  subnetId: string,
  name: string,
  body: Record<string, unknown>,
  vnetLocation: string,
): SubnetInput {
  const p = objectOf(body.properties) ?? {};
  const single = stringOf(p.addressPrefix);
  const many = Array.isArray(p.addressPrefixes) ? p.addressPrefixes.filter((x) => typeof x === 'string') : [];
  const prefixes = single ? [single] : many;
  if (!prefixes.length)
    throw badRequest(
      'NoAddressPrefixOrPoolProvided',
      `Subnet ${subnetId} must have an address prefix (addressPrefix or addressPrefixes) or an IPAM pool allocation.`,
    );
  parsePrefixes(subnetId, prefixes);
  const out: SubnetInput = { name };
  if (single) out.addressPrefix = single;
  else out.addressPrefixes = many;
  Object.assign(out, referencesFrom(world, subnetId, p, vnetLocation));
  if (p.delegations !== undefined) out.delegations = delegationsFrom(subnetId, p.delegations);
  Object.assign(out, policiesFrom(p));
  if (Array.isArray(p.serviceEndpoints)) {
    out.serviceEndpoints = p.serviceEndpoints
      .map((e) => objectOf(e))
      .filter((e): e is Record<string, unknown> => !!e && typeof e.service === 'string')
      .map((e) => ({
        service: e.service as string,
        locations: Array.isArray(e.locations) ? e.locations.filter((x) => typeof x === 'string') : ['*'],
      }));
  }
  return out;
}

/** Subnets must lie inside the VNet's address space and must not overlap one another. */
export function checkSubnetRanges(
  vnetName: string,
  vnetSpace: string[],
  subnets: Array<{ name: string; prefixes: string[] }>,
): void {
  const space = vnetSpace.map((p) => parseCidr(p)).filter((c): c is NonNullable<typeof c> => !!c);
  const parsed = subnets.map((s) => ({
    name: s.name,
    cidrs: s.prefixes.map((p) => parseCidr(p)).filter((c): c is NonNullable<typeof c> => !!c),
  }));
  for (const s of parsed) {
    for (const c of s.cidrs)
      if (!space.some((v) => within(c, v)))
        throw badRequest(
          'NetcfgSubnetRangeOutsideVnet',
          `Subnet '${s.name}' is not valid because its IP address range is outside the IP address range of virtual network '${vnetName}'.`,
        );
  }
  for (let i = 0; i < parsed.length; i++)
    for (let j = 0; j < i; j++) {
      const a = parsed[i];
      const b = parsed[j];
      if (a && b && a.cidrs.some((x) => b.cidrs.some((y) => overlaps(x, y))))
        throw badRequest(
          'NetcfgSubnetRangesOverlap',
          `Subnet '${a.name}' is not valid because its IP address range overlaps with that of an existing subnet in virtual network '${vnetName}'.`,
        );
    }
}

const PROTOCOLS = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah', '*'];

function checkPortRange(rule: string, v: string): void {
  const ok =
    v === '*' ||
    /^\d{1,5}$/.test(v) ||
    (/^\d{1,5}-\d{1,5}$/.test(v) && Number(v.split('-')[0]) <= Number(v.split('-')[1]));
  const nums = v === '*' ? [] : v.split('-').map(Number);
  if (!ok || nums.some((n) => n > 65535))
    throw badRequest(
      'SecurityRuleInvalidPortRange',
      `Security rule ${rule} has invalid Port range. Value provided: ${v}. Value should be an integer OR integer range with '-' delimiter. Valid range 0-65535.`,
    );
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/** Validates a security rule body (PUT rule, or an entry of an NSG's `securityRules`). */
export function securityRuleFrom(name: string, body: Record<string, unknown>): SecurityRuleInput {
  const p = objectOf(body.properties) ?? {};
  const priority = p.priority;
  if (typeof priority !== 'number' || !Number.isInteger(priority) || priority < 100 || priority > 4096)
    throw badRequest(
      'SecurityRuleInvalidPriority',
      `Security rule has invalid Priority. Value provided: ${String(priority)} Allowed range 100-4096.`,
    );
  const direction = stringOf(p.direction);
  if (direction !== 'Inbound' && direction !== 'Outbound')
    throw badRequest(
      'SecurityRuleInvalidDirection',
      `Security rule ${name} has invalid Direction. Value provided: ${String(p.direction)}.`,
    );
  const access = stringOf(p.access);
  if (access !== 'Allow' && access !== 'Deny')
    throw badRequest(
      'SecurityRuleInvalidAccess',
      `Security rule ${name} has invalid Access. Value provided: ${String(p.access)}.`,
    );
  const protocol = stringOf(p.protocol);
  const proto = PROTOCOLS.find((x) => x.toLowerCase() === protocol?.toLowerCase());
  if (!proto)
    throw badRequest(
      'SecurityRuleInvalidProtocol',
      `Security rule ${name} has invalid Protocol. Value provided: ${String(p.protocol)}.`,
    );
  const rule: SecurityRuleInput = {
    name,
    priority,
    direction,
    access,
    protocol: proto as SecurityRuleInput['protocol'],
  };
  const d = stringOf(p.description);
  if (d !== undefined) rule.description = d;
  const spr = stringOf(p.sourcePortRange);
  const sprs = strings(p.sourcePortRanges);
  const dpr = stringOf(p.destinationPortRange);
  const dprs = strings(p.destinationPortRanges);
  for (const v of [spr, ...(sprs ?? []), dpr, ...(dprs ?? [])]) if (v !== undefined) checkPortRange(name, v);
  if (sprs?.length) rule.sourcePortRanges = sprs;
  else rule.sourcePortRange = spr ?? '*';
  if (dprs?.length) rule.destinationPortRanges = dprs;
  else if (dpr !== undefined) rule.destinationPortRange = dpr;
  else
    throw badRequest(
      'SecurityRuleParameterContainsUnsupportedValue',
      `Security rule parameter DestinationPortRange for rule with Id ${name} cannot specify an empty value.`,
    );
  const sap = stringOf(p.sourceAddressPrefix);
  const saps = strings(p.sourceAddressPrefixes);
  const dap = stringOf(p.destinationAddressPrefix);
  const daps = strings(p.destinationAddressPrefixes);
  if (saps?.length) rule.sourceAddressPrefixes = saps;
  else rule.sourceAddressPrefix = sap ?? '*';
  if (daps?.length) rule.destinationAddressPrefixes = daps;
  else rule.destinationAddressPrefix = dap ?? '*';
  return rule;
}

/** Two rules with the same priority and direction conflict (400 SecurityRuleConflict). */
export function checkRuleConflicts(rules: SecurityRuleInput[]): void {
  for (let i = 0; i < rules.length; i++)
    for (let j = 0; j < i; j++) {
      const a = rules[j];
      const b = rules[i];
      if (a && b && a.priority === b.priority && a.direction === b.direction)
        throw badRequest(
          'SecurityRuleConflict',
          `Security rule ${a.name} conflicts with rule ${b.name}. Rules cannot have the same Priority and Direction. To learn more, see aka.ms/nsgrules.`,
        );
    }
}

/** Reads back a stored rule into the builder's input form. */
export function ruleInputOf(stored: unknown): SecurityRuleInput | undefined {
  const o = objectOf(stored);
  const name = stringOf(o?.name);
  if (!o || !name) return undefined;
  try {
    return securityRuleFrom(name, o);
  } catch {
    return undefined;
  }
}

/** Reads back a stored subnet into the builder's input form (trusted: no validation of references). */
export function subnetInputOf(stored: unknown): SubnetInput | undefined {
  const o = objectOf(stored);
  const name = stringOf(o?.name);
  const p = objectOf(o?.properties);
  if (!o || !name || !p) return undefined;
  const s: SubnetInput = { name };
  const single = stringOf(p.addressPrefix);
  if (single) s.addressPrefix = single;
  const many = strings(p.addressPrefixes);
  if (many?.length) s.addressPrefixes = many;
  const nsg = stringOf(objectOf(p.networkSecurityGroup)?.id);
  if (nsg) s.networkSecurityGroupId = nsg;
  const rt = stringOf(objectOf(p.routeTable)?.id);
  if (rt) s.routeTableId = rt;
  const nat = stringOf(objectOf(p.natGateway)?.id);
  if (nat) s.natGatewayId = nat;
  if (Array.isArray(p.delegations))
    s.delegations = p.delegations
      .map((d) => objectOf(d))
      .filter((d): d is Record<string, unknown> => !!d)
      .map((d) => ({
        name: stringOf(d.name) ?? '0',
        serviceName: stringOf(objectOf(d.properties)?.serviceName) ?? '',
        actions: strings(objectOf(d.properties)?.actions) ?? [],
      }));
  const pe = stringOf(p.privateEndpointNetworkPolicies);
  if (pe) s.privateEndpointNetworkPolicies = pe as SubnetInput['privateEndpointNetworkPolicies'];
  const pls = stringOf(p.privateLinkServiceNetworkPolicies);
  if (pls === 'Enabled' || pls === 'Disabled') s.privateLinkServiceNetworkPolicies = pls;
  if (typeof p.defaultOutboundAccess === 'boolean') s.defaultOutboundAccess = p.defaultOutboundAccess;
  if (Array.isArray(p.serviceEndpoints))
    s.serviceEndpoints = p.serviceEndpoints
      .map((e) => objectOf(e))
      .filter((e): e is Record<string, unknown> => !!e && typeof e.service === 'string')
      .map((e) => ({ service: e.service as string, locations: strings(e.locations) ?? ['*'] }));
  return s;
}

export const sameId = (a: string | undefined, b: string | undefined): boolean =>
  !!a && !!b && normalizeId(a) === normalizeId(b);

export { refIds };
