// The one place that builds Azure SDK clients (docs/architecture.md). Every client:
//   - talks to the ARM endpoint from the run-time configuration (local Azure or management.azure.com),
//   - asks for ARM's delegated scope explicitly (some clients would otherwise derive
//     `<endpoint>/.default`, which locally is https://localhost:4010/.default),
//   - retries only in the SDK pipeline (docs/azure/resource-manager.md): reads at most 4 attempts (the pipeline honours
//     Retry-After); actions that must not happen twice get a client with no retry at all; a poll
//     (a refresh of data already shown) is one request — the next poll is its retry, with backoff
//     (lib/query/client), so a failing poll does not cost four requests.
//   - reads are given up after the configured read timeout and cancelled with the query that asked
//     (withReadTimeout: TanStack aborts a query's signal when the page that asked goes away).
// Every client is a dynamic import, loaded when first used: the template list's first load and the
// template page's reads go through thin calls on the SDK's core pipeline instead (arm-get.ts), and
// @azure/arm-network alone is ~110 KB gz (docs/architecture.md).
import type { ImageBuilderClient } from '@azure/arm-imagebuilder';
import type { ResourceManagementClient } from '@azure/arm-resources';
import type { AuthorizationManagementClient } from '@azure/arm-authorization';
import type { ResourceGraphClient } from '@azure/arm-resourcegraph';
import type { NetworkManagementClient } from '@azure/arm-network';
import { msalCredential } from '@/lib/auth/credential';
import { ARM_SCOPE } from '@/lib/auth/msal';
import { kilnConfig } from './config';
import { armHttpClient } from './http-client';

/**
 * `read`: pipeline retries (≤ 4 attempts, Retry-After honoured). `poll`: one attempt (a refresh; the
 * next poll retries). `action`: sent exactly once.
 */
export type ClientKind = 'read' | 'poll' | 'action';
/** The kinds a read is sent as. */
export type ReadKind = Exclude<ClientKind, 'action'>;

/** Reads: 3 retries = at most 4 attempts (docs/azure/resource-manager.md, Throttling and retries). */
export const READ_RETRY = { maxRetries: 3 } as const;
/** Run, cancel, delete, PATCH, PUT of role assignments …: never retried by the pipeline. */
export const ACTION_RETRY = { maxRetries: 0 } as const;
/** A poll: one request; the next poll is the retry. */
export const POLL_RETRY = { maxRetries: 0 } as const;

function retryFor(kind: ClientKind) {
  return kind === 'action' ? ACTION_RETRY : kind === 'poll' ? POLL_RETRY : READ_RETRY;
}

export const CREDENTIAL_SCOPES = [ARM_SCOPE];

/** One HTTP client for every SDK client: CORS preflights cached, links followed to ARM only (http-client.ts). */
const httpClient = armHttpClient({ endpoint: () => kilnConfig().armEndpoint });

/** Options for core-client based clients (@azure/arm-resources, -authorization, -network, …). */
export function coreClientOptions(kind: ClientKind = 'read') {
  return {
    endpoint: kilnConfig().armEndpoint,
    credentialScopes: CREDENTIAL_SCOPES,
    retryOptions: retryFor(kind),
    httpClient,
  };
}

/** Options for TypeSpec-generated clients (@azure/arm-imagebuilder 5: `credentials.scopes`). */
export function typeSpecClientOptions(kind: ClientKind = 'read') {
  return {
    endpoint: kilnConfig().armEndpoint,
    credentials: { scopes: CREDENTIAL_SCOPES },
    retryOptions: retryFor(kind),
    httpClient,
  };
}

const cache = new Map<string, unknown>();

function cached<T>(key: string, make: () => T): T {
  const k = `${kilnConfig().armEndpoint}|${key}`;
  let v = cache.get(k) as T | undefined;
  if (v === undefined) {
    v = make();
    cache.set(k, v);
  }
  return v;
}

export async function imageBuilderClient(
  subscriptionId: string,
  kind: ClientKind = 'read',
): Promise<ImageBuilderClient> {
  const { ImageBuilderClient } = await import('@azure/arm-imagebuilder');
  return cached(
    `aib|${subscriptionId}|${kind}`,
    () => new ImageBuilderClient(msalCredential, subscriptionId, typeSpecClientOptions(kind)),
  );
}

export async function resourcesClient(
  subscriptionId: string,
  kind: ClientKind = 'read',
): Promise<ResourceManagementClient> {
  const { ResourceManagementClient } = await import('@azure/arm-resources');
  return cached(
    `res|${subscriptionId}|${kind}`,
    () => new ResourceManagementClient(msalCredential, subscriptionId, coreClientOptions(kind)),
  );
}

export async function authorizationClient(
  subscriptionId: string,
  kind: ClientKind = 'read',
): Promise<AuthorizationManagementClient> {
  const { AuthorizationManagementClient } = await import('@azure/arm-authorization');
  return cached(
    `authz|${subscriptionId}|${kind}`,
    () => new AuthorizationManagementClient(msalCredential, subscriptionId, coreClientOptions(kind)),
  );
}

export async function networkClient(
  subscriptionId: string,
  kind: ClientKind = 'read',
): Promise<NetworkManagementClient> {
  const { NetworkManagementClient } = await import('@azure/arm-network');
  return cached(
    `net|${subscriptionId}|${kind}`,
    () => new NetworkManagementClient(msalCredential, subscriptionId, coreClientOptions(kind)),
  );
}

/**
 * Azure Resource Graph (tenant-level; the subscriptions travel in each query). A dynamic import: only
 * the estate-scale list and the estate view load it. Reads as usual; Resource Graph's 429 carries no
 * Retry-After, so `lib/azure/resource-graph.ts` waits for the user's quota window itself.
 */
export async function resourceGraphClient(): Promise<ResourceGraphClient> {
  const { ResourceGraphClient } = await import('@azure/arm-resourcegraph');
  return cached('graph', () => new ResourceGraphClient(msalCredential, typeSpecClientOptions('read')));
}

/**
 * Clients for actions that must happen at most once per intent (run, cancel, delete, PATCH, PUT of
 * role assignments, subnet/NSG updates): no pipeline retry. After a failure or a dropped connection,
 * read the state again and tell the user; never resend blindly.
 */
export const actionClients = {
  imageBuilder: (subscriptionId: string) => imageBuilderClient(subscriptionId, 'action'),
  resources: (subscriptionId: string) => resourcesClient(subscriptionId, 'action'),
  authorization: (subscriptionId: string) => authorizationClient(subscriptionId, 'action'),
  network: (subscriptionId: string) => networkClient(subscriptionId, 'action'),
};

/** `poll` when the query already shows data (a refresh), else `read` (the first load retries). */
export function readKind(hasData: boolean): ReadKind {
  return hasData ? 'poll' : 'read';
}
