import type { Subnet } from '@azure/arm-network';
import { describe, expect, it } from 'vitest';
import type { SubnetFix } from '../fixes';
import { ACI, NSG_ACI, subnet, side, nsg, layout3, byId } from './fixtures';
import { failed, loading, type SubnetInputs } from './inputs';
import { runChecks } from './run-checks';
import { isDelegatedToAci } from './subnet';

describe('aci-delegation', () => {
  it('fails for an undelegated subnet and offers the subnet PUT that keeps everything else', () => {
    const aciSubnet = subnet('aci', '10.20.2.0/24', {
      networkSecurityGroup: { id: NSG_ACI },
      privateEndpointNetworkPolicies: 'Disabled',
      serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['eastus'] }],
      etag: 'W/"x"',
      provisioningState: 'Succeeded',
    } as Subnet);
    const r = byId(runChecks(layout3({ aci: side(aciSubnet, nsg(NSG_ACI)) })), 'aci-delegation');
    expect(r.status).toBe('fail');
    expect(r.reason).toMatch(/not delegated/);
    const fix = r.fixes?.[0] as SubnetFix;
    expect(fix.kind).toBe('subnet');
    expect(fix.parameters).toEqual({
      addressPrefix: '10.20.2.0/24',
      networkSecurityGroup: { id: NSG_ACI },
      serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['eastus'] }],
      delegations: [{ name: 'aci-delegation', serviceName: 'Microsoft.ContainerInstance/containerGroups' }],
      privateEndpointNetworkPolicies: 'Disabled',
      privateLinkServiceNetworkPolicies: 'Enabled',
    });
    expect(fix.requests).toEqual([
      {
        method: 'PUT',
        path: ACI,
        apiVersion: '2025-05-01',
        body: {
          properties: {
            addressPrefix: '10.20.2.0/24',
            networkSecurityGroup: { id: NSG_ACI },
            serviceEndpoints: [{ service: 'Microsoft.Storage', locations: ['eastus'] }],
            delegations: [
              {
                name: 'aci-delegation',
                properties: { serviceName: 'Microsoft.ContainerInstance/containerGroups' },
              },
            ],
            privateEndpointNetworkPolicies: 'Disabled',
            privateLinkServiceNetworkPolicies: 'Enabled',
          },
        },
      },
    ]);
    expect(fix.requires).toEqual([{ action: 'Microsoft.Network/virtualNetworks/subnets/write', scope: ACI }]);
    expect(isDelegatedToAci(fix.parameters)).toBe(true);
  });
  it('fails without a fix when delegated to another service', () => {
    const r = byId(
      runChecks(
        layout3({
          aci: side(
            subnet('aci', '10.20.2.0/24', { delegations: [{ serviceName: 'Microsoft.Web/serverFarms' }] }),
          ),
        }),
      ),
      'aci-delegation',
    );
    expect(r.status).toBe('fail');
    expect(r.fixes).toBeUndefined();
    expect(r.reason).toMatch(/Microsoft\.Web\/serverFarms/);
  });
  it('cannot verify when the subnet could not be read', () => {
    const aci: SubnetInputs = {
      subnet: failed('AuthorizationFailed: no read on the subnet'),
      nsg: loading,
      routeTable: loading,
      natGateway: loading,
    };
    const r = byId(runChecks(layout3({ aci })), 'aci-delegation');
    expect(r).toMatchObject({ status: 'warning', cannotVerify: true });
    expect(r.reason).toMatch(/Cannot verify.*AuthorizationFailed/);
  });
});
