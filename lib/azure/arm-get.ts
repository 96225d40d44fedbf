// Thin ARM reads: one GET of one resource through the SDK's core pipeline — the same bearer token and
// scope, retry policy (Retry-After honoured), HTTP client and error type (RestError, mapped by
// toArmError) as the generated clients — without loading a generated client. The template page reads
// a handful of network resources; @azure/arm-network is ~1.3 MB of script for those six GETs.
//
// The generated clients flatten each resource's `properties` into the model (`subnet.addressPrefix`,
// not `subnet.properties.addressPrefix`); `flattenProperties` gives the same shape, so the SDK's model
// types describe the result.
import { ServiceClient } from '@azure/core-client';
import { createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { msalCredential } from '@/lib/auth/credential';
import { type ClientKind, coreClientOptions } from './clients';
import { kilnConfig } from './config';

const clients = new Map<ClientKind, { endpoint: string; client: ServiceClient }>();

/** One pipeline per kind: reads retry (≤ 4 attempts), actions are sent once (docs/architecture.md). */
function pipelineClient(kind: ClientKind): ServiceClient {
  const options = coreClientOptions(kind);
  let c = clients.get(kind);
  if (c?.endpoint !== options.endpoint) {
    c = { endpoint: options.endpoint, client: new ServiceClient({ ...options, credential: msalCredential }) };
    clients.set(kind, c);
  }
  return c.client;
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ARM JSON in the generated clients' shape: every `properties` object merged into its owner. */
export function flattenProperties(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(flattenProperties);
  if (!isPlainObject(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(v)) {
    if (k === 'properties' && isPlainObject(value)) continue;
    out[k] = flattenProperties(value);
  }
  if (isPlainObject(v.properties)) {
    for (const [k, value] of Object.entries(v.properties)) if (!(k in out)) out[k] = flattenProperties(value);
  }
  return out;
}

export interface ArmRequest {
  method: 'GET' | 'PUT' | 'DELETE';
  /** The ARM id (or collection path) to call. */
  id: string;
  apiVersion: string;
  /** A JSON body (PUT). */
  body?: unknown;
  /** `read` for GETs (retried), `action` for writes (sent once). */
  kind?: ClientKind;
  abortSignal?: AbortSignal;
}

/**
 * One ARM request through the SDK's core pipeline; answers the status and the parsed body (ARM's JSON
 * as sent, not flattened). Throws RestError (status, ARM's code and message) on any status ≥ 300, like
 * the generated clients.
 */
export async function armRequest(r: ArmRequest): Promise<{ status: number; body: unknown }> {
  const request = createPipelineRequest({
    url: armUrl(kilnConfig().armEndpoint, r.id, r.apiVersion),
    method: r.method,
    abortSignal: r.abortSignal,
  });
  request.headers.set('Accept', 'application/json');
  if (r.body !== undefined) {
    request.headers.set('Content-Type', 'application/json');
    request.body = JSON.stringify(r.body);
  }
  const response = await pipelineClient(r.kind ?? (r.method === 'GET' ? 'read' : 'action')).sendRequest(
    request,
  );
  const text = response.bodyAsText ?? '';
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.status >= 300) {
    const error = isPlainObject(body) && isPlainObject(body.error) ? body.error : {};
    const message =
      typeof error.message === 'string' ? error.message : `${r.method} ${r.id} answered ${response.status}`;
    const code = typeof error.code === 'string' ? error.code : undefined;
    throw new RestError(message, { code, statusCode: response.status, request, response });
  }
  return { status: response.status, body };
}

/** GET one ARM resource; throws RestError (status, ARM's code and message) like the generated clients. */
export async function armGet<T>(id: string, apiVersion: string, abortSignal?: AbortSignal): Promise<T> {
  const { status, body } = await armRequest({ method: 'GET', id, apiVersion, abortSignal });
  if (status !== 200) throw new RestError(`GET ${id} answered ${status}`, { statusCode: status });
  return flattenProperties(body) as T;
}
