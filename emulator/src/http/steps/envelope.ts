// The way out: the answer (or ARM's error envelope) with the common headers, and the activity log's
// Started/Succeeded|Accepted|Failed pair for writes whose handler did not record its own.
import { ArmError } from '../../core/errors.ts';
import type { ArmResponse, RouteDef } from '../../core/types.ts';
import { resourceIdOf, subscriptionOf } from '../resource-path.ts';
import { commonHeaders, send, type Exchange } from '../exchange.ts';

function isWrite(method: string, def: RouteDef): boolean {
  if (method === 'GET' || method === 'HEAD' || def.action === null) return false;
  return !/\/read$/i.test(def.action);
}

const STATUS_TEXT: Record<number, string> = {
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

function statusText(status: number): string {
  return STATUS_TEXT[status] ?? String(status);
}

/** The activity entry both outcomes share, when this request is a write the pipeline logs. */
function activityBase(x: Exchange) {
  const def = x.route?.def;
  if (!def || !x.caller || !isWrite(x.method, def) || x.selfRecorded) return undefined;
  return {
    operationName: def.action ?? '',
    resourceId: x.scope ?? resourceIdOf(x.path),
    caller: x.caller.displayName,
    correlationId: x.ids.correlationId,
  };
}

export function answer(x: Exchange, response: ArmResponse): void {
  recordAnswer(x, response);
  const headers = { ...commonHeaders(x), ...(response.headers ?? {}) };
  send(x.res, response.status, response.body, headers, x.method === 'HEAD');
}

/** The activity log's Started/Succeeded|Accepted pair for an answered write (the request took effect). */
export function recordAnswer(x: Exchange, response: ArmResponse): void {
  const base = activityBase(x);
  if (base) {
    const { deps } = x;
    deps.activity.record({ ...base, status: 'Started', eventTimestamp: x.startedAt });
    deps.activity.record({
      ...base,
      // A provider may answer its own error as a response (Image Builder's bare ApiError before 2021-10-01).
      status:
        response.status >= 400
          ? 'Failed'
          : x.lroIds.length > 0 || response.status === 202
            ? 'Accepted'
            : 'Succeeded',
      subStatus: statusText(response.status),
    });
    for (const id of x.lroIds) deps.lro.track(id, base);
  }
}

/** Anything not an ArmError is ARM's opaque 500 with its diagnostic sentence (and a line on stderr). */
export function asArmError(x: Exchange, e: unknown): ArmError {
  if (e instanceof ArmError) return e;
  const ts = new Date().toISOString().replace(/[-:]/g, '').slice(0, 15) + 'Z';
  console.error(`local ARM: internal error on ${x.method} ${x.path}:`, e);
  return new ArmError(
    500,
    'InternalServerError',
    `Encountered internal server error. Diagnostic information: timestamp '${ts}', subscription id '${subscriptionOf(x.path) ?? ''}', tracking id '${x.ids.requestId}', request correlation id '${x.ids.correlationId}'.`,
  );
}

export function errorEnvelope(x: Exchange, err: ArmError): void {
  const base = activityBase(x);
  if (base) {
    x.deps.activity.record({ ...base, status: 'Started', eventTimestamp: x.startedAt });
    x.deps.activity.record({
      ...base,
      status: 'Failed',
      subStatus: statusText(err.status),
      properties: { statusCode: err.code, statusMessage: JSON.stringify(err.toBody()) },
    });
  }
  const headers = { ...commonHeaders(x), ...(err.extra.headers ?? {}) };
  send(x.res, err.status, err.toBody(), headers, x.method === 'HEAD');
}
