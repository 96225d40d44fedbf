// The template list across subscriptions: rows, search, filters, sort and their URL form (filters
// live in the URL so a view can be shared and survives reload).
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import {
  NETWORK_LAYOUT_IDS,
  type NetworkLayout,
  networkLayoutLabel,
  templateNetworkLayout,
} from '@/lib/aib/network-layout';
import { RUN_STATE_LABELS, RUN_STATES, type RunState } from '@/lib/aib/run-state';
import { aibTimeMs } from '@/lib/aib/times';
import { parseArmId } from '@/lib/azure/ids';
import { sourceInWords } from './source';

/** Run state filter values: AIB's runState, plus `NotRun` for templates never built. */
export type StateFilter = RunState | 'NotRun';
export const STATE_FILTERS: readonly StateFilter[] = [...RUN_STATES, 'NotRun'];
export const STATE_LABELS: Record<StateFilter, string> = { ...RUN_STATE_LABELS, NotRun: 'Never built' };

export interface TemplateRow {
  id: string;
  name: string;
  subscriptionId: string;
  subscriptionName: string;
  resourceGroup: string;
  location: string;
  source: string;
  layout: NetworkLayout;
  layoutLabel: string;
  state: StateFilter;
  runSubState: string | undefined;
  provisioningState: string | undefined;
  /** ms since epoch; undefined before the first run. */
  startTime: number | undefined;
  /** Finished runs: end − start; running: undefined (shown live). */
  durationMs: number | undefined;
  /** What search looks in, lower-cased once when the row is made (not on every keystroke). */
  search: string;
  template: ImageTemplate;
}

const ROWS = new WeakMap<ImageTemplate, TemplateRow>();

/** What a row says that does not depend on the subscription's display name. */
type RowParts = Omit<TemplateRow, 'subscriptionName' | 'search'> & {
  /** The search text before and after the subscription's name, lower-cased. */
  searchHead: string;
  searchTail: string;
};
const PARTS = new WeakMap<ImageTemplate, RowParts>();

function partsOf(t: ImageTemplate): RowParts {
  const cached = PARTS.get(t);
  if (cached) return cached;
  const p = parseArmId(t.id ?? '');
  const run = t.lastRunStatus;
  const start = aibTimeMs(run?.startTime);
  const end = aibTimeMs(run?.endTime);
  const layout = templateNetworkLayout(t);
  const name = t.name ?? p.name ?? '';
  const resourceGroup = p.resourceGroup ?? '';
  const source = sourceInWords(t.source);
  const layoutLabel = networkLayoutLabel(layout);
  const parts: RowParts = {
    id: p.id,
    name,
    subscriptionId: p.subscriptionId,
    resourceGroup,
    location: t.location,
    source,
    layout,
    layoutLabel,
    state: run?.runState ?? 'NotRun',
    runSubState: run?.runSubState,
    provisioningState: t.provisioningState,
    startTime: start,
    durationMs: start !== undefined && end !== undefined ? end - start : undefined,
    searchHead: `${name} ${resourceGroup}`.toLowerCase(),
    searchTail: `${p.subscriptionId} ${t.location} ${source} ${layoutLabel}`.toLowerCase(),
    template: t,
  };
  PARTS.set(t, parts);
  return parts;
}

/**
 * Does a row's costly part (parsing its id, describing its source and layout, the search text) now,
 * in the task that received its page, so the render that lists a batch of pages does not do it for a
 * thousand templates at once. Returns the template.
 */
export function prepareRow(t: ImageTemplate): ImageTemplate {
  partsOf(t);
  return t;
}

/**
 * The row of a template, made once per template object: a streamed list keeps the objects of the
 * pages already in as more arrive, so each page costs its own rows only (parsing ids, describing the
 * source and building the search text are the list's main cost at 5,000 templates).
 */
export function templateRow(t: ImageTemplate, subscriptionName: string): TemplateRow {
  const cached = ROWS.get(t);
  if (cached?.subscriptionName === subscriptionName) return cached;
  const row = toRow(t, subscriptionName);
  ROWS.set(t, row);
  return row;
}

export function toRow(t: ImageTemplate, subscriptionName: string): TemplateRow {
  const { searchHead, searchTail, ...parts } = partsOf(t);
  return {
    ...parts,
    subscriptionName,
    search: `${searchHead} ${subscriptionName.toLowerCase()} ${searchTail}`,
  };
}

export type SortKey =
  | 'name'
  | 'subscription'
  | 'resourceGroup'
  | 'location'
  | 'source'
  | 'layout'
  | 'state'
  | 'lastRun'
  | 'duration';
export const SORT_KEYS: SortKey[] = [
  'name',
  'subscription',
  'resourceGroup',
  'location',
  'source',
  'layout',
  'state',
  'lastRun',
  'duration',
];

export interface ListQuery {
  q: string;
  states: StateFilter[];
  subscriptions: string[];
  layouts: NetworkLayout[];
  sort: SortKey;
  dir: 'asc' | 'desc';
}

export const DEFAULT_QUERY: ListQuery = {
  q: '',
  states: [],
  subscriptions: [],
  layouts: [],
  sort: 'name',
  dir: 'asc',
};

function list<T extends string>(raw: string | null, allowed: readonly T[] | null): T[] {
  if (!raw) return [];
  const values = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return (allowed ? values.filter((v): v is T => (allowed as readonly string[]).includes(v)) : values) as T[];
}

/** Reads the list state from URL search params; unknown values are dropped. */
export function parseListQuery(params: URLSearchParams): ListQuery {
  const sort = params.get('sort');
  return {
    q: params.get('q') ?? '',
    states: list(params.get('state'), STATE_FILTERS),
    subscriptions: list(params.get('sub'), null).map((s) => s.toLowerCase()),
    layouts: list(params.get('layout'), NETWORK_LAYOUT_IDS),
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : DEFAULT_QUERY.sort,
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
  };
}

/** The URL form of a list state, leaving defaults out. */
export function listQueryToParams(q: ListQuery): URLSearchParams {
  const p = new URLSearchParams();
  if (q.q) p.set('q', q.q);
  if (q.states.length) p.set('state', q.states.join(','));
  if (q.subscriptions.length) p.set('sub', q.subscriptions.join(','));
  if (q.layouts.length) p.set('layout', q.layouts.join(','));
  if (q.sort !== DEFAULT_QUERY.sort) p.set('sort', q.sort);
  if (q.dir !== DEFAULT_QUERY.dir) p.set('dir', q.dir);
  return p;
}

function searchWords(q: string): string[] {
  return q.trim().toLowerCase().split(/\s+/).filter(Boolean);
}

const STATE_ORDER: Record<StateFilter, number> = {
  Running: 0,
  Canceling: 1,
  Failed: 2,
  PartiallySucceeded: 3,
  Canceled: 4,
  Succeeded: 5,
  NotRun: 6,
};

/** One collator for every comparison (a collator per `localeCompare` call costs ~20× more). */
const COLLATOR = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const ID_ORDER = new Intl.Collator(undefined);

function compare(a: TemplateRow, b: TemplateRow, key: SortKey): number {
  const str = COLLATOR.compare;
  const num = (x: number | undefined, y: number | undefined) =>
    x === undefined && y === undefined ? 0 : x === undefined ? 1 : y === undefined ? -1 : x - y;
  switch (key) {
    case 'name':
      return str(a.name, b.name);
    case 'subscription':
      return str(a.subscriptionName, b.subscriptionName);
    case 'resourceGroup':
      return str(a.resourceGroup, b.resourceGroup);
    case 'location':
      return str(a.location, b.location);
    case 'source':
      return str(a.source, b.source);
    case 'layout':
      return str(a.layoutLabel, b.layoutLabel);
    case 'state':
      return STATE_ORDER[a.state] - STATE_ORDER[b.state];
    case 'lastRun':
      return num(a.startTime, b.startTime);
    case 'duration':
      return num(a.durationMs, b.durationMs);
  }
}

/** The order of a sort: stable (ties by name, then id), so rows never swap places as more pages arrive. */
export function rowOrder(sort: SortKey, dir: 'asc' | 'desc'): (a: TemplateRow, b: TemplateRow) => number {
  const sign = dir === 'desc' ? -1 : 1;
  return (a, b) => {
    const c = compare(a, b, sort);
    if (c !== 0) return missingValue(a, b, sort) ? c : sign * c;
    return COLLATOR.compare(a.name, b.name) || ID_ORDER.compare(a.id, b.id);
  };
}

/** Sort (stable; ties by name then id, so rows never swap places as more pages arrive). */
export function sortRows(rows: readonly TemplateRow[], sort: SortKey, dir: 'asc' | 'desc'): TemplateRow[] {
  return [...rows].sort(rowOrder(sort, dir));
}

/**
 * `sorted` (in `order`) with `added` (in any order) put in their places: the added rows are sorted on
 * their own, then each is placed by binary search — m·log n comparisons instead of re-sorting n + m.
 */
export function mergeSorted(
  sorted: readonly TemplateRow[],
  added: readonly TemplateRow[],
  order: (a: TemplateRow, b: TemplateRow) => number,
): TemplateRow[] {
  const out: TemplateRow[] = [];
  let from = 0;
  for (const row of [...added].sort(order)) {
    let lo = from;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (order(sorted[mid] as TemplateRow, row) <= 0) lo = mid + 1;
      else hi = mid;
    }
    for (let i = from; i < lo; i++) out.push(sorted[i] as TemplateRow);
    out.push(row);
    from = lo;
  }
  for (let i = from; i < sorted.length; i++) out.push(sorted[i] as TemplateRow);
  return out;
}

/**
 * A sort that remembers its last answer. While the sort stays the same, a new list of rows costs only
 * what changed: rows seen before keep their places, rows that left are dropped, new rows are merged
 * in (mergeSorted). As a 5,000-template list streams in a page at a time, each page costs ~100
 * comparisons · log n instead of a re-sort of everything so far. Same result as `sortRows` for a list
 * without repeats; rows are recognised by identity (`templateRow` makes one row object per template).
 */
export function createRowSorter(): (
  rows: readonly TemplateRow[],
  sort: SortKey,
  dir: 'asc' | 'desc',
) => TemplateRow[] {
  let last: { sort: SortKey; dir: 'asc' | 'desc'; seen: Set<TemplateRow>; sorted: TemplateRow[] } | undefined;
  return (rows, sort, dir) => {
    if (!last || last.sort !== sort || last.dir !== dir) {
      last = { sort, dir, seen: new Set(rows), sorted: sortRows(rows, sort, dir) };
      return last.sorted;
    }
    const { seen } = last;
    const added: TemplateRow[] = [];
    let kept = 0;
    for (const r of rows) {
      if (seen.has(r)) kept++;
      else added.push(r);
    }
    if (added.length === 0 && kept === seen.size && rows.length === last.sorted.length) return last.sorted;
    let base = last.sorted;
    let nextSeen = seen;
    if (kept !== seen.size) {
      nextSeen = new Set(rows);
      base = base.filter((r) => nextSeen.has(r));
    } else {
      for (const r of added) seen.add(r);
    }
    last = { sort, dir, seen: nextSeen, sorted: mergeSorted(base, added, rowOrder(sort, dir)) };
    return last.sorted;
  };
}

/** Search and filters; keeps the order of `rows` (sort first, once per sort change, then filter). */
export function filterRows(rows: readonly TemplateRow[], q: Omit<ListQuery, 'sort' | 'dir'>): TemplateRow[] {
  const words = searchWords(q.q);
  return rows.filter(
    (r) =>
      words.every((w) => r.search.includes(w)) &&
      (q.states.length === 0 || q.states.includes(r.state)) &&
      (q.subscriptions.length === 0 || q.subscriptions.includes(r.subscriptionId.toLowerCase())) &&
      (q.layouts.length === 0 || q.layouts.includes(r.layout)),
  );
}

/** Search, filter and sort. */
export function applyListQuery(rows: readonly TemplateRow[], q: ListQuery): TemplateRow[] {
  return filterRows(sortRows(rows, q.sort, q.dir), q);
}

/** Rows without a value for a time column (never run) stay last in either direction. */
function missingValue(a: TemplateRow, b: TemplateRow, key: SortKey): boolean {
  if (key === 'lastRun') return a.startTime === undefined || b.startTime === undefined;
  if (key === 'duration') return a.durationMs === undefined || b.durationMs === undefined;
  return false;
}
