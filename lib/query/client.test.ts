import type { Query, QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import {
  adaptiveInterval,
  makeQueryClient,
  MAX_POLL_BACKOFF_MS,
  readHealth,
  recoveryInterval,
  shouldRetry,
  throttleBackoffMs,
} from './client';

const err = (statusCode: number, retryAfter?: string) =>
  Object.assign(new Error('x'), {
    statusCode,
    code: 'X',
    response: { headers: { get: (n: string) => (n === 'retry-after' ? retryAfter : undefined) } },
  });

describe('query retry policy', () => {
  it('never retries what the SDK pipeline already retried', () => {
    expect(shouldRetry(0, err(500))).toBe(false);
    expect(shouldRetry(0, err(429, '3'))).toBe(false);
    expect(shouldRetry(0, err(403))).toBe(false);
  });
  it('backs off a 429 without Retry-After, twice at most', () => {
    expect(shouldRetry(0, err(429))).toBe(true);
    expect(shouldRetry(1, err(429))).toBe(true);
    expect(shouldRetry(2, err(429))).toBe(false);
    expect(throttleBackoffMs(0)).toBe(5000);
    expect(throttleBackoffMs(1)).toBe(10000);
  });
});

type Q = Query<string, Error, string, readonly unknown[]>;

/** Runs one read of `key` that ends in `outcome` (an error object is thrown, a string is returned). */
async function read(client: QueryClient, key: string[], outcome: unknown): Promise<Q> {
  await client
    .fetchQuery({
      queryKey: key,
      queryFn: async () => {
        if (typeof outcome === 'string') return outcome;
        throw outcome;
      },
      retry: false,
      staleTime: 0,
    })
    .catch(() => undefined);
  const q = client.getQueryCache().find({ queryKey: key, exact: true });
  if (!q) throw new Error('no query');
  return q as unknown as Q;
}

describe('polling after failures', () => {
  const BASE = 15_000;
  const poll = adaptiveInterval<string>(BASE, () => true);

  it('backs off further on every consecutive failure, past 2 × the interval, up to the cap', async () => {
    const client = makeQueryClient();
    const key = ['arm', 'poll'];
    let q = await read(client, key, 'first answer');
    expect(poll(q)).toBe(BASE);
    const seen: (number | false)[] = [];
    for (let i = 0; i < 6; i++) {
      q = await read(client, key, err(503));
      seen.push(poll(q));
    }
    expect(seen).toEqual([30_000, 60_000, 120_000, 240_000, MAX_POLL_BACKOFF_MS, MAX_POLL_BACKOFF_MS]);
    // The last good data is still there.
    expect(q.state.data).toBe('first answer');
    expect(readHealth(q).failures).toBe(6);
    // One good answer and it is back to the normal interval.
    q = await read(client, key, 'again');
    expect(poll(q)).toBe(BASE);
    expect(readHealth(q).failures).toBe(0);
    expect(readHealth(q).heardAt).toBeGreaterThan(0);
  });

  it('times the read under way from when it was sent, and forgets the time once it answers or fails', async () => {
    const client = makeQueryClient();
    const key = ['arm', 'slow'];
    let answer: (v: string) => void = () => undefined;
    const before = Date.now();
    const pending = client.fetchQuery({
      queryKey: key,
      queryFn: () => new Promise<string>((r) => (answer = r)),
    });
    const q = client.getQueryCache().find({ queryKey: key, exact: true });
    expect(readHealth(q).askedAt).toBeGreaterThanOrEqual(before);
    answer('late');
    await pending;
    expect(readHealth(q).askedAt).toBeUndefined();
    await client
      .fetchQuery({ queryKey: key, queryFn: () => Promise.reject(err(503)), staleTime: 0 })
      .catch(() => undefined);
    expect(readHealth(q).failures).toBe(1);
    expect(readHealth(q).askedAt).toBeUndefined();
  });

  it('waits at least ARM’s Retry-After and stops for answers that will not change', async () => {
    const client = makeQueryClient();
    expect(poll(await read(client, ['arm', 'a'], err(429, '120')))).toBe(120_000);
    expect(poll(await read(client, ['arm', 'b'], err(404)))).toBe(false);
    expect(poll(await read(client, ['arm', 'c'], err(403)))).toBe(false);
  });

  it('a list that failed on a hinted 429 reads again by itself once Retry-After has passed', async () => {
    const client = makeQueryClient();
    const recover = recoveryInterval<string>();
    let q = await read(client, ['arm', 'list'], err(429, '7'));
    expect(recover(q)).toBe(7_000);
    q = await read(client, ['arm', 'list'], err(503));
    expect(recover(q)).toBe(10_000);
    q = await read(client, ['arm', 'list'], 'rows');
    expect(recover(q)).toBe(false);
    expect(recover(await read(client, ['arm', 'gone'], err(403)))).toBe(false);
  });
});

describe('polling that slows down while nothing changes', () => {
  const BASE = 30_000;
  const poll = adaptiveInterval<string>(BASE, () => true, {
    fingerprint: (log) => String(log.length),
    maxFactor: 4,
  });

  it('doubles the wait on each unchanged read up to the cap, and is back to the base on a change', async () => {
    const client = makeQueryClient();
    const key = ['arm', 'log'];
    const seen: (number | false)[] = [];
    for (const log of ['a', 'a', 'a', 'a', 'ab', 'ab']) seen.push(poll(await read(client, key, log)));
    expect(seen).toEqual([BASE, 2 * BASE, 4 * BASE, 4 * BASE, BASE, 2 * BASE]);
  });

  it('judges each read once, however often the interval is asked for', async () => {
    const client = makeQueryClient();
    const q = await read(client, ['arm', 'once'], 'x');
    expect([poll(q), poll(q), poll(q)]).toEqual([BASE, BASE, BASE]);
    const again = await read(client, ['arm', 'once'], 'x');
    expect([poll(again), poll(again)]).toEqual([2 * BASE, 2 * BASE]);
  });

  it('a failure still backs off by the failure rule, and stops when inactive', async () => {
    const client = makeQueryClient();
    await read(client, ['arm', 'f'], 'x');
    expect(poll(await read(client, ['arm', 'f'], err(503)))).toBe(2 * BASE);
    const inactive = adaptiveInterval<string>(BASE, () => false, { fingerprint: (s) => s, maxFactor: 4 });
    expect(inactive(await read(client, ['arm', 'g'], 'x'))).toBe(false);
  });
});
