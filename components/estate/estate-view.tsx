'use client';
// The estate: counts across the subscriptions the user can read, and Image Builder's leftovers with
// why each is one and what it holds, and which templates are building now. The leftover kind and the
// subscription set live in the URL; a new set keeps the last figures on screen until its own arrive.
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { ErrorState, EmptyState } from '@/components/shell/states';
import { Skeleton } from '@/components/ui/skeleton';
import { graphError } from '@/lib/azure/resource-graph';
import { useEstate } from '@/lib/estate/api/query-estate';
import { normalizeArmId } from '@/lib/azure/ids';
import { templatePagePath } from '@/lib/routes';
import type { Leftover, LeftoverKind, TemplateInfo } from '@/lib/estate/model/leftovers';
import { CleanUpButton } from './clean-up-dialog';
import { IntentLink } from '@/components/ui/intent-link';

const KIND_LABELS: Record<LeftoverKind, string> = {
  'orphaned-staging-group': 'Orphaned staging group',
  'stuck-cancel': 'Stuck in Canceling',
  'stale-staging-group': 'Build resources left behind',
};
const KINDS = Object.keys(KIND_LABELS) as LeftoverKind[];
const RUNNING_SHOWN = 20;

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white px-4 py-3 dark:border-slate-800 dark:bg-slate-900">
      <dt className="text-xs uppercase tracking-wide text-slate-600 dark:text-slate-300">{label}</dt>
      <dd className="text-2xl font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

/** Which templates are building now, each linking to its page (the first few when there are many). */
function RunningNow({ templates, names }: { templates: TemplateInfo[]; names: Map<string, string> }) {
  if (templates.length === 0) return null;
  const shown = templates.slice(0, RUNNING_SHOWN);
  return (
    <section aria-label="Running now" className="flex flex-col gap-1 text-sm">
      <h2 className="text-lg font-semibold">Running now ({templates.length.toLocaleString('en-US')})</h2>
      <ul className="flex flex-wrap gap-x-4 gap-y-1">
        {shown.map((t) => (
          <li key={t.id}>
            <IntentLink
              href={templatePagePath(normalizeArmId(t.id))}
              className="text-sky-800 hover:underline dark:text-sky-300"
            >
              {t.name}
            </IntentLink>{' '}
            <span className="text-xs text-slate-600 dark:text-slate-300">
              {t.runState} · {names.get(t.subscriptionId.toLowerCase()) ?? t.subscriptionId}
            </span>
          </li>
        ))}
      </ul>
      {templates.length > shown.length ? (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          and {(templates.length - shown.length).toLocaleString('en-US')} more: the templates list filters by
          state.
        </p>
      ) : null}
    </section>
  );
}

function LeftoverRow({ l, subscriptionName }: { l: Leftover; subscriptionName: string }) {
  return (
    <li className="flex flex-col gap-1 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900">
      <div className="flex flex-wrap items-baseline gap-2">
        <span className="text-xs font-medium uppercase tracking-wide text-amber-800 dark:text-amber-300">
          {KIND_LABELS[l.kind]}
        </span>
        <span className="font-mono text-sm break-all">{l.name}</span>
        <span className="text-xs text-slate-600 dark:text-slate-300">{subscriptionName}</span>
      </div>
      <p className="text-sm">{l.why}</p>
      {l.contents.length > 0 ? (
        <p className="text-xs text-slate-600 dark:text-slate-300">
          Holds: {l.contents.map((c) => `${c.name} (${c.type})`).join(', ')}
        </p>
      ) : null}
      {l.deletableGroupId ? <CleanUpButton leftover={l} /> : null}
    </li>
  );
}

function Filters({
  subscriptions,
  selected,
  kind,
  set,
}: {
  subscriptions: { subscriptionId: string; name: string }[];
  selected: string[];
  kind: LeftoverKind | undefined;
  set: (name: string, value: string) => void;
}) {
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    <div className="flex flex-wrap gap-3 text-sm">
      <label className="flex items-start gap-2">
        Subscriptions
        <select
          multiple
          size={Math.min(5, subscriptions.length + 1)}
          value={selected.length === 0 ? [''] : selected}
          onChange={(ev) => {
            const picked = [...ev.target.selectedOptions].map((o) => o.value);
            set(
              'subscriptions',
              picked.includes('') && picked.length === 1 ? '' : picked.filter(Boolean).join(','),
            );
          }}
          className="min-w-64 rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
        >
          <option value="">All ({n(subscriptions.length)})</option>
          {subscriptions.map((s) => (
            <option key={s.subscriptionId} value={s.subscriptionId.toLowerCase()}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-2">
        Leftover
        <select
          value={kind ?? ''}
          onChange={(ev) => set('kind', ev.target.value)}
          className="rounded border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-950"
        >
          <option value="">Every kind</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {KIND_LABELS[k]}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}

export function EstateView() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const kind = KINDS.find((k) => k === params.get('kind'));
  const subs = (params.get('subscriptions') ?? '')
    .split(',')
    .filter(Boolean)
    .map((x) => x.toLowerCase());
  const estate = useEstate(subs);
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(name, value);
    else next.delete(name);
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };
  if (estate.status === 'pending') return <Skeleton className="h-64" />;
  if (estate.status === 'error') {
    return (
      <ErrorState
        title="The estate could not be read from Azure Resource Graph"
        error={graphError(estate.error)}
        onRetry={() => void estate.refetch()}
      />
    );
  }
  const e = estate.data;
  const names = new Map(e.subscriptions.map((s) => [s.subscriptionId.toLowerCase(), s.name]));
  const shown = e.leftovers.filter((l) => !kind || l.kind === kind);
  const n = (x: number) => x.toLocaleString('en-US');
  return (
    <div className="flex flex-col gap-4">
      <Filters subscriptions={e.subscriptions} selected={subs} kind={kind} set={set} />
      <dl aria-label="Estate" className="grid grid-cols-2 gap-3 md:grid-cols-5">
        <Stat label="Templates" value={n(e.counts.templates)} />
        <Stat label="Running now" value={n(e.counts.runningNow)} />
        <Stat label="Built in 30 days: succeeded" value={n(e.counts.last30Days.succeeded)} />
        <Stat label="Built in 30 days: failed" value={n(e.counts.last30Days.failed)} />
        <Stat label="Built in 30 days: canceled" value={n(e.counts.last30Days.canceled)} />
      </dl>
      <RunningNow templates={e.counts.running} names={names} />
      <h2 className="text-lg font-semibold">Leftovers ({n(shown.length)})</h2>
      {shown.length === 0 ? (
        <EmptyState title="Nothing left behind">
          Image Builder left no orphaned staging group, stuck cancel or stale build resources here.
        </EmptyState>
      ) : (
        <ul aria-label="Leftovers" className="flex flex-col gap-2">
          {shown.map((l) => (
            <LeftoverRow
              key={`${l.kind}|${l.id}`}
              l={l}
              subscriptionName={names.get(l.subscriptionId.toLowerCase()) ?? l.subscriptionId}
            />
          ))}
        </ul>
      )}
    </div>
  );
}
