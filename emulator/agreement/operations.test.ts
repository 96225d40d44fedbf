// Operation names are the spine: every ARM operation the app calls (declared by its lib/*/api module as
// `OPERATIONS`, by the REST spec's operationId) has a local Azure route that declares the same
// operationId, with the same method and path template, accepting the api-version the app's SDK client
// sends.
import { describe, expect, it } from 'vitest';
import type { ArmOperation } from '../../lib/azure/arm-operation.ts';
import type { RouteDef } from '../src/core/types.ts';
import { providerModules } from '../src/providers/registry.ts';
import { driver } from '../testing/driver.ts';

declare global {
  interface ImportMeta {
    glob(pattern: string, options: { eager: true }): Record<string, Record<string, unknown>>;
  }
}

/**
 * lib/*\/api modules that call ARM but do not declare their operations yet. This list only shrinks:
 * declare `OPERATIONS` in the module and take it off.
 */
const NOT_YET_DECLARED = new Set([
  'lib/builds/api/get-retail-prices.ts', // not ARM: the Retail Prices API through /api/prices
  'lib/builds/api/list-template-runs.ts',
  'lib/logs/api/get-customization-log.ts',
  'lib/logs/api/list-container-logs.ts',
  'lib/networking/api/apply-fix.ts',
  'lib/networking/api/create-or-update-role-definition.ts',
  'lib/networking/api/create-or-update-security-rule.ts',
  'lib/networking/api/create-or-update-subnet.ts',
  'lib/networking/api/create-role-assignment.ts',
  'lib/networking/api/fix-permissions.ts',
  'lib/networking/api/get-nat-gateway.ts',
  'lib/networking/api/get-network-security-group.ts',
  'lib/networking/api/get-role-definition-by-id.ts',
  'lib/networking/api/get-route-table.ts',
  'lib/networking/api/get-subnet.ts',
  'lib/networking/api/get-virtual-network.ts',
  'lib/networking/api/list-role-assignments-for-scope.ts',
  'lib/networking/api/list-role-definitions.ts',
  'lib/networking/api/list-virtual-networks.ts',
  'lib/networking/api/network-checks.ts',
  'lib/networking/api/shared.ts',
  'lib/templates/api/list-image-templates-graph.ts',
  'lib/templates/api/list-subscriptions.ts',
  'lib/topology/api/api-versions.ts',
  'lib/topology/api/list-activity-logs.ts',
  'lib/topology/api/list-staging-resources.ts',
  'lib/topology/api/phase-marks.ts',
  'lib/builds/api/optimistic.ts',
  'lib/estate/api/delete-resource-group.ts',
  'lib/estate/api/query-estate.ts',
]);

const modules = import.meta.glob('../../lib/*/api/*.ts', { eager: true });

function isOperation(x: unknown): x is ArmOperation {
  const o = x as Partial<ArmOperation> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.operationId === 'string' &&
    typeof o.method === 'string' &&
    typeof o.path === 'string' &&
    typeof o.apiVersion === 'string'
  );
}

const declared = Object.entries(modules)
  .filter(([path]) => !path.endsWith('.test.ts'))
  .map(([path, mod]) => ({
    file: path.replace(/^(\.\.\/)+/, ''),
    operations: Array.isArray(mod.OPERATIONS) ? mod.OPERATIONS.filter(isOperation) : undefined,
  }));

/** Path templates compare case-insensitively with every `{parameter}` alike. */
function shape(path: string): string {
  return path.replace(/\{[^}]+\}/g, '{}').toLowerCase();
}

// The whole route table, built once over the in-process driver's world.
let routes: RouteDef[] = [];
driver((deps) => (routes = providerModules.flatMap((p) => p.routes(deps))), {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroups: [],
});

describe('the operations the app calls', () => {
  it('are declared by every lib/*/api module (OPERATIONS), apart from the listed ones', () => {
    expect(declared.length).toBeGreaterThan(10);
    const missing = declared.filter((d) => d.operations === undefined).map((d) => d.file);
    expect(
      missing.filter((f) => !NOT_YET_DECLARED.has(f)),
      'modules without OPERATIONS',
    ).toEqual([]);
    const nowDeclared = declared
      .filter((d) => d.operations && NOT_YET_DECLARED.has(d.file))
      .map((d) => d.file);
    expect(nowDeclared, 'declared now: take these off NOT_YET_DECLARED').toEqual([]);
  });

  const operations = [
    ...new Map(declared.flatMap((d) => d.operations ?? []).map((o) => [o.operationId, o])).values(),
  ];

  it('include the image template operations', () => {
    expect(operations.map((o) => o.operationId)).toEqual(
      expect.arrayContaining([
        'VirtualMachineImageTemplates_Run',
        'VirtualMachineImageTemplates_Cancel',
        'VirtualMachineImageTemplates_Get',
        'VirtualMachineImageTemplates_Update',
      ]),
    );
  });

  it.each(operations.map((o) => [o.operationId, o] as const))(
    '%s has a local Azure route with the same method, path and api-version',
    (_id, op) => {
      const route = routes.find((r) => r.operationId === op.operationId);
      expect(route, `no local Azure route declares ${op.operationId}`).toBeDefined();
      if (!route) return;
      expect(route.method).toBe(op.method);
      expect(shape(route.path)).toBe(shape(op.path));
      expect(route.apiVersions).toContain(op.apiVersion);
    },
  );

  it('no two local Azure routes claim the same operationId', () => {
    const ids = routes.flatMap((r) => (r.operationId ? [r.operationId] : []));
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });
});
