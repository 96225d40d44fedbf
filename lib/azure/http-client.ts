// The HTTP client every SDK client sends through: the SDK's own (fetch in the browser), with two changes.
//
// 1. The fetch cache mode. The SDK asks fetch for `cache: "no-store"`, and Chromium then skips its CORS
// preflight cache, so every ARM call costs two round trips (OPTIONS + the call) even though ARM answers
// preflights with Access-Control-Max-Age. Chromium skips it for `no-cache` and `reload` too (measured:
// five identical GETs, five preflights); only `default` reuses the preflight. Responses stay fresh
// because ARM marks every answer `Cache-Control: no-cache` (local Azure too), so the browser never
// serves a stored ARM response without asking ARM again.
//
// 2. Links ARM hands back are followed only where they belong (docs/reliability.md, "Links from ARM").
// The SDK follows a list's `nextLink` (and an operation's status URL) wherever it points, with the
// user's bearer token on it, and follows a `nextLink` that never ends for ever. Here, before anything
// is sent: a request to any origin but the configured Resource Manager's is refused (the token never
// leaves for another host); a list page whose `nextLink` leads back to a page of the same listing, or
// a listing longer than MAX_PAGES, ends with an error instead of paging on. The token policy has put
// the token on the request object by then, but only this client sends it.
//
// 3. Each request is sent in a task of its own. A page's first render starts a dozen reads at once,
// and a list or a staging group read starts several more: sent in the same task, their `fetch` calls
// (and the pipeline work before each) add up to one long task that blocks input. The client first
// yields to the browser (lib/yield-to-main.ts), so each send is a short task of its own; the cost is a
// task turn (well under a millisecond) per request.
//
// The pipeline — retries, Retry-After, bearer token, tracing, error mapping — stays the SDK's.
import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { yieldToMain } from '@/lib/yield-to-main';
import type { RefusedLinkCode } from './errors';

/** The fetch cache mode ARM calls use (see above). */
export const ARM_FETCH_CACHE_MODE = 'default';

/** The most pages one listing may have (1,000 pages of ARM's 100–1,000 items: far beyond any estate). */
export const MAX_PAGES = 1000;

/** A request Kiln did not send, or a listing it stopped following (toArmError: `code`, status 0). */
export class ArmLinkRefused extends Error {
  override name = 'ArmLinkRefused';
  constructor(
    readonly code: RefusedLinkCode,
    message: string,
  ) {
    super(message);
  }
}

/** The refusal of a request to `origin`, which is not Resource Manager's (`armOrigin`). */
export function foreignHostRefused(origin: string, armOrigin: string): ArmLinkRefused {
  return new ArmLinkRefused(
    'ForeignHostRefused',
    `Kiln did not send a request to ${origin}: Resource Manager is ${armOrigin}, and your sign-in is sent nowhere else. A link in Resource Manager's answer (a next page or an operation status) pointed there.`,
  );
}

const supportsCacheMode = typeof Request !== 'undefined' && 'cache' in Request.prototype;

/**
 * One listing's key for a URL: origin, path (ARM paths are case-insensitive) and the query without
 * api-version (an SDK may add it to a nextLink), its parameters sorted.
 */
export function pageKey(url: string): string {
  const u = new URL(url);
  const params = [...u.searchParams].filter(([k]) => k.toLowerCase() !== 'api-version');
  params.sort(([a, x], [b, y]) => (a === b ? x.localeCompare(y) : a.localeCompare(b)));
  return `${u.origin}${u.pathname.toLowerCase()}?${new URLSearchParams(params).toString()}`;
}

let lastParsed: { text: string; body: unknown } | undefined;

/**
 * `JSON.parse`, remembering the last text it parsed: a list page is parsed here for its `nextLink` and
 * then again by its reader (lib/azure/arm-get.ts) — the same string, so the second parse is free. The
 * second caller gets the first's object (the first only reads it); a third parses anew. Throws as
 * `JSON.parse` does.
 */
export function parseJsonOnce(text: string): unknown {
  if (lastParsed?.text === text) {
    // Handed out once more only: the reader owns it from here.
    const { body } = lastParsed;
    lastParsed = undefined;
    return body;
  }
  const body: unknown = JSON.parse(text);
  lastParsed = { text, body };
  return body;
}

/** The top-level `nextLink` of a list page's JSON, if it has one. */
export function nextLinkOf(bodyAsText: string | null | undefined): string | undefined {
  // Parse only pages that can have one (most answers are single resources).
  if (!bodyAsText || !bodyAsText.includes('"nextLink"')) return undefined;
  try {
    const body: unknown = parseJsonOnce(bodyAsText);
    if (typeof body !== 'object' || body === null || !('nextLink' in body)) return undefined;
    return typeof body.nextLink === 'string' && body.nextLink ? body.nextLink : undefined;
  } catch {
    return undefined;
  }
}

interface Listing {
  /** The page keys of this listing read so far. */
  seen: Set<string>;
}

/** Listings whose next page has not been asked for yet, by that page's key (oldest first; bounded). */
const MAX_OPEN_LISTINGS = 200;

export interface ArmHttpClientOptions {
  /** The configured Resource Manager endpoint (read at every request: the configuration may change). */
  endpoint: () => string;
  inner?: HttpClient;
}

export function armHttpClient({
  endpoint,
  inner = createDefaultHttpClient(),
}: ArmHttpClientOptions): HttpClient {
  const open = new Map<string, Listing>();
  return {
    async sendRequest(request) {
      const armOrigin = new URL(endpoint()).origin;
      const target = new URL(request.url);
      if (target.origin !== armOrigin) {
        throw foreignHostRefused(target.origin, armOrigin);
      }
      if (supportsCacheMode) {
        request.requestOverrides = { ...request.requestOverrides, cache: ARM_FETCH_CACHE_MODE };
      }
      const key = request.method === 'GET' ? pageKey(request.url) : undefined;
      const listing = key !== undefined ? open.get(key) : undefined;
      if (key !== undefined) open.delete(key);
      await yieldToMain();
      const response = await inner.sendRequest(request);
      if (key === undefined || response.status !== 200) return response;
      const next = nextLinkOf(response.bodyAsText);
      if (next === undefined) return response;
      const seen = new Set(listing?.seen ?? []).add(key);
      const nextKey = new URL(next).origin === armOrigin ? pageKey(next) : undefined;
      if (nextKey !== undefined && seen.has(nextKey)) {
        throw new ArmLinkRefused(
          'NextLinkLoop',
          `Resource Manager's next-page link leads back to a page of this list already read (page ${seen.size}); Kiln stopped reading the list rather than page for ever.`,
        );
      }
      if (seen.size >= MAX_PAGES) {
        throw new ArmLinkRefused(
          'TooManyPages',
          `The list did not end after ${MAX_PAGES} pages; Kiln stopped reading it.`,
        );
      }
      // A next page on another host is refused when it is asked for (above); nothing to track.
      if (nextKey !== undefined) {
        open.set(nextKey, { seen });
        if (open.size > MAX_OPEN_LISTINGS) open.delete(open.keys().next().value ?? nextKey);
      }
      return response;
    },
  };
}
