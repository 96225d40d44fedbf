// Reads from Resource Manager are given up after the configured read timeout (a hung ARM must not
// look like a healthy build) and cancelled with the query that asked: TanStack aborts a query's signal
// when the last page that used it goes away.
import { kilnConfig } from './config';

/** Thrown by withReadTimeout when Resource Manager did not answer in time (toArmError: `Timeout`). */
export class ReadTimeoutError extends Error {
  override name = 'ReadTimeoutError';
  constructor(readonly timeoutMs: number) {
    super(`Resource Manager did not answer within ${Math.round(timeoutMs / 1000)} s.`);
  }
}

/**
 * Runs a read with an abort signal that fires after the read timeout or when `signal` (the query's)
 * aborts. A timeout becomes ReadTimeoutError; a cancellation stays the SDK's AbortError (TanStack
 * reverts a cancelled query to its last data).
 */
export async function withReadTimeout<T>(
  signal: AbortSignal | undefined,
  read: (abortSignal: AbortSignal) => Promise<T>,
  timeoutMs: number = kilnConfig().readTimeoutMs,
): Promise<T> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  try {
    return await read(combined);
  } catch (e) {
    if (timeout.aborted && !signal?.aborted) throw new ReadTimeoutError(timeoutMs);
    throw e;
  }
}
