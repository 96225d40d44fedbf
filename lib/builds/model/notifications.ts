// "Notify me when builds end" (docs/azure/build-notifications.md): an Azure Monitor activity log alert
// scoped to one template, firing on the final event of its `run/action` (Succeeded or Failed), with an
// action group that e-mails one person. Both are ordinary Azure resources in the template's resource
// group, created with the user's own permissions; Kiln keeps nothing of its own. This module is the pure
// part: names, the two request bodies, which alerts of a resource group are build notifications of a
// template, and what a user needs to create or remove them.
import { actionMatches, permissionsAllow, type PermissionBlock } from '@/lib/azure/rbac-actions';
import { AIB_ACTIONS } from '@/lib/aib/actions';

export const NOTIFICATION_ACTIONS = {
  alertWrite: 'Microsoft.Insights/activityLogAlerts/write',
  alertDelete: 'Microsoft.Insights/activityLogAlerts/delete',
  groupWrite: 'Microsoft.Insights/actionGroups/write',
  groupDelete: 'Microsoft.Insights/actionGroups/delete',
} as const;

/** The built-in role that holds every action above (and nothing of the template itself). */
export const NOTIFICATION_ROLE = 'Monitoring Contributor';

/** Tags Kiln puts on what it creates, so the list can say who is mailed and remove both resources. */
export const TAGS = { createdBy: 'created-by', email: 'kiln-notify-email', actionGroup: 'kiln-action-group' };
export const CREATED_BY = 'kiln';

/** FNV-1a, 32 bits, hex: a short, stable stand-in for an e-mail address in a resource name. */
function shortHash(s: string): string {
  let h = 0x811c9dc5;
  for (const ch of s) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/**
 * The alert's (and its action group's) name: the template's name and a hash of the address, so one
 * person has at most one notification per template and asking twice updates it instead of adding one.
 * Names of both resource types allow letters, digits, `-`, `_`, `.`, `(`, `)`; at most 260 characters.
 */
export function notificationName(templateName: string, email: string): string {
  const base = templateName.replace(/[^A-Za-z0-9_.()-]/g, '-').slice(0, 200);
  return `kiln-builds-${base}-${shortHash(email.trim().toLowerCase())}`;
}

export interface NotificationTarget {
  templateId: string;
  templateName: string;
  subscriptionId: string;
  resourceGroup: string;
  email: string;
}

const insights = (t: NotificationTarget, type: string, name: string): string =>
  `/subscriptions/${t.subscriptionId}/resourceGroups/${t.resourceGroup}/providers/Microsoft.Insights/${type}/${name}`;

export function actionGroupId(t: NotificationTarget): string {
  return insights(t, 'actionGroups', notificationName(t.templateName, t.email));
}

export function alertId(t: NotificationTarget): string {
  return insights(t, 'activityLogAlerts', notificationName(t.templateName, t.email));
}

/** ActionGroups_CreateOrUpdate's body: one e-mail receiver, the common alert schema. */
export function actionGroupBody(t: NotificationTarget) {
  return {
    location: 'Global',
    tags: { [TAGS.createdBy]: CREATED_BY, [TAGS.email]: t.email },
    properties: {
      // At most 12 characters; it is the sender's name in the mail.
      groupShortName: 'Kiln builds',
      enabled: true,
      emailReceivers: [{ name: 'signed-in-user', emailAddress: t.email, useCommonAlertSchema: true }],
    },
  };
}

/**
 * ActivityLogAlerts_CreateOrUpdate's body (api-version 2020-10-01, whose condition takes `anyOf`): the
 * template's Administrative `run/action` events whose status is Succeeded or Failed — the end of a build
 * (a canceled build ends Failed with sub-status Canceled), not its start.
 */
export function alertBody(t: NotificationTarget) {
  return {
    location: 'Global',
    tags: { [TAGS.createdBy]: CREATED_BY, [TAGS.email]: t.email, [TAGS.actionGroup]: actionGroupId(t) },
    properties: {
      scopes: [t.templateId],
      enabled: true,
      description: `Kiln: e-mail ${t.email} when a build of ${t.templateName} ends.`,
      condition: {
        allOf: [
          { field: 'category', equals: 'Administrative' },
          { field: 'operationName', equals: AIB_ACTIONS.run },
          {
            anyOf: [
              { field: 'status', equals: 'Succeeded' },
              { field: 'status', equals: 'Failed' },
            ],
          },
        ],
      },
      actions: { actionGroups: [{ actionGroupId: actionGroupId(t), webhookProperties: {} }] },
    },
  };
}

/** An activity log alert as ARM returns it (only what Kiln reads). */
export interface AlertResource {
  id?: string;
  name?: string;
  tags?: Record<string, string>;
  properties?: {
    scopes?: string[];
    enabled?: boolean;
    description?: string;
    condition?: {
      allOf?: { field?: string; equals?: string; anyOf?: { field?: string; equals?: string }[] }[];
    };
    actions?: { actionGroups?: { actionGroupId?: string }[] };
  };
}

export interface BuildNotification {
  id: string;
  name: string;
  enabled: boolean;
  /** Whom Kiln's own notifications e-mail; undefined for alerts made elsewhere. */
  email?: string;
  /** The action group Kiln created with it (removed with it), when Kiln made it. */
  ownActionGroupId?: string;
  createdByKiln: boolean;
  /** The alert covers the template through a wider scope (its resource group or subscription). */
  widerScope: boolean;
  description?: string;
}

const norm = (s: string): string => s.replace(/\/+$/, '').toLowerCase();

function coversTemplate(scopes: readonly string[], templateId: string): { covers: boolean; wider: boolean } {
  const t = norm(templateId);
  const exact = scopes.some((s) => norm(s) === t);
  const wider = !exact && scopes.some((s) => t.startsWith(`${norm(s)}/`));
  return { covers: exact || wider, wider };
}

/** Whether the alert's condition can match the template's run/action events. */
function watchesRuns(a: AlertResource): boolean {
  const allOf = a.properties?.condition?.allOf ?? [];
  const ops = allOf.filter((c) => c.field?.toLowerCase() === 'operationname');
  return (
    ops.length > 0 && ops.every((c) => c.equals !== undefined && actionMatches(c.equals, AIB_ACTIONS.run))
  );
}

/** The alerts of a resource group that notify about this template's builds, Kiln's own first. */
export function buildNotificationsOf(
  alerts: readonly AlertResource[],
  templateId: string,
): BuildNotification[] {
  const out: BuildNotification[] = [];
  for (const a of alerts) {
    if (!a.id || !a.name) continue;
    const { covers, wider } = coversTemplate(a.properties?.scopes ?? [], templateId);
    if (!covers || !watchesRuns(a)) continue;
    const byKiln = a.tags?.[TAGS.createdBy] === CREATED_BY;
    const group = a.tags?.[TAGS.actionGroup];
    const listed = (a.properties?.actions?.actionGroups ?? []).some(
      (g) => group !== undefined && g.actionGroupId !== undefined && norm(g.actionGroupId) === norm(group),
    );
    const email = byKiln ? a.tags?.[TAGS.email] : undefined;
    out.push({
      id: a.id,
      name: a.name,
      enabled: a.properties?.enabled !== false,
      createdByKiln: byKiln,
      widerScope: wider,
      ...(email ? { email } : {}),
      ...(byKiln && group && listed ? { ownActionGroupId: group } : {}),
      ...(a.properties?.description ? { description: a.properties.description } : {}),
    });
  }
  return out.sort(
    (x, y) => Number(y.createdByKiln) - Number(x.createdByKiln) || x.name.localeCompare(y.name),
  );
}

/** Why the user cannot create a notification here (the role to ask for), or undefined when they can. */
export function createDisabledReason(
  permissions: readonly PermissionBlock[] | undefined,
  resourceGroup: string,
): string | undefined {
  if (!permissions) return 'Checking your permissions…';
  const missing = [NOTIFICATION_ACTIONS.groupWrite, NOTIFICATION_ACTIONS.alertWrite].filter(
    (a) => !permissionsAllow(permissions, a),
  );
  if (missing.length === 0) return undefined;
  return (
    `Your role on resource group ${resourceGroup} does not allow ${missing.join(' and ')}. ` +
    `Ask an administrator for the ${NOTIFICATION_ROLE} role on ${resourceGroup} (or Contributor).`
  );
}

/** Why the user cannot remove a notification (the role to ask for), or undefined when they can. */
export function removeDisabledReason(
  permissions: readonly PermissionBlock[] | undefined,
  n: BuildNotification,
  resourceGroup: string,
): string | undefined {
  if (!permissions) return 'Checking your permissions…';
  const needed = [
    NOTIFICATION_ACTIONS.alertDelete,
    ...(n.ownActionGroupId ? [NOTIFICATION_ACTIONS.groupDelete] : []),
  ];
  const missing = needed.filter((a) => !permissionsAllow(permissions, a));
  if (missing.length === 0) return undefined;
  return `Removing it needs ${missing.join(' and ')}: ask for the ${NOTIFICATION_ROLE} role on ${resourceGroup}.`;
}
