// Failed sign-ins are throttled per account name and per client address: after
// ACCOUNT_LIMIT failures for one name, or ADDRESS_LIMIT from one address, within WINDOW_MS, further
// attempts are refused until the oldest of those failures is WINDOW_MS old. Names that are no
// account are counted exactly like real ones, so the throttle tells nothing about which names exist.
// A world reset clears it (the control API), so a test that trips it leaves nothing behind.

export const WINDOW_MS = 5 * 60_000;
export const ACCOUNT_LIMIT = 5;
export const ADDRESS_LIMIT = 20;
/** Bounds memory under a flood of made-up names: the oldest keys are forgotten first. */
const MAX_KEYS = 10_000;

export class SignInThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds until `account` from `address` may try again; 0 when it may try now. */
  retryAfter(account: string, address: string): number {
    const t = this.now();
    const wait = Math.max(
      this.waitFor(`account:${normalise(account)}`, ACCOUNT_LIMIT, t),
      this.waitFor(`address:${address}`, ADDRESS_LIMIT, t),
    );
    return wait > 0 ? Math.ceil(wait / 1000) : 0;
  }

  failed(account: string, address: string): void {
    const t = this.now();
    for (const key of [`account:${normalise(account)}`, `address:${address}`]) {
      const list = this.recent(key, t);
      list.push(t);
      this.failures.delete(key);
      this.failures.set(key, list);
    }
    while (this.failures.size > MAX_KEYS) {
      const oldest = this.failures.keys().next().value;
      if (oldest === undefined) break;
      this.failures.delete(oldest);
    }
  }

  /** A successful sign-in forgets that account's failures (not the address's). */
  succeeded(account: string): void {
    this.failures.delete(`account:${normalise(account)}`);
  }

  clear(): void {
    this.failures.clear();
  }

  private recent(key: string, t: number): number[] {
    return (this.failures.get(key) ?? []).filter((x) => t - x < WINDOW_MS);
  }

  private waitFor(key: string, limit: number, t: number): number {
    const list = this.recent(key, t);
    if (list.length < limit) return 0;
    const oldestThatCounts = list[list.length - limit] ?? t;
    return oldestThatCounts + WINDOW_MS - t;
  }
}

function normalise(account: string): string {
  return account.trim().toLowerCase();
}
