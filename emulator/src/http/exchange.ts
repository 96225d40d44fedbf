// One ARM request as it moves through the pipeline's steps (pipeline.ts declares their order). Each step
// reads what the steps before it established and either answers the request or adds what it learned.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import type { ArmResponse, Caller } from '../core/types.ts';
import type { Authorizer } from '../auth/rbac.ts';
import type { FaultRule } from './faults.ts';
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
  /** A fault rule that acts on the answer, once ARM has carried the request out (`after`). */
  afterFault?: FaultRule;
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
  // As ARM: answers are never to be reused without asking again (browsers may still cache preflights).
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Pragma', 'no-cache');
  res.setHeader('Expires', '-1');
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.statusCode = status;
  if (body === undefined || status === 204 || status === 304) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  // Like ARM, JSON is compressed when the client accepts gzip (browsers, the SDK's Node client and the
  // Azure CLI all ask for it). Small bodies go as they are.
  const accepts = acceptsGzip(res.req?.headers['accept-encoding']);
  appendVary(res, 'Accept-Encoding');
  if (accepts && Buffer.byteLength(text) >= GZIP_MIN_BYTES) {
    const zipped = gzipSync(text);
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Content-Length', zipped.length);
    res.end(head ? undefined : zipped);
    return;
  }
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(head ? undefined : text);
}

/** Bodies below this size are sent uncompressed (the gzip header would outweigh the gain). */
export const GZIP_MIN_BYTES = 1024;

/** Whether an Accept-Encoding header allows gzip (`gzip` or `*`, with a q-value above 0). */
export function acceptsGzip(header: string | string[] | undefined): boolean {
  const value = Array.isArray(header) ? header.join(',') : (header ?? '');
  let gzip: number | undefined;
  let star: number | undefined;
  for (const part of value.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    const weight = Number.isFinite(q) ? q : 0;
    if (name.trim() === 'gzip') gzip = weight;
    else if (name.trim() === '*') star = weight;
  }
  return (gzip ?? star ?? 0) > 0;
}

function appendVary(res: ServerResponse, name: string): void {
  const current = res.getHeader('Vary');
  const list = (Array.isArray(current) ? current.join(',') : String(current ?? ''))
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
  if (!list.some((v) => v.toLowerCase() === name.toLowerCase())) list.push(name);
  res.setHeader('Vary', list.join(', '));
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
