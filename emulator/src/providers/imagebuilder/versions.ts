// Api-versions of Microsoft.VirtualMachineImages that local Azure accepts, and feature gates by version
// (docs/azure/image-builder.md). Versions compare as strings because they are all YYYY-MM-DD.

import { PUBLISHED_API_VERSIONS } from '../../api-versions/published.ts';

/** Every version the REST specs publish for image templates (emulator/src/api-versions/published.md). */
export const AIB_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.VirtualMachineImages/imageTemplates'];
export type AibApiVersion = (typeof AIB_API_VERSIONS)[number];
/** Triggers exist from 2022-07-01. */
export const TRIGGER_API_VERSIONS =
  PUBLISHED_API_VERSIONS['Microsoft.VirtualMachineImages/imageTemplates/triggers'];

export const AIB_LATEST: AibApiVersion = '2025-10-01';

/** True when `version` is `since` or newer. */
export function atLeast(version: string, since: string): boolean {
  return version.slice(0, 10) >= since;
}

/** From 2024-02-01 the service is case-sensitive and rejects unknown fields. */
export const strictFrom = '2024-02-01';

/** Go package name AIB's unmarshaller reports, e.g. `v2024_02_01`. */
export function goPackage(version: string): string {
  return 'v' + version.slice(0, 10).replace(/-/g, '_');
}

/** The api-version each template was created with, per world (AIB keeps behaviours that depend on it). */
const createdWith = new WeakMap<object, Map<string, string>>();

export function rememberCreatedWith(world: object, templateId: string, version: string): void {
  const m = createdWith.get(world) ?? new Map<string, string>();
  m.set(templateId.toLowerCase(), version);
  createdWith.set(world, m);
}

/** The api-version a template was created with; seeded templates count as the newest. */
export function createdWithVersion(world: object, templateId: string): string {
  return createdWith.get(world)?.get(templateId.toLowerCase()) ?? AIB_LATEST;
}

/** Every template's creation api-version, for the saved state. */
export function dumpCreatedWith(world: object): Array<[string, string]> {
  return [...(createdWith.get(world) ?? [])];
}

export function loadCreatedWith(world: object, saved: ReadonlyArray<readonly [string, string]>): void {
  createdWith.set(world, new Map(saved));
}
