'use client';
import { useCallback, useSyncExternalStore } from 'react';

/**
 * One clock per interval for the whole page. The running build's page shows five ticking figures (the
 * elapsed time, the estimate, three "last heard" notes): with a timer each they re-rendered in five
 * tasks a second, and each timer was set up in the page's first effects. Now every figure with the same
 * interval reads the same clock, ticked by one timer that runs while any of them is on screen, so they
 * also agree with each other.
 */
interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | undefined;
}

const clocks = new Map<number, Clock>();

function clockOf(intervalMs: number): Clock {
  let c = clocks.get(intervalMs);
  if (!c) {
    c = { now: Date.now(), listeners: new Set(), timer: undefined };
    clocks.set(intervalMs, c);
  }
  return c;
}

function tick(c: Clock): void {
  c.now = Date.now();
  for (const l of c.listeners) l();
}

/**
 * The clock's time. A clock nobody watches stands still; the first figure to show it again starts from
 * the current time (set here, in the render, so it is never drawn with the stale time first).
 */
function read(c: Clock, intervalMs: number): number {
  if (c.timer === undefined && Date.now() - c.now >= Math.min(intervalMs, 1000)) c.now = Date.now();
  return c.now;
}

function subscribe(intervalMs: number, listener: () => void): () => void {
  const c = clockOf(intervalMs);
  c.listeners.add(listener);
  if (c.timer === undefined) {
    c.timer = setInterval(() => tick(c), intervalMs);
  }
  return () => {
    c.listeners.delete(listener);
    if (c.listeners.size === 0) {
      clearInterval(c.timer);
      c.timer = undefined;
    }
  };
}

/** The current time, refreshed every `intervalMs` (for "3 min ago" and elapsed clocks). */
export function useNow(intervalMs = 30_000): number {
  const c = clockOf(intervalMs);
  const watch = useCallback((listener: () => void) => subscribe(intervalMs, listener), [intervalMs]);
  return useSyncExternalStore(
    watch,
    () => read(c, intervalMs),
    () => c.now,
  );
}
