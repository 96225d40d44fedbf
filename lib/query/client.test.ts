import { describe, expect, it } from 'vitest';
import { shouldRetry, throttleBackoffMs } from './client';

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
