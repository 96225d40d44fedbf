// The user's choice of network layout for a template, and the template change that switches it (PATCH of
// the whole vmProfile, api-version 2024-02-01+). The layouts themselves are lib/aib/network-layout
// (docs/azure/networking.md).

import type {
  ImageTemplate,
  ImageTemplateUpdateParameters,
  VirtualNetworkConfig,
} from '@azure/arm-imagebuilder';
import { type NetworkLayout, networkLayoutOf, vnetConfigFor } from '@/lib/aib/network-layout';
import { parseSubnetId, sameArmId } from '@/lib/azure/ids';

/** What the user picks in "Build network". */
export interface NetworkChoice {
  layout: NetworkLayout;
  vnetId?: string;
  subnetId?: string;
  containerInstanceSubnetId?: string;
  /** Layout 2 only; empty means AIB's default (Standard_A1_v2). */
  proxyVmSize?: string;
}

export function currentVnetConfig(template: ImageTemplate): VirtualNetworkConfig | undefined {
  return template.vmProfile?.vnetConfig;
}

/** The choice that matches the template as it is (used to preselect the current layout). */
export function choiceFromTemplate(template: ImageTemplate): NetworkChoice {
  const cfg = currentVnetConfig(template);
  const layout = networkLayoutOf(cfg);
  const ref = parseSubnetId(cfg?.subnetId);
  const choice: NetworkChoice = { layout };
  if (layout === 'aib-network') return choice;
  if (ref) choice.vnetId = ref.vnetId;
  if (cfg?.subnetId) choice.subnetId = cfg.subnetId;
  if (layout === 'own-subnets' && cfg?.containerInstanceSubnetId)
    choice.containerInstanceSubnetId = cfg.containerInstanceSubnetId;
  if (layout === 'private-link' && cfg?.proxyVmSize) choice.proxyVmSize = cfg.proxyVmSize;
  return choice;
}

/** Whether the choice names everything its layout needs. */
export function choiceComplete(choice: NetworkChoice): boolean {
  if (choice.layout === 'aib-network') return true;
  if (!choice.subnetId) return false;
  return choice.layout === 'private-link' || Boolean(choice.containerInstanceSubnetId);
}

/** The vnetConfig a choice stands for (undefined for layout 1: no vnetConfig at all). */
export function vnetConfigForChoice(choice: NetworkChoice): VirtualNetworkConfig | undefined {
  return vnetConfigFor(choice.layout, choice);
}

function normalise(cfg: VirtualNetworkConfig | undefined): VirtualNetworkConfig | undefined {
  if (!cfg) return undefined;
  const out: VirtualNetworkConfig = {};
  if (cfg.subnetId) out.subnetId = cfg.subnetId;
  if (cfg.containerInstanceSubnetId) out.containerInstanceSubnetId = cfg.containerInstanceSubnetId;
  if (cfg.proxyVmSize) out.proxyVmSize = cfg.proxyVmSize;
  return Object.keys(out).length === 0 ? undefined : out;
}

export interface FieldChange {
  field: keyof VirtualNetworkConfig;
  before?: string;
  after?: string;
}

export interface VnetConfigDiff {
  before: VirtualNetworkConfig | undefined;
  after: VirtualNetworkConfig | undefined;
  changed: boolean;
  changes: FieldChange[];
  layoutBefore: NetworkLayout;
  layoutAfter: NetworkLayout;
}

const FIELDS: readonly (keyof VirtualNetworkConfig)[] = [
  'subnetId',
  'containerInstanceSubnetId',
  'proxyVmSize',
];

/** Before/after of vmProfile.vnetConfig for "Apply and build". Ids compare case-insensitively. */
export function vnetConfigDiff(template: ImageTemplate, choice: NetworkChoice): VnetConfigDiff {
  const before = normalise(currentVnetConfig(template));
  const after = normalise(vnetConfigForChoice(choice));
  const changes: FieldChange[] = [];
  for (const field of FIELDS) {
    const b = before?.[field];
    const a = after?.[field];
    const same =
      field === 'proxyVmSize'
        ? (b ?? '').toLowerCase() === (a ?? '').toLowerCase()
        : b === a || sameArmId(b, a);
    if (!same) {
      const change: FieldChange = { field };
      if (b !== undefined) change.before = b;
      if (a !== undefined) change.after = a;
      changes.push(change);
    }
  }
  return {
    before,
    after,
    changed: changes.length > 0,
    changes,
    layoutBefore: networkLayoutOf(before),
    layoutAfter: networkLayoutOf(after),
  };
}

/**
 * The vnetConfig to send: every field present, '' for "not set". Whether AIB merges the PATCHed vmProfile
 * into the template (JSON merge patch) or replaces it is not documented; with every field written out, both
 * readings give the same template. '' is what AIB documents as "omitted" (proxyVmSize: "Omit or specify
 * empty string"), and a vnetConfig without subnets is layout 1.
 */
export function vnetConfigToSend(choice: NetworkChoice): Required<VirtualNetworkConfig> {
  const cfg = vnetConfigForChoice(choice);
  return {
    subnetId: cfg?.subnetId ?? '',
    containerInstanceSubnetId: cfg?.containerInstanceSubnetId ?? '',
    proxyVmSize: cfg?.proxyVmSize ?? '',
  };
}

/**
 * The PATCH body: the template's whole vmProfile with the chosen vnetConfig (see vnetConfigToSend).
 * Requires api-version 2024-02-01+.
 */
export function vmProfilePatch(
  template: ImageTemplate,
  choice: NetworkChoice,
): ImageTemplateUpdateParameters {
  return { properties: { vmProfile: { ...template.vmProfile, vnetConfig: vnetConfigToSend(choice) } } };
}

/** The smallest api-version whose PATCH accepts properties.vmProfile. */
export const MIN_PATCH_API_VERSION = '2024-02-01';

export type ChangeBlock = { ok: true } | { ok: false; reason: string };

/** Whether the template may be changed now (not while a build runs or the template is being changed). */
export function canChangeTemplate(template: ImageTemplate): ChangeBlock {
  const run = template.lastRunStatus?.runState;
  if (run === 'Running')
    return {
      ok: false,
      reason:
        'A build is running; Azure does not let a template change while it builds. Wait for it to finish or cancel it.',
    };
  if (run === 'Canceling')
    return { ok: false, reason: 'A build is being cancelled; wait until it has stopped.' };
  const state = template.provisioningState;
  if (state === 'Creating' || state === 'Updating')
    return { ok: false, reason: `The template is still ${state.toLowerCase()}; wait until that finishes.` };
  if (state === 'Deleting') return { ok: false, reason: 'The template is being deleted.' };
  return { ok: true };
}
