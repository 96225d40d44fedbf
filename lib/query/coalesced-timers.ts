// One browser timer for TanStack Query's long timers (docs/architecture.md, "Query timers").
//
// Every query sets and clears timers as it is created, observed and read: garbage collection (10 min),
// staleness (30 s), the poll interval. A page that starts a dozen reads makes dozens of timer calls in
// the task that starts them, and under a performance trace each call is recorded with its stack
// (docs/decisions/010). TanStack Query lets the app supply the timers (`timeoutManager`, "a custom
// provider can implement coalescing"); this one keeps the long ones in a table served by a single
// browser timer set for the earliest of them. Setting a later timer or clearing any timer then costs
// no browser call. Short delays (retries, backoff) stay the browser's own timers.
//
// Times are read with Date.now(), which fake clocks (Vitest's, Playwright's) move together with the
// timers they fake.
import type { ManagedTimerId, TimeoutCallback, TimeoutProvider } from '@tanstack/react-query';

/** Delays from this long on share the one timer; shorter ones are the platform's own. */
export const COALESCE_FROM_MS = 1000;

interface Entry {
  due: number;
  callback: TimeoutCallback;
  /** Repeats every this many ms (an interval); undefined for a timeout. */
  every: number | undefined;
}

export interface CoalescedTimers extends TimeoutProvider<ManagedTimerId> {
  /** Timers waiting in the table (for tests). */
  readonly size: () => number;
}

export function coalescedTimers(): CoalescedTimers {
  // Table ids are negative, so they never meet the positive ids the browser gives its own timers.
  const entries = new Map<number, Entry>();
  let lastId = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timerDue = Number.POSITIVE_INFINITY;

  const arm = () => {
    let earliest = Number.POSITIVE_INFINITY;
    for (const e of entries.values()) earliest = Math.min(earliest, e.due);
    if (earliest === timerDue) return;
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    timerDue = earliest;
    if (earliest !== Number.POSITIVE_INFINITY) timer = setTimeout(fire, Math.max(0, earliest - Date.now()));
  };

  const fire = () => {
    timer = undefined;
    timerDue = Number.POSITIVE_INFINITY;
    const now = Date.now();
    // Due entries in the order they fall due (then the order they were set), each unless an earlier
    // callback cleared it.
    const due = [...entries].filter(([, e]) => e.due <= now).sort(([a, x], [b, y]) => x.due - y.due || b - a);
    for (const [id, e] of due) {
      if (entries.get(id) !== e) continue;
      if (e.every === undefined) entries.delete(id);
      // An interval that fell behind (a throttled tab) goes on from now, as the browser's does,
      // instead of firing again at once to catch up.
      else e.due = e.due + e.every > now ? e.due + e.every : now + e.every;
      try {
        e.callback();
      } catch (error) {
        // As an uncaught error in a timer of its own would be: reported, the other timers still run.
        report(error);
      }
    }
    arm();
  };

  const add = (callback: TimeoutCallback, delay: number, every: number | undefined): number => {
    lastId -= 1;
    const due = Date.now() + delay;
    entries.set(lastId, { due, callback, every });
    if (due < timerDue) arm();
    return lastId;
  };

  const remove = (id: ManagedTimerId | undefined): boolean => {
    if (typeof id !== 'number' || id >= 0) return false;
    // The browser timer stays: when it fires it finds nothing due and sets itself for the next one.
    entries.delete(id);
    return true;
  };

  const set =
    (repeat: boolean) =>
    (callback: TimeoutCallback, delay: number): ManagedTimerId => {
      if (delay >= COALESCE_FROM_MS) return add(callback, delay, repeat ? delay : undefined);
      return (repeat
        ? setInterval(callback, delay)
        : setTimeout(callback, delay)) as unknown as ManagedTimerId;
    };
  const clear =
    (repeat: boolean) =>
    (id: ManagedTimerId | undefined): void => {
      if (remove(id)) return;
      const platformId = id as Parameters<typeof clearTimeout>[0];
      if (repeat) clearInterval(platformId);
      else clearTimeout(platformId);
    };

  return {
    setTimeout: set(false),
    clearTimeout: clear(false),
    setInterval: set(true),
    clearInterval: clear(true),
    size: () => entries.size,
  };
}

function report(error: unknown): void {
  if (typeof globalThis.reportError === 'function') globalThis.reportError(error);
  else
    queueMicrotask(() => {
      throw error;
    });
}
