// Microsoft.Authorization's JSON in @azure/arm-authorization's model shapes, for the thin reads of roles
// and assignments (lib/azure/arm-get.ts) that keep the generated client off the template page. The
// client's mappers do three things to these two types: merge `properties` into the object, name a
// definition's `properties.type` (BuiltInRole / CustomRole) `roleType` (the object's own `type` is the
// ARM resource type), and turn `createdOn` / `updatedOn` into Dates. So does this.
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import { flattenProperties, isPlainObject } from './arm-get';

const DATES = new Set(['createdOn', 'updatedOn']);

/** `createdOn` / `updatedOn` as Dates (left out when not a date, as the SDK would give nothing usable). */
function withDates(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!DATES.has(k) || typeof v !== 'string') out[k] = v;
    else if (Number.isFinite(Date.parse(v))) out[k] = new Date(Date.parse(v));
  }
  return out;
}

/** One role assignment as ARM sends it, in the SDK's RoleAssignment shape. */
export function toRoleAssignment(raw: unknown): RoleAssignment {
  const flat = flattenProperties(raw);
  return (isPlainObject(flat) ? withDates(flat) : {}) as RoleAssignment;
}

/** One role definition as ARM sends it, in the SDK's RoleDefinition shape. */
export function toRoleDefinition(raw: unknown): RoleDefinition {
  const flat = flattenProperties(raw);
  if (!isPlainObject(flat) || !isPlainObject(raw)) return {};
  const roleType = isPlainObject(raw.properties) ? raw.properties.type : undefined;
  return {
    ...withDates(flat),
    ...(typeof roleType === 'string' ? { roleType } : {}),
  } as RoleDefinition;
}
