// The Activity Log (Microsoft.Insights eventtypes/management/values) through @azure/arm-monitor.
import { MonitorClient } from '@azure/arm-monitor';
import { ResourceManagementClient } from '@azure/arm-resources';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, USERS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
let monitor: MonitorClient;
let token = '';

async function all<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

function windowFilter(extra = ''): string {
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  return `eventTimestamp ge '${from}' and eventTimestamp le '${to}'${extra}`;
}

beforeAll(async () => {
  const t = await userToken(info, 'ava');
  token = t.accessToken;
  monitor = new MonitorClient(staticCredential(t), DEV, clientOptions(info));
});

describe('Activity Log', () => {
  it('records writes with caller, status and correlation id, newest first', async () => {
    const res = new ResourceManagementClient(staticCredential(token), DEV, clientOptions(info));
    await res.resourceGroups.createOrUpdate('rg-activity', { location: 'eastus' });
    const events = await all(
      monitor.activityLogs.list(windowFilter(" and resourceGroupName eq 'rg-activity'")),
    );
    const writes = events.filter(
      (e) => e.operationName?.value === 'Microsoft.Resources/subscriptions/resourceGroups/write',
    );
    expect(writes.map((e) => e.status?.value)).toEqual(['Succeeded', 'Started']);
    const [done, started] = writes;
    expect(done).toMatchObject({
      caller: USERS.owner.username,
      resourceId: `/subscriptions/${DEV}/resourceGroups/rg-activity`,
      resourceGroupName: 'rg-activity',
      subscriptionId: DEV,
      category: { value: 'Administrative' },
      eventName: { value: 'EndRequest' },
    });
    expect(done?.correlationId).toBe(started?.correlationId);
    expect(done?.eventTimestamp).toBeInstanceOf(Date);
    const byCorrelation = await all(
      monitor.activityLogs.list(windowFilter(` and correlationId eq '${done?.correlationId ?? ''}'`)),
    );
    expect(byCorrelation).toHaveLength(2);
  });

  it('records failed writes too', async () => {
    const r = await arm(
      info,
      token,
      'PUT',
      `/subscriptions/${DEV}/resourcegroups/rg-activity?api-version=2025-04-01`,
      { body: { location: 'westus' } },
    );
    expect(r.status).toBe(409);
    const events = await all(
      monitor.activityLogs.list(
        windowFilter(` and resourceUri eq '/subscriptions/${DEV}/resourceGroups/rg-activity'`),
      ),
    );
    expect(events.some((e) => e.status?.value === 'Failed' && e.level === 'Error')).toBe(true);
  });

  it('projects $select fields', async () => {
    const events = await all(
      monitor.activityLogs.list(windowFilter(), { select: 'eventTimestamp,operationName,caller' }),
    );
    expect(events.length).toBeGreaterThan(0);
    expect(Object.keys(events[0] ?? {}).sort()).toEqual(['caller', 'eventTimestamp', 'operationName']);
  });

  it('requires the time window in $filter', async () => {
    const none = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01`,
    );
    expect(none.status).toBe(400);
    expect((none.json as { error: { code: string; message: string } }).error.message).toMatch(
      /eventTimestamp ge/,
    );
    await expect(all(monitor.activityLogs.list("resourceGroupName eq 'rg-activity'"))).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('shows a Reader of Prod nothing of Dev, and Cole only his resource group', async () => {
    const rey = new MonitorClient(staticCredential(await userToken(info, 'rey')), DEV, clientOptions(info));
    expect(await all(rey.activityLogs.list(windowFilter()))).toEqual([]);
    const cole = new MonitorClient(staticCredential(await userToken(info, 'cole')), DEV, clientOptions(info));
    for (const e of await all(cole.activityLogs.list(windowFilter()))) {
      expect(e.resourceId?.toLowerCase()).toContain('/resourcegroups/rg-images-team');
    }
  });
});
