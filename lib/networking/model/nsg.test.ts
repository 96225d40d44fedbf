import type { NetworkSecurityGroup, SecurityRule } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import {
  describeDecision,
  evaluateFlow,
  evaluateNsg,
  type Flow,
  type FlowEndpoint,
  freePriority,
  orderedRules,
  prefixCoverage,
  ruleCoverage,
} from './nsg';

const aci: FlowEndpoint = { kind: 'subnet', name: 'aci', prefixes: ['10.0.2.0/24'] };
const build: FlowEndpoint = { kind: 'subnet', name: 'build', prefixes: ['10.0.1.0/24'] };
const internet: FlowEndpoint = { kind: 'internet' };
const lb: FlowEndpoint = { kind: 'azureLoadBalancer' };

const ssh: Flow = { protocol: 'Tcp', source: aci, destination: build, port: 22 };
const winrm: Flow = { ...ssh, port: 5986 };

function r(partial: SecurityRule): SecurityRule {
  return {
    protocol: 'Tcp',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    access: 'Allow',
    direction: 'Inbound',
    ...partial,
  };
}

function nsg(...rules: SecurityRule[]): NetworkSecurityGroup {
  return {
    id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg1',
    name: 'nsg1',
    securityRules: rules,
  };
}

describe('prefixCoverage (service tags, CIDRs, *)', () => {
  it('matches * everywhere', () => {
    for (const e of [aci, internet, lb]) expect(prefixCoverage('*', e)).toBe('all');
  });
  it('VirtualNetwork covers subnets, not the Internet or the load balancer', () => {
    expect(prefixCoverage('VirtualNetwork', aci)).toBe('all');
    expect(prefixCoverage('VirtualNetwork', internet)).toBe('none');
    expect(prefixCoverage('VirtualNetwork', lb)).toBe('none');
  });
  it('AzureLoadBalancer and Internet only cover their own kind', () => {
    expect(prefixCoverage('AzureLoadBalancer', lb)).toBe('all');
    expect(prefixCoverage('AzureLoadBalancer', aci)).toBe('none');
    expect(prefixCoverage('Internet', internet)).toBe('all');
    expect(prefixCoverage('internet', build)).toBe('none');
  });
  it('CIDRs are compared with the subnet prefixes', () => {
    expect(prefixCoverage('10.0.0.0/16', aci)).toBe('all');
    expect(prefixCoverage('10.0.2.0/25', aci)).toBe('some');
    expect(prefixCoverage('10.0.3.0/24', aci)).toBe('none');
    expect(prefixCoverage('168.63.129.16/32', lb)).toBe('all');
  });
  it('CIDRs against the Internet: 0.0.0.0/0 all, private none, public some', () => {
    expect(prefixCoverage('0.0.0.0/0', internet)).toBe('all');
    expect(prefixCoverage('10.0.0.0/8', internet)).toBe('none');
    expect(prefixCoverage('20.0.0.0/8', internet)).toBe('some');
  });
  it('other service tags cover some of the Internet and none of a subnet', () => {
    expect(prefixCoverage('Storage', internet)).toBe('some');
    expect(prefixCoverage('Storage', aci)).toBe('none');
  });
});

describe('ruleCoverage', () => {
  it('checks protocol and destination port', () => {
    expect(ruleCoverage(r({ protocol: 'Udp' }), ssh)).toBe('none');
    expect(ruleCoverage(r({ protocol: '*' }), ssh)).toBe('all');
    expect(ruleCoverage(r({ destinationPortRange: '5986' }), ssh)).toBe('none');
    expect(ruleCoverage(r({ destinationPortRange: '', destinationPortRanges: ['22', '5986'] }), ssh)).toBe(
      'all',
    );
    expect(ruleCoverage(r({ destinationPortRange: '20-25' }), ssh)).toBe('all');
  });
  it('uses sourceAddressPrefixes lists (together they may cover the subnet)', () => {
    expect(
      ruleCoverage(
        r({ sourceAddressPrefix: undefined, sourceAddressPrefixes: ['10.0.2.0/25', '10.0.2.128/25'] }),
        ssh,
      ),
    ).toBe('all');
    expect(
      ruleCoverage(r({ sourceAddressPrefix: undefined, sourceAddressPrefixes: ['10.0.2.0/25'] }), ssh),
    ).toBe('some');
    expect(
      ruleCoverage(
        r({ sourceAddressPrefix: undefined, sourceAddressPrefixes: ['10.9.0.0/16', '10.0.2.0/24'] }),
        ssh,
      ),
    ).toBe('all');
  });
  it('a rule restricted to source ports matches only some flows (the source port is ephemeral)', () => {
    expect(ruleCoverage(r({ sourcePortRange: '1024-2048' }), ssh)).toBe('some');
  });
  it('rules on application security groups do not match AIB-made NICs', () => {
    expect(ruleCoverage(r({ sourceApplicationSecurityGroups: [{ id: 'asg' }] }), ssh)).toBe('none');
  });
});

describe('evaluateNsg', () => {
  it('no NSG allows everything', () => {
    expect(evaluateNsg(undefined, 'Inbound', ssh).outcome).toBe('allow');
  });
  it('default rules alone: VNet to VNet allowed, Internet outbound allowed, Internet inbound denied', () => {
    const empty = nsg();
    expect(evaluateNsg(empty, 'Inbound', ssh)).toMatchObject({
      outcome: 'allow',
      decidingRule: { name: 'AllowVnetInBound' },
    });
    expect(evaluateNsg(empty, 'Outbound', { ...ssh, destination: internet, port: 443 })).toMatchObject({
      outcome: 'allow',
      decidingRule: { name: 'AllowInternetOutBound' },
    });
    expect(evaluateNsg(empty, 'Inbound', { ...ssh, source: internet })).toMatchObject({
      outcome: 'deny',
      decidingRule: { name: 'DenyAllInBound' },
    });
    expect(
      evaluateNsg(empty, 'Inbound', { protocol: 'Tcp', source: lb, destination: build, port: 60001 }),
    ).toMatchObject({
      outcome: 'allow',
      decidingRule: { name: 'AllowAzureLoadBalancerInBound' },
    });
  });
  it('first match by priority wins, whatever order the rules are listed in', () => {
    const g = nsg(
      r({ name: 'allow-22', priority: 200, destinationPortRange: '22' }),
      r({ name: 'deny-all-tcp', priority: 150, access: 'Deny' }),
    );
    expect(evaluateNsg(g, 'Inbound', ssh)).toMatchObject({
      outcome: 'deny',
      decidingRule: { name: 'deny-all-tcp' },
    });
    const h = nsg(
      r({ name: 'allow-22', priority: 100, destinationPortRange: '22' }),
      r({ name: 'deny-all-tcp', priority: 150, access: 'Deny' }),
    );
    expect(evaluateNsg(h, 'Inbound', ssh)).toMatchObject({
      outcome: 'allow',
      decidingRule: { name: 'allow-22' },
    });
    expect(evaluateNsg(h, 'Inbound', winrm)).toMatchObject({
      outcome: 'deny',
      decidingRule: { name: 'deny-all-tcp' },
    });
  });
  it('ignores rules of the other direction', () => {
    const g = nsg(r({ name: 'deny-out', priority: 100, access: 'Deny', direction: 'Outbound' }));
    expect(evaluateNsg(g, 'Inbound', ssh).outcome).toBe('allow');
    expect(evaluateNsg(g, 'Outbound', ssh).outcome).toBe('deny');
  });
  it('overlapping rules: a narrower deny before a broad allow makes the flow partial', () => {
    const g = nsg(
      r({ name: 'deny-half', priority: 100, access: 'Deny', sourceAddressPrefix: '10.0.2.0/25' }),
      r({ name: 'allow-vnet', priority: 200, sourceAddressPrefix: 'VirtualNetwork' }),
    );
    const d = evaluateNsg(g, 'Inbound', ssh);
    expect(d.outcome).toBe('partial');
    expect(d.partialRules.map((p) => p.name)).toEqual(['deny-half']);
    expect(d.decidingRule?.name).toBe('allow-vnet');
  });
  it('overlapping rules: a narrower allow before a broad deny is partial; a broad allow first is allow', () => {
    const g = nsg(
      r({ name: 'allow-half', priority: 100, sourceAddressPrefix: '10.0.2.0/25' }),
      r({ name: 'deny-all', priority: 200, access: 'Deny' }),
    );
    expect(evaluateNsg(g, 'Inbound', ssh).outcome).toBe('partial');
    const h = nsg(
      r({ name: 'allow-all', priority: 100, sourceAddressPrefix: '10.0.0.0/16' }),
      r({ name: 'deny-half', priority: 150, access: 'Deny', sourceAddressPrefix: '10.0.2.0/25' }),
    );
    expect(evaluateNsg(h, 'Inbound', ssh).outcome).toBe('allow');
  });
  it('a partial deny before a full deny is still deny', () => {
    const g = nsg(
      r({ name: 'deny-half', priority: 100, access: 'Deny', sourceAddressPrefix: '10.0.2.0/25' }),
      r({ name: 'deny-all', priority: 200, access: 'Deny' }),
    );
    expect(evaluateNsg(g, 'Inbound', ssh).outcome).toBe('deny');
  });
  it('an Internet deny on 445 with a Storage allow before it is partial', () => {
    const g = nsg(
      r({
        name: 'allow-storage',
        priority: 100,
        direction: 'Outbound',
        destinationAddressPrefix: 'Storage',
        destinationPortRange: '445',
      }),
      r({
        name: 'deny-internet',
        priority: 200,
        direction: 'Outbound',
        access: 'Deny',
        destinationAddressPrefix: 'Internet',
      }),
    );
    expect(
      evaluateNsg(g, 'Outbound', { protocol: 'Tcp', source: aci, destination: internet, port: 445 }).outcome,
    ).toBe('partial');
  });
  it('uses the NSG defaultSecurityRules when ARM returns them', () => {
    const g: NetworkSecurityGroup = {
      name: 'x',
      securityRules: [],
      defaultSecurityRules: [r({ name: 'OnlyDefault', priority: 65000, access: 'Deny', protocol: '*' })],
    };
    expect(orderedRules(g, 'Inbound').map((x) => x.name)).toEqual(['OnlyDefault']);
    expect(evaluateNsg(g, 'Inbound', ssh)).toMatchObject({
      outcome: 'deny',
      decidingRule: { name: 'OnlyDefault', isDefault: true },
    });
  });
  it('treats access and direction case-insensitively', () => {
    const g = nsg(r({ name: 'deny', priority: 100, access: 'deny', direction: 'inbound' }));
    expect(evaluateNsg(g, 'Inbound', ssh).outcome).toBe('deny');
  });
});

describe('evaluateFlow (source outbound, destination inbound)', () => {
  const blocks5986In = nsg(
    r({ name: 'deny-winrm', priority: 300, access: 'Deny', destinationPortRange: '5986' }),
  );
  const blocks22Out = nsg(
    r({
      name: 'deny-ssh-out',
      priority: 300,
      access: 'Deny',
      direction: 'Outbound',
      destinationPortRange: '22',
    }),
  );
  it('needs both sides to allow', () => {
    expect(evaluateFlow(ssh, undefined, undefined).outcome).toBe('allow');
    expect(evaluateFlow(winrm, undefined, blocks5986In)).toMatchObject({
      outcome: 'deny',
      inbound: { outcome: 'deny' },
    });
    expect(evaluateFlow(ssh, undefined, blocks5986In).outcome).toBe('allow');
    expect(evaluateFlow(ssh, blocks22Out, undefined)).toMatchObject({
      outcome: 'deny',
      outbound: { outcome: 'deny' },
    });
  });
  it('only evaluates the subnet sides (Internet has no NSG of ours)', () => {
    const d = evaluateFlow(
      { protocol: 'Tcp', source: aci, destination: internet, port: 443 },
      nsg(),
      blocks5986In,
    );
    expect(d.inbound).toBeUndefined();
    expect(d.outbound?.outcome).toBe('allow');
  });
});

describe('freePriority', () => {
  it('prefers 400 when free and early enough', () => {
    expect(freePriority(nsg(), 'Inbound', 65500)).toBe(400);
  });
  it('takes the closest free value before the blocking rule', () => {
    const g = nsg(r({ priority: 300, access: 'Deny' }), r({ priority: 299 }));
    expect(freePriority(g, 'Inbound', 300)).toBe(298);
  });
  it('only counts rules of the same direction as used', () => {
    const g = nsg(r({ priority: 400, direction: 'Outbound' }));
    expect(freePriority(g, 'Inbound', 65500)).toBe(400);
    expect(freePriority(g, 'Outbound', 65500)).toBe(4096);
  });
  it('returns null when nothing is free before the blocking rule', () => {
    expect(freePriority(nsg(r({ priority: 100 })), 'Inbound', 101)).toBeNull();
  });
});

describe('describeDecision', () => {
  it('names the NSG and the rule', () => {
    const g = nsg(r({ name: 'deny-winrm', priority: 300, access: 'Deny', destinationPortRange: '5986' }));
    expect(describeDecision(evaluateNsg(g, 'Inbound', winrm))).toBe(
      'NSG nsg1 (inbound): blocked by rule deny-winrm (priority 300).',
    );
    expect(describeDecision(evaluateNsg(undefined, 'Inbound', winrm))).toContain('nothing filters');
  });
});
