'use client';
// Every image template across the user's subscriptions: search, filters and sort in the URL, one
// scrolling list whose rows are virtualised (only the rows on screen are in the DOM, so 5,000 templates
// scroll, search and sort as fast as 50), rows that appear as each subscription's pages arrive without
// moving the page (fixed row height, fixed list height), a warning chip per subscription that failed (one
// for many failing the same way), and the row actions the page passes in (Start build lives in the
// builds capability).
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useVirtualizer } from '@tanstack/react-virtual';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { type ReactNode, type RefObject, useDeferredValue, useId, useMemo, useRef, useState } from 'react';
import { NETWORK_LAYOUT_IDS, networkLayoutLabel, type NetworkLayout } from '@/lib/aib/network-layout';
import { isRunActive } from '@/lib/aib/run-state';
import { normalizeArmId } from '@/lib/azure/ids';
import { templatePagePath } from '@/lib/routes';
import { type SubscriptionListState, useTemplateRows } from '@/lib/templates/api/list-image-templates';
import { formatDuration, formatDateTime, runningFor, timeAgo } from '@/lib/format';
import {
  type ListQuery,
  type SortKey,
  type StateFilter,
  type TemplateRow,
  STATE_FILTERS,
  STATE_LABELS,
  createRowSorter,
  filterRows,
  listQueryToParams,
  parseListQuery,
  DEFAULT_QUERY,
} from '@/lib/templates/model/list';
import { ArmErrorText, EmptyState, ErrorState } from '@/components/shell/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { useNow } from '@/components/ui/use-now';
import { useKilnConfig } from '@/lib/azure/config';
import { RunStateBadge } from './run-state-badge';

/** Every row is this tall (px): the virtualiser places rows without measuring them. */
const ROW_HEIGHT = 44;
// Column widths shared by the header and every row (the rows are positioned, so the table cannot size
// columns from their content).
const GRID =
  'grid grid-cols-[minmax(13rem,2fr)_minmax(8rem,1fr)_minmax(8rem,1fr)_7rem_minmax(10rem,1.5fr)_minmax(10rem,1.5fr)_11rem_7rem_8rem]';
const GRID_WITH_ACTIONS =
  'grid grid-cols-[minmax(13rem,2fr)_minmax(8rem,1fr)_minmax(8rem,1fr)_7rem_minmax(10rem,1.5fr)_minmax(10rem,1.5fr)_11rem_7rem_8rem_8rem]';
/** The list keeps one height whatever the number of rows (nothing below it moves as rows arrive). */
const LIST_BOX = 'h-[calc(100vh-17rem)] min-h-80';

const COLUMNS: { key: SortKey; label: string; className?: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'subscription', label: 'Subscription' },
  { key: 'resourceGroup', label: 'Resource group' },
  { key: 'location', label: 'Location' },
  { key: 'source', label: 'Source image' },
  { key: 'layout', label: 'Network layout' },
  { key: 'state', label: 'Last run' },
  { key: 'lastRun', label: 'Started' },
  { key: 'duration', label: 'Duration' },
];

export function TemplatesList({
  userName,
  rowActions,
}: {
  userName: string;
  rowActions?: (template: ImageTemplate) => ReactNode;
}) {
  const state = useTemplateRows();
  const params = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => parseListQuery(new URLSearchParams(params.toString())), [params]);
  // Typing stays immediate: the rows follow the query one render later.
  const shown = useDeferredValue(query);
  // Rows are sorted once; as pages arrive, only the new rows are merged in (createRowSorter).
  const [sortRows] = useState(createRowSorter);
  const sorted = useMemo(
    () => sortRows(state.rows, shown.sort, shown.dir),
    [sortRows, state.rows, shown.sort, shown.dir],
  );
  const filtered = useMemo(() => filterRows(sorted, shown), [sorted, shown]);
  const now = useNow();
  const scrollRef = useRef<HTMLDivElement>(null);

  const update = (patch: Partial<ListQuery>) => {
    const next = { ...query, ...patch };
    const qs = listQueryToParams(next).toString();
    // The list state lives in the URL; a history entry update needs no server round trip.
    window.history.replaceState(null, '', qs ? `${pathname}?${qs}` : pathname);
    scrollRef.current?.scrollTo({ top: 0 });
  };

  if (state.status === 'pending') return <ListSkeleton />;
  if (state.status === 'error' && state.error) {
    return (
      <ErrorState
        title="Your subscriptions could not be listed"
        error={state.error}
        onRetry={state.refetch}
      />
    );
  }
  if (state.subscriptions.length === 0) {
    return (
      <EmptyState title="You don’t have access to any subscription">
        Signed in as {userName}, Resource Manager lists no subscription for you. Ask a subscription owner to
        give you a role (Reader is enough to see image templates) on a subscription or resource group that
        holds image templates, then reload this page.
      </EmptyState>
    );
  }
  const failed = state.subscriptions.filter((s) => s.status === 'error');
  const filtersActive =
    query.q !== '' || query.states.length > 0 || query.subscriptions.length > 0 || query.layouts.length > 0;

  return (
    <div className="flex flex-col gap-4">
      <Toolbar query={query} update={update} subscriptions={state.subscriptions} />
      {failed.length > 0 ? (
        <ul aria-label="Subscriptions with problems" className="flex flex-wrap gap-2">
          {groupFailures(failed).map((g) =>
            g.length === 1 && g[0] ? (
              <SubscriptionWarning key={g[0].subscription.subscriptionId} s={g[0]} />
            ) : (
              <GroupWarning key={g[0]?.subscription.subscriptionId} group={g} />
            ),
          )}
        </ul>
      ) : null}
      {state.graphFallback ? (
        <p
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
        >
          Azure Resource Graph did not answer ({state.graphFallback.code}: {state.graphFallback.message}), so
          templates are listed subscription by subscription, which takes longer.
        </p>
      ) : null}
      <p className="h-5 text-sm text-slate-600 dark:text-slate-300" aria-live="polite">
        {state.partial
          ? `Loading templates… ${state.rows.length.toLocaleString('en-US')} so far`
          : `${filtered.length.toLocaleString('en-US')} of ${state.rows.length.toLocaleString('en-US')} templates in ${state.subscriptions.length} subscription${state.subscriptions.length === 1 ? '' : 's'}`}
      </p>
      {state.rows.length === 0 && !state.partial ? (
        failed.length === state.subscriptions.length ? null : (
          <EmptyState title="No image templates yet">
            None of your subscriptions holds an image template. Create one with{' '}
            <code className="font-mono">az image builder create</code>, an ARM template or Bicep; it will show
            up here.
          </EmptyState>
        )
      ) : filtered.length === 0 && !state.partial ? (
        <EmptyState title="No template matches these filters">
          <p>Change the search or the filters to see more.</p>
          {filtersActive ? (
            <Button className="mt-3" onClick={() => update({ ...DEFAULT_QUERY })}>
              Clear search and filters
            </Button>
          ) : null}
        </EmptyState>
      ) : (
        <VirtualTable
          rows={filtered}
          scrollRef={scrollRef}
          query={query}
          update={update}
          now={now}
          loading={state.partial}
          rowActions={rowActions}
        />
      )}
    </div>
  );
}

function VirtualTable({
  rows,
  scrollRef,
  query,
  update,
  now,
  loading,
  rowActions,
}: {
  rows: TemplateRow[];
  scrollRef: RefObject<HTMLDivElement | null>;
  query: ListQuery;
  update: (p: Partial<ListQuery>) => void;
  now: number;
  loading: boolean;
  rowActions?: (template: ImageTemplate) => ReactNode;
}) {
  // TanStack Virtual returns fresh functions each render by design; this component does not memoise
  // around it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  const grid = rowActions ? GRID_WITH_ACTIONS : GRID;
  const cols = COLUMNS.length + (rowActions ? 1 : 0);
  return (
    <div
      ref={scrollRef}
      className={`${LIST_BOX} overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900`}
    >
      <table
        className="grid w-full min-w-[82rem] border-collapse text-left text-sm"
        aria-rowcount={rows.length + 1}
      >
        <caption className="sr-only">Image templates</caption>
        <thead className="sticky top-0 z-10 grid border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300">
          <tr className={grid} aria-rowindex={1}>
            {COLUMNS.map((c) => (
              <SortHeader key={c.key} column={c} query={query} update={update} />
            ))}
            {rowActions ? (
              <th scope="col" className="px-3 py-2 text-right">
                <span className="sr-only">Actions</span>
              </th>
            ) : null}
          </tr>
        </thead>
        <tbody className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((v) => {
            const r = rows[v.index];
            if (!r) return null;
            return (
              <Row
                key={r.id}
                row={r}
                now={now}
                grid={grid}
                index={v.index}
                top={v.start}
                actions={rowActions?.(r.template)}
              />
            );
          })}
          {loading && rows.length < 10 ? (
            <SkeletonRows count={3} cols={cols} grid={grid} from={rows.length} />
          ) : null}
        </tbody>
      </table>
    </div>
  );
}

function Row({
  row,
  now,
  grid,
  index,
  top,
  actions,
}: {
  row: TemplateRow;
  now: number;
  grid: string;
  index: number;
  top: number;
  actions: ReactNode;
}) {
  const { pollIntervalMs } = useKilnConfig();
  const running = isRunActive(row.state);
  const cell = 'flex min-w-0 items-center px-3';
  const text = 'truncate';
  return (
    <tr
      aria-rowindex={index + 2}
      className={`${grid} absolute left-0 w-full border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50`}
      style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
    >
      <td className={`${cell} gap-2 font-medium`} title={row.name}>
        <Link
          href={templatePagePath(normalizeArmId(row.id))}
          className={`${text} text-sky-800 hover:underline dark:text-sky-300`}
        >
          {row.name}
        </Link>
        {row.provisioningState && row.provisioningState !== 'Succeeded' ? (
          <Badge tone={row.provisioningState === 'Failed' ? 'danger' : 'neutral'} className="shrink-0">
            {row.provisioningState}
          </Badge>
        ) : null}
      </td>
      <td className={cell} title={row.subscriptionId}>
        <span className={text}>{row.subscriptionName}</span>
      </td>
      <td className={cell} title={row.resourceGroup}>
        <span className={text}>{row.resourceGroup}</span>
      </td>
      <td className={cell}>
        <span className={text}>{row.location}</span>
      </td>
      <td className={cell} title={row.source}>
        <span className={text}>{row.source}</span>
      </td>
      <td className={cell} title={row.layoutLabel}>
        <span className={text}>{row.layoutLabel}</span>
      </td>
      <td className={`${cell} overflow-hidden`}>
        <RunStateBadge status={row.template.lastRunStatus} />
      </td>
      <td
        className={`${cell} whitespace-nowrap`}
        title={row.startTime ? formatDateTime(new Date(row.startTime)) : undefined}
      >
        {row.startTime ? timeAgo(new Date(row.startTime), now) : '—'}
      </td>
      <td className={`${cell} whitespace-nowrap tabular-nums`}>
        {row.durationMs !== undefined
          ? formatDuration(row.durationMs)
          : running && row.startTime
            ? runningFor(row.startTime, now, pollIntervalMs)
            : '—'}
      </td>
      {actions !== undefined ? <td className={`${cell} justify-end`}>{actions}</td> : null}
    </tr>
  );
}

function SortHeader({
  column,
  query,
  update,
}: {
  column: { key: SortKey; label: string };
  query: ListQuery;
  update: (p: Partial<ListQuery>) => void;
}) {
  const active = query.sort === column.key;
  const dir = active ? query.dir : undefined;
  return (
    <th
      scope="col"
      className="px-1 py-1"
      aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : 'none'}
    >
      <button
        type="button"
        className="inline-flex items-center gap-1 rounded px-2 py-1 font-semibold uppercase hover:bg-slate-200 dark:hover:bg-slate-800"
        onClick={() => update({ sort: column.key, dir: active && query.dir === 'asc' ? 'desc' : 'asc' })}
      >
        {column.label}
        <span aria-hidden className={active ? '' : 'opacity-30'}>
          {dir === 'desc' ? '↓' : '↑'}
        </span>
      </button>
    </th>
  );
}

function Toolbar({
  query,
  update,
  subscriptions,
}: {
  query: ListQuery;
  update: (p: Partial<ListQuery>) => void;
  subscriptions: SubscriptionListState[];
}) {
  const searchId = useId();
  // The field keeps its own text (typing must not wait for the URL round trip) and follows the URL
  // when it changes from elsewhere (Clear filters, back/forward) — but never while the user types in
  // it: URL updates land asynchronously, and adopting an older one mid-typing would drop keystrokes.
  const [text, setText] = useState(query.q);
  const [urlQ, setUrlQ] = useState(query.q);
  const [typing, setTyping] = useState(false);
  if (query.q !== urlQ) {
    setUrlQ(query.q);
    if (!typing && query.q !== text) setText(query.q);
  }
  const stateId = useId();
  const subId = useId();
  const layoutId = useId();
  const selectClass =
    'h-9 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-600 dark:bg-slate-900';
  return (
    <div role="search" className="flex flex-wrap items-end gap-3">
      <div className="flex min-w-64 flex-1 flex-col gap-1">
        <label htmlFor={searchId} className="text-xs font-medium text-slate-600 dark:text-slate-300">
          Search
        </label>
        <input
          id={searchId}
          type="search"
          value={text}
          placeholder="Name, resource group, image, location…"
          onFocus={() => setTyping(true)}
          onBlur={() => setTyping(false)}
          onChange={(e) => {
            setText(e.target.value);
            update({ q: e.target.value });
          }}
          className="h-9 rounded-md border border-slate-300 bg-white px-3 text-sm placeholder:text-slate-500 dark:border-slate-600 dark:bg-slate-900 dark:placeholder:text-slate-400"
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={stateId} className="text-xs font-medium text-slate-600 dark:text-slate-300">
          Last run
        </label>
        <select
          id={stateId}
          className={selectClass}
          value={query.states.length === 1 ? query.states[0] : ''}
          onChange={(e) => update({ states: e.target.value ? [e.target.value as StateFilter] : [] })}
        >
          <option value="">Any state</option>
          {STATE_FILTERS.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={subId} className="text-xs font-medium text-slate-600 dark:text-slate-300">
          Subscription
        </label>
        <select
          id={subId}
          className={selectClass}
          value={query.subscriptions.length === 1 ? query.subscriptions[0] : ''}
          onChange={(e) => update({ subscriptions: e.target.value ? [e.target.value] : [] })}
        >
          <option value="">All subscriptions</option>
          {subscriptions.map((s) => (
            <option key={s.subscription.subscriptionId} value={s.subscription.subscriptionId.toLowerCase()}>
              {s.subscription.displayName}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={layoutId} className="text-xs font-medium text-slate-600 dark:text-slate-300">
          Network layout
        </label>
        <select
          id={layoutId}
          className={selectClass}
          value={query.layouts.length === 1 ? query.layouts[0] : ''}
          onChange={(e) => update({ layouts: e.target.value ? [e.target.value as NetworkLayout] : [] })}
        >
          <option value="">Any layout</option>
          {NETWORK_LAYOUT_IDS.map((l) => (
            <option key={l} value={l}>
              {networkLayoutLabel(l)}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

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

function GroupWarning({ group }: { group: SubscriptionListState[] }) {
  const names = group.slice(0, NAMED_IN_GROUP).map((s) => s.subscription.displayName);
  const error = group[0]?.error;
  return (
    <li
      role="status"
      className="flex max-w-full items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <span aria-hidden>⚠</span>
      <span className="min-w-0">
        <strong title={group.map((s) => s.subscription.displayName).join(', ')}>
          {names.join(', ')} and {(group.length - names.length).toLocaleString('en-US')} more subscriptions
        </strong>
        : templates could not be listed. {error ? <ArmErrorText error={error} /> : null}
      </span>
      <Button size="sm" variant="ghost" onClick={() => group.forEach((s) => s.refetch())}>
        Retry all {group.length.toLocaleString('en-US')}
      </Button>
    </li>
  );
}

function SubscriptionWarning({ s }: { s: SubscriptionListState }) {
  return (
    <li
      role="status"
      className="flex max-w-full items-start gap-2 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100"
    >
      <span aria-hidden>⚠</span>
      <span className="min-w-0">
        <strong>{s.subscription.displayName}</strong>: templates could not be listed.{' '}
        {s.error ? <ArmErrorText error={s.error} /> : null}
      </span>
      <Button size="sm" variant="ghost" onClick={s.refetch}>
        Retry
      </Button>
    </li>
  );
}

function SkeletonRows({
  count,
  cols,
  grid,
  from,
}: {
  count: number;
  cols: number;
  grid: string;
  from: number;
}) {
  return (
    <>
      {Array.from({ length: count }, (_, i) => (
        <tr
          key={i}
          aria-hidden
          className={`${grid} absolute left-0 w-full border-b border-slate-100 dark:border-slate-800`}
          style={{ height: ROW_HEIGHT, transform: `translateY(${(from + i) * ROW_HEIGHT}px)` }}
        >
          {Array.from({ length: cols }, (_, j) => (
            <td key={j} className="flex items-center px-3">
              <Skeleton className="h-4 w-full max-w-40" />
            </td>
          ))}
        </tr>
      ))}
    </>
  );
}

function ListSkeleton() {
  return (
    <div role="status" aria-label="Loading image templates" className="flex flex-col gap-4">
      <div className="flex gap-3">
        <Skeleton className="h-9 flex-1" />
        <Skeleton className="h-9 w-40" />
        <Skeleton className="h-9 w-40" />
        <Skeleton className="h-9 w-40" />
      </div>
      <div className="h-5" />
      <div
        className={`${LIST_BOX} overflow-hidden rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900`}
      >
        {Array.from({ length: 8 }, (_, i) => (
          <Skeleton key={i} className="my-3 h-5 w-full" />
        ))}
      </div>
    </div>
  );
}
