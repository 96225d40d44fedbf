// Small helpers for conformance tests and scripts: tokens per demo user (cached), raw ARM calls, the
// control API, and SDK client options pointing at local ARM.
import type { LocalAzureInfo } from '../src/config.ts';
import { getAppToken, getUserToken, type TokenSet } from './tokens.ts';

export type DemoUserKey = 'ava' | 'rey' | 'cole' | 'nia';

const USERNAMES: Record<DemoUserKey, string> = {
  ava: 'ava@contoso.com',
  rey: 'rey@contoso.com',
  cole: 'cole@contoso.com',
  nia: 'nia@contoso.com',
};

const cache = new Map<string, Promise<TokenSet>>();

/** A user token for a demo account, signed in once per test file through the real pages. */
export function userToken(info: LocalAzureInfo, who: DemoUserKey): Promise<TokenSet> {
  const key = `${info.authority}|${who}`;
  let p = cache.get(key);
  if (!p) {
    const u = info.users.find((x) => x.username === USERNAMES[who]);
    if (!u) throw new Error(`no demo user ${who}`);
    p = getUserToken({
      authority: info.authority,
      username: u.username,
      password: u.password,
      clientId: info.spaClientId,
      redirectUri: `${info.appOrigins[0] ?? 'http://localhost:3000'}/redirect`,
    });
    cache.set(key, p);
  }
  return p;
}

export function appToken(info: LocalAzureInfo): Promise<TokenSet> {
  const key = `${info.authority}|app`;
  let p = cache.get(key);
  if (!p) {
    p = getAppToken({
      tokenEndpoint: info.tokenEndpoint,
      clientId: info.automation.clientId,
      clientSecret: info.automation.clientSecret,
    });
    cache.set(key, p);
  }
  return p;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed JSON body (undefined when empty or not JSON). */
  json: unknown;
}

async function raw(res: Response): Promise<RawResponse> {
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

/** A raw ARM call. `path` may carry its query; `token` null sends no Authorization header. */
export async function arm(
  info: LocalAzureInfo,
  token: string | null,
  method: string,
  path: string,
  opts: { body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  let body: string | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(`${info.arm}${path}`, { method, headers, ...(body !== undefined ? { body } : {}) });
  return raw(res);
}

/** The control API (`/_local/…`). */
export async function control(
  info: LocalAzureInfo,
  method: string,
  path: string,
  body?: unknown,
): Promise<RawResponse> {
  const res = await fetch(`${info.arm}/_local/${path.replace(/^\/+/, '')}`, {
    method,
    headers: body !== undefined ? { 'content-type': 'application/json' } : {},
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return raw(res);
}

/** Options for @azure/arm-* clients against local ARM (no retries, so faults show as they are). */
export function clientOptions(info: LocalAzureInfo, retries = 0) {
  return {
    endpoint: info.arm,
    credentialScopes: ['https://management.azure.com/.default'],
    retryOptions: { maxRetries: retries },
  };
}
