// The estate seed (POST /_local/seed with `subscriptions`): 300 subscriptions × 20 templates, the
// leftovers it plants, who sees what (Ava all, Rey every third subscription), and that both the
// per-subscription list and Resource Graph serve it. Resets the world afterwards.
import { ImageBuilderClient } from '@azure/arm-imagebuilder';
import { ResourceGraphClient, type QueryRequest } from '@azure/arm-resourcegraph';
import { SubscriptionClient } from '@azure/arm-resources-subscriptions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, control, userToken, type DemoUserKey } from '../testing/harness.ts';
import { estateSubscriptionId } from '../src/world/estate-seed.ts';

const info = inject('localAzure');
let summary: Record<string, unknown> = {};
let seedMs = 0;

async function graph(who: DemoUserKey, req: QueryRequest): Promise<Record<string, unknown>[]> {
  const c = new ResourceGraphClient(staticCredential(await userToken(info, who)), {
    endpoint: info.arm,
    credentials: { scopes: ['https://management.azure.com/.default'] },
  });
  return (await c.resources({ ...req, options: { top: 1000 } })).data as Record<string, unknown>[];
}

beforeAll(async () => {
  const started = performance.now();
  const r = await control(info, 'POST', 'seed', { subscriptions: 300, templates: 6000 });
  seedMs = performance.now() - started;
  expect(r.status).toBe(200);
  summary = r.json as Record<string, unknown>;
}, 120_000);

afterAll(async () => {
  await control(info, 'POST', 'reset');
});

describe('estate seed', () => {
  it('adds 300 subscriptions, 6,000 templates and a share of leftovers, quickly', () => {
    expect(summary).toMatchObject({
      subscriptions: 300,
      templates: 6000,
      orphanedStagingGroups: 12,
      stuckCancels: 2,
      staleStagingGroups: 6,
      readerSubscriptions: 100,
    });
    // What a complete list shows each demo user: the estate's templates plus the seed world's they read.
    const visible = summary.templatesVisibleTo as Record<string, number>;
    expect(visible['ava@contoso.com']).toBeGreaterThanOrEqual(6000);
    expect(visible['rey@contoso.com']).toBeGreaterThanOrEqual(2000);
    expect(visible['rey@contoso.com']).toBeLessThan(visible['ava@contoso.com'] ?? 0);
    console.info(
      `estate seed 300 × 6,000: ${String(summary.ms)} ms of world writes, ${Math.round(seedMs)} ms round trip`,
    );
  });

  it('refuses more than 500 subscriptions or 20,000 templates', async () => {
    expect((await control(info, 'POST', 'seed', { subscriptions: 501, templates: 1 })).status).toBe(400);
    expect((await control(info, 'POST', 'seed', { subscriptions: 1, templates: 20_001 })).status).toBe(400);
  });

  it('Subscriptions_List pages at 50, as Azure does', async () => {
    const token = (await userToken(info, 'ava')).accessToken;
    const first = await arm(info, token, 'GET', '/subscriptions?api-version=2022-12-01');
    const body = first.json as { value: unknown[]; nextLink?: string };
    expect(body.value).toHaveLength(50);
    expect(body.nextLink).toBeTruthy();
  });

  it('Ava sees every subscription, Rey every third', async () => {
    const names = async (who: DemoUserKey): Promise<string[]> => {
      const c = new SubscriptionClient(staticCredential(await userToken(info, who)), clientOptions(info));
      const out: string[] = [];
      for await (const s of c.subscriptions.list()) out.push(s.displayName ?? '');
      return out;
    };
    expect((await names('ava')).filter((n) => n.startsWith('Estate '))).toHaveLength(300);
    const rey = (await names('rey')).filter((n) => n.startsWith('Estate '));
    expect(rey).toHaveLength(100);
    expect(rey).toContain('Estate 000');
    expect(rey).not.toContain('Estate 001');
  });

  it('Resource Graph counts the estate per user, and finds the planted leftovers', async () => {
    const count =
      "Resources | where type =~ 'microsoft.virtualmachineimages/imagetemplates' | where name startswith 'tpl-' | summarize count()";
    expect(await graph('ava', { query: count })).toEqual([{ count_: 6000 }]);
    expect(await graph('rey', { query: count })).toEqual([{ count_: 2000 }]);
    const orphans = await graph('ava', {
      query: `ResourceContainers | where type =~ 'microsoft.resources/subscriptions/resourcegroups' | where name startswith 'IT_'
        | extend groupKey = tolower(id)
        | join kind=leftanti (Resources | where type =~ 'microsoft.virtualmachineimages/imagetemplates' | project groupKey = tolower(tostring(properties.exactStagingResourceGroup))) on groupKey
        | project id, name, tags`,
    });
    expect(orphans).toHaveLength(12);
    expect(orphans[0]?.tags).toMatchObject({
      createdBy: 'AzureVMImageBuilder',
      imageTemplateName: 'tpl-retired-000',
    });
    const canceling = await graph('ava', {
      query:
        "Resources | where type =~ 'microsoft.virtualmachineimages/imagetemplates' | where properties.lastRunStatus.runState =~ 'Canceling' | project id",
    });
    expect(canceling).toHaveLength(2);
    const vms = await graph('ava', {
      query:
        "Resources | where resourceGroup startswith 'it_' and resourceGroup contains 'tpl-' | summarize count() by type",
    });
    expect(vms).toEqual(
      expect.arrayContaining([
        { type: 'microsoft.compute/virtualmachines', count_: 6 },
        { type: 'microsoft.storage/storageaccounts', count_: 12 },
      ]),
    );
  });

  it('the per-subscription list serves an estate subscription, through the SDK', async () => {
    // What Kiln's fallback reads: the SDK refuses a template without its (required) identity.
    const c = new ImageBuilderClient(
      staticCredential(await userToken(info, 'ava')),
      estateSubscriptionId(7),
      clientOptions(info),
    );
    const templates = [];
    for await (const t of c.virtualMachineImageTemplates.list()) templates.push(t);
    expect(templates).toHaveLength(20);
    expect(templates[0]?.identity.type).toBe('UserAssigned');
  });
});
