// Long-running operations: one status record per operation, served by the generic status routes
// (providers/resources-operations.ts): `…/operations/{id}` answers the Azure-AsyncOperation body,
// `…/operationResults/{id}` answers ARM's Location semantics (202 while running, 200/204 at the end).
import { randomUUID } from 'node:crypto';
import type { ActivityLog, Clock, Lro, OperationRecord, OperationStatus } from './types.ts';

/** What the pipeline attaches to an operation so its end lands in the Activity Log. */
export interface LroTracking {
  operationName: string;
  resourceId: string;
  caller: string;
  correlationId: string;
}

/** One operation as kept (and saved with the world). */
export interface LroEntry {
  record: OperationRecord;
  tracking?: LroTracking;
  /** Body a finished Location poll answers with (200); none → 204. */
  result?: unknown;
}

type StartOptions = Parameters<Lro['start']>[0];

/** Max operations kept; the oldest finished ones are dropped first. */
const MAX_OPS = 20_000;

export class MemoryLro implements Lro {
  private readonly ops = new Map<string, LroEntry>();
  /** Called after an operation starts or ends (the saver listens). */
  onChange: (() => void) | undefined = undefined;

  constructor(
    private readonly clock: Clock,
    private readonly activity?: ActivityLog,
  ) {}

  start(opts: StartOptions): { id: string; headers: Record<string, string> } {
    return this.startTracked(opts);
  }

  startTracked(opts: StartOptions, tracking?: LroTracking): { id: string; headers: Record<string, string> } {
    const id = randomUUID().toUpperCase();
    this.ops.set(id.toLowerCase(), {
      record: { name: id, status: 'InProgress', startTime: this.clock.now().toISOString() },
      ...(tracking ? { tracking } : {}),
    });
    this.trim();
    this.onChange?.();
    const base = opts.baseUrl.replace(/\/+$/, '');
    const path = opts.statusPath.replace(/\/+$/, '');
    const q = `?api-version=${encodeURIComponent(opts.apiVersion)}`;
    const headers: Record<string, string> = {
      'Azure-AsyncOperation': `${base}${path}/${id}${q}`,
      'Retry-After': String(this.clock.retryAfterSeconds(opts.retryAfterAzureSeconds ?? 15)),
    };
    if (opts.location) {
      const resultsPath = /\/operations$/i.test(path)
        ? path.replace(/\/operations$/i, '/operationResults')
        : path;
      headers.Location = `${base}${resultsPath}/${id}${q}`;
    }
    return { id, headers };
  }

  complete(
    id: string,
    status: Exclude<OperationStatus, 'InProgress'>,
    error?: { code: string; message: string },
  ): void {
    const e = this.ops.get(id.toLowerCase());
    if (!e || e.record.status !== 'InProgress') return;
    e.record = {
      ...e.record,
      status,
      endTime: this.clock.now().toISOString(),
      ...(error ? { error } : {}),
    };
    this.onChange?.();
    if (e.tracking && this.activity) {
      this.activity.record({
        operationName: e.tracking.operationName,
        resourceId: e.tracking.resourceId,
        caller: e.tracking.caller,
        correlationId: e.tracking.correlationId,
        status: status === 'Succeeded' ? 'Succeeded' : 'Failed',
        ...(status === 'Canceled' ? { subStatus: 'Canceled' } : {}),
        ...(error ? { properties: { statusCode: error.code, statusMessage: error.message } } : {}),
      });
    }
  }

  /** Attaches Activity Log tracking to a started operation (its end is recorded when it completes). */
  track(id: string, tracking: LroTracking): void {
    const e = this.ops.get(id.toLowerCase());
    if (e) e.tracking = tracking;
    this.onChange?.();
  }

  /** Sets the body a finished `operationResults` poll returns (e.g. the created resource). */
  setResult(id: string, result: unknown): void {
    const e = this.ops.get(id.toLowerCase());
    if (e) e.result = result;
    this.onChange?.();
  }

  get(id: string): OperationRecord | undefined {
    const e = this.ops.get(id.toLowerCase());
    return e ? structuredClone(e.record) : undefined;
  }

  result(id: string): unknown {
    return this.ops.get(id.toLowerCase())?.result;
  }

  clear(): void {
    this.ops.clear();
  }

  /** Every operation by lower-case id (copies), for the saved state. */
  dump(): Array<[string, LroEntry]> {
    return [...this.ops].map(([k, e]) => [k, structuredClone(e)]);
  }

  load(entries: ReadonlyArray<readonly [string, LroEntry]>): void {
    this.ops.clear();
    for (const [k, e] of entries) this.ops.set(k.toLowerCase(), structuredClone(e));
  }

  private trim(): void {
    if (this.ops.size <= MAX_OPS) return;
    for (const [k, v] of this.ops) {
      if (this.ops.size <= MAX_OPS) break;
      if (v.record.status !== 'InProgress') this.ops.delete(k);
    }
  }
}
