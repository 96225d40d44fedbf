import type {} from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import type { NsgRuleFix, SubnetFix } from '../fixes';
import { NSG_BUILD, subnet, side, nsg, deny, layout2, byId } from './fixtures';
import { runChecks } from './run-checks';

describe('layout 2: Private Link', () => {
  it('fails with policies enabled and offers to disable them', () => {
    const r = byId(
      runChecks(layout2({ build: side(subnet('build', '10.20.1.0/24')) })),
      'private-link-policies',
    );
    expect(r.status).toBe('fail');
    const fix = r.fixes?.[0] as SubnetFix;
    expect(fix.parameters.privateLinkServiceNetworkPolicies).toBe('Disabled');
    expect(fix.parameters.addressPrefix).toBe('10.20.1.0/24');
  });
  it('treats a missing policies field as Enabled (Azure default)', () => {
    const s = subnet('build', '10.20.1.0/24');
    delete s.privateLinkServiceNetworkPolicies;
    expect(byId(runChecks(layout2({ build: side(s) })), 'private-link-policies').status).toBe('fail');
  });
  it('fails when the NSG blocks AzureLoadBalancer on 60000-60001 and adds Microsoft’s rule at a free priority', () => {
    const g = nsg(NSG_BUILD, [
      {
        name: 'deny-lb',
        priority: 500,
        direction: 'Inbound',
        access: 'Deny',
        protocol: '*',
        sourceAddressPrefix: 'AzureLoadBalancer',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '*',
      },
      {
        name: 'taken',
        priority: 400,
        direction: 'Inbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: '10.0.0.1',
        sourcePortRange: '*',
        destinationAddressPrefix: '*',
        destinationPortRange: '80',
      },
    ]);
    const built = subnet('build', '10.20.1.0/24', {
      privateLinkServiceNetworkPolicies: 'Disabled',
      networkSecurityGroup: { id: NSG_BUILD },
    });
    const r = byId(runChecks(layout2({ build: side(built, g) })), 'nsg-private-link');
    expect(r.status).toBe('fail');
    const fix = r.fixes?.[0] as NsgRuleFix;
    expect(fix.ruleName).toBe('AzureImageBuilderNsgRule');
    expect(fix.parameters).toMatchObject({
      priority: 499,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefix: 'AzureLoadBalancer',
      destinationAddressPrefix: 'VirtualNetwork',
      destinationPortRange: '60000-60001',
    });
    expect(fix.requests[0]?.path).toBe(`${NSG_BUILD}/securityRules/AzureImageBuilderNsgRule`);
    // Applying the fix makes the check pass.
    const fixed = nsg(NSG_BUILD, [...(g.securityRules ?? []), { ...fix.parameters, name: fix.ruleName }]);
    expect(byId(runChecks(layout2({ build: side(built, fixed) })), 'nsg-private-link').status).toBe('pass');
  });
  it('checks proxy VM → build VM on 22/5986 inside the build subnet', () => {
    const g = nsg(NSG_BUILD, [deny('no-winrm', 300, 'Inbound', '5986')]);
    const built = subnet('build', '10.20.1.0/24', {
      privateLinkServiceNetworkPolicies: 'Disabled',
      networkSecurityGroup: { id: NSG_BUILD },
    });
    const r = byId(runChecks(layout2({ build: side(built, g) })), 'nsg-build-vm-access');
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/proxy VM.*5986/);
  });
});
