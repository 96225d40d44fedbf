// Local ARM's request pipeline: CORS → control API (loopback only) → faults → body limits →
// authentication → api-version → routing → authorization → existence checks → handler → ARM envelope.
// Every answer carries x-ms-request-id, x-ms-correlation-request-id and x-ms-ratelimit-* headers.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmError, resourceGroupNotFound } from '../core/errors.ts';
import type {
  ActivityLog,
  ArmRequest,
  ArmResponse,
  Caller,
  Clock,
  Lro,
  RouteContext,
  RouteDef,
  World,
} from '../core/types.ts';
import type { MemoryLro } from '../core/lro.ts';
import { Authorizer, authorizationFailed } from '../auth/rbac.ts';

import { applyCors } from './cors.ts';
import { DEFAULT_FAULT_CODES, type Faults } from './faults.ts';
import { providerPart, resourceGroupBelow, resourceIdOf, subscriptionOf } from './resource-path.ts';
import type { Router } from './router.ts';
import { RateLimits } from './rate-limits.ts';
import { readBody, BodyTooLarge } from './body.ts';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;
const METHODS = new Set(['GET', 'PUT', 'PATCH', 'POST', 'DELETE', 'HEAD']);
/** Namespaces whose api-version errors read as Resource Manager's own (InvalidApiVersionParameter). */
const ARM_OWN = new Set(['microsoft.resources']);
/** Proxy-only namespaces that answer InvalidResourceType (404) for an unsupported api-version. */
const TYPE_ERROR_NAMESPACES = new Set(['microsoft.authorization', 'microsoft.insights']);

export interface PipelineDeps {
  router: Router;
  /** Verifies the Authorization header (auth/token.ts TokenVerifier) and returns the caller or throws a 401. */
  verifier: () => { verify(authorization: string | undefined): Promise<Caller> };
  world: () => World;
  clock: Clock;
  lro: MemoryLro;
  activity: ActivityLog;
  faults: Faults;
  appOrigins: () => readonly string[];
  /** Handles /_local/… (already checked to come from loopback). */
  control: (req: IncomingMessage, res: ServerResponse, path: string, body: string) => Promise<void>;
  /** Extra namespaces ARM knows (Microsoft.Resources provider registry). */
  knownNamespaces: () => ReadonlySet<string>;
  logRequests?: boolean;
}

interface Ids {
  requestId: string;
  correlationId: string;
  clientRequestId?: string;
}

function send(
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

function isLoopback(req: IncomingMessage): boolean {
  const a = req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}

function sortVersions(v: Iterable<string>): string[] {
  return [...new Set(v)].filter((x) => x !== '*').sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

function headerRecord(req: IncomingMessage): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(req.headers))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

export function createArmHandler(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const limits = new RateLimits();

  function baseUrlOf(req: IncomingMessage): string {
    const host = req.headers.host ?? 'localhost';
    return `https://${host}`;
  }

  function apiVersionError(path: string, v: string, supported: string[]): ArmError {
    const { namespace, types } = providerPart(path);
    const ns = namespace?.toLowerCase();
    if (!ns || ARM_OWN.has(ns)) {
      return new ArmError(
        400,
        'InvalidApiVersionParameter',
        `The api-version '${v}' is invalid. The supported versions are '${supported.join(',')}'.`,
      );
    }
    const type = types[types.length - 1] ?? '';
    if (TYPE_ERROR_NAMESPACES.has(ns)) {
      return new ArmError(
        404,
        'InvalidResourceType',
        `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${v}'. The supported api-versions are '${supported.join(',')}'.`,
      );
    }
    const world = deps.world();
    const rid = resourceIdOf(path);
    const rg = resourceGroupBelow(path);
    const location =
      world.get(rid)?.location ??
      (rg
        ? world.get(`/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.resourceGroup}`)?.location
        : undefined) ??
      'eastus';
    return new ArmError(
      400,
      'NoRegisteredProviderFound',
      `No registered resource provider found for location '${location}' and API version '${v}' for type '${type}'. The supported api-versions are '${supported.join(', ')}'. The supported locations are 'eastus, eastus2, westus, westus2, westus3, centralus, northeurope, westeurope, uksouth, southeastasia, australiaeast'.`,
    );
  }

  function noRoute(path: string, method: string, v: string, caller: Caller, authz: Authorizer): ArmResponse {
    const { namespace, types } = providerPart(path);
    const { namespaces, types: knownTypes } = deps.router.knownTypes();
    const world = deps.world();
    if (namespace) {
      const ns = namespace.toLowerCase();
      if (!namespaces.has(ns) && !deps.knownNamespaces().has(ns)) {
        throw new ArmError(
          400,
          'InvalidResourceNamespace',
          `The resource namespace '${namespace}' is invalid.`,
        );
      }
      const first = types[0];
      if (first && !knownTypes.has(`${ns}/${first.toLowerCase()}`)) {
        throw new ArmError(
          404,
          'InvalidResourceType',
          `The resource type '${first}' could not be found in the namespace '${namespace}' for api version '${v}'.`,
        );
      }
    }
    // Generic read of a resource the World holds but no provider route serves.
    if ((method === 'GET' || method === 'HEAD') && providerPart(path).endsWithName) {
      const r = world.get(path);
      if (r) {
        const action = `${r.type}/read`;
        if (!authz.can(action, r.id))
          throw authorizationFailed(caller.displayName, caller.objectId, action, r.id);
        return { status: 200, body: r };
      }
    }
    const rg = resourceGroupBelow(path);
    if (rg && !world.get(`/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.resourceGroup}`)) {
      throw resourceGroupNotFound(rg.resourceGroup);
    }
    if (namespace && types.length > 0) {
      const name = path.split('/').filter(Boolean).pop() ?? '';
      throw new ArmError(
        404,
        'ResourceNotFound',
        rg
          ? `The Resource '${namespace}/${types.join('/')}/${name}' under resource group '${rg.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
          : `The Resource '${namespace}/${types.join('/')}/${name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
      );
    }
    throw new ArmError(404, 'NotFound', `The requested resource '${path}' was not found.`);
  }

  async function process(
    req: IncomingMessage,
    res: ServerResponse,
    ids: Ids,
    url: URL,
    bodyText: string,
  ): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const headers = headerRecord(req);
    const started = Date.now();
    let status = 500;
    let caller: Caller | undefined;
    const extra: Record<string, string> = {};
    const common = (): Record<string, string> => ({
      'x-ms-request-id': ids.requestId,
      'x-ms-correlation-request-id': ids.correlationId,
      'x-ms-routing-request-id': `LOCAL:${new Date().toISOString().replace(/[-:]/g, '').slice(0, 15)}Z:${ids.requestId}`,
      ...(ids.clientRequestId ? { 'x-ms-client-request-id': ids.clientRequestId } : {}),
      ...limits.headers(subscriptionOf(path), caller?.objectId ?? 'anonymous', method),
      ...extra,
    });
    let matched: RouteDef | undefined;
    let activityScope: string | undefined;
    const lroIds: string[] = [];
    let selfRecorded = false;
    let startedAt = new Date();
    try {
      if (!METHODS.has(method)) {
        throw new ArmError(405, 'MethodNotAllowed', `The requested method '${method}' is not allowed.`);
      }
      caller = await deps.verifier().verify(headers.authorization);
      const apiVersion = url.searchParams.get('api-version');
      if (!apiVersion) {
        throw new ArmError(
          400,
          'MissingApiVersionParameter',
          'The api-version query parameter (?api-version=) is required for all requests.',
        );
      }
      let body: unknown;
      if (bodyText.length > 0 && (method === 'PUT' || method === 'PATCH' || method === 'POST')) {
        const ct = (headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
        if (!/^(application\/([a-z0-9.+-]+\+)?json|text\/json)$/.test(ct)) {
          throw new ArmError(
            415,
            'UnsupportedMediaType',
            `The content media type '${ct}' is not supported. Only 'application/json' is supported.`,
          );
        }
        try {
          body = JSON.parse(bodyText);
        } catch (e) {
          throw new ArmError(
            400,
            'InvalidRequestContent',
            `The request content was invalid and could not be deserialized: '${e instanceof Error ? e.message : 'invalid JSON'}'.`,
          );
        }
      }
      const authz = new Authorizer(deps.world(), caller.objectId);
      const matches = deps.router.matchPath(path);
      const forMethod = matches.filter(
        (m) =>
          m.def.method === method ||
          (method === 'HEAD' && m.def.method === 'GET' && !matches.some((x) => x.def.method === 'HEAD')),
      );
      let response: ArmResponse;
      if (matches.length === 0) {
        response = noRoute(path, method, apiVersion, caller, authz);
      } else if (forMethod.length === 0) {
        throw new ArmError(
          405,
          'MethodNotAllowed',
          `The requested method '${method}' is not allowed on '${path}'.`,
        );
      } else {
        const accepted = forMethod.find(
          (m) => m.def.apiVersions.includes('*') || m.def.apiVersions.includes(apiVersion),
        );
        if (!accepted) {
          throw apiVersionError(path, apiVersion, sortVersions(forMethod.flatMap((m) => m.def.apiVersions)));
        }
        const { def, params } = accepted;
        matched = def;
        const world = deps.world();
        const sub = subscriptionOf(path);
        if (sub && !world.get(`/subscriptions/${sub}`)) {
          throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
        }
        const scope = def.scope ? def.scope(params) : resourceIdOf(path);
        activityScope = scope;
        const who = caller;
        if (def.action !== null && !authz.can(def.action, scope)) {
          throw authorizationFailed(who.displayName, who.objectId, def.action, scope);
        }
        const rg = resourceGroupBelow(path);
        if (rg && !world.get(`/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.resourceGroup}`)) {
          throw resourceGroupNotFound(rg.resourceGroup);
        }
        if (
          sub &&
          method !== 'GET' &&
          method !== 'HEAD' &&
          !/^Microsoft\.Resources\//i.test(def.action ?? '')
        ) {
          assertRegistered(world, sub, path);
        }
        startedAt = new Date();
        const armReq: ArmRequest = {
          method: method as ArmRequest['method'],
          path,
          query: url.searchParams,
          apiVersion,
          body,
          headers,
          baseUrl: baseUrlOf(req),
        };
        const lro: Lro = {
          start: (o) => {
            const op = deps.lro.startTracked(o);
            lroIds.push(op.id);
            return op;
          },
          complete: (id, s, err) => deps.lro.complete(id, s, err),
          get: (id) => deps.lro.get(id),
        };
        const ctx: RouteContext = {
          req: armReq,
          params,
          caller: who,
          authorize: (action, sc) => {
            if (!authz.can(action, sc)) throw authorizationFailed(who.displayName, who.objectId, action, sc);
          },
          can: (action, sc) => authz.can(action, sc),
          world,
          clock: deps.clock,
          lro,
          activity: {
            record: (e) => {
              selfRecorded = true;
              deps.activity.record(e);
            },
          },
        };
        response = await def.handle(ctx);
      }
      status = response.status;
      if (matched && isWrite(method, matched) && caller && !selfRecorded) {
        const base = {
          operationName: matched.action ?? '',
          resourceId: activityScope ?? resourceIdOf(path),
          caller: caller.displayName,
          correlationId: ids.correlationId,
        };
        deps.activity.record({ ...base, status: 'Started', eventTimestamp: startedAt });
        deps.activity.record({
          ...base,
          status: lroIds.length > 0 || status === 202 ? 'Accepted' : 'Succeeded',
          subStatus: statusText(status),
        });
        for (const id of lroIds) deps.lro.track(id, base);
      }
      send(res, status, response.body, { ...common(), ...(response.headers ?? {}) }, method === 'HEAD');
    } catch (e) {
      let err: ArmError;
      if (e instanceof ArmError) {
        err = e;
      } else {
        const ts = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
        console.error(`local ARM: internal error on ${method} ${path}:`, e);
        err = new ArmError(
          500,
          'InternalServerError',
          `Encountered internal server error. Diagnostic information: timestamp '${ts}', subscription id '${subscriptionOf(path) ?? ''}', tracking id '${ids.requestId}', request correlation id '${ids.correlationId}'.`,
        );
      }
      status = err.status;
      if (matched && caller && isWrite(method, matched) && !selfRecorded) {
        deps.activity.record({
          operationName: matched.action ?? '',
          resourceId: activityScope ?? resourceIdOf(path),
          caller: caller.displayName,
          status: 'Started',
          correlationId: ids.correlationId,
          eventTimestamp: startedAt,
        });
        deps.activity.record({
          operationName: matched.action ?? '',
          resourceId: activityScope ?? resourceIdOf(path),
          caller: caller.displayName,
          status: 'Failed',
          subStatus: statusText(status),
          correlationId: ids.correlationId,
          properties: { statusCode: err.code, statusMessage: JSON.stringify(err.toBody()) },
        });
      }
      send(res, err.status, err.toBody(), { ...common(), ...(err.extra.headers ?? {}) }, method === 'HEAD');
    } finally {
      if (deps.logRequests)
        console.error(`ARM ${method} ${url.pathname}${url.search} → ${status} (${Date.now() - started} ms)`);
    }
  }

  return (req, res) => {
    const ids: Ids = {
      requestId: randomUUID(),
      correlationId: firstHeader(req, 'x-ms-correlation-request-id') ?? randomUUID(),
      ...(firstHeader(req, 'x-ms-client-request-id')
        ? { clientRequestId: firstHeader(req, 'x-ms-client-request-id') }
        : {}),
    };
    void (async () => {
      try {
        if (applyCors(req, res, deps.appOrigins)) return;
        // Collapse repeated slashes first: SDKs send `//subscriptions/…` when a `{scope}` starts with '/',
        // and `new URL('//x', base)` would read it as a host.
        const url = new URL(
          (req.url ?? '/').replace(/^([^?]*)/, (p) => p.replace(/\/{2,}/g, '/')),
          'https://localhost',
        );
        const errorHeaders = (): Record<string, string> => ({
          'x-ms-request-id': ids.requestId,
          'x-ms-correlation-request-id': ids.correlationId,
        });
        let bodyText: string;
        try {
          bodyText = await readBody(req, MAX_BODY_BYTES);
        } catch (e) {
          if (e instanceof BodyTooLarge) {
            const err = new ArmError(
              413,
              'RequestEntityTooLarge',
              `The request content size exceeds the maximum size of ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
            );
            res.setHeader('Connection', 'close');
            send(res, 413, err.toBody(), errorHeaders());
            return;
          }
          throw e;
        }
        if (url.pathname === '/_local' || url.pathname.startsWith('/_local/')) {
          if (!isLoopback(req)) {
            send(
              res,
              403,
              new ArmError(403, 'Forbidden', 'The control API answers loopback callers only.').toBody(),
              errorHeaders(),
            );
            return;
          }
          await deps.control(req, res, url.pathname, bodyText);
          return;
        }
        const fault = deps.faults.match(req.method ?? 'GET', url.pathname, url.search);
        if (fault) {
          const r = fault.rule;
          if (r.latencyMs) await new Promise((ok) => setTimeout(ok, r.latencyMs));
          if (r.drop) {
            req.socket.destroy();
            return;
          }
          if (r.status !== undefined) {
            const code = r.code ?? DEFAULT_FAULT_CODES[r.status] ?? 'InjectedFault';
            const err = new ArmError(r.status, code, r.message ?? `Injected fault: ${r.status} ${code}.`);
            const h: Record<string, string> = errorHeaders();
            if (r.retryAfter !== undefined) h['Retry-After'] = String(r.retryAfter);
            send(res, r.status, err.toBody(), h);
            return;
          }
        }
        await process(req, res, ids, url, bodyText);
      } catch (e) {
        console.error('local ARM: unexpected failure', e);
        if (!res.headersSent) {
          send(
            res,
            500,
            new ArmError(500, 'InternalServerError', 'Encountered internal server error.').toBody(),
            {
              'x-ms-request-id': ids.requestId,
              'x-ms-correlation-request-id': ids.correlationId,
            },
          );
        } else res.destroy();
      }
    })();
  };
}

/**
 * Writes to a resource provider the subscription has unregistered (Microsoft.Resources providers
 * unregister) fail as ARM fails them. Namespaces are registered unless a registration record says otherwise.
 */
function assertRegistered(world: World, subscriptionId: string, path: string): void {
  const { namespace } = providerPart(path);
  if (
    !namespace ||
    ARM_OWN.has(namespace.toLowerCase()) ||
    TYPE_ERROR_NAMESPACES.has(namespace.toLowerCase())
  )
    return;
  const state = world.get(`/subscriptions/${subscriptionId}/providers/${namespace}`)?.properties
    ?.registrationState;
  if (state === 'Unregistered' || state === 'NotRegistered') {
    throw new ArmError(
      409,
      'MissingSubscriptionRegistration',
      `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`,
      {
        details: [
          {
            code: 'MissingSubscriptionRegistration',
            target: namespace,
            message: `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`,
          },
        ],
      },
    );
  }
}

function firstHeader(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function isWrite(method: string, def: RouteDef): boolean {
  if (method === 'GET' || method === 'HEAD' || def.action === null) return false;
  return !/\/read$/i.test(def.action);
}

function statusText(status: number): string {
  const m: Record<number, string> = {
    200: 'OK',
    201: 'Created',
    202: 'Accepted',
    204: 'NoContent',
    400: 'BadRequest',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'NotFound',
    409: 'Conflict',
    429: 'TooManyRequests',
    500: 'InternalServerError',
  };
  return m[status] ?? String(status);
}
