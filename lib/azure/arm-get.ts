// Thin ARM calls: a GET of one resource, a list followed page by page, or one PUT/DELETE, through the
// SDK's core pipeline (@azure/core-rest-pipeline) — the same bearer token and scope, retry policy (Retry-After
// honoured), HTTP client and error type (RestError, mapped by toArmError) as the generated clients —
// without loading a generated client or @azure/core-client. The template page reads a handful of
// network resources (@azure/arm-network is ~1.3 MB of script for those GETs), and the template list
// needs only two lists (subscriptions, image templates) on its first load.
//
// The generated clients flatten each resource's `properties` into the model (`subnet.addressPrefix`,
// not `subnet.properties.addressPrefix`); `flattenProperties` gives the same shape, so the SDK's model
// types describe the result.
import {
  bearerTokenAuthenticationPolicy,
  createPipelineFromOptions,
  createPipelineRequest,
  type Pipeline,
  RestError,
} from '@azure/core-rest-pipeline';
import { msalCredential } from '@/lib/auth/credential';
import { type ClientKind, coreClientOptions, type ReadKind } from './clients';
import { kilnConfig } from './config';
import { ArmLinkRefused, foreignHostRefused, parseJsonOnce } from './http-client';

const pipelines = new Map<string, Pipeline>();

/** One pipeline per endpoint and kind, built like the generated clients' (retry, then bearer token). */
function pipelineFor(kind: ClientKind): Pipeline {
  const options = coreClientOptions(kind);
  const key = `${options.endpoint}|${kind}`;
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    pipeline = createPipelineFromOptions({ retryOptions: options.retryOptions });
    pipeline.addPolicy(
      bearerTokenAuthenticationPolicy({ credential: msalCredential, scopes: options.credentialScopes }),
    );
    pipelines.set(key, pipeline);
  }
  return pipeline;
}

/** The URL of an ARM id (each path segment encoded) with its api-version. */
export function armUrl(endpoint: string, id: string, apiVersion: string): string {
  const path = id
    .split('/')
    .filter(Boolean)
    .map((s) => encodeURIComponent(s))
    .join('/');
  return `${endpoint.replace(/\/+$/, '')}/${path}?api-version=${encodeURIComponent(apiVersion)}`;
}

/** A JSON object (not an array, not null). */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * ARM JSON in the generated clients' shape: every `properties` object merged into its owner. Parts
 * without a `properties` object anywhere inside are returned as they are, not copied (a list page is
 * a hundred templates whose customizers, sources and distributions have none).
 */
export function flattenProperties(v: unknown): unknown {
  if (Array.isArray(v)) {
    const items = v.map(flattenProperties);
    return items.some((item, i) => item !== v[i]) ? items : v;
  }
  if (!isPlainObject(v)) return v;
  const nested = isPlainObject(v.properties) ? v.properties : undefined;
  const own = Object.entries(v)
    .filter(([k]) => !(k === 'properties' && nested))
    .map(([k, value]) => [k, flattenProperties(value), value] as const);
  if (!nested && own.every(([, flat, value]) => flat === value)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, flat] of own) out[k] = flat;
  if (nested)
    for (const [k, value] of Object.entries(nested)) if (!(k in out)) out[k] = flattenProperties(value);
  return out;
}

export interface ArmReadOptions {
  abortSignal?: AbortSignal;
  /** `read` (default: pipeline retries) or `poll` (one request; the next poll is the retry). */
  kind?: ReadKind;
}

export interface ArmListOptions extends ArmReadOptions {
  /** Query parameters beside the api-version (`$filter`, `$select` …): names as given, values encoded. */
  query?: Record<string, string>;
  /** Items in the generated clients' shape (default), or as ARM sent them (an event's `properties` is data). */
  flatten?: boolean;
}

export interface ArmRequest {
  method: 'GET' | 'PUT' | 'DELETE';
  /** The ARM id (or collection path) to call. */
  id: string;
  apiVersion: string;
  /** A JSON body (PUT). */
  body?: unknown;
  /** `read` for GETs (retried), `poll` (one request), `action` for writes (sent once). */
  kind?: ClientKind;
  abortSignal?: AbortSignal;
}

/** One request to `url`: the status and the parsed body, or a RestError on any status ≥ 300. */
async function send(
  url: string,
  r: Omit<ArmRequest, 'id' | 'apiVersion'> & { what: string },
): Promise<{ status: number; body: unknown }> {
  const request = createPipelineRequest({ url, method: r.method, abortSignal: r.abortSignal });
  request.headers.set('Accept', 'application/json');
  if (r.body !== undefined) {
    request.headers.set('Content-Type', 'application/json');
    request.body = JSON.stringify(r.body);
  }
  const kind = r.kind ?? (r.method === 'GET' ? 'read' : 'action');
  const response = await pipelineFor(kind).sendRequest(coreClientOptions(kind).httpClient, request);
  const text = response.bodyAsText ?? '';
  let body: unknown;
  try {
    body = text ? parseJsonOnce(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.status >= 300) {
    const error = isPlainObject(body) && isPlainObject(body.error) ? body.error : {};
    const message =
      typeof error.message === 'string' ? error.message : `${r.method} ${r.what} answered ${response.status}`;
    const code = typeof error.code === 'string' ? error.code : undefined;
    throw new RestError(message, { code, statusCode: response.status, request, response });
  }
  return { status: response.status, body };
}

/**
 * One ARM request through the SDK's core pipeline; answers the status and the parsed body (ARM's JSON
 * as sent, not flattened). Throws RestError (status, ARM's code and message) on any status ≥ 300, like
 * the generated clients.
 */
export async function armRequest(r: ArmRequest): Promise<{ status: number; body: unknown }> {
  return send(armUrl(kilnConfig().armEndpoint, r.id, r.apiVersion), { ...r, what: r.id });
}

/** GET one ARM resource, in the generated clients' shape (flattenProperties). */
export async function armGet<T>(
  id: string,
  apiVersion: string,
  options: AbortSignal | ArmReadOptions = {},
): Promise<T> {
  const o = options instanceof AbortSignal ? { abortSignal: options } : options;
  const { status, body } = await armRequest({ method: 'GET', id, apiVersion, ...o });
  if (status !== 200) throw new RestError(`GET ${id} answered ${status}`, { statusCode: status });
  return flattenProperties(body) as T;
}

/**
 * Where a list's next page is, or undefined at its end. A nextLink must point at the ARM endpoint the
 * list came from (a token must never be sent elsewhere), and a page must not send the list back to a
 * page it already gave (a loop would never end).
 */
export function nextPageUrl(body: unknown, endpoint: string, seen: Set<string>): string | undefined {
  const next = isPlainObject(body) && typeof body.nextLink === 'string' ? body.nextLink : undefined;
  if (!next) return undefined;
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    throw new RestError(`The list's next page link is not a URL: ${next}`, { code: 'InvalidNextLink' });
  }
  const armOrigin = new URL(endpoint).origin;
  if (url.origin !== armOrigin) throw foreignHostRefused(url.origin, armOrigin);
  if (seen.has(url.href))
    throw new ArmLinkRefused(
      'NextLinkLoop',
      "Resource Manager's next-page link leads back to a page of this list already read; Kiln stopped reading the list rather than page for ever.",
    );
  return url.href;
}

/** One page of an ARM list: its items, and whether ARM said more follow (a nextLink). */
export interface ArmPage<T> {
  items: T[];
  hasMore: boolean;
}

/**
 * GET an ARM list (`value` + `nextLink`), one page at a time as ARM sends them, each item in the
 * generated clients' shape (flattenProperties). The next page is asked for only when the caller reads on.
 */
export async function* armListPages<T>(
  path: string,
  apiVersion: string,
  { query = {}, flatten = true, ...options }: ArmListOptions = {},
): AsyncGenerator<ArmPage<T>> {
  const endpoint = kilnConfig().armEndpoint;
  const seen = new Set<string>();
  let url: string | undefined =
    armUrl(endpoint, path, apiVersion) +
    Object.entries(query)
      .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
      .join('');
  while (url) {
    seen.add(url);
    const { body } = await send(url, { method: 'GET', what: path, ...options });
    const value: unknown[] = isPlainObject(body) && Array.isArray(body.value) ? body.value : [];
    const hasMore = isPlainObject(body) && typeof body.nextLink === 'string' && body.nextLink !== '';
    yield { items: value.map((v) => (flatten ? flattenProperties(v) : v) as T), hasMore };
    url = nextPageUrl(body, endpoint, seen);
  }
}

/** Every item of an ARM list, all its pages read (armListPages, collected). */
export async function armListAll<T>(
  path: string,
  apiVersion: string,
  options: ArmListOptions = {},
): Promise<T[]> {
  const out: T[] = [];
  for await (const page of armListPages<T>(path, apiVersion, options)) out.push(...page.items);
  return out;
}
