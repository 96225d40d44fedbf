import { describe, expect, it } from 'vitest';
import type { NsgRuleFix } from '../fixes';
import { NSG_BUILD, NSG_ACI, subnet, aciDelegation, side, nsg, deny, layout3, byId } from './fixtures';
import { failed } from './inputs';
import { runChecks } from './run-checks';

describe('NSG flows for layout 3', () => {
  const aciSubnet = subnet('aci', '10.20.2.0/24', {
    delegations: aciDelegation,
    networkSecurityGroup: { id: NSG_ACI },
  });
  const buildSubnet = subnet('build', '10.20.1.0/24', { networkSecurityGroup: { id: NSG_BUILD } });

  it('an NSG blocking 5986 inbound on the build subnet fails the check; the fix allows the ACI subnet in', () => {
    const g = nsg(NSG_BUILD, [deny('DenyWinRM', 200, 'Inbound', '5986')]);
    const r = byId(
      runChecks(layout3({ build: side(buildSubnet, g), aci: side(aciSubnet, nsg(NSG_ACI)) })),
      'nsg-build-vm-access',
    );
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/5986/);
    expect(r.reason).not.toMatch(/22 and/);
    expect(r.details?.join('\n')).toMatch(/DenyWinRM \(priority 200\)/);
    expect(r.fixes).toHaveLength(1);
    const fix = r.fixes?.[0] as NsgRuleFix;
    expect(fix.nsgId).toBe(NSG_BUILD);
    expect(fix.parameters).toMatchObject({
      direction: 'Inbound',
      priority: 199,
      sourceAddressPrefix: '10.20.2.0/24',
      destinationAddressPrefix: '10.20.1.0/24',
      destinationPortRange: '5986',
    });
    const fixed = nsg(NSG_BUILD, [...(g.securityRules ?? []), { ...fix.parameters, name: fix.ruleName }]);
    expect(
      byId(
        runChecks(layout3({ build: side(buildSubnet, fixed), aci: side(aciSubnet, nsg(NSG_ACI)) })),
        'nsg-build-vm-access',
      ).status,
    ).toBe('pass');
  });
  it('outbound blocks on the ACI NSG produce one outbound rule on that NSG, before both blockers', () => {
    const a = nsg(NSG_ACI, [deny('NoSsh', 200, 'Outbound', '22'), deny('NoWinRm', 210, 'Outbound', '5986')]);
    const r = byId(
      runChecks(layout3({ build: side(buildSubnet, nsg(NSG_BUILD)), aci: side(aciSubnet, a) })),
      'nsg-build-vm-access',
    );
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/22 and 5986/);
    expect(r.fixes).toHaveLength(1);
    const fix = r.fixes?.[0] as NsgRuleFix;
    expect(fix.nsgId).toBe(NSG_ACI);
    expect(fix.parameters).toMatchObject({
      direction: 'Outbound',
      priority: 199,
      destinationPortRanges: ['22', '5986'],
    });
    const fixed = nsg(NSG_ACI, [...(a.securityRules ?? []), { ...fix.parameters, name: fix.ruleName }]);
    expect(
      byId(
        runChecks(layout3({ build: side(buildSubnet, nsg(NSG_BUILD)), aci: side(aciSubnet, fixed) })),
        'nsg-build-vm-access',
      ).status,
    ).toBe('pass');
  });
  it('says when no priority is free before the blocking rule', () => {
    const a = nsg(NSG_ACI, [deny('NoSsh', 100, 'Outbound', '22')]);
    const r = byId(runChecks(layout3({ aci: side(aciSubnet, a) })), 'nsg-build-vm-access');
    expect(r.fixes).toBeUndefined();
    expect(r.advice).toMatch(/no free priority before 100/);
  });
  it('ACI → Internet 443/445: a deny on 445 fails with an outbound Internet rule', () => {
    const a = nsg(NSG_ACI, [deny('NoSmb', 300, 'Outbound', '445', 'Internet')]);
    const r = byId(runChecks(layout3({ aci: side(aciSubnet, a) })), 'nsg-aci-internet');
    expect(r.status).toBe('fail');
    const fix = r.fixes?.[0] as NsgRuleFix;
    expect(fix.parameters).toMatchObject({
      direction: 'Outbound',
      destinationAddressPrefix: 'Internet',
      destinationPortRange: '445',
      priority: 299,
    });
  });
  it('a Storage-only allow before an Internet deny is a warning (partly allowed)', () => {
    const a = nsg(NSG_ACI, [
      {
        name: 'AllowStorage',
        priority: 100,
        direction: 'Outbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: 'Storage',
        destinationPortRange: '445',
      },
      deny('NoInternet', 200, 'Outbound', '*', 'Internet'),
    ]);
    const r = byId(runChecks(layout3({ aci: side(aciSubnet, a) })), 'nsg-aci-internet');
    expect(r.status).toBe('fail'); // 443 fully denied
    const only445 = nsg(NSG_ACI, [
      {
        name: 'AllowStorage',
        priority: 100,
        direction: 'Outbound',
        access: 'Allow',
        protocol: 'Tcp',
        sourceAddressPrefix: '*',
        sourcePortRange: '*',
        destinationAddressPrefix: 'Storage',
        destinationPortRange: '445',
      },
      deny('NoInternet445', 200, 'Outbound', '445', 'Internet'),
    ]);
    expect(byId(runChecks(layout3({ aci: side(aciSubnet, only445) })), 'nsg-aci-internet').status).toBe(
      'warning',
    );
  });
  it('cannot verify when an NSG could not be read', () => {
    const r = byId(
      runChecks(layout3({ build: { ...side(buildSubnet), nsg: failed('403 AuthorizationFailed') } })),
      'nsg-build-vm-access',
    );
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
    expect(r.reason).toMatch(/build subnet’s NSG/);
  });
});
