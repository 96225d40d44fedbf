'use client';
// "Notify me when builds end": for people who close the tab. Creates, with the user's own permissions,
// an action group that e-mails them and an activity log alert on the template's run events; lists the
// template's build notifications (Kiln's and any made elsewhere) and removes them. Without the
// permissions, says which role to ask for.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useAuth } from '@/lib/auth/msal-shell';
import { toArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { resourceGroupPermissionsQueryOptions } from '@/lib/azure/permissions-api';
import { useBuildNotificationWrites } from '@/lib/builds/api/create-build-notification';
import { useBuildNotifications } from '@/lib/builds/api/list-activity-log-alerts';
import {
  type BuildNotification,
  createDisabledReason,
  notificationName,
  removeDisabledReason,
} from '@/lib/builds/model/notifications';
import { ArmErrorText } from '@/components/shell/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';

function NotificationRow({
  n,
  removing,
  disabledReason,
  onRemove,
}: {
  n: BuildNotification;
  removing: boolean;
  disabledReason: string | undefined;
  onRemove: () => void;
}) {
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-2">
      <div className="min-w-0">
        <p className="text-sm">
          {n.email ? (
            <>
              E-mails <strong>{n.email}</strong> when a build ends
            </>
          ) : (
            <>Alert {n.name}</>
          )}{' '}
          {n.enabled ? null : <Badge tone="muted">disabled</Badge>}{' '}
          {n.createdByKiln ? null : <Badge tone="info">made outside Kiln</Badge>}
          {n.widerScope ? <Badge tone="info">covers the resource group</Badge> : null}
        </p>
        <p className="text-xs break-all text-slate-600 dark:text-slate-300">
          {n.createdByKiln ? `Activity log alert ${n.name}` : (n.description ?? n.name)}
        </p>
      </div>
      <div className="flex flex-col items-end gap-1">
        <Button
          size="sm"
          variant="secondary"
          disabled={removing || Boolean(disabledReason)}
          title={disabledReason}
          aria-label={`Remove ${n.email ? `the notification to ${n.email}` : `alert ${n.name}`}`}
          onClick={onRemove}
        >
          {removing ? 'Removing…' : 'Remove'}
        </Button>
        {disabledReason ? (
          <p className="max-w-xs text-right text-xs text-slate-600 dark:text-slate-300">{disabledReason}</p>
        ) : null}
      </div>
    </li>
  );
}

function NotifyForm({
  address,
  shown,
  onChange,
  reason,
  creating,
  onCreate,
}: {
  address: string;
  shown: string;
  onChange: (v: string) => void;
  reason: string | undefined;
  creating: boolean;
  onCreate: () => void;
}) {
  const inputId = useId();
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (!reason && address) onCreate();
      }}
    >
      <label htmlFor={inputId} className="flex flex-col gap-1 text-sm">
        E-mail address
        <input
          id={inputId}
          type="email"
          value={shown}
          onChange={(e) => onChange(e.target.value)}
          className="h-9 w-72 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900"
        />
      </label>
      <Button type="submit" variant="primary" disabled={Boolean(reason)} title={reason}>
        {creating ? 'Creating…' : 'Notify me when builds end'}
      </Button>
      {reason && !creating ? (
        <p className="basis-full text-xs text-slate-600 dark:text-slate-300">{reason}</p>
      ) : null}
    </form>
  );
}

function NotificationList({
  list,
  removing,
  reasonFor,
  onRemove,
}: {
  list: ReturnType<typeof useBuildNotifications>;
  removing: string | undefined;
  reasonFor: (n: BuildNotification) => string | undefined;
  onRemove: (n: BuildNotification) => void;
}) {
  if (list.isPending)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">Reading this template’s notifications…</p>
    );
  if (list.isError)
    return (
      <p role="alert" className="text-sm text-red-800 dark:text-red-300">
        The notifications could not be read: <ArmErrorText error={toArmError(list.error)} />
      </p>
    );
  if (list.data.length === 0)
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        No one is notified about this template’s builds.
      </p>
    );
  return (
    <ul aria-label="Build notifications" className="divide-y divide-slate-200 dark:divide-slate-700">
      {list.data.map((n) => (
        <NotificationRow
          key={n.id}
          n={n}
          removing={removing === n.id}
          disabledReason={reasonFor(n)}
          onRemove={() => onRemove(n)}
        />
      ))}
    </ul>
  );
}

export function BuildNotifications({ template }: { template: ImageTemplate }) {
  const id = template.id ?? '';
  const p = parseArmId(id);
  const rg = p.resourceGroup ?? '';
  const { user } = useAuth();
  const [email, setEmail] = useState<string | undefined>(undefined);
  const address = (email ?? user?.username ?? '').trim();
  const titleId = useId();
  const list = useBuildNotifications(id);
  const perms = useQuery(resourceGroupPermissionsQueryOptions(p.subscriptionId, rg));
  const writes = useBuildNotificationWrites(id);
  // The permissions could not be read: let ARM decide (its refusal is shown).
  const permissions = perms.isError ? [{ actions: ['*'] }] : perms.data;
  const cannotCreate = createDisabledReason(permissions, rg);
  const mine = list.data?.find(
    (n) => n.createdByKiln && n.name === notificationName(template.name ?? '', address),
  );
  const reason = writes.creating
    ? 'Creating…'
    : !/^[^@\s]+@[^@\s]+$/.test(address)
      ? 'Enter an e-mail address.'
      : mine
        ? `${address} is already notified.`
        : undefined;
  return (
    <section aria-labelledby={titleId} className="flex flex-col gap-3">
      <h3 id={titleId} className="text-base font-semibold">
        Notify me when builds end
      </h3>
      <p className="text-sm text-slate-600 dark:text-slate-300">
        For when this tab is closed: an Azure Monitor activity log alert on this template’s builds, with an
        action group that e-mails you when a build succeeds or fails. Both are resources in {rg}, created with
        your permissions.
      </p>
      {perms.isPending ? null : cannotCreate ? (
        <p role="note" className="text-sm text-amber-900 dark:text-amber-200">
          You cannot create notifications here. {cannotCreate}
        </p>
      ) : (
        <NotifyForm
          address={address}
          shown={email ?? user?.username ?? ''}
          onChange={setEmail}
          reason={reason}
          creating={writes.creating}
          onCreate={() =>
            writes.create({
              templateId: id,
              templateName: template.name ?? '',
              subscriptionId: p.subscriptionId,
              resourceGroup: rg,
              email: address,
            })
          }
        />
      )}
      {writes.error ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {writes.error}
        </p>
      ) : null}
      <NotificationList
        list={list}
        removing={writes.removing}
        reasonFor={(n) => removeDisabledReason(permissions, n, rg)}
        onRemove={writes.remove}
      />
    </section>
  );
}
