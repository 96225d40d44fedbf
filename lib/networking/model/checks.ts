// The checks Kiln runs before a build, for a chosen network (issue 5). Pure: the api layer fetches the
// resources and hands them over as `Fetched` values; a value that could not be read makes the checks that
// need it say "cannot verify" and why.

import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type {
  NatGateway,
  NetworkSecurityGroup,
  RouteTable,
  Subnet,
  VirtualNetwork,
} from '@azure/arm-network';
import { mustParseCidr, parseCidr, rangeContains } from './cidr';
import {
  ACI_DELEGATION_SERVICE,
  delegateSubnetFix,
  disablePrivateLinkPoliciesFix,
  type Fix,
  grantNetworkingRoleFix,
  nsgRuleFix,
  NETWORKING_ACTIONS,
} from './fixes';
import { nameOf, parseSubnetId, sameId, sameLocation } from './ids';
import { type LayoutId, type NetworkChoice } from './layout';
import {
  describeDecision,
  type Direction,
  evaluateFlow,
  type Flow,
  type FlowDecision,
  type FlowEndpoint,
  freePriority,
  type NsgDecision,
} from './nsg';
import { findLeastPrivilegeRole, principalHasAction, SUBNET_JOIN, VNET_READ } from './permissions';

export type Fetched<T> =
  { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; reason: string; code?: string };

export const loading = { state: 'loading' } as const;
export function ok<T>(value: T): Fetched<T> {
  return { state: 'ok', value };
}
export function failed<T>(reason: string, code?: string): Fetched<T> {
  return code ? { state: 'error', reason, code } : { state: 'error', reason };
}

export interface SubnetInputs {
  subnet: Fetched<Subnet>;
  /** The subnet's NSG; ok(undefined) when it has none. */
  nsg: Fetched<NetworkSecurityGroup | undefined>;
  /** The subnet's route table; ok(undefined) when it has none. */
  routeTable: Fetched<RouteTable | undefined>;
  /** The subnet's NAT gateway; ok(undefined) when it has none. */
  natGateway: Fetched<NatGateway | undefined>;
}

export interface IdentityInputs {
  principalId: string;
  assignments: Fetched<RoleAssignment[]>;
  definitions: Fetched<RoleDefinition[]>;
}

export interface CheckInputs {
  templateLocation: string;
  choice: NetworkChoice;
  /** Layout 3 may carry a proxy VM size when checking a template's current config. */
  proxyVmSize?: string;
  vnet: Fetched<VirtualNetwork>;
  build?: SubnetInputs;
  aci?: SubnetInputs;
  /** Undefined when the template has no user-assigned identity. */
  identity?: IdentityInputs;
}

export type CheckStatus = 'pass' | 'fail' | 'warning' | 'pending';

export type CheckId =
  | 'layout'
  | 'region'
  | 'same-vnet'
  | 'different-subnets'
  | 'no-proxy-size'
  | 'aci-delegation'
  | 'build-subnet-usable'
  | 'private-link-policies'
  | 'nsg-private-link'
  | 'nsg-build-vm-access'
  | 'nsg-aci-internet'
  | 'outbound-build'
  | 'outbound-aci'
  | 'identity-permissions';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** True when the check could not be made (the reason says why). Status is then 'warning'. */
  cannotVerify?: boolean;
  reason: string;
  /** Extra lines: which NSG rule decided, which assignment grants, … */
  details?: string[];
  /** What to do when no automatic fix exists (or as well as it). */
  advice?: string;
  fixes?: Fix[];
}

function pass(id: CheckId, title: string, reason: string, details?: string[]): CheckResult {
  return { id, title, status: 'pass', reason, ...(details?.length ? { details } : {}) };
}
function fail(id: CheckId, title: string, reason: string, extra: Partial<CheckResult> = {}): CheckResult {
  return { id, title, status: 'fail', reason, ...extra };
}
function warn(id: CheckId, title: string, reason: string, extra: Partial<CheckResult> = {}): CheckResult {
  return { id, title, status: 'warning', reason, ...extra };
}
function pending(id: CheckId, title: string): CheckResult {
  return { id, title, status: 'pending', reason: 'Checking…' };
}
function cannotVerify(id: CheckId, title: string, what: string, reason: string): CheckResult {
  return {
    id,
    title,
    status: 'warning',
    cannotVerify: true,
    reason: `Cannot verify: could not read ${what} (${reason}).`,
  };
}

/** Resolves a list of fetched values: the first loading or error wins, else all values. */
function need<T extends unknown[]>(items: { [K in keyof T]: { what: string; value: Fetched<T[K]> } }):
  { state: 'ok'; values: T } | { state: 'loading' } | { state: 'error'; what: string; reason: string } {
  for (const item of items) {
    if (item.value.state === 'error') return { state: 'error', what: item.what, reason: item.value.reason };
  }
  for (const item of items) if (item.value.state === 'loading') return { state: 'loading' };
  return { state: 'ok', values: items.map((i) => (i.value as { value: unknown }).value) as T };
}

function subnetPrefixes(subnet: Subnet): string[] {
  if (subnet.addressPrefixes && subnet.addressPrefixes.length > 0) return [...subnet.addressPrefixes];
  return subnet.addressPrefix ? [subnet.addressPrefix] : [];
}

function endpointOf(subnet: Subnet, id: string | undefined): FlowEndpoint {
  return { kind: 'subnet', name: subnet.name ?? nameOf(id), prefixes: subnetPrefixes(subnet) };
}

export function isDelegatedToAci(subnet: Subnet): boolean {
  return (subnet.delegations ?? []).some(
    (d) => (d.serviceName ?? '').toLowerCase() === ACI_DELEGATION_SERVICE.toLowerCase(),
  );
}

const TITLES: Record<CheckId, string> = {
  layout: 'Network layout',
  region: 'Same region as the template',
  'same-vnet': 'Both subnets in the same virtual network',
  'different-subnets': 'Two different subnets',
  'no-proxy-size': 'No proxy VM size',
  'aci-delegation': 'Container instance subnet delegated',
  'build-subnet-usable': 'Build subnet can hold the build VM',
  'private-link-policies': 'Private Link service network policies disabled',
  'nsg-private-link': 'NSG lets Private Link reach the proxy VM (TCP 60000-60001)',
  'nsg-build-vm-access': 'NSGs let Image Builder reach the build VM (22, 5986)',
  'nsg-aci-internet': 'NSG lets the container instance reach the Internet (443, 445)',
  'outbound-build': 'Build subnet has a way out to the Internet',
  'outbound-aci': 'Container instance subnet has a way out to the Internet',
  'identity-permissions': 'Template identity may use the network',
};

// ---------- individual checks ----------

function checkRegion(inputs: CheckInputs): CheckResult {
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

function checkLayout3Shape(inputs: CheckInputs): CheckResult[] {
  const { subnetId, containerInstanceSubnetId } = inputs.choice;
  const b = parseSubnetId(subnetId);
  const a = parseSubnetId(containerInstanceSubnetId);
  const results: CheckResult[] = [];
  if (b && a && sameId(b.vnetId, a.vnetId)) {
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
  if (subnetId && containerInstanceSubnetId && sameId(subnetId, containerInstanceSubnetId)) {
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

function checkDelegation(aci: SubnetInputs | undefined, aciId: string): CheckResult {
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

function checkBuildSubnetUsable(build: SubnetInputs | undefined, subnetId: string): CheckResult {
  const id = 'build-subnet-usable';
  const title = TITLES[id];
  if (!build || build.subnet.state === 'loading') return pending(id, title);
  if (build.subnet.state === 'error') return cannotVerify(id, title, 'the build subnet', build.subnet.reason);
  const subnet = build.subnet.value;
  const name = subnet.name ?? nameOf(subnetId);
  const services = (subnet.delegations ?? []).map((d) => d.serviceName ?? '').filter(Boolean);
  if (services.length === 0)
    return pass(id, title, `Subnet ${name} is not delegated, so the build VM can join it.`);
  if (isDelegatedToAci(subnet)) {
    return fail(
      id,
      title,
      `Subnet ${name} is delegated to ${ACI_DELEGATION_SERVICE}; only container groups may join it, not the build VM.`,
      {
        advice:
          'Choose an undelegated subnet for the build VM (the delegated one suits the container instance).',
      },
    );
  }
  return warn(
    id,
    title,
    `Subnet ${name} is delegated to ${services.join(', ')}; such subnets usually refuse virtual machines.`,
    {
      advice: 'Choose an undelegated subnet for the build VM.',
    },
  );
}

function checkPrivateLinkPolicies(build: SubnetInputs | undefined, subnetId: string): CheckResult {
  const id = 'private-link-policies';
  const title = TITLES[id];
  if (!build || build.subnet.state === 'loading') return pending(id, title);
  if (build.subnet.state === 'error') return cannotVerify(id, title, 'the build subnet', build.subnet.reason);
  const subnet = build.subnet.value;
  const name = subnet.name ?? nameOf(subnetId);
  const value = subnet.privateLinkServiceNetworkPolicies ?? 'Enabled';
  if (value.toLowerCase() === 'disabled')
    return pass(id, title, `Private Link service network policies are disabled on ${name}.`);
  return fail(
    id,
    title,
    `Subnet ${name} has Private Link service network policies ${value}; Image Builder cannot put its Private Link service there, so the build would fail.`,
    { fixes: [disablePrivateLinkPoliciesFix(subnetId, subnet)] },
  );
}

interface FlowSpec {
  label: string;
  flow: Flow;
}

function summarise(decisions: FlowDecision[]): string[] {
  const lines: string[] = [];
  for (const d of decisions) {
    const label = `port ${d.flow.port}`;
    for (const side of [d.outbound, d.inbound]) {
      if (side) lines.push(`${label}: ${describeDecision(side)}`);
    }
  }
  return lines;
}

interface FixShape {
  name: string;
  /** Use the name as is (no -In/-Out suffix). */
  exactName?: boolean;
  /** The rule's description, for the ports it opens. */
  description: (ports: readonly string[]) => string;
  sources: string[];
  destinations: string[];
  /** Ports for the rule; default: the failing ports. */
  ports?: string[];
}

/** The NSG rule fixes for flows that are not fully allowed: one rule per NSG and direction. */
function ruleFixes(
  blocked: FlowDecision[],
  nsgs: { outbound?: NetworkSecurityGroup; inbound?: NetworkSecurityGroup },
  spec: FixShape,
): { fixes: Fix[]; impossible: string[] } {
  const fixes: Fix[] = [];
  const impossible: string[] = [];
  const sides: { key: 'outbound' | 'inbound'; direction: Direction }[] = [
    { key: 'outbound', direction: 'Outbound' },
    { key: 'inbound', direction: 'Inbound' },
  ];
  for (const { key, direction } of sides) {
    const nsg = nsgs[key];
    const failing = blocked.filter((d) => d[key] && d[key].outcome !== 'allow');
    if (!nsg?.id || failing.length === 0) continue;
    const ports = spec.ports ?? [...new Set(failing.map((d) => String(d.flow.port)))];
    // The new rule must come before every rule that denies (fully or partly) one of the failing flows.
    const blockers = failing.flatMap((d) => {
      const side = d[key] as NsgDecision;
      return [
        ...side.partialRules.filter((r) => r.access === 'Deny'),
        ...(side.decidingRule && side.decidingRule.access === 'Deny' ? [side.decidingRule] : []),
      ];
    });
    const before = Math.min(...blockers.map((r) => r.priority), 65500);
    const priority = freePriority(nsg, direction, before);
    const ruleName = spec.exactName ? spec.name : `${spec.name}-${direction === 'Inbound' ? 'In' : 'Out'}`;
    if (priority === null) {
      impossible.push(
        `NSG ${nsg.name ?? nameOf(nsg.id)} has no free priority before ${before}; add the rule by hand.`,
      );
      continue;
    }
    fixes.push(
      nsgRuleFix(nsg.id, {
        name: ruleName,
        description: spec.description(ports),
        direction,
        priority,
        sources: spec.sources,
        destinations: spec.destinations,
        ports,
      }),
    );
  }
  return { fixes, impossible };
}

function flowCheck(
  id: CheckId,
  specs: FlowSpec[],
  nsgs: { outbound?: NetworkSecurityGroup; inbound?: NetworkSecurityGroup },
  fix: FixShape,
  passText: string,
  failText: (ports: string) => string,
): CheckResult {
  const title = TITLES[id];
  const decisions = specs.map((s) => evaluateFlow(s.flow, nsgs.outbound, nsgs.inbound));
  const details = summarise(decisions);
  const notAllowed = decisions.filter((d) => d.outcome !== 'allow');
  if (notAllowed.length === 0) return pass(id, title, passText, details);
  const ports = notAllowed.map((d) => d.flow.port).join(' and ');
  const { fixes, impossible } = ruleFixes(notAllowed, nsgs, fix);
  const extra: Partial<CheckResult> = { details };
  if (fixes.length) extra.fixes = fixes;
  if (impossible.length) extra.advice = impossible.join(' ');
  const onlyPartial = notAllowed.every((d) => d.outcome === 'partial');
  if (onlyPartial) {
    return warn(
      id,
      title,
      `${failText(ports)} — only partly: some addresses are allowed and some are not.`,
      extra,
    );
  }
  return fail(id, title, failText(ports), extra);
}

function checkBuildVmAccess(inputs: CheckInputs, layout: LayoutId): CheckResult {
  const id = 'nsg-build-vm-access';
  const title = TITLES[id];
  const build = inputs.build;
  const sourceSide = layout === 'own-subnets' ? inputs.aci : inputs.build;
  if (!build || !sourceSide) return pending(id, title);
  const r = need<[Subnet, NetworkSecurityGroup | undefined, Subnet, NetworkSecurityGroup | undefined]>([
    { what: 'the build subnet', value: build.subnet },
    { what: 'the build subnet’s NSG', value: build.nsg },
    {
      what: layout === 'own-subnets' ? 'the container instance subnet' : 'the build subnet',
      value: sourceSide.subnet,
    },
    {
      what: layout === 'own-subnets' ? 'the container instance subnet’s NSG' : 'the build subnet’s NSG',
      value: sourceSide.nsg,
    },
  ]);
  if (r.state === 'loading') return pending(id, title);
  if (r.state === 'error') return cannotVerify(id, title, r.what, r.reason);
  const [buildSubnet, buildNsg, srcSubnet, srcNsg] = r.values;
  const src = endpointOf(
    srcSubnet,
    layout === 'own-subnets' ? inputs.choice.containerInstanceSubnetId : inputs.choice.subnetId,
  );
  const dst = endpointOf(buildSubnet, inputs.choice.subnetId);
  const who = layout === 'own-subnets' ? 'the container instance' : 'the proxy VM';
  const specs = [22, 5986].map((port) => ({
    label: String(port),
    flow: { protocol: 'Tcp' as const, source: src, destination: dst, port },
  }));
  return flowCheck(
    id,
    specs,
    { outbound: srcNsg, inbound: buildNsg },
    {
      name: layout === 'own-subnets' ? 'Kiln-AIB-AciToBuildVm' : 'Kiln-AIB-ProxyToBuildVm',
      description: (ports) =>
        `Image Builder: ${who} reaches the build VM on ${ports.map((p) => (p === '22' ? '22 (SSH)' : p === '5986' ? '5986 (WinRM over HTTPS)' : p)).join(' and ')}`,
      sources: subnetPrefixes(srcSubnet),
      destinations: subnetPrefixes(buildSubnet),
    },
    `The NSGs let ${who} reach the build VM on 22 (SSH) and 5986 (WinRM over HTTPS).`,
    (ports) =>
      `The NSGs block ${who} from reaching the build VM on ${ports}; the build would time out connecting.`,
  );
}

function checkAciInternet(inputs: CheckInputs): CheckResult {
  const id = 'nsg-aci-internet';
  const title = TITLES[id];
  const aci = inputs.aci;
  if (!aci) return pending(id, title);
  const r = need<[Subnet, NetworkSecurityGroup | undefined]>([
    { what: 'the container instance subnet', value: aci.subnet },
    { what: 'the container instance subnet’s NSG', value: aci.nsg },
  ]);
  if (r.state === 'loading') return pending(id, title);
  if (r.state === 'error') return cannotVerify(id, title, r.what, r.reason);
  const [subnet, nsg] = r.values;
  const src = endpointOf(subnet, inputs.choice.containerInstanceSubnetId);
  const specs = [443, 445].map((port) => ({
    label: String(port),
    flow: { protocol: 'Tcp' as const, source: src, destination: { kind: 'internet' as const }, port },
  }));
  return flowCheck(
    id,
    specs,
    { outbound: nsg },
    {
      name: 'Kiln-AIB-AciToInternet',
      description: (ports) =>
        `Image Builder: the container instance reaches the Internet on ${ports.map((p) => (p === '443' ? '443 (its image)' : p === '445' ? '445 (its file share)' : p)).join(' and ')}`,
      sources: subnetPrefixes(subnet),
      destinations: ['Internet'],
    },
    'The NSG lets the container instance reach the Internet on 443 (its image) and 445 (its file share).',
    (ports) =>
      `The NSG blocks the container instance from the Internet on ${ports}; it could not pull its image or mount its file share.`,
  );
}

function checkPrivateLinkNsg(inputs: CheckInputs): CheckResult {
  const id = 'nsg-private-link';
  const title = TITLES[id];
  const build = inputs.build;
  if (!build) return pending(id, title);
  const r = need<[Subnet, NetworkSecurityGroup | undefined]>([
    { what: 'the build subnet', value: build.subnet },
    { what: 'the build subnet’s NSG', value: build.nsg },
  ]);
  if (r.state === 'loading') return pending(id, title);
  if (r.state === 'error') return cannotVerify(id, title, r.what, r.reason);
  const [subnet, nsg] = r.values;
  const dst = endpointOf(subnet, inputs.choice.subnetId);
  const specs = [60000, 60001].map((port) => ({
    label: String(port),
    flow: {
      protocol: 'Tcp' as const,
      source: { kind: 'azureLoadBalancer' as const },
      destination: dst,
      port,
    },
  }));
  return flowCheck(
    id,
    specs,
    { inbound: nsg },
    {
      // Microsoft's documented rule: one rule for the whole range, under this name.
      name: 'AzureImageBuilderNsgRule',
      exactName: true,
      ports: ['60000-60001'],
      description: () => 'Allow Image Builder Private Link access to the proxy VM',
      sources: ['AzureLoadBalancer'],
      destinations: ['VirtualNetwork'],
    },
    'The build subnet’s NSG lets AzureLoadBalancer reach TCP 60000-60001 (Private Link to the proxy VM).',
    (ports) =>
      `The build subnet’s NSG blocks AzureLoadBalancer on TCP ${ports}; Image Builder could not reach the proxy VM.`,
  );
}

const DEFAULT_ROUTE = mustParseCidr('0.0.0.0/0');

/** The route that takes Internet-bound traffic: the 0.0.0.0/0 route (longest-prefix ties aside). */
function defaultRoute(table: RouteTable | undefined) {
  return (table?.routes ?? []).find((r) => {
    const range = r.addressPrefix ? parseCidr(r.addressPrefix) : null;
    return range !== null && rangeContains(range, DEFAULT_ROUTE);
  });
}

function checkOutbound(
  id: 'outbound-build' | 'outbound-aci',
  side: SubnetInputs | undefined,
  subnetId: string | undefined,
): CheckResult {
  const title = TITLES[id];
  if (!side) return pending(id, title);
  const what = id === 'outbound-build' ? 'the build subnet' : 'the container instance subnet';
  const r = need<[Subnet, RouteTable | undefined]>([
    { what, value: side.subnet },
    { what: `${what}’s route table`, value: side.routeTable },
  ]);
  if (r.state === 'loading') return pending(id, title);
  if (r.state === 'error') return cannotVerify(id, title, r.what, r.reason);
  const [subnet, table] = r.values;
  const name = subnet.name ?? nameOf(subnetId);
  const route = defaultRoute(table);
  const hop = (route?.nextHopType ?? '').toLowerCase();
  const needs =
    id === 'outbound-build'
      ? 'the build VM cannot fetch packages or updates'
      : 'the container instance cannot pull its image';
  if (route && hop === 'none') {
    return fail(
      id,
      title,
      `Route ${route.name ?? ''} in ${table?.name ?? 'the route table'} drops all Internet traffic from ${name}; ${needs}.`,
      {
        advice:
          'Point 0.0.0.0/0 at a firewall (VirtualAppliance) that allows the traffic, or remove the route and add a NAT gateway.',
      },
    );
  }
  if (route && hop === 'virtualappliance') {
    return pass(
      id,
      title,
      `Internet traffic from ${name} goes through your firewall at ${route.nextHopIpAddress ?? 'an appliance'} (route ${route.name ?? '0.0.0.0/0'}); it must allow what the build needs.`,
    );
  }
  if (subnet.natGateway?.id) {
    if (side.natGateway.state === 'error')
      return cannotVerify(id, title, `NAT gateway ${nameOf(subnet.natGateway.id)}`, side.natGateway.reason);
    if (side.natGateway.state === 'loading') return pending(id, title);
    const nat = side.natGateway.value;
    const hasIp = Boolean(nat?.publicIpAddresses?.length || nat?.publicIpPrefixes?.length);
    if (nat && !hasIp)
      return fail(
        id,
        title,
        `NAT gateway ${nat.name ?? ''} on ${name} has no public IP address or prefix, so it gives no way out; ${needs}.`,
        {
          advice: `Add a public IP address to NAT gateway ${nat.name ?? ''}.`,
        },
      );
    return pass(
      id,
      title,
      `Subnet ${name} reaches the Internet through NAT gateway ${nameOf(subnet.natGateway.id)}.`,
    );
  }
  if (route && hop === 'virtualnetworkgateway') {
    return warn(
      id,
      title,
      `Internet traffic from ${name} is sent to your VPN/ExpressRoute gateway; your on-premises network must let it out, or ${needs}.`,
    );
  }
  if (subnet.defaultOutboundAccess === false) {
    return fail(
      id,
      title,
      `Subnet ${name} is private (default outbound access off) and has no NAT gateway or route to a firewall; ${needs}.`,
      {
        advice: `Attach a NAT gateway to ${name}, or add a route 0.0.0.0/0 to a firewall (VirtualAppliance) that allows the traffic.`,
      },
    );
  }
  return pass(id, title, `Subnet ${name} uses Azure’s default outbound access to reach the Internet.`);
}

function checkIdentity(inputs: CheckInputs): CheckResult {
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

/** Every check for a choice, in the order they are shown. */
export function runChecks(inputs: CheckInputs): CheckResult[] {
  const { choice } = inputs;
  if (choice.layout === 'aib-network') {
    return [
      pass(
        'layout',
        TITLES.layout,
        'Image Builder makes and removes its own network for each build; there is nothing of yours to check.',
      ),
    ];
  }
  const results: CheckResult[] = [];
  if (!choice.subnetId) {
    return [fail('layout', TITLES.layout, 'Choose a build subnet.')];
  }
  if (choice.layout === 'own-subnets' && !choice.containerInstanceSubnetId) {
    return [fail('layout', TITLES.layout, 'Choose a container instance subnet.')];
  }
  results.push(checkRegion(inputs));
  results.push(checkBuildSubnetUsable(inputs.build, choice.subnetId));
  if (choice.layout === 'own-subnets') {
    results.push(...checkLayout3Shape(inputs));
    results.push(checkDelegation(inputs.aci, choice.containerInstanceSubnetId ?? ''));
  } else {
    results.push(checkPrivateLinkPolicies(inputs.build, choice.subnetId));
    results.push(checkPrivateLinkNsg(inputs));
  }
  results.push(checkBuildVmAccess(inputs, choice.layout));
  if (choice.layout === 'own-subnets') results.push(checkAciInternet(inputs));
  results.push(checkOutbound('outbound-build', inputs.build, choice.subnetId));
  if (choice.layout === 'own-subnets')
    results.push(checkOutbound('outbound-aci', inputs.aci, choice.containerInstanceSubnetId));
  results.push(checkIdentity(inputs));
  return results;
}

/** The checks that need attention (fail first, then warnings). */
export function failingChecks(results: readonly CheckResult[]): CheckResult[] {
  const rank = { fail: 0, warning: 1, pending: 2, pass: 3 } as const;
  return results
    .filter((r) => r.status === 'fail' || r.status === 'warning')
    .sort((a, b) => rank[a.status] - rank[b.status]);
}

export function allSettled(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.status !== 'pending');
}
