// One shape for every failure an ARM call can end in (docs/azure/resource-manager.md): ARM's own code and message, the
// HTTP status, and Retry-After when ARM sent one. The UI renders `code` and `message` as text.

export interface ArmError {
  /** HTTP status; 0 when no response arrived (network, CORS, TLS). */
  status: number;
  /** ARM's error code (e.g. AuthorizationFailed, Conflict), or a Kiln code for non-HTTP failures. */
  code: string;
  message: string;
  /** Seconds, when the response carried Retry-After. */
  retryAfterSeconds?: number;
}

interface HeaderBag {
  get(name: string): string | undefined | null;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function parseRetryAfter(headers: unknown): number | undefined {
  if (!isRecord(headers) || typeof headers.get !== 'function') return undefined;
  const raw = (headers as unknown as HeaderBag).get('retry-after');
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.round((date - Date.now()) / 1000));
}

/** ARM's `{ error: { code, message } }` envelope (or the older unwrapped form) from a response body. */
function fromBody(body: unknown): { code?: string; message?: string } {
  let v: unknown = body;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return {};
    }
  }
  if (!isRecord(v)) return {};
  const inner = isRecord(v.error) ? v.error : v;
  return { code: str(inner.code), message: str(inner.message) };
}

/**
 * Kiln's own refusals of links in ARM's answers (lib/azure/http-client.ts): a request to another host,
 * a next-page link back into the same list, a list that does not end. Asking again gets the same.
 */
export const REFUSED_LINK_CODES = ['ForeignHostRefused', 'NextLinkLoop', 'TooManyPages'] as const;
export type RefusedLinkCode = (typeof REFUSED_LINK_CODES)[number];

/** Asking again cannot change the answer: gone, forbidden, signed out, or a link Kiln refuses. */
export function isFinalError(e: ArmError): boolean {
  return (
    e.status === 404 ||
    e.status === 403 ||
    e.status === 401 ||
    (REFUSED_LINK_CODES as readonly string[]).includes(e.code)
  );
}

/**
 * An action's answer that does not say whether ARM carried it out: none came (a dropped connection, a
 * network error) or a server error — the request may have reached ARM and taken effect. Kiln then reads
 * the state again before saying anything or offering to send it again (docs/reliability.md).
 */
export function answerLost(e: ArmError): boolean {
  return e.status === 0 || e.status >= 500;
}

/** Maps anything thrown by an SDK call (RestError, LRO failure, network error) to an ArmError. */
export function toArmError(e: unknown): ArmError {
  if (!isRecord(e)) return { status: 0, code: 'Unknown', message: String(e) };
  if (e.name === 'SignInRedirectError') {
    return { status: 401, code: 'SignInRequired', message: 'Your session needs you to sign in again…' };
  }
  if (e.name === 'ReadTimeoutError') {
    return {
      status: 0,
      code: 'Timeout',
      message: str(e.message) ?? 'Resource Manager did not answer in time.',
    };
  }
  const response = isRecord(e.response) ? e.response : undefined;
  const statusCode = typeof e.statusCode === 'number' ? e.statusCode : undefined;
  const body = fromBody(response?.parsedBody ?? response?.bodyAsText);
  const details = isRecord(e.details) ? fromBody(e.details) : {};
  const rawCode = str(e.code);
  const message = str(e.message);
  if (statusCode === undefined && (rawCode === 'REQUEST_SEND_ERROR' || e.name === 'TypeError')) {
    return {
      status: 0,
      code: 'NetworkError',
      message: `Resource Manager could not be reached (${message ?? 'network error'}).`,
    };
  }
  const code = body.code ?? details.code ?? rawCode ?? (statusCode ? `HTTP${statusCode}` : 'Error');
  const out: ArmError = {
    status: statusCode ?? 0,
    code,
    message: body.message ?? details.message ?? message ?? 'The request failed.',
  };
  const retryAfter = parseRetryAfter(response?.headers);
  if (retryAfter !== undefined) out.retryAfterSeconds = retryAfter;
  return out;
}

/** The error as one line of text, e.g. "AuthorizationFailed: The client … does not have …". */
export function armErrorText(e: ArmError): string {
  return `${e.code}: ${e.message}`;
}

/**
 * Keeps ARM's error body for calls whose SDK error loses it (the TypeSpec clients' paging throws
 * "Pagination failed with unexpected statusCode 403" without ARM's message). Pass `onResponse` in the
 * call's options and `rethrow` the caught error: toArmError then reads ARM's code and message.
 */
export function keepErrorBody() {
  let body: unknown;
  return {
    onResponse: (r: { status: number; parsedBody?: unknown; bodyAsText?: string | null }) => {
      if (r.status >= 400) body = r.parsedBody ?? r.bodyAsText ?? undefined;
    },
    rethrow(e: unknown): never {
      if (body !== undefined && isRecord(e)) {
        try {
          Object.assign(e, { details: body });
        } catch {
          /* frozen error: keep it as is */
        }
      }
      throw e;
    },
  };
}
