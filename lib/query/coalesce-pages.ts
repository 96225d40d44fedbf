// A streamed list's pages, handed on in batches. Each page a stream yields becomes a cache update and a
// commit of the rows on screen; at 5,000 templates that is 50-odd commits in three seconds, each a
// main-thread task long enough to block input (and under a profiler, whose invalidation tracking makes
// every DOM change dearer, far longer). So:
// - the first page of each stream goes on at once: the first rows show as soon as they arrive;
// - later pages wait for the next tick of a pacer that every stream of the page shares, so the
//   subscriptions streaming side by side hand their pages on together, in one commit; the pacer's
//   ticks slow down while streams keep coming (1 s, then every 2 s), so a long list makes a handful of
//   commits, not one per page;
// - `null` (the list is complete) goes on at once with the batch in hand, so a finished list does not
//   wait for a tick to say so.

/** The pacer's first interval; it doubles on each tick that follows another, up to PAGE_BATCH_MAX_MS. */
export const PAGE_BATCH_MS = 1000;
export const PAGE_BATCH_MAX_MS = 2000;

export interface PagePacer {
  /** Resolves at the next hand-over tick (one tick is shared by every stream waiting for it). */
  tick(): Promise<void>;
}

export interface PacerClock {
  now(): number;
  setTimer(fn: () => void, ms: number): void;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  setTimer: (fn, ms) => void setTimeout(fn, ms),
};

/**
 * A shared tick whose interval starts at `firstMs` and doubles, up to `maxMs`, for as long as each tick
 * is asked for within `maxMs` of the last one; after a quiet spell it starts from `firstMs` again.
 */
export function createPagePacer(
  firstMs = PAGE_BATCH_MS,
  maxMs = PAGE_BATCH_MAX_MS,
  clock: PacerClock = realClock,
): PagePacer {
  let pending: Promise<void> | undefined;
  let interval = 0;
  let lastTickAt = -Infinity;
  return {
    tick() {
      if (pending) return pending;
      const busy = clock.now() - lastTickAt <= maxMs;
      interval = busy && interval > 0 ? Math.min(maxMs, interval * 2) : firstMs;
      pending = new Promise<void>((resolve) =>
        clock.setTimer(() => {
          pending = undefined;
          lastTickAt = clock.now();
          resolve();
        }, interval),
      );
      return pending;
    },
  };
}

/** The pacer the template lists share (per-subscription lists and the Resource Graph list). */
export const listPacer = createPagePacer();

export async function* coalescePages<T>(
  pages: AsyncIterable<T[] | null>,
  pacer: PagePacer,
): AsyncGenerator<T[] | null> {
  const it = pages[Symbol.asyncIterator]();
  let batch: T[] | undefined;
  let first = true;
  let next = it.next();
  try {
    for (;;) {
      const r =
        batch === undefined
          ? await next
          : await Promise.race([next, pacer.tick().then(() => 'tick' as const)]);
      if (r === 'tick') {
        if (batch !== undefined) yield batch;
        batch = undefined;
        continue;
      }
      if (r.done) break;
      next = it.next();
      if (r.value === null) {
        if (batch !== undefined) yield batch;
        batch = undefined;
        yield null;
        continue;
      }
      if (first) {
        first = false;
        yield r.value;
        continue;
      }
      batch = batch === undefined ? r.value : batch.concat(r.value);
    }
    if (batch !== undefined) yield batch;
  } finally {
    await it.return?.();
  }
}
