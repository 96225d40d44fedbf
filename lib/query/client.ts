// QueryClient defaults in one place. Retries happen in the SDK pipeline only
// (docs/azure/resource-manager.md, Throttling and retries): TanStack retries are off, except the one case the pipeline does not
// handle, a 429 without Retry-After, which gets Kiln's own backoff.
import { QueryClient, type Query } from '@tanstack/react-query';
import { toArmError } from '@/lib/azure/errors';

const UNHINTED_THROTTLE_RETRIES = 2;

export function shouldRetry(failureCount: number, error: unknown): boolean {
  const e = toArmError(error);
  return e.status === 429 && e.retryAfterSeconds === undefined && failureCount < UNHINTED_THROTTLE_RETRIES;
}

export function throttleBackoffMs(failureCount: number): number {
  return Math.min(60_000, 5_000 * 2 ** failureCount);
}

export function makeQueryClient(): QueryClient {
  return new QueryClient({
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
 * A refetchInterval for polling: `baseMs` while `isActive(data)`, nothing once inactive (a terminal
 * run), and a growing interval after errors (a throttled or failing subscription backs off instead of
 * hammering). TanStack only fires intervals while the window is focused/visible by default.
 */
export function adaptiveInterval<T>(baseMs: number, isActive: (data: T | undefined) => boolean) {
  return (query: Query<T, Error, T, readonly unknown[]>): number | false => {
    const errors = query.state.fetchFailureCount;
    if (query.state.status === 'error' || errors > 0) {
      const e = toArmError(query.state.error);
      // Gone or forbidden: asking again will not change the answer.
      if (e.status === 404 || e.status === 403 || e.status === 401) return false;
      const hinted = e.retryAfterSeconds !== undefined ? e.retryAfterSeconds * 1000 : 0;
      return Math.max(hinted, Math.min(5 * 60_000, baseMs * 2 ** Math.max(1, errors)));
    }
    return isActive(query.state.data) ? baseMs : false;
  };
}
