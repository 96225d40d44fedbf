import { describe, expect, it } from 'vitest';
import { parseFilter } from './odata.ts';
import { page } from './paging.ts';
import type { ArmRequest } from '../core/types.ts';

describe('parseFilter', () => {
  it('splits on `and` outside quotes and reads comparisons and functions', () => {
    expect(
      parseFilter(
        "eventTimestamp ge '2026-01-01T00:00:00Z' and resourceGroupName eq 'a and b' and atScope()",
      ),
    ).toEqual([
      { kind: 'cmp', field: 'eventTimestamp', op: 'ge', value: '2026-01-01T00:00:00Z' },
      { kind: 'cmp', field: 'resourceGroupName', op: 'eq', value: 'a and b' },
      { kind: 'fn', name: 'atScope', args: [] },
    ]);
    expect(parseFilter("substringof('it''s', name)")).toEqual([
      { kind: 'fn', name: 'substringof', args: ["it's", 'name'] },
    ]);
    expect(parseFilter("principalId eq 'x' AND assignedTo('y')")).toHaveLength(2);
  });

  it('rejects what it cannot read with ARM’s 400', () => {
    expect(() => parseFilter('name ~ x')).toThrow(/Invalid \$filter/);
  });
});

describe('page', () => {
  const req = (q: string): ArmRequest => ({
    method: 'GET',
    path: '/subscriptions/s/resourcegroups',
    query: new URLSearchParams(q),
    apiVersion: '2025-04-01',
    body: undefined,
    headers: {},
    baseUrl: 'https://localhost:4010',
  });

  it('answers pages with an absolute nextLink keeping the query', () => {
    const items = [1, 2, 3, 4, 5];
    const p1 = page(items, req("api-version=2025-04-01&$filter=tagName eq 'a'"), 2);
    expect(p1.value).toEqual([1, 2]);
    expect(p1.nextLink).toMatch(
      /^https:\/\/localhost:4010\/subscriptions\/s\/resourcegroups\?api-version=2025-04-01&\$filter=tagName\+eq\+%27a%27&\$skipToken=/,
    );
    const q2 = new URL(p1.nextLink ?? '').searchParams;
    const p2 = page(items, req(q2.toString()), 2);
    expect(p2.value).toEqual([3, 4]);
    const p3 = page(items, req(new URL(p2.nextLink ?? '').searchParams.toString()), 2);
    expect(p3).toEqual({ value: [5] });
  });

  it('rejects a foreign skip token', () => {
    expect(() => page([1], req('$skipToken=nope'), 1)).toThrow(/skip token/);
  });
});
