'use client';
// A warning chip per subscription whose templates could not be listed, one for many failing the same
// way, each with a retry.
import type { ReactNode } from 'react';
import { type SubscriptionListState } from '@/lib/templates/api/list-image-templates';
import { ArmErrorText } from '@/components/shell/states';
import { Button } from '@/components/ui/button';

/** From this many subscriptions failing the same way, they share one warning (300 would bury the list). */
const GROUP_FROM = 4;
const NAMED_IN_GROUP = 3;

/** Failed subscriptions, those failing with the same error (code and message) grouped when many. */
function groupFailures(failed: SubscriptionListState[]): SubscriptionListState[][] {
  const byError = new Map<string, SubscriptionListState[]>();
  for (const s of failed) {
    const key = `${s.error?.code ?? ''}|${s.error?.message ?? ''}`;
    byError.set(key, [...(byError.get(key) ?? []), s]);
  }
  return [...byError.values()].flatMap((g) => (g.length >= GROUP_FROM ? [g] : g.map((s) => [s])));
}

/** One warning: the sign, what went wrong, and the action that retries it. */
function WarningItem({ children, action }: { children: ReactNode; action: ReactNode }) {
  return (
    <li
      role="status"
      className="flex max-w-full items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <span aria-hidden>⚠</span>
      <span className="min-w-0">{children}</span>
      {action}
    </li>
  );
}

function GroupWarning({ group }: { group: SubscriptionListState[] }) {
  const names = group.slice(0, NAMED_IN_GROUP).map((s) => s.subscription.displayName);
  const error = group[0]?.error;
  return (
    <WarningItem
      action={
        <Button size="sm" variant="ghost" onClick={() => group.forEach((s) => s.refetch())}>
          Retry all {group.length.toLocaleString('en-US')}
        </Button>
      }
    >
      <strong title={group.map((s) => s.subscription.displayName).join(', ')}>
        {names.join(', ')} and {(group.length - names.length).toLocaleString('en-US')} more subscriptions
      </strong>
      : templates could not be listed. {error ? <ArmErrorText error={error} /> : null}
    </WarningItem>
  );
}

function SubscriptionWarning({ s }: { s: SubscriptionListState }) {
  return (
    <WarningItem
      action={
        <Button size="sm" variant="ghost" onClick={s.refetch}>
          Retry
        </Button>
      }
    >
      <strong>{s.subscription.displayName}</strong>: templates could not be listed.{' '}
      {s.error ? <ArmErrorText error={s.error} /> : null}
    </WarningItem>
  );
}

export function SubscriptionWarnings({ failed }: { failed: SubscriptionListState[] }) {
  return (
    <ul aria-label="Subscriptions with problems" className="flex flex-wrap gap-2">
      {groupFailures(failed).map((g) =>
        g.length === 1 && g[0] ? (
          <SubscriptionWarning key={g[0].subscription.subscriptionId} s={g[0]} />
        ) : (
          <GroupWarning key={g[0]?.subscription.subscriptionId} group={g} />
        ),
      )}
    </ul>
  );
}
