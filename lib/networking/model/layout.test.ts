import type { ImageTemplate, VirtualNetworkConfig } from '@azure/arm-imagebuilder';
import { describe, expect, it } from 'vitest';
import {
  canChangeTemplate,
  choiceComplete,
  choiceFromTemplate,
  vmProfilePatch,
  vnetConfigDiff,
  vnetConfigForChoice,
} from './layout';
import { networkLayoutOf } from '@/lib/aib/network-layout';

const VNET = '/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1';
const BUILD = `${VNET}/subnets/build`;
const ACI = `${VNET}/subnets/aci`;

function template(vnetConfig?: VirtualNetworkConfig): ImageTemplate {
  return {
    location: 'eastus',
    identity: { type: 'UserAssigned' },
    vmProfile: {
      vmSize: 'Standard_D2s_v3',
      osDiskSizeGB: 64,
      userAssignedIdentities: ['/id/a'],
      ...(vnetConfig ? { vnetConfig } : {}),
    },
  } as ImageTemplate;
}

describe('layouts', () => {
  it('preselects the current choice', () => {
    expect(choiceFromTemplate(template())).toEqual({ layout: 'aib-network' });
    expect(choiceFromTemplate(template({ subnetId: BUILD, proxyVmSize: 'Standard_A2_v2' }))).toEqual({
      layout: 'private-link',
      vnetId: VNET,
      subnetId: BUILD,
      proxyVmSize: 'Standard_A2_v2',
    });
    expect(choiceFromTemplate(template({ subnetId: BUILD, containerInstanceSubnetId: ACI }))).toEqual({
      layout: 'own-subnets',
      vnetId: VNET,
      subnetId: BUILD,
      containerInstanceSubnetId: ACI,
    });
  });
  it('choiceComplete', () => {
    expect(choiceComplete({ layout: 'aib-network' })).toBe(true);
    expect(choiceComplete({ layout: 'private-link' })).toBe(false);
    expect(choiceComplete({ layout: 'private-link', subnetId: BUILD })).toBe(true);
    expect(choiceComplete({ layout: 'own-subnets', subnetId: BUILD })).toBe(false);
  });
  it('vnetConfigForChoice never carries a proxy size for layout 3', () => {
    expect(vnetConfigForChoice({ layout: 'aib-network', subnetId: BUILD })).toBeUndefined();
    expect(
      vnetConfigForChoice({
        layout: 'own-subnets',
        subnetId: BUILD,
        containerInstanceSubnetId: ACI,
        proxyVmSize: 'x',
      }),
    ).toEqual({
      subnetId: BUILD,
      containerInstanceSubnetId: ACI,
    });
  });
});

describe('vnetConfigDiff and the PATCH body', () => {
  it('layout 1 → 3 adds both subnets', () => {
    const diff = vnetConfigDiff(template(), {
      layout: 'own-subnets',
      subnetId: BUILD,
      containerInstanceSubnetId: ACI,
    });
    expect(diff.changed).toBe(true);
    expect(diff.before).toBeUndefined();
    expect(diff.after).toEqual({ subnetId: BUILD, containerInstanceSubnetId: ACI });
    expect(diff.changes.map((c) => c.field)).toEqual(['subnetId', 'containerInstanceSubnetId']);
    expect(diff.layoutBefore).toBe('aib-network');
    expect(diff.layoutAfter).toBe('own-subnets');
  });
  it('layout 2 → 3 drops the proxy size', () => {
    const diff = vnetConfigDiff(template({ subnetId: BUILD, proxyVmSize: 'Standard_A2_v2' }), {
      layout: 'own-subnets',
      subnetId: BUILD,
      containerInstanceSubnetId: ACI,
    });
    expect(diff.changes).toEqual([
      { field: 'containerInstanceSubnetId', after: ACI },
      { field: 'proxyVmSize', before: 'Standard_A2_v2' },
    ]);
  });
  it('same config, ids in other case: no change', () => {
    const diff = vnetConfigDiff(template({ subnetId: BUILD.toLowerCase() }), {
      layout: 'private-link',
      subnetId: BUILD,
    });
    expect(diff.changed).toBe(false);
  });
  it('empty strings count as absent', () => {
    expect(
      vnetConfigDiff(template({ subnetId: '', proxyVmSize: '' }), { layout: 'aib-network' }).changed,
    ).toBe(false);
  });
  it('PATCH sends the whole vmProfile with every vnetConfig field written out', () => {
    expect(
      vmProfilePatch(template({ subnetId: BUILD, proxyVmSize: 'Standard_A2_v2' }), {
        layout: 'own-subnets',
        subnetId: BUILD,
        containerInstanceSubnetId: ACI,
      }),
    ).toEqual({
      properties: {
        vmProfile: {
          vmSize: 'Standard_D2s_v3',
          osDiskSizeGB: 64,
          userAssignedIdentities: ['/id/a'],
          vnetConfig: { subnetId: BUILD, containerInstanceSubnetId: ACI, proxyVmSize: '' },
        },
      },
    });
  });
  it('PATCH to layout 1 empties the subnets (merged or replaced, the result is layout 1)', () => {
    const patch = vmProfilePatch(template({ subnetId: BUILD, containerInstanceSubnetId: ACI }), {
      layout: 'aib-network',
    });
    expect(patch.properties?.vmProfile?.vnetConfig).toEqual({
      subnetId: '',
      containerInstanceSubnetId: '',
      proxyVmSize: '',
    });
    expect(networkLayoutOf(patch.properties?.vmProfile?.vnetConfig)).toBe('aib-network');
    expect(patch.properties?.vmProfile?.vmSize).toBe('Standard_D2s_v3');
  });
  it('PATCH works for a template with no vmProfile', () => {
    expect(
      vmProfilePatch({ identity: { type: 'None' } } as ImageTemplate, {
        layout: 'private-link',
        subnetId: BUILD,
      }),
    ).toEqual({
      properties: {
        vmProfile: { vnetConfig: { subnetId: BUILD, containerInstanceSubnetId: '', proxyVmSize: '' } },
      },
    });
  });
});

describe('canChangeTemplate', () => {
  it('blocks while building or changing', () => {
    const t = template();
    expect(canChangeTemplate(t)).toEqual({ ok: true });
    expect(canChangeTemplate({ ...t, lastRunStatus: { runState: 'Running' } } as ImageTemplate).ok).toBe(
      false,
    );
    expect(canChangeTemplate({ ...t, lastRunStatus: { runState: 'Canceling' } } as ImageTemplate).ok).toBe(
      false,
    );
    expect(canChangeTemplate({ ...t, provisioningState: 'Updating' } as ImageTemplate).ok).toBe(false);
    expect(canChangeTemplate({ ...t, provisioningState: 'Deleting' } as ImageTemplate).ok).toBe(false);
    expect(canChangeTemplate({ ...t, lastRunStatus: { runState: 'Failed' } } as ImageTemplate).ok).toBe(true);
  });
  it('says why', () => {
    const r = canChangeTemplate({ ...template(), lastRunStatus: { runState: 'Running' } } as ImageTemplate);
    expect(r.ok ? '' : r.reason).toMatch(/build is running/);
  });
});
