// The steps before ARM proper: browser CORS, the body size limit, the loopback-only control API and
// injected faults. Their answers carry only the two request ids (no rate-limit headers, no activity).
import { ArmError } from '../../core/errors.ts';
import { readBody, BodyTooLarge } from '../body.ts';
import { applyCors } from '../cors.ts';
import { DEFAULT_FAULT_CODES } from '../faults.ts';
import { idHeaders, send, type Exchange, type Outcome } from '../exchange.ts';

export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Preflights end here; other requests from the app's origins get the CORS headers. */
export function cors(x: Exchange): Outcome {
  return applyCors(x.req, x.res, x.deps.appOrigins) ? 'answered' : 'next';
}

/** Reads the body; beyond 4 MB, ARM's 413 and the connection closes. */
export async function readRequestBody(x: Exchange): Promise<Outcome> {
  try {
    x.bodyText = await readBody(x.req, MAX_BODY_BYTES);
    return 'next';
  } catch (e) {
    if (!(e instanceof BodyTooLarge)) throw e;
    const err = new ArmError(
      413,
      'RequestEntityTooLarge',
      `The request content size exceeds the maximum size of ${MAX_BODY_BYTES / 1024 / 1024} MB.`,
    );
    x.res.setHeader('Connection', 'close');
    send(x.res, 413, err.toBody(), idHeaders(x.ids));
    return 'answered';
  }
}

function isLoopback(x: Exchange): boolean {
  const a = x.req.socket.remoteAddress ?? '';
  return a === '127.0.0.1' || a === '::1' || a === '::ffff:127.0.0.1';
}

/**
 * /_local/… is the control API, for loopback callers only, and never for a web page: a request with an
 * `Origin` other than local Azure's own (another loopback port, `null` from a file:// page) is refused,
 * and a body must be announced as JSON — so a `no-cors` text/plain POST from a page cannot reset the
 * world, inject faults or change the token lifetime. Tools (curl, the test helpers) send no
 * Origin.
 */
export async function controlApi(x: Exchange): Promise<Outcome> {
  const { pathname } = x.url;
  if (pathname !== '/_local' && !pathname.startsWith('/_local/')) return 'next';
  const refuse = (status: number, code: string, message: string): Outcome => {
    send(x.res, status, new ArmError(status, code, message).toBody(), idHeaders(x.ids));
    return 'answered';
  };
  if (!isLoopback(x)) return refuse(403, 'Forbidden', 'The control API answers loopback callers only.');
  const origin = x.headers.origin;
  if (origin !== undefined && origin !== new URL(x.deps.endpoint()).origin) {
    return refuse(
      403,
      'Forbidden',
      `The control API does not answer web pages: requests from origin '${origin}' are refused.`,
    );
  }
  const ct = (x.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (x.bodyText.length > 0 && ct !== 'application/json') {
    return refuse(
      415,
      'UnsupportedMediaType',
      `The control API reads JSON only: a body needs 'Content-Type: application/json' (got '${ct}').`,
    );
  }
  await x.deps.control(x.req, x.res, pathname, x.bodyText);
  return 'answered';
}

/**
 * A matching fault rule delays, drops the connection or answers with its status; a rule marked `after`
 * lets the request through and acts on its answer (steps/after-fault.ts).
 */
export async function injectFaults(x: Exchange): Promise<Outcome> {
  const fault = x.deps.faults.match(x.req.method ?? 'GET', x.url.pathname, x.url.search, x.headers.origin);
  if (!fault) return 'next';
  const r = fault.rule;
  if (r.after) {
    x.afterFault = r;
    return 'next';
  }
  if (r.latencyMs) await new Promise((ok) => setTimeout(ok, r.latencyMs));
  if (r.drop) {
    x.req.socket.destroy();
    return 'answered';
  }
  if (r.status === undefined) return 'next';
  const code = r.code ?? DEFAULT_FAULT_CODES[r.status] ?? 'InjectedFault';
  const err = new ArmError(r.status, code, r.message ?? `Injected fault: ${r.status} ${code}.`);
  const h = idHeaders(x.ids);
  if (r.retryAfter !== undefined) h['Retry-After'] = String(r.retryAfter);
  send(x.res, r.status, err.toBody(), h);
  return 'answered';
}
