// Microsoft.Authorization's JSON in @azure/arm-authorization's model shapes, for the thin reads of roles
// and assignments (lib/azure/arm-get.ts) that keep the generated client off the template page. The
// client's mappers do three things to these two types: merge `properties` into the object, name a
// definition's `properties.type` (BuiltInRole / CustomRole) `roleType` (the object's own `type` is the
// ARM resource type), and turn `createdOn` / `updatedOn` into Dates. So does this, and it keeps out of
// the result the fields the network checks read as text when ARM's JSON has something else there.
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

/** The assignment's fields the checks compare as text; one of another type is left out. */
const ASSIGNMENT_TEXT: readonly string[] = [
  'id',
  'name',
  'scope',
  'roleDefinitionId',
  'principalId',
  'principalType',
];

/** One role assignment as ARM sends it, in the SDK's RoleAssignment shape. */
export function toRoleAssignment(raw: unknown): RoleAssignment {
  const flat = flattenProperties(raw);
  if (!isPlainObject(flat)) return {};
  const text = Object.entries(flat).filter(([k, v]) => !ASSIGNMENT_TEXT.includes(k) || typeof v === 'string');
  return withDates(Object.fromEntries(text)) as RoleAssignment;
}

const strings = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/**
 * A definition's permission blocks, each action list a list of strings: the checks match actions
 * against them as text, so a block or an action of another type (hostile or broken JSON) is dropped
 * rather than let through to throw in the middle of a check.
 */
function permissionBlocks(v: unknown): RoleDefinition['permissions'] {
  if (!Array.isArray(v)) return undefined;
  return v.filter(isPlainObject).map((p) => {
    const lists = {
      actions: strings(p.actions),
      notActions: strings(p.notActions),
      dataActions: strings(p.dataActions),
      notDataActions: strings(p.notDataActions),
    };
    return Object.fromEntries(Object.entries({ ...p, ...lists }).filter(([, x]) => x !== undefined));
  });
}

/** One role definition as ARM sends it, in the SDK's RoleDefinition shape. */
export function toRoleDefinition(raw: unknown): RoleDefinition {
  const flat = flattenProperties(raw);
  if (!isPlainObject(flat) || !isPlainObject(raw)) return {};
  const roleType = isPlainObject(raw.properties) ? raw.properties.type : undefined;
  const permissions = permissionBlocks(flat.permissions);
  const rest = Object.fromEntries(Object.entries(flat).filter(([k]) => k !== 'permissions'));
  return {
    ...withDates(rest),
    ...(typeof roleType === 'string' ? { roleType } : {}),
    ...(permissions ? { permissions } : {}),
  } as RoleDefinition;
}
