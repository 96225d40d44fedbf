// A streamed list's pages, handed on in batches. Each page a stream yields becomes a cache update and a
// render of the whole list; at 5,000 templates that is 50-odd renders of every row in three seconds,
// each a main-thread task long enough to block input. The first page goes on at once (the first rows
// show as soon as they arrive); later pages that arrive within `windowMs` of the last hand-over go on
// together, and nothing waits longer than `windowMs` once it is in. `null` (the list is complete) ends
// the batch in hand and is passed on as is.

/** Lists hand their pages on at most about this often while they stream in. */
export const PAGE_BATCH_MS = 250;

const sleep = (ms: number): Promise<'timer'> =>
  new Promise((resolve) => setTimeout(() => resolve('timer'), ms));

export async function* coalescePages<T>(
  pages: AsyncIterable<T[] | null>,
  windowMs: number,
  now: () => number = () => performance.now(),
): AsyncGenerator<T[] | null> {
  const it = pages[Symbol.asyncIterator]();
  let batch: T[] | undefined;
  let handedAt = -Infinity;
  let next = it.next();
  try {
    for (;;) {
      const wait = batch === undefined ? undefined : Math.max(0, handedAt + windowMs - now());
      const r = wait === undefined ? await next : await Promise.race([next, sleep(wait)]);
      if (r === 'timer') {
        if (batch !== undefined) yield batch;
        batch = undefined;
        handedAt = now();
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
      batch = batch === undefined ? r.value : batch.concat(r.value);
      if (now() - handedAt >= windowMs) {
        yield batch;
        batch = undefined;
        handedAt = now();
      }
    }
    if (batch !== undefined) yield batch;
  } finally {
    await it.return?.();
  }
}
