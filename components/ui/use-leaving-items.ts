'use client';
// Items that leave a rendered window (rows of a virtualised list that scrolled or sorted out of view)
// stay one more commit, hidden, and are removed in a task of their own.
//
// Why: removing an element from script detaches its boxes there and then. Under a profiler that
// records invalidations with the script's stack (Lighthouse does), each box detached is an event
// carrying the whole React commit's stack (about 160 frames), so replacing the 19 rows on screen was a
// 150–300 ms task of stacks (docs/decisions/010). A hidden element's boxes are detached by the
// browser's own style pass, outside script, and removing an element that has no boxes records nothing.
// Without a profiler the work is the same, split over two short tasks instead of one.
//
// The hidden items keep their place among the others (see `mergeLeaving`), so React neither moves
// nor re-creates a DOM node to hide it: the only change to a leaving element is its `hidden` attribute.
import { useEffect, useLayoutEffect, useRef, useState } from 'react';

export interface Placed<T> {
  key: string;
  item: T;
  /** Left the window: render it hidden; it is gone after the next task. */
  leaving: boolean;
}

/**
 * The order to render: every key of `current` in its order, with each key of `before` that is not in
 * `current` (a leaving one) kept right after the key that preceded it in `before`, so the elements
 * already on the page keep their relative order (React moves none of them). A leaving key whose
 * predecessors all left too goes first.
 */
export function mergeLeaving(before: readonly string[], current: readonly string[]): string[] {
  const now = new Set(current);
  // Leaving keys grouped behind the last key of `before` still present (or '' for none).
  const behind = new Map<string, string[]>();
  let anchor = '';
  for (const k of before) {
    if (now.has(k)) anchor = k;
    else behind.set(anchor, [...(behind.get(anchor) ?? []), k]);
  }
  const out = [...(behind.get('') ?? [])];
  for (const k of current) {
    out.push(k);
    const after = behind.get(k);
    if (after) out.push(...after);
  }
  return out;
}

interface State<T> {
  /** The keys of `current` when the order was last computed (to notice a change in render). */
  sig: string;
  order: string[];
  /** The leaving items, as they were last drawn. */
  leaving: Map<string, T>;
}

/**
 * `items` in order, followed through time: each item that was here on the last change and is not now
 * is returned with `leaving: true` until the next task, in its old place, as it was last drawn.
 */
export function useLeavingItems<T>(items: readonly T[], keyOf: (item: T) => string): Placed<T>[] {
  const keys = items.map(keyOf);
  const sig = keys.join('\n');
  const fresh = new Map(items.map((it, i) => [keys[i] ?? '', it]));
  // What the last commit drew, so an item that leaves is drawn hidden exactly as it was.
  const drawn = useRef(fresh);
  useLayoutEffect(() => {
    drawn.current = fresh;
  });
  const [state, setState] = useState<State<T>>(() => ({ sig, order: keys, leaving: new Map() }));
  let current = state;
  if (state.sig !== sig) {
    // Derived from the last committed order during render (React's pattern for state that follows props).
    const order = mergeLeaving(state.order, keys);
    const leaving = new Map<string, T>();
    for (const k of order) {
      if (fresh.has(k)) continue;
      // A leaving item is drawn as the last commit drew it, which only a ref written after commit holds
      // (state would need a render per data change to follow it). Read here, in the render that
      // notices the keys changed, and never otherwise.
      // eslint-disable-next-line react-hooks/refs -- see above
      const it = state.leaving.get(k) ?? drawn.current.get(k);
      if (it !== undefined) leaving.set(k, it);
    }
    current = { sig, order: order.filter((k) => fresh.has(k) || leaving.has(k)), leaving };
    setState(current);
  }
  const hasLeaving = current.leaving.size > 0;
  useEffect(() => {
    if (!hasLeaving) return;
    const t = setTimeout(() =>
      setState((s) =>
        s.leaving.size === 0
          ? s
          : { ...s, order: s.order.filter((k) => !s.leaving.has(k)), leaving: new Map() },
      ),
    );
    return () => clearTimeout(t);
  }, [hasLeaving, current.sig]);
  const out: Placed<T>[] = [];
  for (const key of current.order) {
    const now = fresh.get(key);
    if (now !== undefined) out.push({ key, item: now, leaving: false });
    else {
      const was = current.leaving.get(key);
      if (was !== undefined) out.push({ key, item: was, leaving: true });
    }
  }
  return out;
}
