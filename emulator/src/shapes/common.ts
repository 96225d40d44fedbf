// Helpers shared by the shape builders: ids, etags, sub-resource references.
import { randomUUID } from 'node:crypto';
import type { ArmResource } from '../core/types.ts';
import { armId } from '../core/ids.ts';

/** Where a top-level resource lives. Ids are built with `resourceGroups` (as Network/Compute/ACI/Storage return them). */
export interface Placement {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  tags?: Record<string, string>;
}

/** A `{ id }` reference (ARM's SubResource). */
export interface Ref {
  id: string;
}

export const ref = (id: string): Ref => ({ id });

/** The id of a top-level resource: `/subscriptions/…/resourceGroups/…/providers/{type}/{name}`. */
export function resourceId(
  p: Pick<Placement, 'subscriptionId' | 'resourceGroup'>,
  type: string,
  name: string,
): string {
  return armId(p.subscriptionId, p.resourceGroup, `${type}/${name}`);
}

/** Network RP etag: a weak ETag around a GUID, renewed on every write (`W/"…"`). */
export function weakEtag(guid: string = randomUUID()): string {
  return `W/"${guid}"`;
}

export function newGuid(): string {
  return randomUUID();
}

/** Id, name, type, location and tags of a top-level resource (tags only when given, as ARM omits empty tags). */
export function envelope(p: Placement, type: string): ArmResource {
  return {
    id: resourceId(p, type, p.name),
    name: p.name,
    type,
    location: p.location,
    ...(p.tags ? { tags: { ...p.tags } } : {}),
  };
}

/** The `properties` object of a resource (creating it when missing). */
export function propsOf(r: ArmResource): Record<string, unknown> {
  if (!r.properties) r.properties = {};
  return r.properties;
}

/** Display names that Compute uses in gallery `targetRegions` and some payloads. */
const REGION_DISPLAY: Record<string, string> = {
  westeurope: 'West Europe',
  northeurope: 'North Europe',
  eastus: 'East US',
  eastus2: 'East US 2',
  westus: 'West US',
  westus2: 'West US 2',
  westus3: 'West US 3',
  centralus: 'Central US',
  southcentralus: 'South Central US',
  uksouth: 'UK South',
  swedencentral: 'Sweden Central',
  francecentral: 'France Central',
  germanywestcentral: 'Germany West Central',
};

export function regionDisplayName(location: string): string {
  return REGION_DISPLAY[location.toLowerCase().replace(/\s+/g, '')] ?? location;
}
