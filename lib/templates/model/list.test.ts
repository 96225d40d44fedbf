import { describe, expect, it } from 'vitest';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import {
  applyListQuery,
  createRowSorter,
  DEFAULT_QUERY,
  filterRows,
  listQueryToParams,
  parseListQuery,
  prepareRow,
  mergeSorted,
  rowOrder,
  SORT_KEYS,
  sortRows,
  templateRow,
  toRow,
} from './list';
import { formatDuration, runningFor, timeAgo } from '@/lib/format';

const S1 = '0b1f6471-1bf0-4dda-aec3-cb9272f09590';
const S2 = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

function tpl(sub: string, rg: string, name: string, extra: Partial<ImageTemplate> = {}): ImageTemplate {
  return {
    id: `/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`,
    name,
    location: 'westeurope',
    identity: { type: 'UserAssigned' },
    provisioningState: 'Succeeded',
    source: {
      type: 'PlatformImage',
      publisher: 'Canonical',
      offer: '0001-com-ubuntu-server-jammy',
      sku: '22_04-lts-gen2',
    } as never,
    ...extra,
  } as ImageTemplate;
}

const rows = [
  toRow(
    tpl(S1, 'rg-a', 'beta', {
      lastRunStatus: { runState: 'Failed', startTime: new Date(1000), endTime: new Date(61_000) },
    }),
    'Contoso Dev',
  ),
  toRow(
    tpl(S2, 'rg-b', 'alpha', {
      vmProfile: { vnetConfig: { subnetId: '/x', containerInstanceSubnetId: '/y' } },
      lastRunStatus: {
        runState: 'Running',
        runSubState: 'Building',
        startTime: new Date(5000),
        endTime: new Date('0001-01-01T00:00:00Z'),
      },
    }),
    'Contoso Prod',
  ),
  toRow(tpl(S1, 'rg-a', 'gamma', { vmProfile: { vnetConfig: { subnetId: '/x' } } }), 'Contoso Dev'),
];

describe('toRow', () => {
  it('derives the columns', () => {
    const [beta, alpha, gamma] = rows;
    expect(beta).toMatchObject({
      state: 'Failed',
      durationMs: 60_000,
      layoutLabel: 'Image Builder network',
      resourceGroup: 'rg-a',
    });
    expect(alpha).toMatchObject({
      state: 'Running',
      durationMs: undefined,
      layoutLabel: 'Your subnets (build + container instance)',
    });
    expect(gamma).toMatchObject({
      state: 'NotRun',
      layoutLabel: 'Your subnet + Private Link proxy',
      startTime: undefined,
    });
    expect(beta?.source).toBe('Ubuntu 22.04 LTS (Canonical)');
  });
});

describe('applyListQuery', () => {
  it('searches words across columns', () => {
    expect(applyListQuery(rows, { ...DEFAULT_QUERY, q: 'prod alpha' }).map((r) => r.name)).toEqual(['alpha']);
    expect(applyListQuery(rows, { ...DEFAULT_QUERY, q: 'ubuntu' })).toHaveLength(3);
  });
  it('filters by state, subscription and layout', () => {
    expect(
      applyListQuery(rows, { ...DEFAULT_QUERY, states: ['NotRun', 'Failed'] }).map((r) => r.name),
    ).toEqual(['beta', 'gamma']);
    expect(applyListQuery(rows, { ...DEFAULT_QUERY, subscriptions: [S2] }).map((r) => r.name)).toEqual([
      'alpha',
    ]);
    expect(applyListQuery(rows, { ...DEFAULT_QUERY, layouts: ['private-link'] }).map((r) => r.name)).toEqual([
      'gamma',
    ]);
  });
  it('sorts, keeping never-run last', () => {
    expect(applyListQuery(rows, DEFAULT_QUERY).map((r) => r.name)).toEqual(['alpha', 'beta', 'gamma']);
    expect(applyListQuery(rows, { ...DEFAULT_QUERY, dir: 'desc' }).map((r) => r.name)).toEqual([
      'gamma',
      'beta',
      'alpha',
    ]);
    expect(
      applyListQuery(rows, { ...DEFAULT_QUERY, sort: 'lastRun', dir: 'desc' }).map((r) => r.name),
    ).toEqual(['alpha', 'beta', 'gamma']);
    expect(applyListQuery(rows, { ...DEFAULT_QUERY, sort: 'lastRun' }).map((r) => r.name)).toEqual([
      'beta',
      'alpha',
      'gamma',
    ]);
    expect(applyListQuery(rows, { ...DEFAULT_QUERY, sort: 'state' }).map((r) => r.name)).toEqual([
      'alpha',
      'beta',
      'gamma',
    ]);
  });
});

describe('sortRows and filterRows', () => {
  const named = ['img10', 'IMG2', 'img1', 'Img2'].map((n, i) =>
    toRow(tpl(i % 2 ? S2 : S1, 'rg-a', n), i % 2 ? 'Contoso Prod' : 'Contoso Dev'),
  );
  it('compares names numerically and without case, ties by id (stable as rows arrive)', () => {
    expect(sortRows(named, 'name', 'asc').map((r) => r.name)).toEqual(['img1', 'Img2', 'IMG2', 'img10']);
    // The same rows in another arrival order sort the same way.
    expect(sortRows([...named].reverse(), 'name', 'asc').map((r) => r.id)).toEqual(
      sortRows(named, 'name', 'asc').map((r) => r.id),
    );
  });
  it('searches the text made once per row, keeping the given order', () => {
    expect(named[0]?.search).toContain('img10 rg-a contoso dev');
    const sorted = sortRows(named, 'name', 'desc');
    expect(filterRows(sorted, { ...DEFAULT_QUERY, q: '  IMG1 ' }).map((r) => r.name)).toEqual([
      'img10',
      'img1',
    ]);
  });
});

describe('a list sorted as it streams in', () => {
  // A deterministic mix: names with numbers and case, some never run, some with equal start times.
  const many = Array.from({ length: 600 }, (_, i) =>
    toRow(
      tpl(i % 3 ? S1 : S2, `rg-${i % 7}`, `${i % 5 ? 'img' : 'IMG'}${(i * 7919) % 250}`, {
        lastRunStatus:
          i % 4 === 0
            ? undefined
            : {
                runState: (['Succeeded', 'Failed', 'Running'] as const)[i % 3],
                startTime: new Date(((i * 31) % 40) * 60_000),
                endTime: new Date(((i * 31) % 40) * 60_000 + (i % 9) * 1000),
              },
      }),
      i % 3 ? 'Contoso Dev' : 'Contoso Prod',
    ),
  );

  it('merging sorted pages gives exactly the full sort, for every column and direction', () => {
    for (const sort of SORT_KEYS) {
      for (const dir of ['asc', 'desc'] as const) {
        const sorter = createRowSorter();
        let out: readonly unknown[] = [];
        for (let n = 0; n < many.length; n += 100) out = sorter(many.slice(0, n + 100), sort, dir);
        expect(out, `${sort} ${dir}`).toEqual(sortRows(many, sort, dir));
      }
    }
  });

  it('pages of two subscriptions interleave; a row that leaves or is replaced is handled', () => {
    const sorter = createRowSorter();
    const a = many.filter((_, i) => i % 3 !== 0);
    const b = many.filter((_, i) => i % 3 === 0);
    // Pages arrive alternately; the input is always subscription A's rows so far, then B's.
    let out = sorter([], 'lastRun', 'desc');
    for (let n = 100; n <= 400; n += 100)
      out = sorter([...a.slice(0, n), ...b.slice(0, n / 2)], 'lastRun', 'desc');
    expect(out).toEqual(sortRows([...a.slice(0, 400), ...b.slice(0, 200)], 'lastRun', 'desc'));
    // A running row refreshed (a new row object for the same template) and one template deleted.
    const input = [...a.slice(0, 400), ...b.slice(0, 200)];
    const fresher = toRow({ ...(input[5]?.template as ImageTemplate) }, 'Contoso Dev');
    const next = input.filter((_, i) => i !== 9).map((r, i) => (i === 5 ? fresher : r));
    out = sorter(next, 'lastRun', 'desc');
    expect(out).toEqual(sortRows(next, 'lastRun', 'desc'));
    expect(out).toContain(fresher);
    // Nothing changed: the same array comes back (no new render of the list).
    expect(sorter([...next], 'lastRun', 'desc')).toBe(out);
    // Another sort: a full sort.
    expect(sorter(next, 'name', 'asc')).toEqual(sortRows(next, 'name', 'asc'));
  });

  it('mergeSorted places each new row by binary search', () => {
    const order = rowOrder('name', 'asc');
    const sorted = sortRows(many.slice(0, 500), 'name', 'asc');
    let calls = 0;
    const counting = (x: (typeof many)[number], y: (typeof many)[number]) => (calls++, order(x, y));
    const merged = mergeSorted(sorted, many.slice(500), counting);
    expect(merged).toEqual(sortRows(many, 'name', 'asc'));
    // 100 new rows: sorting them (~100·log 100) plus ~100·log 600, far below a re-sort of 600.
    expect(calls).toBeLessThan(2_000);
  });

  it("makes each template's row once", () => {
    const t = tpl(S1, 'rg-a', 'once');
    expect(templateRow(t, 'Contoso Dev')).toBe(templateRow(t, 'Contoso Dev'));
    expect(templateRow(t, 'Renamed').subscriptionName).toBe('Renamed');
  });

  it('a row prepared when its page arrived is the same row, its search text under either name', () => {
    const t = tpl(S1, 'RG-Mixed', 'Prepared-Once');
    prepareRow(t);
    const row = templateRow(t, 'Contoso DEV');
    expect(row).toEqual(toRow(tpl(S1, 'RG-Mixed', 'Prepared-Once'), 'Contoso DEV'));
    expect(row.search).toBe(
      `Prepared-Once RG-Mixed Contoso DEV ${S1} westeurope ${row.source} ${row.layoutLabel}`.toLowerCase(),
    );
    expect(templateRow(t, 'Renamed').search).toContain(' renamed ');
  });
});

describe('URL state', () => {
  it('round-trips and drops junk', () => {
    const q = {
      ...DEFAULT_QUERY,
      q: 'a b',
      states: ['Failed' as const],
      subscriptions: [S1],
      layouts: ['own-subnets' as const],
      sort: 'lastRun' as const,
      dir: 'desc' as const,
    };
    expect(parseListQuery(listQueryToParams(q))).toEqual(q);
    expect(listQueryToParams(DEFAULT_QUERY).toString()).toBe('');
    expect(parseListQuery(new URLSearchParams('state=Nope,Failed&sort=evil&page=-2&layout=x'))).toEqual({
      ...DEFAULT_QUERY,
      states: ['Failed'],
    });
  });
  it('ignores the page of the paged list that came before (one scrolling list now)', () => {
    expect(parseListQuery(new URLSearchParams('page=3'))).toEqual(DEFAULT_QUERY);
  });
});

describe('format', () => {
  it('says how long ago and how long', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(timeAgo(new Date(now - 10_000), now)).toBe('just now');
    // Started after the page's clock last ticked (or a skewed clock): still "just now".
    expect(timeAgo(new Date(now + 20_000), now)).toBe('just now');
    expect(runningFor(now + 20_000, now, 15_000)).toBe('just now');
    expect(runningFor(now - 5_000, now, 15_000)).toBe('just now');
    expect(runningFor(now - 4 * 60_000, now, 15_000)).toBe('4 min so far');
    expect(timeAgo(new Date(now - 5 * 60_000), now)).toBe('5 min ago');
    expect(timeAgo(new Date(now - 3 * 3600_000), now)).toBe('3 h ago');
    expect(timeAgo(new Date(now - 2 * 86400_000), now)).toBe('2 days ago');
    expect(formatDuration(65 * 60_000)).toBe('1 h 05 min');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration(45_000)).toBe('45 s');
  });
});
