// Microsoft.ResourceGraph through @azure/arm-resourcegraph: paging ($top/$skip/$skipToken), scoping
// (subscriptions, the tenant root management group), RBAC filtering per demo user, the user quota
// (headers and 429) and Resource Graph's error envelope for queries local Azure cannot run.
import { ResourceGraphClient, type QueryRequest, type QueryResponse } from '@azure/arm-resourcegraph';
import { RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, TENANT_ID } from '../src/world/identities.ts';
import { staticCredential, type TokenSet } from '../testing/tokens.ts';
import { appToken, arm, userToken, type DemoUserKey } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const PROD = SUBSCRIPTIONS.prod.subscriptionId;
const TEMPLATES = "Resources | where type =~ 'Microsoft.VirtualMachineImages/imageTemplates'";

function client(t: TokenSet): ResourceGraphClient {
  return new ResourceGraphClient(staticCredential(t), {
    endpoint: info.arm,
    credentials: { scopes: ['https://management.azure.com/.default'] },
    retryOptions: { maxRetries: 0 },
  });
}

/** A query as a well-behaved client sends it: after a 429 it waits until the quota window resets. */
async function query(who: DemoUserKey, req: QueryRequest): Promise<QueryResponse> {
  const c = client(await userToken(info, who));
  for (;;) {
    try {
      return await c.resources(req);
    } catch (e) {
      if (!(e instanceof RestError) || e.statusCode !== 429) throw e;
      const after = e.response?.headers.get('x-ms-user-quota-resets-after') ?? '00:00:01';
      const [h = 0, m = 0, s = 1] = after.split(':').map(Number);
      await new Promise((ok) => setTimeout(ok, ((h * 60 + m) * 60 + s) * 1000));
    }
  }
}

type Row = Record<string, unknown>;
const rows = (r: QueryResponse): Row[] => r.data as Row[];

describe('Resource Graph paging', () => {
  it('pages with $top and $skipToken until every row is read, and with $skip', async () => {
    const first = await query('ava', { query: `${TEMPLATES} | project id, name`, options: { top: 4 } });
    expect(first.count).toBe(4);
    expect(first.resultTruncated).toBe('false');
    expect(first.skipToken).toBeTruthy();
    const ids = rows(first).map((r) => r.id);
    let token = first.skipToken;
    while (token) {
      const next = await query('ava', {
        query: `${TEMPLATES} | project id, name`,
        options: { top: 4, skipToken: token },
      });
      ids.push(...rows(next).map((r) => r.id));
      token = next.skipToken;
    }
    expect(ids).toHaveLength(first.totalRecords);
    expect(new Set(ids).size).toBe(ids.length);
    const skipped = await query('ava', { query: `${TEMPLATES} | project id`, options: { top: 2, skip: 3 } });
    expect(rows(skipped).map((r) => r.id)).toEqual(ids.slice(3, 5));
  });

  it('cuts a result without ids (resultTruncated) instead of paging it', async () => {
    const r = await query('ava', { query: `${TEMPLATES} | project name`, options: { top: 2 } });
    expect([r.count, r.resultTruncated, r.skipToken]).toEqual([2, 'true', undefined]);
    expect(r.totalRecords).toBeGreaterThan(2);
  });

  it('answers rows in Resource Graph shape: lower-case type, resourceGroup, properties paths', async () => {
    const r = await query('ava', {
      query: `${TEMPLATES} | extend state = tostring(properties.lastRunStatus.runState) | project id, type, resourceGroup, subscriptionId, state | order by id asc`,
      options: { top: 1 },
    });
    const row = rows(r)[0] ?? {};
    expect(row.type).toBe('microsoft.virtualmachineimages/imagetemplates');
    expect(row.resourceGroup).toBe(String(row.resourceGroup).toLowerCase());
    expect(String(row.id)).toContain(`/subscriptions/${row.subscriptionId}/`);
    expect(typeof row.state).toBe('string');
  });
});

describe('Resource Graph scoping', () => {
  it('subscriptions, the tenant root management group, and the tenant by default', async () => {
    const count = async (req: Omit<QueryRequest, 'query'>): Promise<Row[]> =>
      rows(await query('ava', { ...req, query: `${TEMPLATES} | summarize count() by subscriptionId` }));
    const dev = await count({ subscriptions: [DEV] });
    expect(dev.map((r) => r.subscriptionId)).toEqual([DEV]);
    const all = await count({});
    expect(all.map((r) => r.subscriptionId).sort()).toEqual([DEV, PROD].sort());
    expect(await count({ managementGroups: [TENANT_ID] })).toEqual(all);
    await expect(count({ managementGroups: ['mg-nope'] })).rejects.toMatchObject({ statusCode: 403 });
  });

  it('ResourceContainers holds subscriptions and resource groups', async () => {
    const r = await query('ava', {
      query: 'ResourceContainers | summarize count() by type',
      subscriptions: [DEV],
    });
    const types = rows(r).map((x) => x.type);
    expect(types).toEqual([
      'microsoft.resources/subscriptions',
      'microsoft.resources/subscriptions/resourcegroups',
    ]);
  });
});

describe('Resource Graph RBAC filtering', () => {
  const subsSeen = async (who: DemoUserKey): Promise<string[]> => {
    const r = await query(who, { query: 'Resources | summarize count() by subscriptionId' });
    return rows(r)
      .map((x) => String(x.subscriptionId))
      .sort();
  };

  it('each user sees only the rows they may read', async () => {
    expect(await subsSeen('ava')).toEqual([DEV, PROD].sort());
    expect(await subsSeen('rey')).toEqual([PROD]);
    expect(await subsSeen('nia')).toEqual([]);
    const cole = await query('cole', {
      query: 'Resources | project id, resourceGroup',
      options: { top: 1000 },
    });
    expect(cole.totalRecords).toBeGreaterThan(0);
    expect(new Set(rows(cole).map((x) => x.resourceGroup))).toEqual(new Set(['rg-images-team']));
    const coleGroups = await query('cole', { query: 'ResourceContainers | project id, type' });
    expect(rows(coleGroups).map((x) => x.type)).toEqual(['microsoft.resources/subscriptions/resourcegroups']);
  });
});

describe('Resource Graph quota', () => {
  it('counts down x-ms-user-quota-remaining and answers 429 RateLimiting when it is spent', async () => {
    const c = client(await appToken(info));
    const seen: { status: number; remaining: string | undefined; resets: string | undefined }[] = [];
    const onResponse = (r: PipelineResponse): void => {
      seen.push({
        status: r.status,
        remaining: r.headers.get('x-ms-user-quota-remaining'),
        resets: r.headers.get('x-ms-user-quota-resets-after'),
      });
    };
    const results = await Promise.allSettled(
      Array.from({ length: 16 }, () => c.resources({ query: 'Resources | take 1' }, { onResponse })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(15);
    const rejected = results.find((r) => r.status === 'rejected');
    expect(rejected?.reason).toMatchObject({ statusCode: 429, code: 'RateLimiting' });
    expect(seen.map((s) => s.remaining).sort((a, b) => Number(a) - Number(b))).toEqual([
      '0',
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      '10',
      '11',
      '12',
      '13',
      '14',
    ]);
    expect(seen.every((s) => /^00:00:0[0-5]$/.test(s.resets ?? ''))).toBe(true);
  });
});

describe('Resource Graph errors', () => {
  it('refuses an operator it does not run with BadRequest / InvalidQuery', async () => {
    const t = await userToken(info, 'ava');
    const res = await arm(
      info,
      t.accessToken,
      'POST',
      '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01',
      {
        body: { query: 'Resources | mv-expand tags', subscriptions: [DEV] },
      },
    );
    expect(res.status).toBe(400);
    expect(res.headers.get('x-ms-user-quota-remaining')).toMatch(/^\d+$/);
    const body = res.json as { error: { code: string; message: string; details: Row[] } };
    expect(body.error.code).toBe('BadRequest');
    expect(body.error.message).toMatch(
      /^Please provide below info when asking for support: timestamp = .+, correlationId = .+\.$/,
    );
    expect(body.error.details[0]?.code).toBe('InvalidQuery');
    expect(body.error.details[1]).toMatchObject({
      code: 'UnsupportedQueryOperation',
      line: 1,
      characterPositionInLine: 12,
    });
  });

  it('refuses unsupported operators and functions through the SDK', async () => {
    for (const q of [
      'Resources | distinct name',
      'Resources | where strlen(name) > 2',
      'Resources | summarize dcount(name)',
    ]) {
      await expect(query('ava', { query: q })).rejects.toMatchObject({ statusCode: 400, code: 'BadRequest' });
    }
    await expect(query('ava', { query: 'Resources', options: { top: 5000 } })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('answers an unknown api-version with ARM’s error', async () => {
    const t = await userToken(info, 'ava');
    const res = await arm(
      info,
      t.accessToken,
      'POST',
      // 2020-09-01-preview is a Resource Graph folder, but for resource changes only: not the query.
      '/providers/Microsoft.ResourceGraph/resources?api-version=2020-09-01-preview',
      {
        body: { query: 'Resources' },
      },
    );
    expect(res.status).toBe(400);
  });
});
