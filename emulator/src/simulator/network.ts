// What the build simulator needs to know about the user's network, read from the world: subnets (stored
// on their own or inline in their VNet), NSG evaluation (priority order, service tags, CIDRs, port
// ranges) and outbound connectivity. Pure functions over the World.
import type { ArmResource, World } from '../core/types.ts';
import { normalizeId, parseId } from '../core/ids.ts';
import { isRec, type Rec } from '../core/rec.ts';

const refId = (v: unknown): string | undefined => (isRec(v) && typeof v.id === 'string' ? v.id : undefined);

export function vnetIdOf(subnetId: string): string {
  const p = parseId(subnetId);
  return `/subscriptions/${p.subscriptionId ?? ''}/resourceGroups/${p.resourceGroup ?? ''}/providers/Microsoft.Network/virtualNetworks/${p.names[0] ?? ''}`;
}

/** The subnet resource: stored on its own, or found inline in its VNet. */
export function findSubnet(world: World, subnetId: string): ArmResource | undefined {
  const own = world.get(subnetId);
  if (own) return own;
  const vnet = world.get(vnetIdOf(subnetId));
  const subnets = vnet?.properties?.subnets;
  if (!Array.isArray(subnets)) return undefined;
  const want = normalizeId(subnetId);
  return subnets.find(
    (s): s is ArmResource => isRec(s) && typeof s.id === 'string' && normalizeId(s.id) === want,
  );
}

const props = (r: ArmResource | undefined): Rec => (r && isRec(r.properties) ? r.properties : {});

export function subnetPrefixes(subnet: ArmResource): string[] {
  const p = props(subnet);
  if (Array.isArray(p.addressPrefixes))
    return p.addressPrefixes.filter((x): x is string => typeof x === 'string');
  return typeof p.addressPrefix === 'string' ? [p.addressPrefix] : [];
}

export function isDelegatedTo(subnet: ArmResource, service: string): boolean {
  const d = props(subnet).delegations;
  return (
    Array.isArray(d) &&
    d.some(
      (x) =>
        isRec(x) &&
        isRec(x.properties) &&
        String(x.properties.serviceName).toLowerCase() === service.toLowerCase(),
    )
  );
}

export const plsPoliciesEnabled = (subnet: ArmResource): boolean =>
  props(subnet).privateLinkServiceNetworkPolicies !== 'Disabled';

/**
 * A subnet has a way out when default outbound access is on (absent means on, for subnets made
 * before the 2026 default change), or it has a NAT gateway, or its route table sends 0.0.0.0/0 to a
 * virtual appliance (a firewall).
 */
export function hasOutbound(world: World, subnet: ArmResource): boolean {
  const p = props(subnet);
  if (p.defaultOutboundAccess !== false) return true;
  if (refId(p.natGateway)) return true;
  const rtId = refId(p.routeTable);
  const rt = rtId ? world.get(rtId) : undefined;
  const routes = props(rt).routes;
  return (
    Array.isArray(routes) &&
    routes.some(
      (r) =>
        isRec(r) &&
        isRec(r.properties) &&
        r.properties.addressPrefix === '0.0.0.0/0' &&
        r.properties.nextHopType === 'VirtualAppliance',
    )
  );
}

// ---------------------------------------------------------------------------------------------
// NSG evaluation

function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isInteger(n) || n < 0 || n > 255)) return undefined;
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function cidr(c: string): { base: number; mask: number } | undefined {
  const [ip, bitsStr] = c.split('/');
  const base = ipToInt(ip ?? '');
  const bits = bitsStr === undefined ? 32 : Number(bitsStr);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return { base: (base & mask) >>> 0, mask };
}

/** True when CIDR `inner` lies within CIDR `outer`. */
export function cidrWithin(inner: string, outer: string): boolean {
  const a = cidr(inner);
  const b = cidr(outer);
  if (!a || !b) return false;
  return a.mask >= b.mask && (a.base & b.mask) >>> 0 === b.base;
}

/** An endpoint of a flow: a service tag (AzureLoadBalancer, Internet) or the address prefixes of a subnet. */
export type Endpoint = { tag: 'AzureLoadBalancer' | 'Internet' } | { prefixes: string[] };

function addressMatches(prefix: string, ep: Endpoint): boolean {
  const p = prefix.trim();
  if (p === '*' || p.toLowerCase() === 'any') return true;
  if ('tag' in ep) return p.toLowerCase() === ep.tag.toLowerCase();
  if (p.toLowerCase() === 'virtualnetwork') return true;
  if (p.includes('.'))
    return ep.prefixes.length > 0 && ep.prefixes.every((x) => cidrWithin(x, p.includes('/') ? p : `${p}/32`));
  return false;
}

function portMatches(range: string, port: number): boolean {
  const r = range.trim();
  if (r === '*') return true;
  const [a, b] = r.split('-').map(Number);
  if (a === undefined || Number.isNaN(a)) return false;
  return b === undefined ? port === a : port >= a && port <= b;
}

const list = (single: unknown, plural: unknown): string[] => {
  const out = Array.isArray(plural) ? plural.filter((x): x is string => typeof x === 'string') : [];
  if (out.length) return out;
  return typeof single === 'string' ? [single] : [];
};

export interface Flow {
  direction: 'Inbound' | 'Outbound';
  source: Endpoint;
  destination: Endpoint;
  port: number;
  protocol: 'Tcp' | 'Udp';
}

/** The first matching rule (custom, then default) decides; returns the rule name and access. */
export function evaluateNsg(nsg: ArmResource, flow: Flow): { access: 'Allow' | 'Deny'; rule: string } {
  const p = props(nsg);
  const rules = [
    ...(Array.isArray(p.securityRules) ? p.securityRules : []),
    ...(Array.isArray(p.defaultSecurityRules) ? p.defaultSecurityRules : []),
  ]
    .filter((r): r is ArmResource => isRec(r) && isRec(r.properties))
    .map((r) => ({ name: r.name, p: r.properties as Rec }))
    .filter((r) => r.p.direction === flow.direction)
    .sort((a, b) => Number(a.p.priority) - Number(b.p.priority));
  for (const r of rules) {
    const proto = String(r.p.protocol ?? '*');
    if (proto !== '*' && proto.toLowerCase() !== flow.protocol.toLowerCase()) continue;
    if (!list(r.p.sourceAddressPrefix, r.p.sourceAddressPrefixes).some((x) => addressMatches(x, flow.source)))
      continue;
    if (
      !list(r.p.destinationAddressPrefix, r.p.destinationAddressPrefixes).some((x) =>
        addressMatches(x, flow.destination),
      )
    )
      continue;
    if (!list(r.p.destinationPortRange, r.p.destinationPortRanges).some((x) => portMatches(x, flow.port)))
      continue;
    return { access: r.p.access === 'Deny' ? 'Deny' : 'Allow', rule: r.name };
  }
  return { access: 'Deny', rule: 'DenyAll' };
}

/** The NSG attached to a subnet, if any. */
export function subnetNsg(world: World, subnet: ArmResource): ArmResource | undefined {
  const id = refId(props(subnet).networkSecurityGroup);
  return id ? world.get(id) : undefined;
}

/** Evaluates a flow against the subnet's NSG; no NSG means allowed. */
export function subnetAllows(
  world: World,
  subnet: ArmResource,
  flow: Flow,
): { access: 'Allow' | 'Deny'; rule: string; nsg?: string } {
  const nsg = subnetNsg(world, subnet);
  if (!nsg) return { access: 'Allow', rule: 'none' };
  return { ...evaluateNsg(nsg, flow), nsg: nsg.id };
}

/** The n-th usable address of a subnet (Azure reserves the first four). */
export function addressIn(subnet: ArmResource | undefined, n: number): string {
  const prefix = subnet ? subnetPrefixes(subnet)[0] : undefined;
  const c = prefix ? cidr(prefix) : undefined;
  if (!c) return `10.0.0.${4 + n}`;
  const v = (c.base + 4 + n) >>> 0;
  return [v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255].join('.');
}
