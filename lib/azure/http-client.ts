// The HTTP client every SDK client sends through: the SDK's own (fetch in the browser), with one change —
// the fetch cache mode. The SDK asks fetch for `cache: "no-store"`, and Chromium then skips its CORS
// preflight cache, so every ARM call costs two round trips (OPTIONS + the call) even though ARM answers
// preflights with Access-Control-Max-Age. Chromium skips it for `no-cache` and `reload` too (measured:
// five identical GETs, five preflights); only `default` reuses the preflight. Responses stay fresh
// because ARM marks every answer `Cache-Control: no-cache` (local Azure too), so the browser never
// serves a stored ARM response without asking ARM again. The pipeline — retries, Retry-After, bearer
// token, tracing, error mapping — stays the SDK's.
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';

/** The fetch cache mode ARM calls use (see above). */
export const ARM_FETCH_CACHE_MODE = 'default';

const supportsCacheMode = typeof Request !== 'undefined' && 'cache' in Request.prototype;

export function armHttpClient(inner: HttpClient = createDefaultHttpClient()): HttpClient {
  return {
    sendRequest(request) {
      if (supportsCacheMode) {
        request.requestOverrides = { ...request.requestOverrides, cache: ARM_FETCH_CACHE_MODE };
      }
      return inner.sendRequest(request);
    },
  };
}
