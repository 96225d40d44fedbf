// Operation names are the spine: every ARM operation the app calls (declared by its lib/*/api module as
// `OPERATIONS`, by the REST spec's operationId) has a local Azure route that declares the same
// operationId, with the same method and path template, accepting the api-version the app's SDK client
// sends; and every local Azure route declares the operation it serves (or that the spec has none).
import { describe, expect, it } from 'vitest';
import type { ArmOperation, NotArm } from '../../lib/azure/arm-operation.ts';
import type { RouteDef } from '../src/core/types.ts';
import { operationName } from '../src/http/pipeline.ts';
import { providerModules } from '../src/providers/registry.ts';
import { operationRoutes } from '../src/providers/resources-operations.ts';
import { driver } from '../testing/driver.ts';

declare global {
  interface ImportMeta {
    glob(pattern: string | string[], options: { eager: true }): Record<string, Record<string, unknown>>;
  }
}

// Every api module, and the lib/azure modules that call ARM for every capability.
const modules = import.meta.glob(
  [
    '../../lib/*/api/*.ts',
    '../../lib/azure/permissions-api.ts',
    '../../lib/azure/resource-graph.ts',
    '../../lib/azure/blob-log.ts',
  ],
  { eager: true },
);

function isOperation(x: unknown): x is ArmOperation {
  const o = x as Partial<ArmOperation> | null;
  return (
    typeof o === 'object' &&
    o !== null &&
    typeof o.operationId === 'string' &&
    /^[A-Za-z]+(_[A-Za-z]+)?$/.test(o.operationId) &&
    typeof o.method === 'string' &&
    typeof o.path === 'string' &&
    o.path.startsWith('/') &&
    typeof o.apiVersion === 'string'
  );
}

function isNotArm(x: unknown): x is NotArm {
  const o = x as Partial<NotArm> | null;
  return typeof o === 'object' && o !== null && typeof o.notArm === 'string' && o.notArm.length > 10;
}

const declared = Object.entries(modules)
  .filter(([path]) => !path.endsWith('.test.ts'))
  .map(([path, mod]) => ({
    file: path.replace(/^(\.\.\/)+/, ''),
    declaration: mod.OPERATIONS,
    operations: Array.isArray(mod.OPERATIONS) ? mod.OPERATIONS.filter(isOperation) : [],
  }));

/** Segments of a path template, lower-cased; every `{parameter}` alike, `{*rest}` one or more segments. */
function segments(path: string): string[] {
  return path
    .split('/')
    .filter(Boolean)
    .map((s) => (s.startsWith('{*') ? '**' : s.startsWith('{') ? '*' : s.toLowerCase()));
}

/** Does the route's template serve the operation's? (`{*scope}` stands for any number of segments.) */
function sameTemplate(routePath: string, opPath: string): boolean {
  const r = segments(routePath);
  const o = segments(opPath);
  const match = (i: number, j: number): boolean => {
    if (i === r.length) return j === o.length;
    if (r[i] === '**') {
      for (let k = j + 1; k <= o.length; k++) if (match(i + 1, k)) return true;
      return false;
    }
    return j < o.length && (r[i] === o[j] || (r[i] === '*' && o[j] === '*')) && match(i + 1, j + 1);
  };
  // A spec path that is one parameter holding a whole resource id (`/{roleId}`) is served wherever that
  // id's own GET is: the route names it in `alsoServes` instead.
  return (o.length === 1 && o[0] === '*') || match(0, 0);
}

// The whole route table, built once over the in-process driver's world: the providers and the generic
// async-operation status routes the server adds after them.
let routes: RouteDef[] = [];
driver((deps) => (routes = [...providerModules.flatMap((p) => p.routes(deps)), ...operationRoutes(deps)]), {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroups: [],
});

describe('the operations the app calls', () => {
  it('are declared by every module that calls Azure (OPERATIONS): ARM operations, or what else it calls', () => {
    expect(declared.length).toBeGreaterThan(30);
    const bad = declared
      .filter(
        (d) =>
          !Array.isArray(d.declaration) ||
          d.declaration.length === 0 ||
          !d.declaration.every((x) => isOperation(x) || isNotArm(x)),
      )
      .map((d) => d.file);
    expect(bad, 'modules without a valid OPERATIONS list').toEqual([]);
  });

  it('have no pure pieces beside them: api/ folders hold ARM calls only', () => {
    const noArm = declared
      .filter((d) => d.file.includes('/api/') && Array.isArray(d.declaration))
      .filter((d) => (d.declaration as unknown[]).every(isNotArm))
      .map((d) => d.file);
    // The one api module that calls no ARM operation: the public price list (through /api/prices).
    expect(noArm).toEqual(['lib/builds/api/get-retail-prices.ts']);
  });

  const operations = [
    ...new Map(
      declared
        .flatMap((d) => d.operations)
        .map((o) => [`${o.operationId} ${o.apiVersion} ${o.via ?? ''}`, o]),
    ).values(),
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

  it.each(operations.map((o) => [o.operationId, o.apiVersion, o.via ?? 'browser', o] as const))(
    '%s (%s, from the %s) has a local Azure route with the same method, path and api-version',
    (_id, _v, _via, op) => {
      const route = routes.find(
        (r) => r.operationId === op.operationId || r.alsoServes?.includes(op.operationId),
      );
      expect(route, `no local Azure route declares ${op.operationId}`).toBeDefined();
      if (!route) return;
      expect(route.method).toBe(op.method);
      expect(sameTemplate(route.path, op.path), `${route.path} vs ${op.path}`).toBe(true);
      expect(route.apiVersions).toContain(op.apiVersion);
    },
  );
});

describe('local Azure routes', () => {
  it('each declare the spec operation they serve, or that the spec has none', () => {
    expect(routes.length).toBeGreaterThan(100);
    const undeclared = routes.filter((r) =>
      typeof r.operationId === 'string'
        ? !/^[A-Za-z]+(_[A-Za-z]+)?$/.test(r.operationId)
        : !(r.operationId as { notInSpec?: unknown } | undefined)?.notInSpec,
    );
    expect(undeclared.map((r) => `${r.method} ${r.path}`)).toEqual([]);
  });

  it('claim each operationId once (a `{scope}` operation may have its tenant-scope twin)', () => {
    const byId = new Map<string, RouteDef[]>();
    for (const r of routes) {
      if (typeof r.operationId === 'string') byId.set(r.operationId, [...(byId.get(r.operationId) ?? []), r]);
    }
    expect(byId.size).toBeGreaterThan(100);
    const clashes = [...byId].filter(([, rs]) => {
      const paths = new Set(rs.map((r) => `${r.method} ${r.path.replace(/^\/\{\*scope\}/, '')}`));
      return paths.size > 1;
    });
    expect(clashes.map(([id]) => id)).toEqual([]);
  });

  it("name the operation in local ARM's request log", () => {
    const run = routes.find((r) => r.operationId === 'VirtualMachineImageTemplates_Run');
    const status = routes.find((r) => typeof r.operationId !== 'string');
    expect(run && operationName({ route: { def: run, params: {} } })).toBe(
      'VirtualMachineImageTemplates_Run',
    );
    expect(status && operationName({ route: { def: status, params: {} } })).toMatch(/^\(.+\)$/);
    expect(operationName({})).toBe('(no route)');
  });
});

describe('sameTemplate', () => {
  it('matches parameters by position, literals without case, and {*scope} as one or more segments', () => {
    expect(
      sameTemplate('/subscriptions/{s}/resourcegroups/{g}', '/subscriptions/{x}/resourceGroups/{y}'),
    ).toBe(true);
    expect(sameTemplate('/subscriptions/{s}/resourcegroups/{g}', '/subscriptions/{x}/providers/{y}')).toBe(
      false,
    );
    expect(
      sameTemplate(
        '/{*scope}/providers/Microsoft.Authorization/roleAssignments',
        '/{scope}/providers/Microsoft.Authorization/roleAssignments',
      ),
    ).toBe(true);
    expect(
      sameTemplate(
        '/a/{g}/providers/{*resourcePath}/providers/X/permissions',
        '/a/{g}/providers/{n}/{p}/{t}/{r}/providers/X/permissions',
      ),
    ).toBe(true);
    expect(sameTemplate('/a/{*rest}/b', '/a/b')).toBe(false);
  });
});
