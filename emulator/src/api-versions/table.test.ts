import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_API_VERSIONS } from './published.ts';
import { tableFrom, versionsByGroup, type SpecsExport } from './table.ts';

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
