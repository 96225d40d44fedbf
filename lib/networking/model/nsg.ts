// Network security group evaluation, the way Azure evaluates it: per direction, rules in priority order
// (lower number first), the first rule that matches the flow decides; the default rules (65000+) always
// sit at the end. A flow leaving a subnet meets that subnet's NSG outbound rules; a flow entering a subnet
// meets that subnet's NSG inbound rules; both must allow it.
//
// The endpoints of the flows Kiln cares about are whole subnets (we do not know which address ACI or the
// build VM will get), the Internet, or Azure's load balancer address. A rule can therefore match all of an
// endpoint, none of it, or only some of it; a flow is "allowed" only when every address is allowed.

import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import {
  type Coverage,
  coverage,
  mergeRanges,
  NON_INTERNET_RANGES,
  parseCidr,
  parseIpv4,
  type Ipv4Range,
} from './cidr';
import { portListContains, rulePorts } from './ports';

export type Direction = 'Inbound' | 'Outbound';
export type Protocol = 'Tcp' | 'Udp';

export type FlowEndpoint =
  /** Any address of a subnet inside a virtual network. */
  | { kind: 'subnet'; name: string; prefixes: readonly string[] }
  /** Public addresses on the Internet (a container registry, a file share, a package mirror). */
  | { kind: 'internet' }
  /** Azure's load balancer / Private Link source address (the AzureLoadBalancer service tag). */
  | { kind: 'azureLoadBalancer' };

export interface Flow {
  protocol: Protocol;
  source: FlowEndpoint;
  destination: FlowEndpoint;
  /** Destination port. The source port is ephemeral, so a rule restricted to source ports matches only some flows. */
  port: number;
}

/** The address Azure's load balancer probes and Private Link NAT traffic come from (AzureLoadBalancer). */
export const AZURE_LOAD_BALANCER_ADDRESS = '168.63.129.16';

export interface EvaluatedRule {
  name: string;
  priority: number;
  access: 'Allow' | 'Deny';
  direction: Direction;
  isDefault: boolean;
  rule: SecurityRule;
}

export type Outcome = 'allow' | 'deny' | 'partial';

export interface NsgDecision {
  outcome: Outcome;
  direction: Direction;
  /** The NSG that decided; undefined when the subnet has no NSG (then everything is allowed). */
  nsgId?: string;
  nsgName?: string;
  /** The first rule that matched every address of the flow. */
  decidingRule?: EvaluatedRule;
  /** Higher-priority rules that matched only some addresses (e.g. a narrower CIDR or a service tag). */
  partialRules: EvaluatedRule[];
}

function rule(
  name: string,
  priority: number,
  direction: Direction,
  access: 'Allow' | 'Deny',
  source: string,
  destination: string,
): SecurityRule {
  return {
    name,
    priority,
    direction,
    access,
    protocol: '*',
    sourceAddressPrefix: source,
    sourcePortRange: '*',
    destinationAddressPrefix: destination,
    destinationPortRange: '*',
  };
}

/** Azure's default security rules, present in every NSG and impossible to delete. */
export const DEFAULT_SECURITY_RULES: readonly SecurityRule[] = [
  rule('AllowVnetInBound', 65000, 'Inbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  rule('AllowAzureLoadBalancerInBound', 65001, 'Inbound', 'Allow', 'AzureLoadBalancer', '*'),
  rule('DenyAllInBound', 65500, 'Inbound', 'Deny', '*', '*'),
  rule('AllowVnetOutBound', 65000, 'Outbound', 'Allow', 'VirtualNetwork', 'VirtualNetwork'),
  rule('AllowInternetOutBound', 65001, 'Outbound', 'Allow', '*', 'Internet'),
  rule('DenyAllOutBound', 65500, 'Outbound', 'Deny', '*', '*'),
];

function sameText(a: string | undefined, b: string): boolean {
  return (a ?? '').toLowerCase() === b.toLowerCase();
}

/** Rules of one direction, user rules and default rules, in evaluation order. */
export function orderedRules(nsg: NetworkSecurityGroup, direction: Direction): EvaluatedRule[] {
  const defaults =
    nsg.defaultSecurityRules && nsg.defaultSecurityRules.length > 0
      ? nsg.defaultSecurityRules
      : DEFAULT_SECURITY_RULES;
  const all: EvaluatedRule[] = [];
  const add = (r: SecurityRule, isDefault: boolean) => {
    if (!sameText(r.direction, direction)) return;
    all.push({
      name: r.name ?? '(unnamed)',
      priority: r.priority ?? (isDefault ? 65500 : 4096),
      access: sameText(r.access, 'Deny') ? 'Deny' : 'Allow',
      direction,
      isDefault,
      rule: r,
    });
  };
  for (const r of nsg.securityRules ?? []) add(r, false);
  for (const r of defaults) add(r, true);
  return all.sort((a, b) => a.priority - b.priority || Number(a.isDefault) - Number(b.isDefault));
}

const LB_RANGE: Ipv4Range = {
  first: parseIpv4(AZURE_LOAD_BALANCER_ADDRESS) ?? 0,
  last: parseIpv4(AZURE_LOAD_BALANCER_ADDRESS) ?? 0,
};

/** How much of one endpoint a single address prefix (CIDR, service tag or `*`) matches. */
export function prefixCoverage(prefix: string, endpoint: FlowEndpoint): Coverage {
  const p = prefix.trim();
  const lower = p.toLowerCase();
  if (lower === '*' || lower === 'any') return 'all';
  const range = parseCidr(p);
  if (range) {
    if (endpoint.kind === 'subnet') {
      const subnetRanges = endpoint.prefixes.map(parseCidr).filter((r): r is Ipv4Range => r !== null);
      return coverage([range], subnetRanges);
    }
    if (endpoint.kind === 'azureLoadBalancer') return coverage([range], [LB_RANGE]);
    // Internet: all public space. 0.0.0.0/0 covers it; a prefix inside private space covers none of it.
    if (range.first === 0 && range.last === 0xffffffff) return 'all';
    const privateOnly = NON_INTERNET_RANGES.some((r) => range.first >= r.first && range.last <= r.last);
    return privateOnly ? 'none' : 'some';
  }
  if (lower === 'virtualnetwork') return endpoint.kind === 'subnet' ? 'all' : 'none';
  if (lower === 'azureloadbalancer') return endpoint.kind === 'azureLoadBalancer' ? 'all' : 'none';
  if (lower === 'internet') return endpoint.kind === 'internet' ? 'all' : 'none';
  // Any other service tag (Storage, AzureCloud, MicrosoftContainerRegistry, regional variants…) names some
  // public Azure addresses: part of "the Internet", none of a private subnet.
  return endpoint.kind === 'internet' ? 'some' : 'none';
}

function addressCoverage(
  single: string | undefined,
  list: readonly string[] | undefined,
  asgs: readonly unknown[] | undefined,
  endpoint: FlowEndpoint,
): Coverage {
  // Application security groups hold NICs you put in them; the ACI and build VM that AIB creates are in none.
  if (asgs && asgs.length > 0) return 'none';
  const prefixes = list && list.length > 0 ? list : single !== undefined && single !== '' ? [single] : [];
  if (prefixes.length === 0) return 'none';
  const results = prefixes.map((p) => prefixCoverage(p, endpoint));
  if (results.includes('all')) return 'all';
  // Several CIDRs may together cover a subnet that none covers alone.
  if (endpoint.kind === 'subnet') {
    const ranges = prefixes.map(parseCidr).filter((r): r is Ipv4Range => r !== null);
    const target = endpoint.prefixes.map(parseCidr).filter((r): r is Ipv4Range => r !== null);
    const union = coverage(mergeRanges(ranges), target);
    if (union === 'all') return 'all';
  }
  return results.includes('some') ? 'some' : 'none';
}

function protocolMatches(ruleProtocol: string | undefined, protocol: Protocol): boolean {
  const p = (ruleProtocol ?? '*').toLowerCase();
  return p === '*' || p === 'any' || p === protocol.toLowerCase();
}

/** How much of the flow a rule matches. */
export function ruleCoverage(r: SecurityRule, flow: Flow): Coverage {
  if (!protocolMatches(r.protocol, flow.protocol)) return 'none';
  if (!portListContains(rulePorts(r.destinationPortRange, r.destinationPortRanges), flow.port)) return 'none';
  const src = addressCoverage(
    r.sourceAddressPrefix,
    r.sourceAddressPrefixes,
    r.sourceApplicationSecurityGroups,
    flow.source,
  );
  if (src === 'none') return 'none';
  const dst = addressCoverage(
    r.destinationAddressPrefix,
    r.destinationAddressPrefixes,
    r.destinationApplicationSecurityGroups,
    flow.destination,
  );
  if (dst === 'none') return 'none';
  const sourcePorts = rulePorts(r.sourcePortRange, r.sourcePortRanges);
  const allSourcePorts = sourcePorts.some((p) => p.trim() === '*' || p.trim() === '0-65535');
  return src === 'all' && dst === 'all' && allSourcePorts ? 'all' : 'some';
}

/** Evaluates one NSG in one direction for a flow. A missing NSG allows everything. */
export function evaluateNsg(
  nsg: NetworkSecurityGroup | undefined,
  direction: Direction,
  flow: Flow,
): NsgDecision {
  if (!nsg) return { outcome: 'allow', direction, partialRules: [] };
  const base = { direction, nsgId: nsg.id, nsgName: nsg.name, partialRules: [] as EvaluatedRule[] };
  for (const r of orderedRules(nsg, direction)) {
    const c = ruleCoverage(r.rule, flow);
    if (c === 'none') continue;
    if (c === 'some') {
      base.partialRules.push(r);
      continue;
    }
    const want = r.access === 'Allow' ? 'Allow' : 'Deny';
    const mixed = base.partialRules.some((p) => p.access !== want);
    return { ...base, outcome: mixed ? 'partial' : want === 'Allow' ? 'allow' : 'deny', decidingRule: r };
  }
  // No rule matched every address: only possible with hand-made default rules. What partial rules allowed
  // is allowed, the rest is not.
  return { ...base, outcome: base.partialRules.some((p) => p.access === 'Allow') ? 'partial' : 'deny' };
}

export interface FlowDecision {
  outcome: Outcome;
  flow: Flow;
  /** The source subnet's NSG, outbound (absent when the source is not one of your subnets). */
  outbound?: NsgDecision;
  /** The destination subnet's NSG, inbound (absent when the destination is not one of your subnets). */
  inbound?: NsgDecision;
}

function combine(outcomes: readonly Outcome[]): Outcome {
  if (outcomes.includes('deny')) return 'deny';
  if (outcomes.includes('partial')) return 'partial';
  return 'allow';
}

/**
 * Evaluates a flow against the NSG of the subnet it leaves (outbound) and of the subnet it enters
 * (inbound). Pass undefined for a side with no NSG, or for a side that is not a subnet.
 */
export function evaluateFlow(
  flow: Flow,
  sourceNsg: NetworkSecurityGroup | undefined,
  destinationNsg: NetworkSecurityGroup | undefined,
): FlowDecision {
  const result: FlowDecision = { outcome: 'allow', flow };
  const outcomes: Outcome[] = [];
  if (flow.source.kind === 'subnet') {
    result.outbound = evaluateNsg(sourceNsg, 'Outbound', flow);
    outcomes.push(result.outbound.outcome);
  }
  if (flow.destination.kind === 'subnet') {
    result.inbound = evaluateNsg(destinationNsg, 'Inbound', flow);
    outcomes.push(result.inbound.outcome);
  }
  result.outcome = combine(outcomes);
  return result;
}

export const MIN_PRIORITY = 100;
export const MAX_PRIORITY = 4096;

/**
 * A free priority for a new rule in `direction` that is evaluated before `before` (the rule that now
 * decides against the flow). Prefers `preferred` (the value Microsoft's docs use) when it is free and early
 * enough, otherwise the closest free value above the blocking rule. Null when no value is free.
 */
export function freePriority(
  nsg: NetworkSecurityGroup,
  direction: Direction,
  before: number,
  preferred = 400,
): number | null {
  const used = new Set(
    (nsg.securityRules ?? []).filter((r) => sameText(r.direction, direction)).map((r) => r.priority ?? -1),
  );
  const limit = Math.min(before - 1, MAX_PRIORITY);
  if (preferred <= limit && preferred >= MIN_PRIORITY && !used.has(preferred)) return preferred;
  for (let p = limit; p >= MIN_PRIORITY; p--) if (!used.has(p)) return p;
  return null;
}

/** One plain sentence describing an NSG decision, naming the rule. */
export function describeDecision(d: NsgDecision): string {
  const where = d.nsgName
    ? `NSG ${d.nsgName} (${d.direction.toLowerCase()})`
    : `no NSG (${d.direction.toLowerCase()})`;
  if (!d.nsgName) return `${where}: nothing filters this traffic.`;
  const r = d.decidingRule;
  const ruleText = r
    ? `rule ${r.name} (priority ${r.priority}${r.isDefault ? ', default rule' : ''})`
    : 'no rule';
  const partial = d.partialRules
    .map((p) => `${p.name} (${p.priority}, ${p.access.toLowerCase()})`)
    .join(', ');
  switch (d.outcome) {
    case 'allow':
      return `${where}: allowed by ${ruleText}.`;
    case 'deny':
      return `${where}: blocked by ${ruleText}.`;
    case 'partial':
      return `${where}: only partly allowed — ${partial} match only some addresses, then ${ruleText} applies.`;
  }
}
