// Local Azure and the app each keep their own copy of a few Azure facts: the emulator is a separate
// program and never imports the app (and the app never imports the emulator). These tests import both
// copies and check that they agree, so a change to one without the other fails here. The app's modules
// imported here are leaf modules (no imports but SDK types), which is what lets both programs read them.
import { describe, expect, expectTypeOf, it } from 'vitest';
import { keptVnetFields, networkLayoutInfo, networkLayoutOf } from '../../lib/aib/network-layout.ts';
import { RUN_STATES, type RunState as AppRunState } from '../../lib/aib/run-state.ts';
import { isUnsetTime } from '../../lib/aib/times.ts';
import { armIdKey, parseArmId } from '../../lib/azure/ids.ts';
import {
  actionMatches as appActionMatches,
  permissionAllows as appPermissionAllows,
} from '../../lib/azure/rbac-actions.ts';
import { layoutOf } from '../src/simulator/plan.ts';
import { NEVER, type RunState as LocalRunState } from '../src/simulator/build-run.ts';
import { normalizeId, parseId } from '../src/core/ids.ts';
import {
  actionMatches as localActionMatches,
  permissionAllows as localPermissionAllows,
} from '../src/auth/rbac.ts';

const VNET = '/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet1';
const BUILD = `${VNET}/subnets/build`;
const ACI = `${VNET}/subnets/aci`;

describe('network layouts: which one a template uses, and which fields it keeps', () => {
  const configs: Record<string, string>[] = [
    {},
    { subnetId: '' },
    { proxyVmSize: 'Standard_A2_v2' },
    { subnetId: '', containerInstanceSubnetId: ACI },
    { subnetId: BUILD },
    { subnetId: BUILD, proxyVmSize: '' },
    { subnetId: BUILD, proxyVmSize: 'Standard_A2_v2' },
    { subnetId: BUILD, containerInstanceSubnetId: '' },
    { subnetId: BUILD, containerInstanceSubnetId: ACI },
    { subnetId: BUILD, containerInstanceSubnetId: ACI, proxyVmSize: 'Standard_A2_v2' },
    { subnetId: BUILD, containerInstanceSubnetId: ACI, proxyVmSize: '' },
  ];
  it.each(configs)('agree on %j', (vnetConfig) => {
    const local = layoutOf({ vmProfile: { vnetConfig } });
    const layout = networkLayoutOf(vnetConfig);
    expect(local.layout).toBe(networkLayoutInfo(layout).number);
    const kept = keptVnetFields(vnetConfig);
    expect({
      subnetId: local.subnetId,
      containerInstanceSubnetId: local.aciSubnetId,
      proxyVmSize: local.proxyVmSize,
    }).toEqual({
      subnetId: kept.subnetId,
      containerInstanceSubnetId: kept.containerInstanceSubnetId,
      proxyVmSize: kept.proxyVmSize,
    });
  });
  it('agree when there is no vmProfile at all', () => {
    expect(layoutOf({}).layout).toBe(networkLayoutInfo(networkLayoutOf(undefined)).number);
  });
});

describe('ARM ids: parsing and normalisation', () => {
  const ids = [
    '/subscriptions/s1',
    '/subscriptions/s1/resourcegroups/RG-One',
    '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/t.1',
    '/subscriptions/s1/resourcegroups/rg/providers/microsoft.virtualmachineimages/imagetemplates/t1/',
    BUILD,
    BUILD.toUpperCase(),
    '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb/frontendIPConfigurations/fe',
  ];
  it.each(ids)('agree on %s', (id) => {
    const app = parseArmId(id);
    const local = parseId(id);
    expect(local.subscriptionId).toBe(app.subscriptionId);
    expect(local.resourceGroup).toBe(app.resourceGroup);
    expect(local.provider?.toLowerCase()).toBe(app.provider?.toLowerCase());
    expect(local.type?.toLowerCase()).toBe(app.type?.toLowerCase());
    expect(local.names).toEqual(app.names);
    if (app.names.length > 0) expect(local.name).toBe(app.name);
    // Both compare ids case-insensitively: the store's key is the app's key.
    expect(normalizeId(id)).toBe(armIdKey(id));
  });
});

describe('RBAC action matching', () => {
  const patterns = [
    '*',
    '*/read',
    'Microsoft.Network/*',
    'microsoft.network/virtualnetworks/*/action',
    'Microsoft.Network/virtualNetworks/subnets/join/action',
    'MicrosoftXNetwork/*',
    'Microsoft.VirtualMachineImages/imageTemplates/run/action',
    'Microsoft.Authorization/*/Write',
  ];
  const actions = [
    'Microsoft.Network/virtualNetworks/subnets/join/action',
    'Microsoft.Network/virtualNetworks/read',
    'Microsoft.VirtualMachineImages/imageTemplates/run/action',
    'Microsoft.Authorization/roleAssignments/write',
    'MICROSOFT.NETWORK/VIRTUALNETWORKS/READ',
  ];
  it('agree on every pattern × action', () => {
    for (const p of patterns)
      for (const a of actions) expect(localActionMatches(p, a), `${p} ~ ${a}`).toBe(appActionMatches(p, a));
  });
  it('agree on notActions', () => {
    const block = {
      actions: ['*'],
      notActions: [
        'Microsoft.Authorization/*/Write',
        'Microsoft.Network/virtualNetworks/subnets/join/action',
      ],
    };
    for (const a of actions)
      expect(localPermissionAllows({ ...block, dataActions: [], notDataActions: [] }, a), a).toBe(
        appPermissionAllows(block, a),
      );
  });
});

describe('run states and the unset time', () => {
  it('the states local Azure reports are the app’s', () => {
    expectTypeOf<LocalRunState>().toEqualTypeOf<AppRunState>();
    const all: Record<LocalRunState, true> = {
      Running: true,
      Canceling: true,
      Succeeded: true,
      PartiallySucceeded: true,
      Failed: true,
      Canceled: true,
    };
    expect(Object.keys(all).sort()).toEqual([...RUN_STATES].sort());
  });
  it('the end time local Azure writes for a running build is unset for the app', () => {
    expect(isUnsetTime(NEVER)).toBe(true);
  });
});
