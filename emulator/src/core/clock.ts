// Simulated time. Durations are Azure durations divided by the speed S; timestamps stay wall-clock.
// A pending sleep is re-planned when S changes, so `POST /_local/time` takes effect mid-build.
import type { Clock } from './types.ts';

interface Sleeper {
  /** Azure milliseconds still to wait. */
  remaining: number;
  /** Real time at which `remaining` was last computed. */
  since: number;
  timer: NodeJS.Timeout | undefined;
  resolve(): void;
}

export class ScaledClock implements Clock {
  private s: number;
  private readonly sleepers = new Set<Sleeper>();

  constructor(speed: number) {
    this.s = speed > 0 ? speed : 1;
  }

  now(): Date {
    return new Date();
  }

  speed(): number {
    return this.s;
  }

  setSpeed(speed: number): void {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a positive number');
    const t = Date.now();
    for (const z of this.sleepers) {
      z.remaining = Math.max(0, z.remaining - (t - z.since) * this.s);
      z.since = t;
    }
    this.s = speed;
    for (const z of this.sleepers) this.arm(z);
  }

  sleep(azureMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
        return;
      }
      const z: Sleeper = {
        remaining: Math.max(0, azureMs),
        since: Date.now(),
        timer: undefined,
        resolve: () => {
          this.sleepers.delete(z);
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        if (z.timer) clearTimeout(z.timer);
        this.sleepers.delete(z);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.sleepers.add(z);
      this.arm(z);
    });
  }

  retryAfterSeconds(azureSeconds: number): number {
    return Math.max(1, Math.round(azureSeconds / this.s));
  }

  private arm(z: Sleeper): void {
    if (z.timer) clearTimeout(z.timer);
    z.timer = setTimeout(() => z.resolve(), Math.ceil(z.remaining / this.s));
  }
}
