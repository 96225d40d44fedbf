// QueryClient defaults in one place. Retries happen in the SDK pipeline only
// (docs/azure/resource-manager.md, Throttling and retries): TanStack retries are off, except the one case the pipeline does not
// handle, a 429 without Retry-After, which gets Kiln's own backoff.
//
// Polling (docs/reliability.md): a polled view keeps its last good data when a refresh fails; the
// next refresh waits longer after each consecutive failure (the streak is counted here, from the
// query cache's own success/error events: TanStack's fetchFailureCount restarts at every fetch, so it
// never passes 1 without TanStack retries) and never less than ARM's Retry-After.
import { QueryCache, QueryClient, type Query, timeoutManager } from '@tanstack/react-query';
import { isFinalError, toArmError } from '@/lib/azure/errors';
import { coalescedTimers } from './coalesced-timers';

const UNHINTED_THROTTLE_RETRIES = 2;
/** The longest a polled or recovering view waits between two reads. */
export const MAX_POLL_BACKOFF_MS = 5 * 60_000;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  const e = toArmError(error);
  return e.status === 429 && e.retryAfterSeconds === undefined && failureCount < UNHINTED_THROTTLE_RETRIES;
}

export function throttleBackoffMs(failureCount: number): number {
  return Math.min(60_000, 5_000 * 2 ** failureCount);
}

/** What the cache knows about one query's reads beyond TanStack's state. */
export interface ReadHealth {
  /** Failed fetches since the last successful one. */
  failures: number;
  /** When Resource Manager last answered this query successfully (ms), 0 before the first answer. */
  heardAt: number;
  /** When the read under way was sent (ms); undefined once it has answered or failed. */
  askedAt?: number;
}

const health = new WeakMap<object, ReadHealth>();

/** The read health of a query (a fresh query: no failures, never heard). */
export function readHealth(query: object | undefined): ReadHealth {
  return (query && health.get(query)) ?? { failures: 0, heardAt: 0 };
}

/** The query cache that counts consecutive failures per query and times the read under way (readHealth). */
export function makeQueryCache(): QueryCache {
  const cache = new QueryCache({
    onError: (_e, q) => {
      const h = readHealth(q);
      health.set(q, { failures: h.failures + 1, heardAt: h.heardAt });
    },
    onSuccess: (_d, q) => health.set(q, { failures: 0, heardAt: Date.now() }),
  });
  // TanStack keeps no time for a fetch's start; its 'fetch' action, which the cache passes to its
  // listeners as it happens, marks one.
  cache.subscribe((e) => {
    if (e.type === 'updated' && e.action.type === 'fetch' && e.query.state.fetchStatus === 'fetching') {
      health.set(e.query, { ...readHealth(e.query), askedAt: Date.now() });
    }
  });
  return cache;
}

/** The timers every query uses, set before the first client makes any (lib/query/coalesced-timers.ts). */
const timers = coalescedTimers();

export function makeQueryClient(): QueryClient {
  timeoutManager.setTimeoutProvider(timers);
  return new QueryClient({
    queryCache: makeQueryCache(),
    defaultOptions: {
      queries: {
        retry: shouldRetry,
        retryDelay: throttleBackoffMs,
        staleTime: 30_000,
        gcTime: 10 * 60_000,
        // A person coming back to the tab sees fresh state; stale-time keeps it cheap.
        refetchOnWindowFocus: true,
        refetchOnReconnect: true,
      },
      // Actions are sent once (no pipeline retry either: lib/azure actionClients).
      mutations: { retry: 0 },
    },
  });
}

/**
 * How long to wait before the next read after `failures` consecutive failures ending in `error`:
 * `baseMs` × 2^failures, at most MAX_POLL_BACKOFF_MS, never less than ARM's Retry-After; `false`
 * when asking again cannot change the answer (gone, forbidden, signed out, a refused link).
 */
export function nextReadDelayMs(baseMs: number, failures: number, error: unknown): number | false {
  if (failures <= 0) return baseMs;
  const e = toArmError(error);
  if (isFinalError(e)) return false;
  const hinted = e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : 0;
  return Math.max(hinted, Math.min(MAX_POLL_BACKOFF_MS, baseMs * 2 ** failures));
}

type AnyQuery<T> = Query<T, Error, T, readonly unknown[]>;

/**
 * A refetchInterval for polling: `baseMs` while `isActive(data)`, nothing once inactive (a terminal
 * run), and a growing interval after consecutive failures (a throttled or failing subscription backs
 * off instead of hammering) — also for a view that is not polled otherwise, so a list that failed on
 * a 429 or a 503 reads again by itself once Retry-After has passed. TanStack only fires intervals
 * while the window is focused/visible by default.
 */
export function adaptiveInterval<T>(
  baseMs: number,
  isActive: (data: T | undefined) => boolean,
  quiet?: QuietBackoff<T>,
) {
  return (query: AnyQuery<T>): number | false => {
    // A query outside makeQueryCache's client has no streak: count its failed state as one.
    const failures = Math.max(readHealth(query).failures, query.state.status === 'error' ? 1 : 0);
    if (failures > 0) return nextReadDelayMs(baseMs, failures, query.state.error);
    if (!isActive(query.state.data)) return false;
    return quiet ? quietDelayMs(baseMs, quietReads(query, quiet.fingerprint), quiet.maxFactor) : baseMs;
  };
}

/**
 * Polling that slows down while nothing changes: `fingerprint` names what a reader would notice (a
 * log's length, a group's resources and their states); each read that brings the same fingerprint as
 * the one before doubles the wait, up to `maxFactor` × the base; a read with a new fingerprint (or a new
 * query: a new build phase is a new key) goes back to the base at once.
 */
export interface QuietBackoff<T> {
  fingerprint: (data: T) => string;
  maxFactor: number;
}

interface QuietState {
  /** TanStack's count of successful reads, so one read is judged once however often this is asked. */
  updateCount: number;
  fingerprint: string;
  unchanged: number;
}
const quietness = new WeakMap<object, QuietState>();

/** Consecutive reads of `query` whose fingerprint equalled the previous read's (0 after a change). */
export function quietReads<T>(query: AnyQuery<T>, fingerprint: (data: T) => string): number {
  const { data, dataUpdateCount } = query.state;
  if (data === undefined) return 0;
  const seen = quietness.get(query);
  if (seen && seen.updateCount === dataUpdateCount) return seen.unchanged;
  const print = fingerprint(data);
  const unchanged = seen && seen.fingerprint === print ? seen.unchanged + 1 : 0;
  quietness.set(query, { updateCount: dataUpdateCount, fingerprint: print, unchanged });
  return unchanged;
}

/** `baseMs` × 2^unchanged, at most `maxFactor` × `baseMs`. */
export function quietDelayMs(baseMs: number, unchanged: number, maxFactor: number): number {
  return Math.min(baseMs * maxFactor, baseMs * 2 ** Math.max(0, unchanged));
}

/** The first wait of a view that is read once and failed (then 2×, 4× … up to MAX_POLL_BACKOFF_MS). */
export const RECOVERY_BASE_MS = 5_000;

/**
 * How long a view that is read once (a list) waits after `failures` failed reads before reading again
 * by itself: ARM's Retry-After when it sent one (so a hinted 429 recovers as soon as it may), never
 * less than `baseMs` × 2^(failures − 1), capped; `false` when asking again cannot help.
 */
export function recoveryDelayMs(baseMs: number, failures: number, error: unknown): number | false {
  if (failures <= 0) return false;
  const e = toArmError(error);
  if (isFinalError(e)) return false;
  const hinted = e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : 0;
  return Math.max(hinted, Math.min(MAX_POLL_BACKOFF_MS, baseMs * 2 ** (failures - 1)));
}

/** A refetchInterval for a view that is read once: nothing while it is fine, recovery after a failure. */
export function recoveryInterval<T>(baseMs: number = RECOVERY_BASE_MS) {
  return (query: AnyQuery<T>): number | false => {
    const failures = Math.max(readHealth(query).failures, query.state.status === 'error' ? 1 : 0);
    return recoveryDelayMs(baseMs, failures, query.state.error);
  };
}
