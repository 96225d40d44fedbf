// AIB facts more than one capability needs (DESIGN §3: what capabilities share lives in lib
// infrastructure): the three networking layouts with the one set of labels used everywhere in Kiln,
// and the run states.
import type { ImageTemplate, RunState, VirtualNetworkConfig } from '@azure/arm-imagebuilder';

export type NetworkLayout = 'aib-network' | 'private-link' | 'own-subnets';

/** The same three labels everywhere in Kiln (issue 4). */
export const NETWORK_LAYOUT_LABELS: Record<NetworkLayout, string> = {
  'aib-network': 'Image Builder network',
  'private-link': 'Your subnet + Private Link proxy',
  'own-subnets': 'Your subnets (build + container instance)',
};

export const NETWORK_LAYOUTS = Object.keys(NETWORK_LAYOUT_LABELS) as NetworkLayout[];

/** Which layout a vnetConfig describes (aib-facts §4.3): no subnetId → AIB makes the network. */
export function networkLayoutOf(vnetConfig: VirtualNetworkConfig | undefined): NetworkLayout {
  if (!vnetConfig?.subnetId) return 'aib-network';
  return vnetConfig.containerInstanceSubnetId ? 'own-subnets' : 'private-link';
}

export function templateNetworkLayout(t: Pick<ImageTemplate, 'vmProfile'>): NetworkLayout {
  return networkLayoutOf(t.vmProfile?.vnetConfig);
}

/** A run that is still going: AIB rejects another run, a delete, and most updates meanwhile. */
export function isRunActive(runState: RunState | string | undefined): boolean {
  return runState === 'Running' || runState === 'Canceling';
}

export function isTemplateBuilding(t: Pick<ImageTemplate, 'lastRunStatus'> | undefined): boolean {
  return isRunActive(t?.lastRunStatus?.runState);
}

export const RUN_STATES: RunState[] = [
  'Running',
  'Canceling',
  'Succeeded',
  'PartiallySucceeded',
  'Failed',
  'Canceled',
];

/** AIB's "not set" end time (a run in progress reports 0001-01-01T00:00:00Z). */
export function isUnsetTime(d: Date | string | undefined): boolean {
  if (d === undefined) return true;
  const t = typeof d === 'string' ? Date.parse(d) : d.getTime();
  return Number.isNaN(t) || new Date(t).getUTCFullYear() <= 1;
}

/**
 * Image Builder's own staging resource groups: named `IT_<group>_<template>_<guid>` by default, and
 * tagged by AIB (`createdBy: AzureVMImageBuilder`, `imageTemplateName`). What they hold (the temporary
 * build network of layout 1 among it) is AIB's, never a place to build in.
 */
export function isStagingResourceGroupName(name: string | undefined): boolean {
  return /^IT_/i.test(name ?? '');
}

/** AIB's tags on a resource it made for a build. */
export function hasImageBuilderTags(tags: Record<string, unknown> | undefined): boolean {
  if (!tags) return false;
  const createdBy = tags.createdBy;
  return (
    (typeof createdBy === 'string' && createdBy.toLowerCase() === 'azurevmimagebuilder') ||
    typeof tags.imageTemplateName === 'string'
  );
}
