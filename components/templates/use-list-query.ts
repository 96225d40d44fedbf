'use client';
// The templates list's query (search, filters, sort) read from the URL, the rows it selects, and
// `update` to change it: the URL is rewritten in place and the list scrolls back to the top.
import { usePathname, useSearchParams } from 'next/navigation';
import { type RefObject, useDeferredValue, useMemo, useRef, useState } from 'react';
import {
  type ListQuery,
  type TemplateRow,
  createRowSorter,
  filterRows,
  listQueryToParams,
  parseListQuery,
} from '@/lib/templates/model/list';

export interface ListQueryState {
  query: ListQuery;
  /** The rows sorted and filtered by the query (one render behind it while the user types). */
  filtered: TemplateRow[];
  update: (patch: Partial<ListQuery>) => void;
  /** The list's scroller, scrolled to the top when the query changes. */
  scrollRef: RefObject<HTMLDivElement | null>;
}

export function useListQuery(rows: TemplateRow[]): ListQueryState {
  const params = useSearchParams();
  const pathname = usePathname();
  const query = useMemo(() => parseListQuery(new URLSearchParams(params.toString())), [params]);
  // Typing stays immediate: the rows follow the query one render later.
  const shown = useDeferredValue(query);
  // Rows are sorted once; as pages arrive, only the new rows are merged in (createRowSorter).
  const [sortRows] = useState(createRowSorter);
  const sorted = useMemo(
    () => sortRows(rows, shown.sort, shown.dir),
    [sortRows, rows, shown.sort, shown.dir],
  );
  const filtered = useMemo(() => filterRows(sorted, shown), [sorted, shown]);
  const scrollRef = useRef<HTMLDivElement>(null);

  const update = (patch: Partial<ListQuery>) => {
    const next = { ...query, ...patch };
    const qs = listQueryToParams(next).toString();
    // The list state lives in the URL; a history entry update needs no server round trip.
    window.history.replaceState(null, '', qs ? `${pathname}?${qs}` : pathname);
    scrollRef.current?.scrollTo({ top: 0 });
  };

  return { query, filtered, update, scrollRef };
}
