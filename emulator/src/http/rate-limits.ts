// ARM's x-ms-ratelimit-remaining-* headers: a budget per principal and subscription per hour
// (12,000 reads / 1,200 writes, ARM's classic limits). Informational only: local ARM never throttles
// on its own (use /_local/faults for 429s).

const READS = 12_000;
const WRITES = 1_200;
const WINDOW_MS = 3_600_000;

interface Bucket {
  reads: number;
  writes: number;
  reset: number;
}

export class RateLimits {
  private readonly buckets = new Map<string, Bucket>();

  headers(subscriptionId: string | undefined, principal: string, method: string): Record<string, string> {
    const key = `${subscriptionId ?? 'tenant'}|${principal}`;
    const now = Date.now();
    let b = this.buckets.get(key);
    if (!b || b.reset <= now) {
      b = { reads: READS, writes: WRITES, reset: now + WINDOW_MS };
      this.buckets.set(key, b);
    }
    const read = method === 'GET' || method === 'HEAD';
    if (read) b.reads = Math.max(0, b.reads - 1);
    else b.writes = Math.max(0, b.writes - 1);
    const scope = subscriptionId ? 'subscription' : 'tenant';
    return read
      ? { [`x-ms-ratelimit-remaining-${scope}-reads`]: String(b.reads) }
      : { [`x-ms-ratelimit-remaining-${scope}-writes`]: String(b.writes) };
  }
}
