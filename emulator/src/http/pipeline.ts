// Local ARM's request pipeline: an ordered list of named steps over one Exchange (exchange.ts). The order
// below is the whole contract; each step lives in steps/ and either answers the request or passes it on.
// Every answer carries x-ms-request-id and x-ms-correlation-request-id; ARM's own answers (everything after
// the front door) add x-ms-routing-request-id, x-ms-client-request-id and the x-ms-ratelimit-* headers.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ArmError } from '../core/errors.ts';
import type { ActivityLog, Caller, Clock, World } from '../core/types.ts';
import type { MemoryLro } from '../core/lro.ts';
import type { Faults } from './faults.ts';
import type { Router } from './router.ts';
import { RateLimits } from './rate-limits.ts';
import {
  established,
  firstHeader,
  headerRecord,
  idHeaders,
  send,
  type Exchange,
  type Ids,
  type Step,
} from './exchange.ts';
import { controlApi, cors, injectFaults, readRequestBody } from './steps/front-door.ts';
import {
  allowedMethod,
  authenticate,
  normalisePath,
  parseJsonBody,
  requireApiVersion,
} from './steps/request-checks.ts';
import { matchRoute } from './steps/route.ts';
import { providerRegistered, rbac, resourceGroupExists, subscriptionExists } from './steps/preconditions.ts';
import { dispatch } from './steps/dispatch.ts';
import { answer, asArmError, errorEnvelope } from './steps/envelope.ts';
import { answerWithFault } from './steps/after-fault.ts';

export { MAX_BODY_BYTES } from './steps/front-door.ts';

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
  /**
   * Local ARM's own origin as configured (https://localhost:<port>): the base of every URL it hands out
   * (Azure-AsyncOperation, Location, nextLink) — never the request's Host header, which the caller chooses.
   */
  endpoint: () => string;
  /** Handles /_local/… (already checked to come from loopback). */
  control: (req: IncomingMessage, res: ServerResponse, path: string, body: string) => Promise<void>;
  /** Extra namespaces ARM knows (Microsoft.Resources provider registry). */
  knownNamespaces: () => ReadonlySet<string>;
  logRequests?: boolean;
}

/**
 * The front door, in order. Its answers carry the two request ids only; a failure here is a bare 500.
 *   cors             — preflights end here; the app's origins get the CORS headers
 *   readRequestBody  — 413 RequestEntityTooLarge beyond 4 MB (the connection closes)
 *   controlApi       — /_local/… for loopback callers only (403 otherwise)
 *   injectFaults     — rules set through the control API: latency, dropped connections, injected statuses
 *                      (a rule marked `after` acts on the answer instead, once ARM carried the request out)
 */
const FRONT_DOOR: readonly Step[] = [cors, readRequestBody, controlApi, injectFaults];

/**
 * ARM proper, in order. An ArmError thrown by any step becomes ARM's error envelope; a step that answers
 * (no route but a generic read; the handler) ends the list. ARM's own order decides which error a
 * request with several faults gets, so do not reorder without a conformance test.
 *   normalisePath      — the path decoded once; 400 for dot segments and encoded '/' or '\\'
 *   allowedMethod      — 405 for methods ARM does not know
 *   authenticate       — 401 without a valid bearer token
 *   requireApiVersion  — 400 MissingApiVersionParameter
 *   parseJsonBody      — 415 for non-JSON bodies, 400 InvalidRequestContent for bad or too deep JSON,
 *                        ARM's tag errors
 *   matchRoute         — unknown namespace/type, 404s, generic reads, 405 for the path, api-version errors
 *   subscriptionExists — 404 SubscriptionNotFound
 *   rbac               — 403 AuthorizationFailed for the route's action at its scope
 *   resourceGroupExists — 404 ResourceGroupNotFound
 *   providerRegistered — 409 MissingSubscriptionRegistration for writes to unregistered providers
 *   dispatch           — the route's handler
 */
const ARM_STEPS: readonly Step[] = [
  normalisePath,
  allowedMethod,
  authenticate,
  requireApiVersion,
  parseJsonBody,
  matchRoute,
  subscriptionExists,
  rbac,
  resourceGroupExists,
  providerRegistered,
  dispatch,
];

/** Runs steps in order until one answers; true when one did. */
async function run(steps: readonly Step[], x: Exchange): Promise<boolean> {
  for (const step of steps) {
    if ((await step(x)) === 'answered') return true;
  }
  return false;
}

/** ARM proper: the steps, then the answer or the error envelope (both with the activity log). */
async function armProper(x: Exchange): Promise<void> {
  const started = Date.now();
  let status = 500;
  try {
    await run(ARM_STEPS, x);
    const response = established(x.response, 'response');
    status = response.status;
    if (x.afterFault) await answerWithFault(x, response, x.afterFault);
    else answer(x, response);
  } catch (e) {
    const err = asArmError(x, e);
    status = err.status;
    errorEnvelope(x, err);
  } finally {
    if (x.deps.logRequests)
      console.error(
        `ARM ${operationName(x)} ${x.method} ${x.url.pathname}${x.url.search} → ${status} (${Date.now() - started} ms)`,
      );
  }
}

/** The operationId of the route that served the request (the name the app's api module uses), or why none. */
export function operationName(x: Pick<Exchange, 'route'>): string {
  const id = x.route?.def.operationId;
  if (id === undefined) return '(no route)';
  return typeof id === 'string' ? id : `(${id.notInSpec})`;
}

function idsOf(req: IncomingMessage): Ids {
  const clientRequestId = firstHeader(req, 'x-ms-client-request-id');
  return {
    requestId: randomUUID(),
    correlationId: firstHeader(req, 'x-ms-correlation-request-id') ?? randomUUID(),
    ...(clientRequestId ? { clientRequestId } : {}),
  };
}

function exchangeOf(
  deps: PipelineDeps,
  limits: RateLimits,
  req: IncomingMessage,
  res: ServerResponse,
  ids: Ids,
): Exchange {
  // Collapse repeated slashes first: SDKs send `//subscriptions/…` when a `{scope}` starts with '/',
  // and `new URL('//x', base)` would read it as a host.
  const url = new URL(
    (req.url ?? '/').replace(/^([^?]*)/, (p) => p.replace(/\/{2,}/g, '/')),
    'https://localhost',
  );
  return {
    req,
    res,
    deps,
    limits,
    ids,
    url,
    method: (req.method ?? 'GET').toUpperCase(),
    path: url.pathname.replace(/\/+$/, '') || '/',
    headers: headerRecord(req),
    bodyText: '',
    lroIds: [],
    selfRecorded: false,
    startedAt: new Date(),
  };
}

export function createArmHandler(deps: PipelineDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const limits = new RateLimits();
  return (req, res) => {
    const ids = idsOf(req);
    void (async () => {
      try {
        const x = exchangeOf(deps, limits, req, res, ids);
        if (await run(FRONT_DOOR, x)) return;
        x.startedAt = new Date();
        await armProper(x);
      } catch (e) {
        console.error('local ARM: unexpected failure', e);
        if (res.headersSent) res.destroy();
        else {
          const err = new ArmError(500, 'InternalServerError', 'Encountered internal server error.');
          send(res, 500, err.toBody(), idHeaders(ids));
        }
      }
    })();
  };
}
