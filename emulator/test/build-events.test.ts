// Conformance: a build's run and cancel in the Activity Log as ARM records long-running operations — a
// Started event when the request is accepted, then one final event (Succeeded, or Failed with the error;
// a canceled run ends Failed with sub-status Canceled) under the same correlation id — and an activity
// log alert at api-version 2020-10-01 whose `anyOf` condition fires on a build's end only, as Kiln's
// "Notify me when builds end" creates it (raw JSON: this is the shape the thin call sends).
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, USERS } from '../src/world/identities.ts';
import { SEED } from '../src/world/seed.ts';
import { userToken } from '../testing/harness.ts';
import { armSession, lastRunOf, templatePath, until, type Rec } from '../testing/session.ts';

const info = inject('localAzure');
const DEV: string = SUBSCRIPTIONS.dev.subscriptionId;
const RG = SEED.imagesRg;
const RUN = 'Microsoft.VirtualMachineImages/imageTemplates/run/action';
const CANCEL = 'Microsoft.VirtualMachineImages/imageTemplates/cancel/action';
const INSIGHTS = `/subscriptions/${DEV}/resourceGroups/${RG}/providers/Microsoft.Insights`;
let token = '';
const { arm, control } = armSession(info, () => token);

interface Ev {
  operationName: { value: string };
  status: { value: string };
  subStatus: { value: string };
  correlationId: string;
  resourceId: string;
  caller: string;
  properties?: Rec;
}

async function eventsOf(templateId: string, operation: string): Promise<Ev[]> {
  const from = new Date(Date.now() - 3_600_000).toISOString();
  const to = new Date(Date.now() + 60_000).toISOString();
  const filter = `eventTimestamp ge '${from}' and eventTimestamp le '${to}' and resourceUri eq '${templateId}'`;
  const r = await arm(
    'GET',
    `/subscriptions/${DEV}/providers/Microsoft.Insights/eventtypes/management/values?$filter=${encodeURIComponent(filter)}`,
    '2015-04-01',
  );
  return ((r.body.value ?? []) as Ev[]).filter((e) => e.operationName.value === operation);
}

const runState = async (id: string): Promise<string> =>
  String(lastRunOf((await arm('GET', id)).body).runState ?? '');

async function runToEnd(id: string): Promise<string> {
  expect((await arm('POST', `${id}/run`)).status).toBe(202);
  return until(
    () => runState(id),
    (s) => s !== 'Running' && s !== 'Canceling',
    40_000,
    'the run to end',
  );
}

/** The events of one operation grouped by correlation id, oldest first within each. */
function byCorrelation(events: Ev[]): Map<string, string[]> {
  const m = new Map<string, string[]>();
  for (const e of [...events].reverse())
    m.set(e.correlationId, [...(m.get(e.correlationId) ?? []), e.status.value]);
  return m;
}

beforeAll(async () => {
  token = (await userToken(info, 'ava')).accessToken;
  await control('POST', 'reset');
  await control('POST', 'time', { speed: 3000 });
});

afterAll(async () => {
  await control('DELETE', 'hold');
  await control('POST', 'reset');
});

describe('run and cancel in the Activity Log', () => {
  it('a successful run: Started, then Succeeded, one correlation id, the caller on both', async () => {
    const id = templatePath(DEV, RG, 'ubuntu2204-base');
    const before = new Set((await eventsOf(id, RUN)).map((e) => e.correlationId));
    expect(await runToEnd(id)).toBe('Succeeded');
    const fresh = (await eventsOf(id, RUN)).filter((e) => !before.has(e.correlationId));
    expect([...byCorrelation(fresh).values()]).toEqual([['Started', 'Succeeded']]);
    expect(fresh.every((e) => e.caller === USERS.owner.username)).toBe(true);
  });

  it('a failed run: Started, then Failed with the error, one correlation id', async () => {
    const id = templatePath(DEV, RG, 'ubuntu-script-fails');
    const before = new Set((await eventsOf(id, RUN)).map((e) => e.correlationId));
    expect(await runToEnd(id)).toBe('Failed');
    const fresh = (await eventsOf(id, RUN)).filter((e) => !before.has(e.correlationId));
    expect([...byCorrelation(fresh).values()]).toEqual([['Started', 'Failed']]);
    const failed = fresh.find((e) => e.status.value === 'Failed');
    expect(String(failed?.properties?.statusMessage ?? '')).not.toBe('');
  });

  it('a cancel: its own Started + Succeeded pair, and the run ends Failed with sub-status Canceled', async () => {
    const id = templatePath(DEV, RG, 'ubuntu2204-base');
    const runsBefore = new Set((await eventsOf(id, RUN)).map((e) => e.correlationId));
    const cancelsBefore = new Set((await eventsOf(id, CANCEL)).map((e) => e.correlationId));
    await control('POST', 'hold', { template: id, phase: 'Customizing' });
    expect((await arm('POST', `${id}/run`)).status).toBe(202);
    await until(
      () => arm('GET', id).then((r) => lastRunOf(r.body).runSubState),
      (s) => s === 'Customizing',
      40_000,
      'Customizing',
    );
    expect((await arm('POST', `${id}/cancel`)).status).toBeLessThan(300);
    await control('DELETE', 'hold');
    expect(
      await until(
        () => runState(id),
        (s) => s === 'Canceled',
        40_000,
        'Canceled',
      ),
    ).toBe('Canceled');

    const cancels = (await eventsOf(id, CANCEL)).filter((e) => !cancelsBefore.has(e.correlationId));
    expect([...byCorrelation(cancels).values()]).toEqual([['Started', 'Succeeded']]);
    const runs = (await eventsOf(id, RUN)).filter((e) => !runsBefore.has(e.correlationId));
    expect([...byCorrelation(runs).values()]).toEqual([['Started', 'Failed']]);
    expect(runs.find((e) => e.status.value === 'Failed')?.subStatus.value).toBe('Canceled');
    expect(cancels[0]?.correlationId).not.toBe(runs[0]?.correlationId);
  });
});

describe('an activity log alert on a build’s end (2020-10-01, anyOf)', () => {
  it('mails at the end of a run (Succeeded or Failed), never at its start', async () => {
    const id = templatePath(DEV, RG, 'ubuntu2204-base');
    const group = await arm('PUT', `${INSIGHTS}/actionGroups/kiln-builds-ava`, '2023-01-01', {
      location: 'Global',
      properties: {
        groupShortName: 'Kiln builds',
        enabled: true,
        emailReceivers: [{ name: 'me', emailAddress: USERS.owner.username, useCommonAlertSchema: true }],
      },
    });
    expect(group.status).toBe(201);
    const alert = await arm('PUT', `${INSIGHTS}/activityLogAlerts/kiln-builds-ava`, '2020-10-01', {
      location: 'Global',
      properties: {
        scopes: [id],
        enabled: true,
        condition: {
          allOf: [
            { field: 'category', equals: 'Administrative' },
            { field: 'operationName', equals: RUN },
            {
              anyOf: [
                { field: 'status', equals: 'Succeeded' },
                { field: 'status', equals: 'Failed' },
              ],
            },
          ],
        },
        actions: { actionGroups: [{ actionGroupId: String(group.body.id), webhookProperties: {} }] },
      },
    });
    expect(alert.status).toBe(201);
    expect(((alert.body.properties as Rec).condition as { allOf: unknown[] }).allOf).toHaveLength(3);
    const listed = await arm(
      'GET',
      `${INSIGHTS.replace('Microsoft.Insights', 'microsoft.insights')}/activityLogAlerts`,
      '2020-10-01',
    );
    expect((listed.body.value as { name: string }[]).map((a) => a.name)).toContain('kiln-builds-ava');

    await control('DELETE', 'mailbox');
    await control('POST', 'hold', { template: id, phase: 'Customizing' });
    expect((await arm('POST', `${id}/run`)).status).toBe(202);
    const mails = async () =>
      ((await control('GET', 'mailbox')).messages ?? []) as { subject: string; to: string }[];
    expect(await mails()).toEqual([]); // started, not ended
    await control('DELETE', 'hold');
    const got = await until(mails, (m) => m.length > 0, 40_000, 'the mail');
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ to: USERS.owner.username });
    expect(got[0]?.subject).toMatch(/Succeeded on ubuntu2204-base/);

    expect((await arm('DELETE', `${INSIGHTS}/activityLogAlerts/kiln-builds-ava`, '2020-10-01')).status).toBe(
      200,
    );
    expect((await arm('DELETE', `${INSIGHTS}/actionGroups/kiln-builds-ava`, '2023-01-01')).status).toBe(200);
    expect((await arm('DELETE', `${INSIGHTS}/actionGroups/kiln-builds-ava`, '2023-01-01')).status).toBe(204);
  });
});
