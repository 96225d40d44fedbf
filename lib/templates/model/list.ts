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
  template: ImageTemplate;
}

export function toRow(t: ImageTemplate, subscriptionName: string): TemplateRow {
  const p = parseArmId(t.id ?? '');
  const run = t.lastRunStatus;
  const start = aibTimeMs(run?.startTime);
  const end = aibTimeMs(run?.endTime);
  const layout = templateNetworkLayout(t);
  return {
    id: p.id,
    name: t.name ?? p.name ?? '',
    subscriptionId: p.subscriptionId,
    subscriptionName,
    resourceGroup: p.resourceGroup ?? '',
    location: t.location,
    source: sourceInWords(t.source),
    layout,
    layoutLabel: networkLayoutLabel(layout),
    state: run?.runState ?? 'NotRun',
    runSubState: run?.runSubState,
    provisioningState: t.provisioningState,
    startTime: start,
    durationMs: start !== undefined && end !== undefined ? end - start : undefined,
    template: t,
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
  page: number;
}

export const DEFAULT_QUERY: ListQuery = {
  q: '',
  states: [],
  subscriptions: [],
  layouts: [],
  sort: 'name',
  dir: 'asc',
  page: 1,
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
  const page = Number(params.get('page'));
  return {
    q: params.get('q') ?? '',
    states: list(params.get('state'), STATE_FILTERS),
    subscriptions: list(params.get('sub'), null).map((s) => s.toLowerCase()),
    layouts: list(params.get('layout'), NETWORK_LAYOUT_IDS),
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : DEFAULT_QUERY.sort,
    dir: params.get('dir') === 'desc' ? 'desc' : 'asc',
    page: Number.isInteger(page) && page > 0 ? page : 1,
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
  if (q.page > 1) p.set('page', String(q.page));
  return p;
}

function matchesSearch(r: TemplateRow, q: string): boolean {
  if (!q) return true;
  const hay =
    `${r.name} ${r.resourceGroup} ${r.subscriptionName} ${r.subscriptionId} ${r.location} ${r.source} ${r.layoutLabel}`.toLowerCase();
  return q
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
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

function compare(a: TemplateRow, b: TemplateRow, key: SortKey): number {
  const str = (x: string, y: string) => x.localeCompare(y, undefined, { sensitivity: 'base', numeric: true });
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

/** Search, filter and sort (stable; ties by name then id). */
export function applyListQuery(rows: readonly TemplateRow[], q: ListQuery): TemplateRow[] {
  const out = rows.filter(
    (r) =>
      matchesSearch(r, q.q.trim()) &&
      (q.states.length === 0 || q.states.includes(r.state)) &&
      (q.subscriptions.length === 0 || q.subscriptions.includes(r.subscriptionId.toLowerCase())) &&
      (q.layouts.length === 0 || q.layouts.includes(r.layout)),
  );
  const sign = q.dir === 'desc' ? -1 : 1;
  return out.sort((a, b) => {
    const c = compare(a, b, q.sort);
    if (c !== 0) return missingValue(a, b, q.sort) ? c : sign * c;
    return a.name.localeCompare(b.name) || a.id.localeCompare(b.id);
  });
}

/** Rows without a value for a time column (never run) stay last in either direction. */
function missingValue(a: TemplateRow, b: TemplateRow, key: SortKey): boolean {
  if (key === 'lastRun') return a.startTime === undefined || b.startTime === undefined;
  if (key === 'duration') return a.durationMs === undefined || b.durationMs === undefined;
  return false;
}

export const PAGE_SIZE = 50;

export function pageOf<T>(
  rows: readonly T[],
  page: number,
  size = PAGE_SIZE,
): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(rows.length / size));
  const p = Math.min(Math.max(1, page), pages);
  return { items: rows.slice((p - 1) * size, p * size), page: p, pages };
}
