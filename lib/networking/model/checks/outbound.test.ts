import type { RouteTable } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import { RG, subnet, aciDelegation, side, layout3, byId } from './fixtures';
import { failed, ok, type SubnetInputs } from './inputs';
import { runChecks } from './run-checks';

describe('outbound Internet path', () => {
  const privateSubnet = subnet('private', '10.20.5.0/24', { defaultOutboundAccess: false });
  it('a private subnet with no NAT gateway and no route fails', () => {
    const r = byId(runChecks(layout3({ build: side(privateSubnet) })), 'outbound-build');
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/private/);
  });
  it('a NAT gateway with a public IP passes; without one it fails', () => {
    const s = { ...privateSubnet, natGateway: { id: `${RG}/providers/Microsoft.Network/natGateways/nat1` } };
    const withIp: SubnetInputs = {
      ...side(s),
      natGateway: ok({ name: 'nat1', publicIpAddresses: [{ id: 'pip' }] }),
    };
    expect(byId(runChecks(layout3({ build: withIp })), 'outbound-build').status).toBe('pass');
    const noIp: SubnetInputs = { ...side(s), natGateway: ok({ name: 'nat1' }) };
    expect(byId(runChecks(layout3({ build: noIp })), 'outbound-build').status).toBe('fail');
    const unreadable: SubnetInputs = { ...side(s), natGateway: failed('403') };
    expect(byId(runChecks(layout3({ build: unreadable })), 'outbound-build')).toMatchObject({
      status: 'warning',
      cannotVerify: true,
    });
  });
  it('a 0.0.0.0/0 route to a VirtualAppliance passes; to None fails; to a gateway warns', () => {
    const rt = (nextHopType: string): RouteTable => ({
      name: 'rt',
      routes: [{ name: 'default', addressPrefix: '0.0.0.0/0', nextHopType, nextHopIpAddress: '10.20.0.4' }],
    });
    expect(
      byId(
        runChecks(
          layout3({
            aci: side({ ...privateSubnet, delegations: aciDelegation }, undefined, rt('VirtualAppliance')),
          }),
        ),
        'outbound-aci',
      ).status,
    ).toBe('pass');
    expect(
      byId(
        runChecks(layout3({ build: side(subnet('build', '10.20.1.0/24'), undefined, rt('None')) })),
        'outbound-build',
      ).status,
    ).toBe('fail');
    expect(
      byId(
        runChecks(
          layout3({ build: side(subnet('build', '10.20.1.0/24'), undefined, rt('VirtualNetworkGateway')) }),
        ),
        'outbound-build',
      ).status,
    ).toBe('warning');
  });
  it('a route to the Internet does not rescue a private subnet', () => {
    const rt: RouteTable = {
      name: 'rt',
      routes: [{ name: 'inet', addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' }],
    };
    expect(
      byId(runChecks(layout3({ build: side(privateSubnet, undefined, rt) })), 'outbound-build').status,
    ).toBe('fail');
  });
  it('cannot verify when the route table cannot be read', () => {
    const r = byId(
      runChecks(
        layout3({ build: { ...side(subnet('build', '10.20.1.0/24')), routeTable: failed('not found') } }),
      ),
      'outbound-build',
    );
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
  });
});
