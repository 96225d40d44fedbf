import { describe, expect, it } from 'vitest';
import { networkSecurityGroup, AIB_NSG_RULE, virtualNetwork } from '../shapes/network.ts';
import { MemoryWorld } from '../core/store.ts';
import { cidrWithin, evaluateNsg, findSubnet, hasOutbound, subnetAllows } from './network.ts';
import { DEFAULT_SPEED, DURATIONS, layoutOf, osOf, planStep, timeoutSeconds } from './plan.ts';

const at = { subscriptionId: 's1', resourceGroup: 'rg', location: 'eastus' };

describe('plan', () => {
  it('finds the layout from vnetConfig', () => {
    expect(layoutOf({}).layout).toBe(1);
    expect(layoutOf({ vmProfile: { vnetConfig: { subnetId: 'a', proxyVmSize: '' } } }).layout).toBe(2);
    expect(
      layoutOf({ vmProfile: { vnetConfig: { subnetId: 'a', containerInstanceSubnetId: 'b' } } }).layout,
    ).toBe(3);
  });
  it('reads the OS from the source and customizers', () => {
    expect(osOf({ source: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer' } })).toBe('Windows');
    expect(osOf({ source: { publisher: 'Canonical' } })).toBe('Linux');
    expect(osOf({ customize: [{ type: 'WindowsRestart' }] })).toBe('Windows');
  });
  it('fails a step on an inline exit N (N not allowed) and adds sleeps', () => {
    const s = planStep(
      { type: 'Shell', name: 'x', inline: ['echo hi', 'sleep 30', 'exit 2', 'echo never'] },
      0,
      'customizer',
    );
    expect(s.failExit).toBe(2);
    expect(s.duration).toBe((DURATIONS.customizer.Shell ?? 0) + 30);
    expect(s.lines).toEqual(['hi']);
    expect(planStep({ type: 'Shell', inline: ['exit 0'] }, 0, 'customizer').failExit).toBeUndefined();
    expect(
      planStep({ type: 'PowerShell', inline: ['exit 3010'], validExitCodes: [0, 3010] }, 0, 'customizer')
        .failExit,
    ).toBeUndefined();
  });
  it('uses 240 minutes when buildTimeoutInMinutes is 0', () => {
    expect(timeoutSeconds({ buildTimeoutInMinutes: 0 })).toBe(240 * 60);
    expect(timeoutSeconds({ buildTimeoutInMinutes: 30 })).toBe(1800);
  });
  it('makes a plain build take about 90 s at the default speed', () => {
    const d = DURATIONS;
    const plain =
      d.queued +
      d.stagingPrep +
      d.containerGroup +
      d.nic +
      20 +
      d.vm.Linux +
      d.connect.Linux +
      (d.customizer.Shell ?? 0) +
      d.deprovision.Linux +
      d.capture +
      (d.distribute.ManagedImage ?? 0) +
      2 * d.deleteVm +
      3 * d.deleteResource;
    expect(plain / DEFAULT_SPEED).toBeGreaterThan(75);
    expect(plain / DEFAULT_SPEED).toBeLessThan(110);
  });
});

describe('network evaluation', () => {
  it('evaluates NSG rules by priority, tags and ports', () => {
    const deny = networkSecurityGroup({
      ...at,
      name: 'n',
      securityRules: [
        {
          name: 'deny5986',
          priority: 300,
          direction: 'Inbound',
          access: 'Deny',
          protocol: 'Tcp',
          destinationPortRange: '5986',
        },
        AIB_NSG_RULE,
        { name: 'denyall', priority: 4096, direction: 'Inbound', access: 'Deny', protocol: '*' },
      ],
    });
    const vnet = { prefixes: ['10.0.1.0/24'] };
    expect(
      evaluateNsg(deny, {
        direction: 'Inbound',
        source: vnet,
        destination: vnet,
        port: 5986,
        protocol: 'Tcp',
      }).access,
    ).toBe('Deny');
    expect(
      evaluateNsg(deny, {
        direction: 'Inbound',
        source: { tag: 'AzureLoadBalancer' },
        destination: vnet,
        port: 60001,
        protocol: 'Tcp',
      }).access,
    ).toBe('Allow');
    expect(
      evaluateNsg(deny, { direction: 'Inbound', source: vnet, destination: vnet, port: 22, protocol: 'Tcp' })
        .access,
    ).toBe('Deny');
    const plain = networkSecurityGroup({ ...at, name: 'p' });
    expect(
      evaluateNsg(plain, {
        direction: 'Inbound',
        source: { tag: 'AzureLoadBalancer' },
        destination: vnet,
        port: 60001,
        protocol: 'Tcp',
      }).rule,
    ).toBe('AllowAzureLoadBalancerInBound');
    expect(
      evaluateNsg(plain, {
        direction: 'Inbound',
        source: { tag: 'Internet' },
        destination: vnet,
        port: 22,
        protocol: 'Tcp',
      }).access,
    ).toBe('Deny');
  });
  it('matches CIDRs', () => {
    expect(cidrWithin('10.0.1.0/24', '10.0.0.0/16')).toBe(true);
    expect(cidrWithin('10.1.1.0/24', '10.0.0.0/16')).toBe(false);
  });
  it('finds inline subnets and their outbound access', () => {
    const w = new MemoryWorld();
    const nsg = networkSecurityGroup({ ...at, name: 'nsg' });
    w.put(nsg);
    const v = virtualNetwork({
      ...at,
      name: 'v',
      addressPrefixes: ['10.0.0.0/16'],
      subnets: [
        { name: 'open', addressPrefix: '10.0.1.0/24', networkSecurityGroupId: nsg.id },
        { name: 'private', addressPrefix: '10.0.2.0/24', defaultOutboundAccess: false },
        {
          name: 'nat',
          addressPrefix: '10.0.3.0/24',
          defaultOutboundAccess: false,
          natGatewayId: '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/natGateways/n',
        },
      ],
    });
    w.put(v);
    const open = findSubnet(w, `${v.id}/subnets/OPEN`);
    const priv = findSubnet(w, `${v.id}/subnets/private`);
    const nat = findSubnet(w, `${v.id}/subnets/nat`);
    expect(open && hasOutbound(w, open)).toBe(true);
    expect(priv && hasOutbound(w, priv)).toBe(false);
    expect(nat && hasOutbound(w, nat)).toBe(true);
    expect(
      open &&
        subnetAllows(w, open, {
          direction: 'Inbound',
          source: { prefixes: ['10.0.2.0/24'] },
          destination: { prefixes: ['10.0.1.0/24'] },
          port: 22,
          protocol: 'Tcp',
        }).access,
    ).toBe('Allow');
  });
});
