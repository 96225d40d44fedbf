import { describe, expect, it } from 'vitest';
import {
  actionGroupBody,
  actionGroupId,
  alertBody,
  alertId,
  buildNotificationsOf,
  createDisabledReason,
  notificationName,
  removeDisabledReason,
  type AlertResource,
  type NotificationTarget,
} from './notifications';

const RG_ID = '/subscriptions/s1/resourceGroups/rg-images';
const TEMPLATE = `${RG_ID}/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base`;
const target: NotificationTarget = {
  templateId: TEMPLATE,
  templateName: 'ubuntu2204-base',
  subscriptionId: 's1',
  resourceGroup: 'rg-images',
  email: 'ava@contoso.com',
};
const RUN = 'Microsoft.VirtualMachineImages/imageTemplates/run/action';

describe('notification names', () => {
  it('are stable per template and address (case and spaces aside) and differ between people', () => {
    const a = notificationName('ubuntu2204-base', 'ava@contoso.com');
    expect(a).toMatch(/^kiln-builds-ubuntu2204-base-[0-9a-f]{8}$/);
    expect(notificationName('ubuntu2204-base', ' AVA@contoso.com ')).toBe(a);
    expect(notificationName('ubuntu2204-base', 'cole@contoso.com')).not.toBe(a);
    expect(notificationName('win 2022/iis', 'ava@contoso.com')).toMatch(/^kiln-builds-win-2022-iis-/);
    expect(notificationName('x'.repeat(300), 'a@b').length).toBeLessThanOrEqual(260);
  });

  it('put the action group and the alert in the template’s resource group', () => {
    expect(actionGroupId(target)).toMatch(
      /^\/subscriptions\/s1\/resourceGroups\/rg-images\/providers\/Microsoft\.Insights\/actionGroups\/kiln-builds-/,
    );
    expect(alertId(target).split('/').pop()).toBe(actionGroupId(target).split('/').pop());
  });
});

describe('request bodies', () => {
  it('the action group e-mails the user, with a short name of at most 12 characters', () => {
    const b = actionGroupBody(target);
    expect(b.properties.groupShortName.length).toBeLessThanOrEqual(12);
    expect(b.properties.emailReceivers).toEqual([
      { name: 'signed-in-user', emailAddress: 'ava@contoso.com', useCommonAlertSchema: true },
    ]);
    expect(b.location).toBe('Global');
  });

  it('the alert watches the template’s run events that end (Succeeded or Failed), not their start', () => {
    const b = alertBody(target);
    expect(b.properties.scopes).toEqual([TEMPLATE]);
    expect(b.properties.condition.allOf).toEqual([
      { field: 'category', equals: 'Administrative' },
      { field: 'operationName', equals: RUN },
      {
        anyOf: [
          { field: 'status', equals: 'Succeeded' },
          { field: 'status', equals: 'Failed' },
        ],
      },
    ]);
    expect(b.properties.actions.actionGroups).toEqual([
      { actionGroupId: actionGroupId(target), webhookProperties: {} },
    ]);
    expect(b.tags['kiln-action-group']).toBe(actionGroupId(target));
  });
});

describe('buildNotificationsOf', () => {
  const kilns = (): AlertResource => {
    const b = alertBody(target);
    return { id: alertId(target), name: alertId(target).split('/').pop() ?? '', ...b };
  };
  const foreign = (over: Partial<NonNullable<AlertResource['properties']>>): AlertResource => ({
    id: `${RG_ID}/providers/microsoft.insights/activityLogAlerts/ops-team`,
    name: 'ops-team',
    properties: {
      scopes: [TEMPLATE.toLowerCase()],
      condition: { allOf: [{ field: 'operationName', equals: RUN }] },
      ...over,
    },
  });

  it('finds Kiln’s own (with whom it mails and its action group) and others that watch the runs', () => {
    const list = buildNotificationsOf([foreign({}), kilns()], TEMPLATE);
    expect(list.map((n) => n.name)).toEqual([kilns().name, 'ops-team']);
    expect(list[0]).toMatchObject({
      createdByKiln: true,
      email: 'ava@contoso.com',
      ownActionGroupId: actionGroupId(target),
      enabled: true,
      widerScope: false,
    });
    expect(list[1]).toMatchObject({ createdByKiln: false, widerScope: false });
    expect(list[1]?.email).toBeUndefined();
    expect(list[1]?.ownActionGroupId).toBeUndefined();
  });

  it('counts a resource-group scope and a wildcard operation, not other templates or operations', () => {
    const wider = foreign({ scopes: [RG_ID] });
    expect(buildNotificationsOf([wider], TEMPLATE)[0]).toMatchObject({ widerScope: true });
    const wildcard = foreign({
      condition: { allOf: [{ field: 'operationName', equals: 'Microsoft.VirtualMachineImages/*' }] },
    });
    expect(buildNotificationsOf([wildcard], TEMPLATE)).toHaveLength(1);
    const other = foreign({ scopes: [`${TEMPLATE}-2`] });
    const deletes = foreign({
      condition: {
        allOf: [{ field: 'operationName', equals: 'Microsoft.VirtualMachineImages/imageTemplates/delete' }],
      },
    });
    const noOperation = foreign({ condition: { allOf: [{ field: 'category', equals: 'Administrative' }] } });
    expect(buildNotificationsOf([other, deletes, noOperation], TEMPLATE)).toEqual([]);
  });

  it('does not claim an action group the alert no longer points at', () => {
    const a = kilns();
    const moved = {
      ...a,
      properties: { ...a.properties, actions: { actionGroups: [{ actionGroupId: '/x' }] } },
    };
    expect(buildNotificationsOf([moved], TEMPLATE)[0]?.ownActionGroupId).toBeUndefined();
  });
});

describe('who may create and remove', () => {
  const reader = [{ actions: ['*/read'] }];
  const monitoring = [
    { actions: ['*/read', 'Microsoft.Insights/actionGroups/*', 'Microsoft.Insights/activityLogAlerts/*'] },
  ];
  const owner = [{ actions: ['*'] }];

  it('a Reader is told the role to ask for; Monitoring Contributor and Owner may', () => {
    expect(createDisabledReason(reader, 'rg-images')).toMatch(
      /Microsoft\.Insights\/actionGroups\/write and Microsoft\.Insights\/activityLogAlerts\/write.*Monitoring Contributor role on rg-images/,
    );
    expect(createDisabledReason(monitoring, 'rg-images')).toBeUndefined();
    expect(createDisabledReason(owner, 'rg-images')).toBeUndefined();
    expect(createDisabledReason(undefined, 'rg-images')).toBe('Checking your permissions…');
    expect(
      createDisabledReason(
        [{ actions: ['*'], notActions: ['Microsoft.Insights/activityLogAlerts/write'] }],
        'rg',
      ),
    ).toMatch(/activityLogAlerts\/write\. /);
  });

  it('removing Kiln’s own needs both deletes, someone else’s alert only the alert’s', () => {
    const [mine] = buildNotificationsOf([{ id: alertId(target), name: 'n', ...alertBody(target) }], TEMPLATE);
    if (!mine) throw new Error('not found');
    const alertsOnly = [{ actions: ['Microsoft.Insights/activityLogAlerts/delete'] }];
    expect(removeDisabledReason(alertsOnly, mine, 'rg-images')).toMatch(/actionGroups\/delete/);
    expect(
      removeDisabledReason(alertsOnly, { ...mine, ownActionGroupId: undefined }, 'rg-images'),
    ).toBeUndefined();
    expect(removeDisabledReason(reader, mine, 'rg-images')).toMatch(/Monitoring Contributor/);
  });
});
