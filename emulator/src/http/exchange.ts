// One ARM request as it moves through the pipeline's steps (pipeline.ts declares their order). Each step
// reads what the steps before it established and either answers the request or adds what it learned.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArmResponse, Caller } from '../core/types.ts';
import type { Authorizer } from '../auth/rbac.ts';
import type { PipelineDeps } from './pipeline.ts';
import type { RateLimits } from './rate-limits.ts';
import type { RouteMatch } from './router.ts';
import { subscriptionOf } from './resource-path.ts';

export interface Ids {
  requestId: string;
  correlationId: string;
  clientRequestId?: string;
}

export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly deps: PipelineDeps;
  readonly limits: RateLimits;
  readonly ids: Ids;
  /** The request URL with repeated slashes collapsed. */
  readonly url: URL;
  /** Upper-cased method. */
  readonly method: string;
  /**
   * The path without trailing slashes ('/' at least); percent-decoded once by the first ARM step
   * (normalisePath) — routing, authorization and lookups all read this one value.
   */
  path: string;
  /** Lower-cased header names, repeated values joined. */
  readonly headers: Record<string, string | undefined>;
  bodyText: string;
  body?: unknown;
  caller?: Caller;
  apiVersion?: string;
  authz?: Authorizer;
  /** The route chosen for method and api-version. */
  route?: RouteMatch;
  /** The scope the route's action is checked at (and the activity log names). */
  scope?: string;
  /** Set by the step that answers; the remaining checks are skipped. */
  response?: ArmResponse;
  /** Long-running operations the handler started. */
  readonly lroIds: string[];
  /** The handler wrote its own activity log entries. */
  selfRecorded: boolean;
  /** When the handler started (the activity log's "Started" timestamp). */
  startedAt: Date;
}

/** What a step did: answered the request (the pipeline stops) or passed it on. */
export type Outcome = 'answered' | 'next';
export type Step = (x: Exchange) => Outcome | Promise<Outcome>;

/** A value an earlier step establishes; its absence is a mistake in the step order. */
export function established<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`pipeline order: ${what} is not established yet`);
  return value;
}

export function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string>,
  head = false,
): void {
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  if (body === undefined || status === 204 || status === 304) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(head ? undefined : text);
}

/** The ids every answer carries, even those sent before the request reached ARM proper. */
export function idHeaders(ids: Ids): Record<string, string> {
  return { 'x-ms-request-id': ids.requestId, 'x-ms-correlation-request-id': ids.correlationId };
}

/** Headers of every ARM answer: ids, routing id, client id and the rate-limit counters. */
export function commonHeaders(x: Exchange): Record<string, string> {
  const { ids } = x;
  return {
    ...idHeaders(ids),
    'x-ms-routing-request-id': `LOCAL:${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z:${ids.requestId}`,
    ...(ids.clientRequestId ? { 'x-ms-client-request-id': ids.clientRequestId } : {}),
    ...x.limits.headers(subscriptionOf(x.path), x.caller?.objectId ?? 'anonymous', x.method),
  };
}

export function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
