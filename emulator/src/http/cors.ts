// CORS for the app's origins: the browser calls ARM directly with the SDK clients, so preflights must
// pass (cached with Access-Control-Max-Age) and the LRO / request-id headers must be readable.
import type { IncomingMessage, ServerResponse } from 'node:http';

export const EXPOSED_HEADERS = [
  'Azure-AsyncOperation',
  'Location',
  'Retry-After',
  'x-ms-request-id',
  'x-ms-correlation-request-id',
  'x-ms-client-request-id',
  'x-ms-ratelimit-remaining-subscription-reads',
  'x-ms-ratelimit-remaining-subscription-writes',
  'x-ms-ratelimit-remaining-tenant-reads',
  'x-ms-ratelimit-remaining-tenant-writes',
  'x-ms-routing-request-id',
  'Content-Type',
  'ETag',
].join(', ');

export const ALLOWED_HEADERS =
  'Authorization, Content-Type, Accept, Accept-Language, If-Match, If-None-Match, x-ms-client-request-id, x-ms-return-client-request-id, x-ms-correlation-request-id, x-ms-useragent, x-ms-command-name, x-ms-*';

export const ALLOWED_METHODS = 'GET, HEAD, PUT, PATCH, POST, DELETE, OPTIONS';

/**
 * Adds CORS headers for an allowed origin. Returns true when the request was a preflight and has been
 * answered (204).
 */
export function applyCors(
  req: IncomingMessage,
  res: ServerResponse,
  allowed: () => readonly string[],
): boolean {
  const origin = req.headers.origin;
  const ok = typeof origin === 'string' && allowed().includes(origin.replace(/\/+$/, ''));
  if (ok) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Vary', 'Origin');
    res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS);
  }
  if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
    if (ok) {
      res.setHeader('Access-Control-Allow-Methods', ALLOWED_METHODS);
      const requested = req.headers['access-control-request-headers'];
      // Echo the requested headers (x-ms-* wildcards are not understood by browsers).
      res.setHeader(
        'Access-Control-Allow-Headers',
        typeof requested === 'string' && requested ? requested : ALLOWED_HEADERS,
      );
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.statusCode = ok ? 204 : 403;
    res.end();
    return true;
  }
  return false;
}
