// The build subnet (and in layout 3 the container instance subnet) needs a way out to the Internet: a
// default route to a firewall, a NAT gateway with a public IP, a gateway, or Azure's default outbound access.
import type { RouteTable, Subnet } from '@azure/arm-network';
import { mustParseCidr, parseCidr, rangeContains } from '../cidr';
import { nameOf } from '@/lib/azure/ids';
import { need, type SubnetInputs } from './inputs';
import { cannotVerify, type CheckResult, fail, pass, pending, TITLES, warn } from './result';

const DEFAULT_ROUTE = mustParseCidr('0.0.0.0/0');

/** The route that takes Internet-bound traffic: the 0.0.0.0/0 route (longest-prefix ties aside). */
function defaultRoute(table: RouteTable | undefined) {
  return (table?.routes ?? []).find((r) => {
    const range = r.addressPrefix ? parseCidr(r.addressPrefix) : null;
    return range !== null && rangeContains(range, DEFAULT_ROUTE);
  });
}

export function checkOutbound(
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
