// The checks ARM makes on every request before it looks for a route: method, token, api-version, body.
import { ArmError } from '../../core/errors.ts';
import type { Exchange, Outcome } from '../exchange.ts';

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

/** PUT, PATCH and POST bodies must be JSON, announced as such. */
export function parseJsonBody(x: Exchange): Outcome {
  const { method, bodyText } = x;
  if (bodyText.length === 0 || (method !== 'PUT' && method !== 'PATCH' && method !== 'POST')) return 'next';
  const ct = (x.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!/^(application\/([a-z0-9.+-]+\+)?json|text\/json)$/.test(ct)) {
    throw new ArmError(
      415,
      'UnsupportedMediaType',
      `The content media type '${ct}' is not supported. Only 'application/json' is supported.`,
    );
  }
  try {
    x.body = JSON.parse(bodyText);
  } catch (e) {
    throw new ArmError(
      400,
      'InvalidRequestContent',
      `The request content was invalid and could not be deserialized: '${e instanceof Error ? e.message : 'invalid JSON'}'.`,
    );
  }
  return 'next';
}
