'use client';
// Every image template across the user's subscriptions: search, filters and sort in the URL, one
// scrolling list whose rows are virtualised (only the rows on screen are in the DOM, so 5,000 templates
// scroll, search and sort as fast as 50), rows that appear as each subscription's pages arrive without
// moving the page (fixed row height, fixed list height), a warning chip per subscription that failed (one
// for many failing the same way), and the row actions the page passes in (Start build lives in the
// builds capability).
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { type Rect, useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, type RefObject, useDeferredValue } from 'react';
import { isRunActive } from '@/lib/aib/run-state';
import { normalizeArmId } from '@/lib/azure/ids';
import { templatePagePath } from '@/lib/routes';
import { useTemplateRows } from '@/lib/templates/api/list-image-templates';
import { type ArmError } from '@/lib/azure/errors';
import { formatDuration, formatDateTime, runningFor, timeAgo } from '@/lib/format';
import { type ListQuery, type SortKey, type TemplateRow, DEFAULT_QUERY } from '@/lib/templates/model/list';
import { EmptyState, ErrorState } from '@/components/shell/states';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Skeleton } from '@/components/ui/skeleton';
import { useNow } from '@/components/ui/use-now';
import { useKilnConfig } from '@/lib/azure/config';
import { RunStateBadge } from './run-state-badge';
import { SubscriptionWarnings } from './subscription-warnings';
import { Toolbar } from './templates-toolbar';
import { useListQuery } from './use-list-query';
import { IntentLink } from '@/components/ui/intent-link';
import { useAfterFirstFrame } from '@/components/ui/use-after-first-frame';
import { useLeavingItems } from '@/components/ui/use-leaving-items';

/** Every row is this tall (px): the virtualiser places rows without measuring them. */
const ROW_HEIGHT = 44;
// Column widths shared by the header and every row (the rows are positioned, so the table cannot size
// columns from their content). Their minimums add up to 85rem with the actions column, so on a 1440-px
// screen the whole row, Start build included, fits without scrolling sideways.
const GRID =
  'grid grid-cols-[minmax(14rem,1.5fr)_minmax(8rem,1fr)_minmax(7rem,1fr)_7rem_minmax(8rem,1.25fr)_minmax(8rem,1.25fr)_11rem_6.5rem_8rem]';
const GRID_WITH_ACTIONS =
  'grid grid-cols-[minmax(14rem,1.5fr)_minmax(8rem,1fr)_minmax(7rem,1fr)_7rem_minmax(8rem,1.25fr)_minmax(8rem,1.25fr)_11rem_6.5rem_8rem_7.5rem]';
/** The list keeps one height whatever the number of rows (nothing below it moves as rows arrive). */
const LIST_BOX = 'h-[calc(100vh-17rem)] min-h-80';

const rowKey = (x: { row: TemplateRow }) => x.row.id;

/**
 * The list box's inner height as its classes make it on this window (`LIST_BOX`, less its border), a
 * little short. The virtualiser draws the first rows for this size; it measures the box itself a frame
 * later (see VirtualTable).
 */
function listBoxGuess(): Rect {
  if (typeof window === 'undefined') return { width: 0, height: 0 };
  return { width: window.innerWidth, height: Math.max(window.innerHeight - 17 * 16, 20 * 16) - 20 };
}

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

/** Resource Graph failed, so the list is read subscription by subscription. */
function GraphFallbackNote({ error }: { error: ArmError }) {
  return (
    <p
      role="status"
      className="rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      Azure Resource Graph did not answer ({error.code}: {error.message}), so templates are listed
      subscription by subscription, which takes longer.
    </p>
  );
}

function NoMatches({ query, update }: { query: ListQuery; update: (p: Partial<ListQuery>) => void }) {
  const filtersActive =
    query.q !== '' || query.states.length > 0 || query.subscriptions.length > 0 || query.layouts.length > 0;
  return (
    <EmptyState title="No template matches these filters">
      <p>Change the search or the filters to see more.</p>
      {filtersActive ? (
        <Button className="mt-3" onClick={() => update({ ...DEFAULT_QUERY })}>
          Clear search and filters
        </Button>
      ) : null}
    </EmptyState>
  );
}

export function TemplatesList({
  userName,
  rowActions,
}: {
  userName: string;
  rowActions?: (template: ImageTemplate) => ReactNode;
}) {
  const state = useTemplateRows();
  // Pages arrive from the network one after another; the rows (sort, filter, table) follow them in a
  // deferred render, which React splits into short slices, so input stays answered while 5,000 stream in.
  // Until a row is on screen there is nothing to keep responsive: the first page renders at once
  // (the deferred render would wait behind the arriving pages' work, 100–200 ms before the first row).
  const deferredRows = useDeferredValue(state.rows);
  const rows = deferredRows.length === 0 ? state.rows : deferredRows;
  const { query, filtered, update, scrollRef } = useListQuery(rows);
  const now = useNow();

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

  return (
    <div className="flex flex-col gap-4">
      <Toolbar query={query} update={update} subscriptions={state.subscriptions} />
      {failed.length > 0 ? <SubscriptionWarnings failed={failed} /> : null}
      {state.graphFallback ? <GraphFallbackNote error={state.graphFallback} /> : null}
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
        <NoMatches query={query} update={update} />
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
  const attached = useAfterFirstFrame(true);
  // The rows' actions (each a Start build with its own read state and mutation) come in a deferred
  // render of their own: the commit that first shows rows carries only the rows (docs/decisions/010).
  // (The table is there before any row, with its loading rows: the flag follows the rows, not the
  // table.) Their cells are there from the start, so nothing moves when the buttons come.
  const withActions = useDeferredValue(rows.length > 0, false);
  // TanStack Virtual returns fresh functions each render by design; this component does not memoise
  // around it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    // TanStack Virtual measures and scrolls its box as soon as it has one, which makes the browser
    // compute style and layout from script — in the commit that first shows the rows, that is the whole
    // new page (under Lighthouse's trace, one event with the commit's stack per element: a 150-ms task).
    // So it gets the box a frame after the table is drawn, when the same reads find layout done; until
    // then it places rows by `initialRect`.
    getScrollElement: () => (attached ? scrollRef.current : null),
    estimateSize: () => ROW_HEIGHT,
    initialRect: listBoxGuess(),
    // A few rows beyond the box: enough for a wheel step; each row more is DOM work on every page that
    // streams in.
    overscan: 4,
    getItemKey: (i) => rows[i]?.id ?? i,
  });
  const placed = useLeavingItems(
    virtualizer.getVirtualItems().flatMap((v) => {
      const row = rows[v.index];
      return row ? [{ row, index: v.index, top: v.start }] : [];
    }),
    rowKey,
  );
  const grid = rowActions ? GRID_WITH_ACTIONS : GRID;
  const cols = COLUMNS.length + (rowActions ? 1 : 0);
  return (
    <div
      ref={scrollRef}
      className={`${LIST_BOX} overflow-auto rounded-lg border border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900`}
    >
      <table
        className="grid w-full min-w-[85rem] border-collapse text-left text-sm"
        aria-rowcount={rows.length + 1}
      >
        <caption className="sr-only">Image templates</caption>
        <TableHead grid={grid} query={query} update={update} actions={rowActions !== undefined} />
        <tbody className="relative grid" style={{ height: virtualizer.getTotalSize() }}>
          {placed.map(({ key, item, leaving }) => (
            <Row
              key={key}
              row={item.row}
              now={now}
              grid={grid}
              index={item.index}
              top={item.top}
              leaving={leaving}
              actions={rowActions && (withActions ? rowActions(item.row.template) : null)}
            />
          ))}
          {/* Hidden rather than removed once ten rows are in, for the reason in use-leaving-items.ts;
              gone with the loading. */}
          {loading ? (
            <SkeletonRows count={3} cols={cols} grid={grid} from={rows.length} hidden={rows.length >= 10} />
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
  leaving,
  actions,
}: {
  row: TemplateRow;
  now: number;
  grid: string;
  index: number;
  top: number;
  /** Out of the window: hidden until it is removed (components/ui/use-leaving-items.ts). */
  leaving: boolean;
  actions: ReactNode;
}) {
  const { pollIntervalMs } = useKilnConfig();
  const running = isRunActive(row.state);
  const cell = 'flex min-w-0 items-center px-3';
  // A text cell is its own ellipsis box (a grid item, centred in the row): no wrapper element, since
  // every element of a row is work each time the virtualiser swaps rows (docs/decisions/010).
  const textCell = 'min-w-0 self-center truncate px-3';
  return (
    <tr
      hidden={leaving}
      aria-rowindex={leaving ? undefined : index + 2}
      className={`${grid} absolute left-0 w-full border-b border-slate-100 hover:bg-slate-50 dark:border-slate-800 dark:hover:bg-slate-800/50`}
      style={{ height: ROW_HEIGHT, transform: `translateY(${top}px)` }}
    >
      <td className={`${cell} gap-2 font-medium`} title={row.name}>
        <IntentLink
          href={templatePagePath(normalizeArmId(row.id))}
          className="truncate text-sky-800 hover:underline dark:text-sky-300"
        >
          {row.name}
        </IntentLink>
        {row.provisioningState && row.provisioningState !== 'Succeeded' ? (
          <Badge tone={row.provisioningState === 'Failed' ? 'danger' : 'neutral'} className="shrink-0">
            {row.provisioningState}
          </Badge>
        ) : null}
      </td>
      <td className={textCell} title={row.subscriptionId}>
        {row.subscriptionName}
      </td>
      <td className={textCell} title={row.resourceGroup}>
        {row.resourceGroup}
      </td>
      <td className={textCell}>{row.location}</td>
      <td className={textCell} title={row.source}>
        {row.source}
      </td>
      <td className={textCell} title={row.layoutLabel}>
        {row.layoutLabel}
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

function TableHead({
  grid,
  query,
  update,
  actions,
}: {
  grid: string;
  query: ListQuery;
  update: (p: Partial<ListQuery>) => void;
  actions: boolean;
}) {
  return (
    <thead className="sticky top-0 z-10 grid border-b border-slate-200 bg-slate-50 text-xs uppercase tracking-wide text-slate-600 dark:border-slate-800 dark:bg-slate-900 dark:text-slate-300">
      <tr className={grid} aria-rowindex={1}>
        {COLUMNS.map((c) => (
          <SortHeader key={c.key} column={c} query={query} update={update} />
        ))}
        {actions ? (
          <th scope="col" className="px-3 py-2 text-right">
            <span className="sr-only">Actions</span>
          </th>
        ) : null}
      </tr>
    </thead>
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

function SkeletonRows({
  count,
  cols,
  grid,
  from,
  hidden,
}: {
  count: number;
  cols: number;
  grid: string;
  from: number;
  hidden: boolean;
}) {
  return (
    <>
      {Array.from({ length: count }, (_, i) => (
        <tr
          key={i}
          aria-hidden
          hidden={hidden}
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
