// Simulated time. Durations are Azure durations divided by the speed S; timestamps stay wall-clock.
// A pending sleep is re-planned when S changes, so `POST /_local/time` takes effect mid-build.
//
// The clock also keeps the world's own time (`azureTime`: Azure milliseconds since the world began, at
// the speed of the moment; it stands still while local Azure is down) and the jobs scheduled on it
// (`after`): named, with JSON arguments, so they are saved with the world and run after a restart.
import type { Clock, JobArgs, SavedJob } from './types.ts';

interface Sleeper {
  /** Azure milliseconds still to wait. */
  remaining: number;
  /** Real time at which `remaining` was last computed. */
  since: number;
  timer: NodeJS.Timeout | undefined;
  resolve(): void;
}

interface Job {
  kind: string;
  args: JobArgs;
  /** World time (azureTime) at which it runs. */
  due: number;
  stop: AbortController;
}

type JobHandler = (args: JobArgs) => void | Promise<void>;

export class ScaledClock implements Clock {
  private s: number;
  private readonly sleepers = new Set<Sleeper>();
  /** World time at `baseReal`. */
  private base: number;
  private baseReal = Date.now();
  private readonly jobs = new Set<Job>();
  private readonly handlers = new Map<string, JobHandler>();

  constructor(speed: number, azureTime = 0) {
    this.s = speed > 0 ? speed : 1;
    this.base = azureTime;
  }

  now(): Date {
    return new Date();
  }

  speed(): number {
    return this.s;
  }

  azureTime(): number {
    return this.base + (Date.now() - this.baseReal) * this.s;
  }

  setSpeed(speed: number): void {
    if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError('speed must be a positive number');
    const t = Date.now();
    this.base = this.azureTime();
    this.baseReal = t;
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

  handle(kind: string, fn: JobHandler): void {
    this.handlers.set(kind, fn);
  }

  after(azureMs: number, kind: string, args: JobArgs): void {
    const job: Job = {
      kind,
      args: { ...args },
      due: this.azureTime() + Math.max(0, azureMs),
      stop: new AbortController(),
    };
    this.jobs.add(job);
    this.sleep(Math.max(0, azureMs), job.stop.signal)
      .then(async () => {
        this.jobs.delete(job);
        const fn = this.handlers.get(kind);
        if (!fn) console.warn(`local Azure: no handler for the scheduled job '${kind}'`);
        // The world may have been reset or changed under the job: it finds nothing to do then.
        else await fn(job.args);
      })
      .catch(() => this.jobs.delete(job));
  }

  /** The jobs still to run, with the world time each has left (saved with the world). */
  pendingJobs(): SavedJob[] {
    const t = this.azureTime();
    return [...this.jobs].map((j) => ({
      kind: j.kind,
      args: { ...j.args },
      remainingMs: Math.max(0, j.due - t),
    }));
  }

  /** Schedules saved jobs again, each with the time it had left. */
  restoreJobs(jobs: readonly SavedJob[]): void {
    for (const j of jobs) this.after(j.remainingMs, j.kind, j.args);
  }

  /** Drops every scheduled job (a world reset, or local Azure going down). */
  cancelJobs(): void {
    for (const j of this.jobs) j.stop.abort(new Error('canceled'));
    this.jobs.clear();
  }

  private arm(z: Sleeper): void {
    if (z.timer) clearTimeout(z.timer);
    z.timer = setTimeout(() => z.resolve(), Math.ceil(z.remaining / this.s));
  }
}
