import { describe, expect, it } from 'vitest';
import { toArmError } from './errors';
import { ReadTimeoutError, withReadTimeout } from './read-timeout';

/** A read that never answers, like a hung connection: it ends only when its signal aborts. */
function hung(signal: AbortSignal): Promise<string> {
  return new Promise((_, reject) =>
    signal.addEventListener('abort', () =>
      reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' })),
    ),
  );
}

describe('withReadTimeout', () => {
  it('gives up a read that does not answer, as a Timeout the page can show', async () => {
    const e: unknown = await withReadTimeout(undefined, hung, 20).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ReadTimeoutError);
    expect(toArmError(e)).toMatchObject({ status: 0, code: 'Timeout' });
  });
  it('cancels the read when the query is cancelled (navigation), without calling it a timeout', async () => {
    const nav = new AbortController();
    const pending = withReadTimeout(nav.signal, hung, 60_000).catch((x: unknown) => x);
    nav.abort();
    const e = await pending;
    expect(e).not.toBeInstanceOf(ReadTimeoutError);
    expect((e as Error).name).toBe('AbortError');
  });
  it('passes an answer through', async () => {
    expect(await withReadTimeout(undefined, async () => 'ok', 1000)).toBe('ok');
  });
});
