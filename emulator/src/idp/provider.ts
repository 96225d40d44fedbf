// The local identity provider: oidc-provider 9 mounted Entra-style at /<tenant>/v2.0, giving MSAL
// what docs/azure/sign-in-and-storage.md lists (PKCE, refresh tokens with the offline_access fix, CORS for the app
// origins, auto-submitted RP-initiated logout, JWT access tokens for https://management.azure.com with
// scp/oid/tid/preferred_username/name, auto-consent) plus a confidential automation client
// (client_credentials, scope https://management.azure.com/.default → app token with oid/tid/roles).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import Provider from 'oidc-provider';
import type { IdpKeys } from './keys.ts';
import { idpPaths, type IdpPaths } from './paths.ts';
import { providerConfiguration } from './configuration.ts';
import { createInteraction } from './interaction.ts';
import { messagePage, newNonce, pageCsp } from './pages.ts';
import { SignInThrottle } from './throttle.ts';
import { BodyTooLarge, readBody } from '../http/body.ts';

/** Entra's device-code prompt, which MSAL prints as it is (`message`); oidc-provider has no such field. */
function deviceMessage(uri: string, code: string): string {
  return `To sign in, use a web browser to open the page ${uri} and enter the code ${code} to authenticate.`;
}

export interface IdpOptions {
  /** https://localhost:<port> */
  origin: string;
  keys: IdpKeys;
  appOrigins: () => readonly string[];
  tokenTtlSeconds: () => number;
  /** Live role summaries for the login page. */
  roleSummaries: (objectId: string) => { role: string; scope: string }[];
}

export interface Idp extends IdpPaths {
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Forgets every failed sign-in (a world reset). */
  clearThrottles: () => void;
}

/** The largest request body the identity provider reads (oidc-provider's own limit is 56 KiB). */
export const MAX_IDP_BODY_BYTES = 56 * 1024;

/** The body read up front, so an oversized one gets a 413 instead of a reset connection. */
const bodies = new WeakMap<IncomingMessage, string>();

function readText(req: IncomingMessage): string {
  return bodies.get(req) ?? '';
}

/**
 * MSAL validates an Entra-form authority (`https://host/<tenant>`) against login.microsoftonline.com's
 * instance discovery, which knows no local host and is not reachable offline; the AD FS form
 * (`https://host/adfs`, as Azure Stack Hub registers its AD FS) skips it. So the cloud metadata names
 * `https://localhost:<idp>/adfs` as the login endpoint, and its discovery document is the tenant's own.
 */
export const ADFS_DISCOVERY = '/adfs/.well-known/openid-configuration';

/** Adds Entra's `message` to the device authorization response (MSAL prints it; the CLI needs it). */
function addDeviceMessage(res: ServerResponse): void {
  const end = res.end.bind(res) as (chunk?: unknown, ...rest: unknown[]) => ServerResponse;
  const patched = (chunk?: unknown, ...rest: unknown[]): ServerResponse => {
    if ((typeof chunk === 'string' || Buffer.isBuffer(chunk)) && !res.headersSent) {
      try {
        const json = JSON.parse(chunk.toString()) as Record<string, unknown>;
        if (typeof json.user_code === 'string' && typeof json.verification_uri === 'string') {
          json.message = deviceMessage(json.verification_uri, json.user_code);
          const text = JSON.stringify(json);
          res.setHeader('Content-Length', Buffer.byteLength(text));
          return end(text, ...rest);
        }
      } catch {
        // not JSON: leave it as it is
      }
    }
    return end(chunk, ...rest);
  };
  res.end = patched as ServerResponse['end'];
}

/** An HTML page with the identity provider's headers (CSP with the page's nonce, no caching). */
function sendHtml(
  res: ServerResponse,
  status: number,
  nonce: string,
  html: string,
  appOrigins: readonly string[],
): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Security-Policy', pageCsp(nonce, appOrigins));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.end(html);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * Reads a request's body up front (413 past MAX_IDP_BODY_BYTES) and hands it to oidc-provider as it
 * expects an already-read body (req.body: a form as an object, JSON as text). False when refused.
 */
async function readRequestBody(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  let text: string;
  try {
    text = await readBody(req, MAX_IDP_BODY_BYTES);
  } catch (e) {
    if (!(e instanceof BodyTooLarge)) throw e;
    res.setHeader('Connection', 'close');
    sendJson(res, 413, {
      error: 'invalid_request',
      error_description: `The request body is larger than ${MAX_IDP_BODY_BYTES / 1024} KiB.`,
    });
    return false;
  }
  bodies.set(req, text);
  const form = /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
  Object.assign(req, { body: form ? { ...parseQuery(text) } : text });
  return true;
}

/**
 * MSAL asks for offline_access on refresh; oidc-provider refuses it when the grant came without
 * prompt=consent. Strip it before oidc-provider parses the body.
 */
function dropOfflineAccessOnRefresh(req: IncomingMessage): void {
  const form = new URLSearchParams(readText(req));
  if (form.get('grant_type') === 'refresh_token' && form.has('scope')) {
    const scope = (form.get('scope') ?? '').split(' ').filter((s) => s && s !== 'offline_access');
    form.set('scope', scope.join(' '));
  }
  Object.assign(req, { body: Object.fromEntries(form) });
}

const isRead = (req: IncomingMessage): boolean => req.method === 'GET' || req.method === 'HEAD';

export function createIdp(opts: IdpOptions): Idp {
  const paths = idpPaths(opts.origin);
  const { mountPath, issuer } = paths;
  const throttle = new SignInThrottle();
  const provider = new Provider(issuer, providerConfiguration({ mountPath, ...opts }));
  provider.proxy = false;
  provider.on('server_error', (_ctx: unknown, err: unknown) => console.error('local IdP: server error', err));
  const callback = provider.callback();
  const html = (res: ServerResponse, status: number, nonce: string, page: string): void =>
    sendHtml(res, status, nonce, page, opts.appOrigins());
  const interaction = createInteraction({
    provider,
    mountPath,
    throttle,
    roleSummaries: opts.roleSummaries,
    readText,
    sendHtml: html,
  });

  /** A landing page, e.g. for someone who just accepted the browser's certificate warning. */
  function landing(res: ServerResponse): void {
    const nonce = newNonce();
    const text = `This is local Azure's stand-in for Microsoft Entra ID. Authority: ${issuer}/ — sign in from the Kiln app.`;
    html(res, 200, nonce, messagePage(nonce, 'Local identity provider', text));
  }

  /** The tenant's discovery document also under the AD FS form of the authority (see ADFS_DISCOVERY). */
  function adfsDiscovery(req: IncomingMessage, res: ServerResponse): void {
    Object.assign(req, { originalUrl: `${mountPath}/.well-known/openid-configuration` });
    req.url = '/.well-known/openid-configuration';
    callback(req, res);
  }

  /** A request under the mount path: the interaction pages, or oidc-provider's own endpoints. */
  async function mounted(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!isRead(req) && !(await readRequestBody(req, res))) return;
    const inner = url.pathname.slice(mountPath.length) || '/';
    const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(inner);
    if (m?.[1]) return interaction(req, res, m[1], m[2] ?? '');
    if (req.method === 'POST' && inner === '/token') dropOfflineAccessOnRefresh(req);
    if (req.method === 'POST' && inner === '/device/auth') addDeviceMessage(res);
    Object.assign(req, { originalUrl: req.url });
    req.url = inner + url.search;
    callback(req, res);
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', opts.origin);
    const path = url.pathname;
    if (path === '/' && isRead(req)) return landing(res);
    if (path === ADFS_DISCOVERY && isRead(req)) return adfsDiscovery(req, res);
    if (path === mountPath || path.startsWith(`${mountPath}/`)) return mounted(req, res, url);
    sendJson(res, 404, {
      error: 'not_found',
      error_description: `The local identity provider lives at ${mountPath}/.`,
    });
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    route(req, res).catch((e: unknown) => {
      console.error('local IdP: request failed', e);
      if (res.headersSent) return void res.destroy();
      const nonce = newNonce();
      const text = e instanceof Error ? e.message : 'The request failed.';
      html(res, 400, nonce, messagePage(nonce, 'Sign-in error', text));
    });
  };

  return { ...paths, handler, clearThrottles: () => throttle.clear() };
}
