// The checks ARM makes on every request before it looks for a route: method, token, api-version, body.
import { ArmError } from '../../core/errors.ts';
import type { Exchange, Outcome } from '../exchange.ts';
import { parseRequestJson, validateRequestContent, validateResourceName } from '../request-content.ts';
import { decodeRequestPath, providerPart } from '../resource-path.ts';

/** The path decoded once; dot segments and encoded separators are a 400 before anything reads it. */
export function normalisePath(x: Exchange): Outcome {
  // The raw request target: URL parsing would already have resolved `..` and `%2e%2e` silently.
  const raw = (x.req.url ?? '/').split('?')[0] ?? '/';
  x.path = decodeRequestPath(raw);
  return 'next';
}

const METHODS = new Set(['GET', 'PUT', 'PATCH', 'POST', 'DELETE', 'HEAD']);

export function allowedMethod(x: Exchange): Outcome {
  if (!METHODS.has(x.method)) {
    throw new ArmError(405, 'MethodNotAllowed', `The requested method '${x.method}' is not allowed.`);
  }
  return 'next';
}

/** The bearer token names the caller; a missing or bad token is a 401 from the verifier. */
export async function authenticate(x: Exchange): Promise<Outcome> {
  x.caller = await x.deps.verifier().verify(x.headers.authorization);
  return 'next';
}

export function requireApiVersion(x: Exchange): Outcome {
  const apiVersion = x.url.searchParams.get('api-version');
  if (!apiVersion) {
    throw new ArmError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    );
  }
  x.apiVersion = apiVersion;
  return 'next';
}

/**
 * PUT, PATCH and POST bodies must be JSON, announced as such, no deeper than ARM reads (400
 * InvalidRequestContent, never a 500 from code that recurses), with `tags` as ARM allows them; and a
 * PUT may not name a resource with characters ARM refuses (markup).
 */
export function parseJsonBody(x: Exchange): Outcome {
  const { method, bodyText } = x;
  const { namespace, types, endsWithName } = providerPart(x.path);
  if (endsWithName) validateResourceName(method, x.path.split('/').pop());
  if (bodyText.length === 0 || (method !== 'PUT' && method !== 'PATCH' && method !== 'POST')) return 'next';
  const ct = (x.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^(application\/([a-z0-9.+-]+\+)?json|text\/json)$/.test(ct)) {
    throw new ArmError(
      415,
      'UnsupportedMediaType',
      `The content media type '${ct}' is not supported. Only 'application/json' is supported.`,
    );
  }
  x.body = parseRequestJson(bodyText);
  validateRequestContent(method, x.body, namespace ? [namespace, ...types].join('/') : undefined);
  return 'next';
}
