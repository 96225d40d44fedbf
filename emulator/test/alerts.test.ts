// Azure Monitor action groups and activity log alerts through @azure/arm-monitor, and their delivery
// to local Azure's mailbox (/_local/mailbox) when a matching Activity Log event is written.
import { MonitorClient } from '@azure/arm-monitor';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, USERS } from '../src/world/identities.ts';
import { SEED, templateIdOf } from '../src/world/seed.ts';
import { staticCredential } from '../testing/tokens.ts';
import { clientOptions, control, userToken } from '../testing/harness.ts';
import { armSession, type ArmSession } from '../testing/session.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const RG = SEED.imagesRg;
const TEMPLATE = templateIdOf(DEV, RG, 'ubuntu2204-base');
const OTHER = templateIdOf(DEV, RG, 'ubuntu-script-fails');
const AG_ID = `/subscriptions/${DEV}/resourceGroups/${RG}/providers/Microsoft.Insights/actionGroups/kiln-notify`;
const RUN = 'Microsoft.VirtualMachineImages/imageTemplates/run/action';

let monitor: MonitorClient;
let readerMonitor: MonitorClient;
let ava: ArmSession;

interface MailList {
  messages: { to: string; subject: string; correlationId: string; alertRuleId: string }[];
}
const mailbox = async (): Promise<MailList> => (await control(info, 'GET', 'mailbox')).json as MailList;

beforeAll(async () => {
  await control(info, 'POST', 'reset');
  const a = await userToken(info, 'ava');
  const r = await userToken(info, 'rey');
  monitor = new MonitorClient(staticCredential(a), DEV, clientOptions(info));
  readerMonitor = new MonitorClient(staticCredential(r), DEV, clientOptions(info));
  ava = armSession(info, () => a.accessToken);
});

afterAll(async () => {
  await control(info, 'POST', 'reset');
});

describe('action groups and activity log alerts', () => {
  it('creates, reads and lists an action group with e-mail receivers', async () => {
    const ag = await monitor.actionGroups.createOrUpdate(RG, 'kiln-notify', {
      location: 'Global',
      groupShortName: 'kiln',
      enabled: true,
      emailReceivers: [{ name: 'ava', emailAddress: USERS.owner.username, useCommonAlertSchema: true }],
    });
    expect(ag).toMatchObject({ name: 'kiln-notify', groupShortName: 'kiln', enabled: true });
    expect(ag.emailReceivers?.[0]).toMatchObject({ emailAddress: USERS.owner.username, status: 'Enabled' });
    const listed = [];
    for await (const x of monitor.actionGroups.listByResourceGroup(RG)) listed.push(x.name);
    expect(listed).toContain('kiln-notify');
  });

  it('refuses a reader and a malformed rule with ARM errors', async () => {
    await expect(
      readerMonitor.actionGroups.createOrUpdate(RG, 'nope', {
        location: 'Global',
        groupShortName: 'x',
        enabled: true,
      }),
    ).rejects.toMatchObject({ statusCode: 403, code: 'AuthorizationFailed' });
    await expect(
      monitor.activityLogAlerts.createOrUpdate(RG, 'bad', {
        location: 'Global',
        scopes: [TEMPLATE],
        condition: { allOf: [] },
        actions: { actionGroups: [] },
      }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('mails the action group’s receivers when a matching run event is written, and only then', async () => {
    await monitor.activityLogAlerts.createOrUpdate(RG, 'kiln-build-events', {
      location: 'Global',
      scopes: [TEMPLATE],
      enabled: true,
      condition: {
        allOf: [
          { field: 'category', equals: 'Administrative' },
          { field: 'operationName', equals: RUN },
        ],
      },
      actions: { actionGroups: [{ actionGroupId: AG_ID }] },
      description: 'Kiln: tell me when builds of ubuntu2204-base start and end',
    });
    await control(info, 'DELETE', 'mailbox');

    // Another template's run matches the operation but not the scope: no mail.
    expect((await ava.arm('POST', `${OTHER}/run`)).status).toBe(202);
    expect((await mailbox()).messages).toHaveLength(0);
    expect((await ava.arm('POST', `${OTHER}/cancel`)).status).toBeLessThan(300);

    const run = await ava.arm('POST', `${TEMPLATE}/run`);
    expect(run.status).toBe(202);
    const { messages } = await mailbox();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      to: USERS.owner.username,
      alertRuleId: expect.stringMatching(/activityLogAlerts\/kiln-build-events$/i),
    });
    expect(messages[0]?.subject).toContain('ubuntu2204-base');
    expect(messages[0]?.subject).toContain('Started');
    expect((await ava.arm('POST', `${TEMPLATE}/cancel`)).status).toBeLessThan(300);
  });

  it('stops mailing once the alert is disabled or deleted', async () => {
    const alert = await monitor.activityLogAlerts.get(RG, 'kiln-build-events');
    await monitor.activityLogAlerts.createOrUpdate(RG, 'kiln-build-events', { ...alert, enabled: false });
    await control(info, 'DELETE', 'mailbox');
    await control(info, 'POST', 'time', { speed: 2000 });
    // wait for the cancel above to settle before starting again
    for (let i = 0; i < 50; i++) {
      const t = await ava.arm('GET', TEMPLATE);
      const state = (t.body.properties as { lastRunStatus?: { runState?: string } } | undefined)
        ?.lastRunStatus?.runState;
      if (state !== 'Running' && state !== 'Canceling') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect((await ava.arm('POST', `${TEMPLATE}/run`)).status).toBe(202);
    expect((await mailbox()).messages).toHaveLength(0);
    await monitor.activityLogAlerts.delete(RG, 'kiln-build-events');
    await expect(monitor.activityLogAlerts.get(RG, 'kiln-build-events')).rejects.toMatchObject({
      statusCode: 404,
    });
  });
});

describe('Retail Prices API', () => {
  it('answers anonymously in the API’s shape, filtered by region, service and SKU', async () => {
    const filter =
      "armRegionName eq 'eastus' and serviceName eq 'Virtual Machines' and armSkuName eq 'Standard_D2ds_v4'";
    const res = await fetch(`${info.arm}/api/retail/prices?$filter=${encodeURIComponent(filter)}`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      BillingCurrency: string;
      Count: number;
      Items: Record<string, unknown>[];
    };
    expect(body).toMatchObject({ BillingCurrency: 'USD', CustomerEntityType: 'Retail', NextPageLink: null });
    expect(body.Count).toBe(2); // Linux and Windows
    expect(body.Items.map((i) => i.productName).sort()).toEqual([
      'Virtual Machines Ddsv4 Series',
      'Virtual Machines Ddsv4 Series Windows',
    ]);
    expect(body.Items[0]).toMatchObject({
      type: 'Consumption',
      unitOfMeasure: '1 Hour',
      armRegionName: 'eastus',
    });
  });

  it('refuses a filter it cannot run with the API’s error shape', async () => {
    const res = await fetch(
      `${info.arm}/api/retail/prices?$filter=${encodeURIComponent('retailPrice gt 1')}`,
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ Error: { Code: 'BadRequest' } });
  });
});
