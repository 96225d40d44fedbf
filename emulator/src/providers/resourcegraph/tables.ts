// Resource Graph's two tables over the world, as rows in Resource Graph's shape:
// - `Resources`: every top-level tracked resource in a resource group (not role assignments, not
//   child resources such as subnets), with `type` lower-cased as Resource Graph reports it;
// - `ResourceContainers`: subscriptions (`microsoft.resources/subscriptions`) and resource groups
//   (`microsoft.resources/subscriptions/resourcegroups`).
// `resourceGroup` is lower-case in both (Resource Graph normalises it; compare with =~ anyway).
// Only rows in the request's subscriptions that the caller may read (`<type>/read`) are given.
import { parseId } from '../../core/ids.ts';
import type { ArmResource, World } from '../../core/types.ts';
import { scanWorld } from '../../core/scan.ts';
import { TENANT_ID } from '../../world/identities.ts';
import type { TableName } from './ast.ts';
import type { Row } from './expressions.ts';
import type { ReadAccess } from './read-access.ts';

export const SUBSCRIPTION_TYPE = 'microsoft.resources/subscriptions';
export const RESOURCE_GROUP_TYPE = 'microsoft.resources/subscriptions/resourcegroups';
/** Namespaces whose resources live in other Resource Graph tables (AuthorizationResources, …). */
const NOT_IN_RESOURCES = new Set(['microsoft.authorization', 'microsoft.insights', 'microsoft.resources']);

function resourceRow(r: Readonly<ArmResource>, sub: string, rg: string): Row {
  return {
    id: r.id,
    name: r.name,
    type: r.type.toLowerCase(),
    tenantId: TENANT_ID,
    kind: r.kind ?? '',
    location: r.location ?? '',
    resourceGroup: rg.toLowerCase(),
    subscriptionId: sub,
    managedBy: r.managedBy ?? '',
    sku: r.sku ?? null,
    plan: r.plan ?? null,
    properties: r.properties ?? {},
    tags: r.tags ?? {},
    identity: r.identity ?? null,
    zones: r.zones ?? null,
    extendedLocation: r.extendedLocation ?? null,
  };
}

function containerRow(r: Readonly<ArmResource>, sub: string, rg: string | undefined): Row {
  if (rg === undefined) {
    return {
      id: r.id,
      name: typeof r.displayName === 'string' ? r.displayName : r.name,
      type: SUBSCRIPTION_TYPE,
      tenantId: TENANT_ID,
      subscriptionId: sub,
      resourceGroup: '',
      location: '',
      tags: r.tags ?? {},
      properties: {
        state: r.state ?? 'Enabled',
        subscriptionPolicies: r.subscriptionPolicies ?? {},
        managementGroupAncestorsChain: [{ name: TENANT_ID, displayName: 'Tenant Root Group' }],
      },
    };
  }
  return {
    id: r.id,
    name: r.name,
    type: RESOURCE_GROUP_TYPE,
    tenantId: TENANT_ID,
    subscriptionId: sub,
    resourceGroup: rg.toLowerCase(),
    location: r.location ?? '',
    managedBy: r.managedBy ?? '',
    tags: r.tags ?? {},
    properties: { provisioningState: r.properties?.provisioningState ?? 'Succeeded' },
  };
}

export interface TableScope {
  world: World;
  /** Lower-case subscription ids the request covers. */
  subscriptions: ReadonlySet<string>;
  access: ReadAccess;
}

function resources(scope: TableScope, type: string | undefined): Row[] {
  const out: Row[] = [];
  scanWorld(scope.world, '', type, (r) => {
    const p = parseId(r.id);
    if (!p.subscriptionId || !p.resourceGroup || !p.provider || p.names.length !== 1) return;
    if (!scope.subscriptions.has(p.subscriptionId.toLowerCase())) return;
    if (NOT_IN_RESOURCES.has(p.provider.toLowerCase())) return;
    if (!scope.access.can(`${r.type}/read`, r.id)) return;
    out.push(resourceRow(r, p.subscriptionId, p.resourceGroup));
  });
  return out;
}

function containers(scope: TableScope): Row[] {
  const out: Row[] = [];
  // Subscription ids as the world spells them, by lower-case id (the request's set is lower-case).
  const spelled = new Map<string, string>();
  for (const sub of scope.subscriptions) {
    const s = scope.world.get(`/subscriptions/${sub}`);
    if (!s) continue;
    const subId = typeof s.subscriptionId === 'string' ? s.subscriptionId : s.name;
    spelled.set(sub, subId);
    if (scope.access.can('Microsoft.Resources/subscriptions/read', s.id))
      out.push(containerRow(s, subId, undefined));
  }
  // One pass over every resource group (not one per subscription: that is subscriptions × groups).
  scanWorld(scope.world, '', 'Microsoft.Resources/resourceGroups', (g) => {
    const subId = spelled.get(parseId(g.id).subscriptionId?.toLowerCase() ?? '');
    if (subId === undefined) return;
    if (scope.access.can('Microsoft.Resources/subscriptions/resourceGroups/read', g.id)) {
      out.push(containerRow(g, subId, g.name));
    }
  });
  return out;
}

/** The rows of `table` visible in `scope`; `type` (lower-case) narrows the scan when the query pins it. */
export function tableRows(scope: TableScope, table: TableName, type: string | undefined): Row[] {
  if (table === 'resourcecontainers') return containers(scope);
  return resources(scope, type);
}
