// Microsoft.Insights action groups and activity log alerts, and their delivery: when an Activity Log
// event is recorded, every enabled alert whose scopes hold the event's resource and whose condition
// matches it notifies its action groups; their e-mail receivers get a mail in local Azure's mailbox
// (/_local/mailbox) instead of an inbox. Shapes follow the REST specs (actionGroups 2021-09-01+, answered
// for every published version; activityLogAlerts 2017-04-01 and 2020-10-01): docs in emulator/README.md,
// "Alerts and the mailbox".
import { randomUUID } from 'node:crypto';
import type { ArmResource, EventData, ProviderDeps, RouteContext, RouteDef } from '../core/types.ts';
import { badRequest } from '../core/errors.ts';
import { armId, isWithinScope } from '../core/ids.ts';
import {
  RG,
  SUB,
  bodyObject,
  collection,
  getOr404,
  objectOf,
  requireResourceGroup,
  stringOf,
  tagsOf,
} from '../shapes/provider-kit.ts';
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';

/** Every version the REST specs publish for action groups (actionGroups_API.json; published.md). */
export const ACTION_GROUP_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Insights/actionGroups'];
/** Every version they publish for activity log alerts (activityLogAlerts_API.json, a separate file). */
export const ACTIVITY_LOG_ALERT_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Insights/activityLogAlerts'];

const AG_TYPE = 'Microsoft.Insights/actionGroups';
const ALERT_TYPE = 'Microsoft.Insights/activityLogAlerts';

interface EmailReceiver {
  name: string;
  emailAddress: string;
  useCommonAlertSchema: boolean;
  status: 'Enabled';
}

function emailReceiversOf(v: unknown): EmailReceiver[] {
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw badRequest('InvalidRequestContent', "'emailReceivers' must be an array.");
  return v.map((r, i) => {
    const o = objectOf(r);
    const name = stringOf(o?.name);
    const emailAddress = stringOf(o?.emailAddress);
    if (!name || !emailAddress || !/^[^@\s]+@[^@\s]+$/.test(emailAddress))
      throw badRequest(
        'InvalidRequestContent',
        `emailReceivers[${i}] needs a name and a valid emailAddress.`,
      );
    return { name, emailAddress, useCommonAlertSchema: o?.useCommonAlertSchema === true, status: 'Enabled' };
  });
}

function actionGroupFrom(ctx: RouteContext, id: string, name: string): ArmResource {
  const body = bodyObject(ctx);
  const p = objectOf(body.properties);
  if (!p) throw badRequest('InvalidRequestContent', "The request body must have 'properties'.");
  const groupShortName = stringOf(p.groupShortName);
  if (!groupShortName || groupShortName.length > 12)
    throw badRequest('InvalidRequestContent', "'groupShortName' is required and at most 12 characters long.");
  const tags = tagsOf(body.tags);
  return {
    id,
    name,
    type: AG_TYPE,
    location: stringOf(body.location) ?? 'Global',
    ...(tags ? { tags } : {}),
    properties: {
      groupShortName,
      enabled: p.enabled !== false,
      emailReceivers: emailReceiversOf(p.emailReceivers),
      smsReceivers: [],
      webhookReceivers: [],
      itsmReceivers: [],
      azureAppPushReceivers: [],
      automationRunbookReceivers: [],
      voiceReceivers: [],
      logicAppReceivers: [],
      azureFunctionReceivers: [],
      armRoleReceivers: [],
      eventHubReceivers: [],
    },
  };
}

interface Leaf {
  field: string;
  equals?: string;
  containsAny?: string[];
}
interface Clause extends Leaf {
  anyOf?: Leaf[];
}

function leafOf(v: unknown, where: string): Leaf {
  const o = objectOf(v);
  const field = stringOf(o?.field);
  const equals = stringOf(o?.equals);
  const containsAny = Array.isArray(o?.containsAny)
    ? o.containsAny.filter((x) => typeof x === 'string')
    : undefined;
  if (!field || (equals === undefined && !containsAny))
    throw badRequest('InvalidRequestContent', `${where} needs 'field' and 'equals' (or 'containsAny').`);
  return { field, ...(equals !== undefined ? { equals } : {}), ...(containsAny ? { containsAny } : {}) };
}

function conditionOf(v: unknown): Clause[] {
  const allOf = objectOf(v)?.allOf;
  if (!Array.isArray(allOf) || allOf.length === 0)
    throw badRequest('InvalidRequestContent', "'condition.allOf' must list at least one condition.");
  return allOf.map((c, i) => {
    const o = objectOf(c);
    if (Array.isArray(o?.anyOf))
      return { field: '', anyOf: o.anyOf.map((a, j) => leafOf(a, `allOf[${i}].anyOf[${j}]`)) };
    return leafOf(c, `allOf[${i}]`);
  });
}

function alertFrom(ctx: RouteContext, id: string, name: string): ArmResource {
  const body = bodyObject(ctx);
  const p = objectOf(body.properties);
  if (!p) throw badRequest('InvalidRequestContent', "The request body must have 'properties'.");
  const scopes = Array.isArray(p.scopes) ? p.scopes.filter((s): s is string => typeof s === 'string') : [];
  if (scopes.length === 0)
    throw badRequest('InvalidRequestContent', "'scopes' must list at least one scope.");
  const condition = conditionOf(p.condition);
  const groups = objectOf(p.actions)?.actionGroups;
  const actionGroups = (Array.isArray(groups) ? groups : []).map((g, i) => {
    const agId = stringOf(objectOf(g)?.actionGroupId);
    if (!agId)
      throw badRequest('InvalidRequestContent', `actions.actionGroups[${i}] needs an actionGroupId.`);
    return { actionGroupId: agId, webhookProperties: objectOf(objectOf(g)?.webhookProperties) ?? {} };
  });
  const tags = tagsOf(body.tags);
  const description = stringOf(p.description);
  return {
    id,
    name,
    type: ALERT_TYPE,
    location: stringOf(body.location) ?? 'Global',
    ...(tags ? { tags } : {}),
    properties: {
      scopes,
      condition: { allOf: condition },
      actions: { actionGroups },
      enabled: p.enabled !== false,
      ...(description ? { description } : {}),
    },
  };
}

/** An EventData field by the name activity log alert conditions use. */
function fieldOf(e: EventData, field: string): string | undefined {
  switch (field.toLowerCase()) {
    case 'category':
      return e.category.value;
    case 'operationname':
      return e.operationName.value;
    case 'status':
      return e.status.value;
    case 'substatus':
      return e.subStatus.value;
    case 'resourceid':
      return e.resourceId;
    case 'resourcegroup':
      return e.resourceGroupName;
    case 'resourcetype':
      return e.resourceType.value;
    case 'resourceprovider':
      return e.resourceProviderName.value;
    case 'caller':
      return e.caller;
    case 'level':
      return e.level;
    default: {
      const m = /^properties\.(.+)$/i.exec(field);
      return m?.[1] ? e.properties[m[1]] : undefined;
    }
  }
}

function leafMatches(e: EventData, l: Leaf): boolean {
  const v = fieldOf(e, l.field)?.toLowerCase();
  if (v === undefined) return false;
  if (l.equals !== undefined) return v === l.equals.toLowerCase();
  return (l.containsAny ?? []).some((x) => v.includes(x.toLowerCase()));
}

export function alertMatches(alert: ArmResource, e: EventData): boolean {
  const p = objectOf(alert.properties);
  if (!p || p.enabled === false) return false;
  const scopes = Array.isArray(p.scopes) ? p.scopes.filter((s): s is string => typeof s === 'string') : [];
  if (!scopes.some((s) => isWithinScope(e.resourceId, s))) return false;
  const allOf = (objectOf(p.condition)?.allOf ?? []) as Clause[];
  return allOf.every((c) => (c.anyOf ? c.anyOf.some((l) => leafMatches(e, l)) : leafMatches(e, c)));
}

function mailFor(alert: ArmResource, e: EventData): { subject: string; body: string } {
  const resource = e.resourceId.split('/').pop() ?? e.resourceId;
  const subject = `Azure Monitor alert '${alert.name}' fired: ${e.operationName.value} ${e.status.value} on ${resource}`;
  const body = [
    `Activity log alert ${alert.name} was activated.`,
    '',
    `Operation:   ${e.operationName.value}`,
    `Status:      ${e.status.value}${e.subStatus.value ? ` (${e.subStatus.value})` : ''}`,
    `Resource:    ${e.resourceId}`,
    `Caller:      ${e.caller}`,
    `Time:        ${e.eventTimestamp}`,
    `Correlation: ${e.correlationId}`,
  ].join('\n');
  return { subject, body };
}

/** Evaluates every alert against a newly recorded event and delivers the mails. */
export function deliverAlerts(deps: ProviderDeps, e: EventData): void {
  const sub = `/subscriptions/${e.subscriptionId}`;
  for (const alert of deps.world.list(sub, ALERT_TYPE)) {
    if (!alertMatches(alert, e)) continue;
    const { subject, body } = mailFor(alert, e);
    const groups = (objectOf(objectOf(alert.properties)?.actions)?.actionGroups ?? []) as {
      actionGroupId: string;
    }[];
    for (const g of groups) {
      const ag = deps.world.get(g.actionGroupId);
      const ap = objectOf(ag?.properties);
      if (!ag || ap?.enabled === false) continue;
      for (const r of (ap?.emailReceivers ?? []) as EmailReceiver[]) {
        deps.mailbox.deliver({
          id: randomUUID(),
          to: r.emailAddress,
          subject,
          body,
          sentAt: new Date().toISOString(),
          alertRuleId: alert.id,
          actionGroupId: ag.id,
          eventDataId: e.eventDataId,
          correlationId: e.correlationId,
        });
      }
    }
  }
}

interface CrudSpec {
  /** The spec's operation group, e.g. `ActionGroups` (operationIds `ActionGroups_Get`, …). */
  operations: string;
  type: string;
  segment: string;
  param: string;
  apiVersions: readonly string[];
  build: (ctx: RouteContext, id: string, name: string) => ArmResource;
}

/** PUT, GET and DELETE of one resource. */
function itemRoutes(deps: ProviderDeps, spec: CrudSpec): RouteDef[] {
  const item = `${RG}/providers/Microsoft.Insights/${spec.segment}/{${spec.param}}`;
  const idOf = (ctx: RouteContext) =>
    armId(
      ctx.params.subscriptionId ?? '',
      ctx.params.resourceGroupName ?? '',
      `${spec.type}/${ctx.params[spec.param] ?? ''}`,
    );
  const read = `${spec.type}/read`;
  return [
    {
      method: 'PUT',
      operationId: `${spec.operations}_CreateOrUpdate`,
      path: item,
      apiVersions: spec.apiVersions,
      action: `${spec.type}/write`,
      handle: (ctx) => {
        requireResourceGroup(deps.world, ctx.params);
        const id = idOf(ctx);
        const existed = Boolean(deps.world.get(id));
        const r = deps.world.put(spec.build(ctx, id, ctx.params[spec.param] ?? ''));
        return { status: existed ? 200 : 201, body: r };
      },
    },
    {
      method: 'GET',
      operationId: `${spec.operations}_Get`,
      path: item,
      apiVersions: spec.apiVersions,
      action: read,
      handle: (ctx) => ({
        status: 200,
        body: getOr404(
          deps.world,
          idOf(ctx),
          spec.type,
          ctx.params[spec.param] ?? '',
          ctx.params.resourceGroupName ?? '',
        ),
      }),
    },
    {
      method: 'DELETE',
      operationId: `${spec.operations}_Delete`,
      path: item,
      apiVersions: spec.apiVersions,
      action: `${spec.type}/delete`,
      handle: (ctx) => ({ status: deps.world.delete(idOf(ctx)) ? 200 : 204, body: undefined }),
    },
  ];
}

/** The lists: per resource group and per subscription. */
function listRoutes(deps: ProviderDeps, spec: CrudSpec): RouteDef[] {
  const read = `${spec.type}/read`;
  return [
    {
      method: 'GET',
      operationId: `${spec.operations}_ListByResourceGroup`,
      path: `${RG}/providers/Microsoft.Insights/${spec.segment}`,
      apiVersions: spec.apiVersions,
      action: null,
      handle: (ctx) => {
        requireResourceGroup(deps.world, ctx.params);
        const rg = `/subscriptions/${ctx.params.subscriptionId ?? ''}/resourceGroups/${ctx.params.resourceGroupName ?? ''}`;
        return collection(ctx, deps, deps.world.list(rg, spec.type), read);
      },
    },
    {
      method: 'GET',
      operationId: `${spec.operations}_ListBySubscriptionId`,
      path: `${SUB}/providers/Microsoft.Insights/${spec.segment}`,
      apiVersions: spec.apiVersions,
      action: null,
      handle: (ctx) =>
        collection(
          ctx,
          deps,
          deps.world.list(`/subscriptions/${ctx.params.subscriptionId ?? ''}`, spec.type),
          read,
        ),
    },
  ];
}

function crudRoutes(deps: ProviderDeps, spec: CrudSpec): RouteDef[] {
  return [...itemRoutes(deps, spec), ...listRoutes(deps, spec)];
}

export function routes(deps: ProviderDeps): RouteDef[] {
  deps.activity.onRecord?.((e) => deliverAlerts(deps, e));
  return [
    ...crudRoutes(deps, {
      type: AG_TYPE,
      operations: 'ActionGroups',
      segment: 'actionGroups',
      param: 'actionGroupName',
      apiVersions: ACTION_GROUP_API_VERSIONS,
      build: actionGroupFrom,
    }),
    ...crudRoutes(deps, {
      type: ALERT_TYPE,
      operations: 'ActivityLogAlerts',
      segment: 'activityLogAlerts',
      param: 'activityLogAlertName',
      apiVersions: ACTIVITY_LOG_ALERT_API_VERSIONS,
      build: alertFrom,
    }),
  ];
}
