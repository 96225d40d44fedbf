// Resource Graph's per-user quota: a number of queries per window per principal (15 per 5 seconds
// by default). Every answer says what is left (`x-ms-user-quota-remaining`) and when the window
// resets (`x-ms-user-quota-resets-after`, hh:mm:ss); a query beyond the quota gets 429 RateLimiting.
// Windows run on wall-clock time (the time scale is about builds, not about throttling).

export const QUOTA_PER_WINDOW = 15;
export const QUOTA_WINDOW_MS = 5_000;

interface Window {
  used: number;
  resetsAt: number;
}

function hhmmss(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
}

export class UserQuota {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit = QUOTA_PER_WINDOW,
    private readonly windowMs = QUOTA_WINDOW_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one query for `principal`: whether it may run, and the headers to answer with. */
  take(principal: string): { allowed: boolean; headers: Record<string, string> } {
    const t = this.now();
    let w = this.windows.get(principal);
    if (!w || w.resetsAt <= t) {
      w = { used: 0, resetsAt: t + this.windowMs };
      this.windows.set(principal, w);
    }
    const allowed = w.used < this.limit;
    if (allowed) w.used++;
    const remaining = String(this.limit - w.used);
    return {
      allowed,
      headers: {
        'x-ms-user-quota-remaining': remaining,
        'x-ms-user-quota-resets-after': hhmmss(w.resetsAt - t),
        'x-ms-ratelimit-remaining-tenant-resource-requests': remaining,
      },
    };
  }
}
