import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RouteDef } from '../core/types.ts';
import { providerModules } from '../providers/registry.ts';
import { driver } from '../../testing/driver.ts';
import { PUBLISHED_API_VERSIONS } from './published.ts';
import { newestSeen, tableFrom, versionsByGroup, type SpecsExport } from './table.ts';

const exported = JSON.parse(
  readFileSync(new URL('./specs-export.json', import.meta.url), 'utf8'),
) as SpecsExport;

describe('the api-version table', () => {
  it('published.ts is what the committed export generates (run generate.ts after changing the export)', () => {
    const byGroup = versionsByGroup(exported);
    for (const g of exported.groups)
      for (const type of g.types)
        expect(PUBLISHED_API_VERSIONS[type as keyof typeof PUBLISHED_API_VERSIONS], type).toEqual(
          (byGroup.get(g.name) ?? []).map((f) => f.version),
        );
    expect(Object.keys(PUBLISHED_API_VERSIONS).length).toBe(exported.groups.flatMap((g) => g.types).length);
  });

  it('reads version and kind from the path, one entry per version, and `since` on another group', () => {
    const exp: SpecsExport = {
      repository: 'r',
      collected: 'c',
      groups: [
        {
          name: 'A',
          types: ['X/a'],
          files: {
            's/X/stable/2020-01-01/a.json': 'c1',
            's/X/stable/2020-01-01/network.json': 'c2',
            's/X/preview/2019-01-01-preview/a.json': 'c3',
            's/X/stable/2021-01-01/a.json': 'c4',
          },
        },
        { name: 'B', types: ['X/b'], files: {}, sameVersionsAs: 'A', since: '2020-06-01' },
      ],
    };
    const by = versionsByGroup(exp);
    expect(by.get('A')?.map((f) => [f.version, f.kind])).toEqual([
      ['2019-01-01-preview', 'preview'],
      ['2020-01-01', 'stable'],
      ['2021-01-01', 'stable'],
    ]);
    expect(by.get('B')?.map((f) => f.version)).toEqual(['2021-01-01']);
    const { ts, md } = tableFrom(exp);
    expect(ts).toContain("'X/b': GROUP_1");
    expect(md).toContain('| 2019-01-01-preview | preview |');
    expect(md).toContain('`c4`');
  });
});

// Every provider route, built over the in-process driver's world as the server builds them.
let routes: RouteDef[] = [];
driver((deps) => (routes = providerModules.flatMap((p) => p.routes(deps))), {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroups: [],
});

const published = new Map(
  Object.entries(PUBLISHED_API_VERSIONS).map(([type, v]) => [type.toLowerCase(), [...v] as string[]]),
);

/**
 * The resource type a route template serves, as ARM names it: the namespace after the last literal
 * `providers` segment and the type names at every other segment after it (`…/eventtypes/management/values`
 * is `eventtypes/values`); Resource Manager's own paths (no provider namespace: `/subscriptions/{id}/
 * resourcegroups/{name}`, `/tenants`) are Microsoft.Resources types named the same way from the root.
 */
function routeType(path: string): string {
  const seg = path.split('/').filter(Boolean);
  const literal = (s: string | undefined) => s !== undefined && !s.startsWith('{');
  let at = -1;
  seg.forEach((s, i) => {
    if (s.toLowerCase() === 'providers' && literal(seg[i + 1])) at = i;
  });
  const [ns, from] = at >= 0 ? [seg[at + 1] ?? '', at + 2] : ['Microsoft.Resources', 0];
  const types: string[] = [];
  for (let i = from; i < seg.length; i += 2) {
    if (!literal(seg[i])) break;
    types.push(seg[i] ?? '');
  }
  return [ns, ...types].join('/');
}

/** The table's entry for a type, or for its nearest parent type (an action or child path of a type). */
function entryFor(type: string): { type: string; versions: string[] } | undefined {
  const parts = type.split('/');
  for (let n = parts.length; n >= 2; n--) {
    const t = parts.slice(0, n).join('/').toLowerCase();
    const versions = published.get(t);
    if (versions) return { type: t, versions };
  }
  return undefined;
}

const sorted = (v: readonly string[]) => [...new Set(v)].sort();

describe('every emulated resource type accepts exactly its generated entry', () => {
  const versioned = () => routes.filter((r) => !r.apiVersions.includes('*'));

  it('the route table is read whole (every provider module, hundreds of routes)', () => {
    expect(providerModules.length).toBeGreaterThanOrEqual(12);
    expect(versioned().length).toBeGreaterThan(100);
  });

  it('each versioned route names a type the generated table has, and accepts exactly its versions', () => {
    const missing: string[] = [];
    const differs: string[] = [];
    const unions: string[] = [];
    for (const r of versioned()) {
      const type = routeType(r.path);
      const entry = entryFor(type);
      const at = `${r.method} ${r.path}`;
      if (!entry) {
        // A status endpoint shared by several types of one namespace accepts the union of their entries.
        const ns = type.split('/')[0]?.toLowerCase() ?? '';
        const nsVersions = new Set(
          [...published].filter(([t]) => t.startsWith(`${ns}/`)).flatMap(([, v]) => v),
        );
        if (r.apiVersions.length > 0 && r.apiVersions.every((v) => nsVersions.has(v))) unions.push(at);
        else missing.push(`${at} (${type})`);
        continue;
      }
      if (sorted(r.apiVersions).join() !== sorted(entry.versions).join())
        differs.push(`${at} (${entry.type})`);
    }
    expect(missing, 'routes whose type has no generated entry').toEqual([]);
    expect(differs, 'routes accepting other versions than their type’s entry').toEqual([]);
    // The shared status endpoints: Compute's operations (virtual machines, disks and galleries).
    expect(unions).toEqual([
      'GET /subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/operations/{operationId}',
      'GET /subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/operationResults/{operationId}',
    ]);
  });

  it('covers the types that were hand-kept before: resources, authorization, insights, disks, resource graph', () => {
    const types = new Set(versioned().map((r) => entryFor(routeType(r.path))?.type));
    for (const t of [
      'microsoft.resources/subscriptions/resourcegroups',
      'microsoft.resources/subscriptions/resources',
      'microsoft.resources/subscriptions/resourcegroups/resources',
      'microsoft.resources/subscriptions/providers',
      'microsoft.authorization/roleassignments',
      'microsoft.authorization/roledefinitions',
      'microsoft.authorization/permissions',
      'microsoft.insights/eventtypes',
      'microsoft.insights/actiongroups',
      'microsoft.insights/activitylogalerts',
      'microsoft.compute/disks',
      'microsoft.resourcegraph/resources',
    ])
      expect(types.has(t), t).toBe(true);
  });

  it('per-type entries differ where the specs differ: role definitions are a subset of role assignments', () => {
    const ra = PUBLISHED_API_VERSIONS['Microsoft.Authorization/roleAssignments'];
    const rd = PUBLISHED_API_VERSIONS['Microsoft.Authorization/roleDefinitions'];
    expect(rd.every((v) => (ra as readonly string[]).includes(v))).toBe(true);
    expect(ra).toContain('2020-10-01-preview');
    expect(rd).not.toContain('2020-10-01-preview');
    expect(PUBLISHED_API_VERSIONS['Microsoft.Insights/activityLogAlerts']).toContain('2017-03-01-preview');
    expect(PUBLISHED_API_VERSIONS['Microsoft.Insights/actionGroups']).not.toContain('2017-03-01-preview');
  });
});

describe('the source commit', () => {
  it('published.md names the newest commit seen, and says each row keeps its own', () => {
    const md = readFileSync(new URL('./published.md', import.meta.url), 'utf8');
    const newest = newestSeen(exported);
    expect(newest.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(md.split('\n').slice(0, 6).join('\n')).toContain(`Newest commit seen: \`${newest.commit}\``);
    expect(md).toContain('--checkout');
  });

  it('a single-commit source (a clone) is stated as that commit', () => {
    const exp: SpecsExport = {
      repository: 'r',
      collected: 'c',
      groups: [{ name: 'A', types: ['X/a'], files: { 's/X/stable/2020-01-01/a.json': 'abc' } }],
    };
    expect(tableFrom(exp).md).toContain('**Specs commit: `abc`**');
  });
});
