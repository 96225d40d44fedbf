'use client';
// What a polled view tells the user about its own freshness (docs/reliability.md, "last good data"):
// when Resource Manager last answered, how many refreshes in a row failed and why, and when the next
// one happens. Computed from the query's cache entry (readHealth) and the same backoff the polling uses.
import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { type ArmError, toArmError } from '@/lib/azure/errors';
import { nextReadDelayMs, readHealth } from './client';

export interface ReadStatus {
  /** When Resource Manager last answered (ms); 0 when it never did in this session. */
  heardAt: number;
  /** Refreshes that failed in a row since then. */
  failures: number;
  /** Why the last refresh failed (when failures > 0). */
  error: ArmError | undefined;
  /** When the next read is due (ms), when one is planned after a failure. */
  retryAt: number | undefined;
  /** A read is under way. */
  fetching: boolean;
  /** When the read under way was sent (ms), if one is. */
  askedAt: number | undefined;
}

interface ResultLike {
  dataUpdatedAt: number;
  errorUpdatedAt: number;
  error: unknown;
  isFetching: boolean;
}

/** The read status of the query `queryKey`, whose hook result is `result` (re-rendered with it). */
export function useReadStatus(queryKey: QueryKey, result: ResultLike, baseMs: number): ReadStatus {
  const client = useQueryClient();
  const query = client.getQueryCache().find({ queryKey, exact: true });
  const h = readHealth(query);
  const failures =
    h.failures > 0 ? h.failures : result.error && result.errorUpdatedAt > result.dataUpdatedAt ? 1 : 0;
  const delay = failures > 0 ? nextReadDelayMs(baseMs, failures, result.error) : false;
  return {
    heardAt: h.heardAt || result.dataUpdatedAt,
    failures,
    error: failures > 0 ? toArmError(result.error) : undefined,
    retryAt: delay === false ? undefined : result.errorUpdatedAt + delay,
    fetching: result.isFetching,
    askedAt: result.isFetching ? h.askedAt : undefined,
  };
}
