// Tokens for tests and scripts in Node, from local Azure's identity provider over HTTPS (run with
// NODE_EXTRA_CA_CERTS, e.g. `node scripts/with-ca.mjs …`):
//   getUserToken  walks the real authorization-code + PKCE pages (login form, cookies) with plain fetch;
//   getAppToken   client_credentials for the automation client;
//   staticCredential turns a token into a TokenCredential for the @azure/arm-* clients.
import { createHash, randomBytes } from 'node:crypto';
import type { AccessToken, TokenCredential } from '@azure/core-auth';

export const ARM_USER_SCOPE = 'https://management.azure.com/user_impersonation';
export const ARM_DEFAULT_SCOPE = 'https://management.azure.com/.default';

export interface UserTokenOptions {
  /** e.g. https://localhost:8443/<tenant>/v2.0/ (with or without the trailing slash). */
  authority: string;
  username: string;
  password: string;
  clientId: string;
  /** One of the SPA client's redirect URIs, e.g. http://localhost:3000/redirect. */
  redirectUri: string;
  /** Defaults to the ARM user_impersonation scope plus openid profile offline_access. */
  scope?: string;
}

export interface TokenSet {
  accessToken: string;
  idToken?: string;
  refreshToken?: string;
  /** Seconds. */
  expiresIn: number;
  /** ms since epoch. */
  expiresOn: number;
  scope?: string;
}

/** The form the login page shows, with a cookie jar: what a browser would do, in plain fetch. */
class CookieJar {
  private readonly cookies = new Map<string, string>();

  take(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = c.split(';');
      const eq = pair.indexOf('=');
      if (eq < 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attrs.some((a) => {
        const [k, v] = a.trim().split('=');
        if (k?.toLowerCase() === 'max-age') return Number(v) <= 0;
        if (k?.toLowerCase() === 'expires') return Date.parse(v ?? '') < Date.now();
        return false;
      });
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

/** One browser step: the request with the jar's cookies (a form when `body` is given), redirects not followed. */
async function browse(
  jar: CookieJar,
  url: string,
  method: string,
  body: string | undefined,
): Promise<{ res: Response; location: string | null }> {
  const res = await fetch(url, {
    method,
    redirect: 'manual',
    headers: {
      cookie: jar.header(),
      ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
    },
    ...(body ? { body } : {}),
  });
  jar.take(res);
  return { res, location: res.headers.get('location') };
}

function b64url(buf: Buffer): string {
  return buf.toString('base64url');
}

async function discover(
  authority: string,
): Promise<{ authorization_endpoint: string; token_endpoint: string; issuer: string }> {
  const base = authority.endsWith('/') ? authority : `${authority}/`;
  const res = await fetch(`${base}.well-known/openid-configuration`);
  if (!res.ok) throw new Error(`discovery failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as { authorization_endpoint: string; token_endpoint: string; issuer: string };
}

function tokenSet(json: Record<string, unknown>): TokenSet {
  if (typeof json.access_token !== 'string')
    throw new Error(`token endpoint answered without an access token: ${JSON.stringify(json)}`);
  const expiresIn = typeof json.expires_in === 'number' ? json.expires_in : 3600;
  return {
    accessToken: json.access_token,
    ...(typeof json.id_token === 'string' ? { idToken: json.id_token } : {}),
    ...(typeof json.refresh_token === 'string' ? { refreshToken: json.refresh_token } : {}),
    ...(typeof json.scope === 'string' ? { scope: json.scope } : {}),
    expiresIn,
    expiresOn: Date.now() + expiresIn * 1000,
  };
}

/** Thrown when the login page answers with an error (e.g. a wrong password); `page` is its HTML. */
export class SignInError extends Error {
  constructor(
    message: string,
    readonly page: string,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/**
 * Signs a demo user in through the real authorization-code + PKCE flow: authorize → login page →
 * POST username/password → redirect with the code → token endpoint. No password grant involved.
 */
export async function getUserToken(o: UserTokenOptions): Promise<TokenSet> {
  const meta = await discover(o.authority);
  const jar = new CookieJar();
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const state = b64url(randomBytes(12));
  const auth = new URL(meta.authorization_endpoint);
  auth.search = new URLSearchParams({
    client_id: o.clientId,
    redirect_uri: o.redirectUri,
    response_type: 'code',
    response_mode: 'query',
    scope: o.scope ?? `openid profile offline_access ${ARM_USER_SCOPE}`,
    code_challenge: challenge,
    code_challenge_method: 'S256',
    state,
    nonce: b64url(randomBytes(12)),
  }).toString();

  let url = auth.href;
  let method = 'GET';
  let body: string | undefined;
  for (let hop = 0; hop < 15; hop++) {
    const { res, location } = await browse(jar, url, method, body);
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, url).href;
      if (next.startsWith(o.redirectUri)) {
        const params = new URL(next).searchParams;
        const err = params.get('error');
        if (err) throw new Error(`sign-in failed: ${err}: ${params.get('error_description') ?? ''}`);
        if (params.get('state') !== state) throw new Error('sign-in failed: state mismatch');
        const code = params.get('code');
        if (!code) throw new Error('sign-in failed: no code in the redirect');
        const tr = await fetch(meta.token_endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            grant_type: 'authorization_code',
            code,
            redirect_uri: o.redirectUri,
            client_id: o.clientId,
            code_verifier: verifier,
          }).toString(),
        });
        const json = (await tr.json()) as Record<string, unknown>;
        if (!tr.ok) throw new Error(`token request failed: ${tr.status} ${JSON.stringify(json)}`);
        return tokenSet(json);
      }
      url = next;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new SignInError(`sign-in failed: ${res.status} at ${url}`, html);
    const action = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(html)?.[1];
    if (!action || method === 'POST') {
      const msg = /id="login-error"[^>]*>([^<]*)</.exec(html)?.[1];
      throw new SignInError(
        msg ? `sign-in failed: ${msg.replace(/&#39;/g, "'")}` : `sign-in failed: unexpected page at ${url}`,
        html,
      );
    }
    url = new URL(action.replace(/&amp;/g, '&'), url).href;
    method = 'POST';
    body = new URLSearchParams({ login: o.username, password: o.password }).toString();
  }
  throw new Error('sign-in failed: too many redirects');
}

/** Refreshes a user token with the refresh-token grant (as MSAL does, offline_access included). */
export async function refreshUserToken(o: {
  authority: string;
  clientId: string;
  refreshToken: string;
  scope?: string;
}): Promise<TokenSet> {
  const meta = await discover(o.authority);
  const res = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: o.refreshToken,
      client_id: o.clientId,
      scope: o.scope ?? `openid profile offline_access ${ARM_USER_SCOPE}`,
    }).toString(),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`refresh failed: ${res.status} ${JSON.stringify(json)}`);
  return tokenSet(json);
}

/** client_credentials for a confidential client (local Azure's automation client). */
export async function getAppToken(o: {
  /** The token endpoint, or an authority to discover it from. */
  tokenEndpoint?: string;
  authority?: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
}): Promise<TokenSet> {
  const endpoint =
    o.tokenEndpoint ?? (o.authority ? (await discover(o.authority)).token_endpoint : undefined);
  if (!endpoint) throw new Error('getAppToken needs tokenEndpoint or authority');
  const res = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: o.clientId,
      client_secret: o.clientSecret,
      scope: o.scope ?? ARM_DEFAULT_SCOPE,
    }).toString(),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`client_credentials failed: ${res.status} ${JSON.stringify(json)}`);
  return tokenSet(json);
}

/** A TokenCredential that always returns this token (for the @azure/arm-* clients). */
export function staticCredential(token: string | TokenSet): TokenCredential {
  const t = typeof token === 'string' ? { accessToken: token, expiresOn: Date.now() + 3_600_000 } : token;
  return {
    getToken: (): Promise<AccessToken> =>
      Promise.resolve({ token: t.accessToken, expiresOnTimestamp: t.expiresOn }),
  };
}

/** The hidden inputs of the form with this id (oidc-provider's device forms carry xsrf and the code). */
function formFields(html: string, formId: string): { action: string; fields: Record<string, string> } {
  const start = html.indexOf(`id="${formId}"`);
  if (start < 0) throw new SignInError(`sign-in failed: no form ${formId} on the page`, html);
  const open = html.lastIndexOf('<form', start);
  const close = html.indexOf('</form>', start);
  const form = html.slice(open, close);
  const action = /action="([^"]+)"/.exec(form)?.[1] ?? '';
  const fields: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name) fields[name] = value.replace(/&amp;/g, '&');
  }
  return { action: action.replace(/&amp;/g, '&'), fields };
}

/**
 * What a person does in the browser for a device-code sign-in (e.g. `az login --use-device-code`):
 * opens the verification page, enters the code, confirms, signs in with username and password, and
 * ends on the success page. Plain fetch with a cookie jar; throws SignInError on any other page.
 */
export async function completeDeviceCode(o: {
  verificationUri: string;
  userCode: string;
  username: string;
  password: string;
}): Promise<void> {
  const jar = new CookieJar();
  let url = o.verificationUri;
  let method = 'GET';
  let body: string | undefined;
  let step: 'code' | 'confirm' | 'login' | 'done' = 'code';
  for (let hop = 0; hop < 20; hop++) {
    const { res, location } = await browse(jar, url, method, body);
    if (res.status >= 300 && res.status < 400 && location) {
      url = new URL(location, url).href;
      method = 'GET';
      body = undefined;
      continue;
    }
    const html = await res.text();
    if (res.status !== 200) throw new SignInError(`device sign-in failed: ${res.status} at ${url}`, html);
    const error = /id="login-error"[^>]*>([^<]*)</.exec(html)?.[1];
    if (error) throw new SignInError(`device sign-in failed: ${error.replace(/&#39;/g, "'")}`, html);
    if (html.includes('id="op.deviceInputForm"') && step === 'code') {
      const f = formFields(html, 'op.deviceInputForm');
      url = new URL(f.action, url).href;
      body = new URLSearchParams({ ...f.fields, user_code: o.userCode }).toString();
      step = 'confirm';
    } else if (html.includes('id="op.deviceConfirmForm"') && step === 'confirm') {
      const f = formFields(html, 'op.deviceConfirmForm');
      url = new URL(f.action, url).href;
      body = new URLSearchParams(f.fields).toString();
      step = 'login';
    } else if (step === 'login' && /name="password"/.test(html)) {
      const action = /<form[^>]*method="post"[^>]*action="([^"]+)"/i.exec(html)?.[1] ?? '';
      url = new URL(action.replace(/&amp;/g, '&'), url).href;
      body = new URLSearchParams({ login: o.username, password: o.password }).toString();
      step = 'done';
    } else if (step === 'done' && /You are signed in/.test(html)) {
      return;
    } else {
      throw new SignInError(`device sign-in failed: unexpected page at ${url}`, html);
    }
    method = 'POST';
  }
  throw new Error('device sign-in failed: too many redirects');
}
