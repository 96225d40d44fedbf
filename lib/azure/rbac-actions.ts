// Azure RBAC action matching, as ARM evaluates it: an action pattern matches case-insensitively with
// `*` standing for any run of characters ("*", "*/read", "Microsoft.Network/*", "…/*/action"); one
// permission block allows an action when some `actions` entry matches and no `notActions` entry does;
// a list of blocks (a role definition, or what the Permissions API returns) allows it when any block
// does. The one copy in the app; local Azure's RBAC engine keeps its own (emulator/src/auth/rbac.ts),
// and emulator/agreement checks both agree.

/** One permission block: the shape of @azure/arm-authorization's Permission, and of ARM's JSON. */
export interface PermissionBlock {
  actions?: readonly string[];
  notActions?: readonly string[];
}

const cache = new Map<string, RegExp>();

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    const src = pattern
      .trim()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&'))
      .join('.*');
    re = new RegExp(`^${src}$`, 'i');
    cache.set(pattern, re);
  }
  return re;
}

/** Whether an action pattern (with `*` wildcards) matches an action, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  return compile(pattern).test(action.trim());
}

/** Whether one block allows the action: some `actions` entry matches and no `notActions` entry does. */
export function permissionAllows(permission: PermissionBlock, action: string): boolean {
  return (
    (permission.actions ?? []).some((p) => actionMatches(p, action)) &&
    !(permission.notActions ?? []).some((p) => actionMatches(p, action))
  );
}

/** Whether any of the blocks allows the action. */
export function permissionsAllow(permissions: readonly PermissionBlock[], action: string): boolean {
  return permissions.some((p) => permissionAllows(p, action));
}
