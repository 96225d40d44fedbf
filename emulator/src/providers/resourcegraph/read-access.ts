// Which rows a principal may see: Resource Graph returns only resources the caller may read, i.e.
// holds `<type>/read` at the resource or above it. The principal's assignments are loaded once per
// query and indexed by scope, so checking a row costs one map look-up per ancestor scope instead of a
// pass over every assignment (an Owner of 300 subscriptions has 300).
import { allAssignments, guidOf, permissionAllows, roleDefinition } from '../../auth/rbac.ts';
import type { Permission } from '../../auth/roles.ts';
import { normalizeId } from '../../core/ids.ts';
import type { World } from '../../core/types.ts';

export class ReadAccess {
  private readonly byScope = new Map<string, Permission[]>();
  private readonly memo = new Map<string, boolean>();
  /** True when some assignment sits below a resource group (then results are not memoised per group). */
  private readonly deep: boolean;

  constructor(world: World, principalId: string) {
    const p = principalId.toLowerCase();
    const roles = new Map<string, Permission[]>();
    let deep = false;
    for (const a of allAssignments(world)) {
      if (a.props.principalId.toLowerCase() !== p) continue;
      const g = guidOf(a.props.roleDefinitionId);
      if (!roles.has(g)) roles.set(g, roleDefinition(world, g)?.permissions ?? []);
      const scope = normalizeId(a.props.scope);
      if (scope.split('/').length > 5) deep = true;
      this.byScope.set(scope, [...(this.byScope.get(scope) ?? []), ...(roles.get(g) ?? [])]);
    }
    this.deep = deep;
  }

  /** May the principal perform `action` on `id` (through an assignment at `id` or any ancestor)? */
  can(action: string, id: string): boolean {
    const key = normalizeId(id);
    const parts = key.split('/');
    // '/subscriptions/s/resourcegroups/r/…' → memoise at the resource group when nothing is deeper.
    const memoKey = this.deep ? undefined : `${action.toLowerCase()}|${parts.slice(0, 5).join('/')}`;
    if (memoKey !== undefined) {
      const hit = this.memo.get(memoKey);
      if (hit !== undefined) return hit;
    }
    let allowed = false;
    for (let n = 1; n <= parts.length && !allowed; n++) {
      const scope = parts.slice(0, n).join('/');
      const perms = this.byScope.get(scope);
      if (perms?.some((p) => permissionAllows(p, action))) allowed = true;
    }
    if (memoKey !== undefined) this.memo.set(memoKey, allowed);
    return allowed;
  }
}
