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
import { coreClientOptions } from './clients';
import { kilnConfig } from './config';

let client: { endpoint: string; client: ServiceClient } | undefined;

function pipelineClient(): ServiceClient {
  const options = coreClientOptions('read');
  if (client?.endpoint !== options.endpoint) {
    client = {
      endpoint: options.endpoint,
      client: new ServiceClient({ ...options, credential: msalCredential }),
    };
  }
  return client.client;
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

/** GET one ARM resource; throws RestError (status, ARM's code and message) like the generated clients. */
export async function armGet<T>(id: string, apiVersion: string, abortSignal?: AbortSignal): Promise<T> {
  const request = createPipelineRequest({
    url: armUrl(kilnConfig().armEndpoint, id, apiVersion),
    method: 'GET',
    abortSignal,
  });
  request.headers.set('Accept', 'application/json');
  const response = await pipelineClient().sendRequest(request);
  const text = response.bodyAsText ?? '';
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (response.status !== 200) {
    const error = isPlainObject(body) && isPlainObject(body.error) ? body.error : {};
    const message =
      typeof error.message === 'string' ? error.message : `GET ${id} answered ${response.status}`;
    const code = typeof error.code === 'string' ? error.code : undefined;
    throw new RestError(message, { code, statusCode: response.status, request, response });
  }
  return flattenProperties(body) as T;
}
