// What the signed-in user may change (Permissions_ListForResource / _ListForResourceGroup via
// lib/azure): for each action a fix needs, whether the user holds it at its scope. When not, the UI
// says what to ask an administrator for.
import { useQueries } from '@tanstack/react-query';
import { parseArmId } from '@/lib/azure/ids';
import {
  resourceGroupPermissionsQueryOptions,
  resourcePermissionsQueryOptions,
} from '@/lib/azure/permissions-api';
import type { Fix, RequiredAction } from '../model/fixes';
import { permissionsAllow } from '@/lib/azure/rbac-actions';
import { AUTHORIZATION_OPERATIONS, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [
  AUTHORIZATION_OPERATIONS.permissionsForResource,
  AUTHORIZATION_OPERATIONS.permissionsForResourceGroup,
];

export type FixPermission =
  { state: 'loading' } | { state: 'ok'; missing: RequiredAction[] } | { state: 'error'; reason: string };

/**
 * The permissions API answers for resources and resource groups. A subscription-scoped need (creating a
 * custom role) is read on the resource group that holds the VNet (which includes what is inherited from
 * the subscription).
 */
function readScope(
  required: RequiredAction,
  fallbackScope: string,
): { kind: 'resource' | 'group'; id: string } {
  const p = parseArmId(required.scope.startsWith('/subscriptions/') ? required.scope : fallbackScope);
  if (p.resourceGroup && p.name && p.types.length > 0) return { kind: 'resource', id: p.id };
  const fb = parseArmId(fallbackScope);
  return {
    kind: 'group',
    id: `/subscriptions/${fb.subscriptionId}/resourceGroups/${fb.resourceGroup ?? ''}`,
  };
}

/** For each fix, which of its required actions the user lacks. `vnetId` anchors subscription-level needs. */
export function useFixPermissions(fixes: readonly Fix[], vnetId: string): FixPermission[] {
  const needs = fixes.map((f) => f.requires.map((r) => ({ r, at: readScope(r, vnetId) })));
  const scopes = [
    ...new Map(needs.flat().map((n) => [`${n.at.kind}|${n.at.id.toLowerCase()}`, n.at])).values(),
  ];
  const queries = useQueries({
    queries: scopes.map((s) => {
      if (s.kind === 'resource') return resourcePermissionsQueryOptions(s.id);
      const p = parseArmId(s.id);
      return resourceGroupPermissionsQueryOptions(p.subscriptionId, p.resourceGroup ?? '');
    }),
  });
  const byScope = new Map(scopes.map((s, i) => [`${s.kind}|${s.id.toLowerCase()}`, queries[i]]));
  return needs.map((list) => {
    const missing: RequiredAction[] = [];
    for (const { r, at } of list) {
      const q = byScope.get(`${at.kind}|${at.id.toLowerCase()}`);
      if (!q || q.isPending) return { state: 'loading' };
      if (q.isError) return { state: 'error', reason: String((q.error as Error).message ?? q.error) };
      if (!permissionsAllow(q.data ?? [], r.action)) missing.push(r);
    }
    return { state: 'ok', missing };
  });
}
