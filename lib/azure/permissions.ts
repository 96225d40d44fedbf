// What the signed-in user may do, from Microsoft.Authorization's permissions API (never guessed from
// role names). Each entry is one role assignment's (actions − notActions); the user may perform an
// action when any entry allows it. Matching is case-insensitive with `*` wildcards, as in ARM.
import type { Permission } from '@azure/arm-authorization';

function pattern(p: string): RegExp {
  const escaped = p
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${escaped}$`, 'i');
}

function matchesAny(patterns: readonly string[] | undefined, action: string): boolean {
  return (patterns ?? []).some((p) => pattern(p).test(action));
}

/** True when one of the permission entries grants `action` (e.g. Microsoft.VirtualMachineImages/imageTemplates/run/action). */
export function isActionAllowed(
  permissions: readonly Pick<Permission, 'actions' | 'notActions'>[],
  action: string,
): boolean {
  return permissions.some((p) => matchesAny(p.actions, action) && !matchesAny(p.notActions, action));
}

export const AIB_ACTIONS = {
  read: 'Microsoft.VirtualMachineImages/imageTemplates/read',
  run: 'Microsoft.VirtualMachineImages/imageTemplates/run/action',
  cancel: 'Microsoft.VirtualMachineImages/imageTemplates/cancel/action',
  delete: 'Microsoft.VirtualMachineImages/imageTemplates/delete',
  write: 'Microsoft.VirtualMachineImages/imageTemplates/write',
} as const;
