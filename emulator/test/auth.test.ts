// Sign-in and bearer tokens: the identity provider's pages and grants, and ARM's 401s.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, importJWK, generateKeyPair, decodeJwt, type JWK } from 'jose';
import { describe, expect, inject, it } from 'vitest';
import { certFiles } from '../src/tls.ts';
import { SPA_CLIENT_ID, SUBSCRIPTIONS, TENANT_ID, USERS } from '../src/world/identities.ts';
import { getAppToken, getUserToken, refreshUserToken, SignInError } from '../testing/tokens.ts';
import { appToken, arm, control, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const SUBS = '/subscriptions?api-version=2022-12-01';

function signingKey(): JWK {
  const stored = JSON.parse(readFileSync(join(certFiles().dir, 'idp-keys.json'), 'utf8')) as { signing: JWK };
  return stored.signing;
}

async function forge(
  claims: Record<string, unknown>,
  opts: { key?: JWK; exp?: number | null } = {},
): Promise<string> {
  const jwk = opts.key ?? signingKey();
  const key = await importJWK(jwk, 'RS256');
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({
    scp: 'user_impersonation',
    oid: USERS.owner.objectId,
    tid: TENANT_ID,
    preferred_username: USERS.owner.username,
    ...claims,
  })
    .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', ...(jwk.kid ? { kid: jwk.kid } : {}) })
    .setIssuer(typeof claims.iss === 'string' ? claims.iss : info.issuer)
    .setAudience(
      typeof claims.aud === 'string' || Array.isArray(claims.aud)
        ? (claims.aud as string | string[])
        : 'https://management.azure.com',
    )
    .setIssuedAt(now - 60);
  if (opts.exp !== null) jwt.setExpirationTime(opts.exp ?? now + 600);
  return jwt.sign(key);
}

function errorOf(json: unknown): { code: string; message: string } {
  return (json as { error: { code: string; message: string } }).error;
}

describe('401s from Resource Manager', () => {
  it('no Authorization header: AuthenticationFailed with WWW-Authenticate', async () => {
    const r = await arm(info, null, 'GET', SUBS);
    expect(r.status).toBe(401);
    expect(errorOf(r.json)).toEqual({
      code: 'AuthenticationFailed',
      message: "Authentication failed. The 'Authorization' header is missing.",
    });
    const www = r.headers.get('www-authenticate') ?? '';
    expect(www).toMatch(
      /^Bearer authorization_uri="https:\/\/localhost:\d+\/[^"]+", error="invalid_token", error_description="/,
    );
  });

  it('not a bearer token: AuthenticationFailed', async () => {
    const r = await arm(info, null, 'GET', SUBS, { headers: { authorization: 'Basic Zm9vOmJhcg==' } });
    expect(r.status).toBe(401);
    expect(errorOf(r.json).code).toBe('AuthenticationFailed');
  });

  it('garbage, tampered or foreign-signed tokens: InvalidAuthenticationToken', async () => {
    const real = (await userToken(info, 'ava')).accessToken;
    const [h, p] = real.split('.');
    const tampered = `${h ?? ''}.${p ?? ''}.${'A'.repeat(342)}`;
    const { privateKey } = await generateKeyPair('RS256', { extractable: true });
    const foreign = await new SignJWT({ scp: 'user_impersonation', oid: USERS.owner.objectId })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(info.issuer)
      .setAudience('https://management.azure.com')
      .setExpirationTime('10m')
      .sign(privateKey);
    for (const t of ['not-a-jwt', tampered, foreign]) {
      const r = await arm(info, t, 'GET', SUBS);
      expect(r.status).toBe(401);
      expect(errorOf(r.json)).toEqual({
        code: 'InvalidAuthenticationToken',
        message: 'The access token is invalid.',
      });
      expect(r.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    }
  });

  it('expired token: ExpiredAuthenticationToken in ARM words', async () => {
    const t = await forge({}, { exp: Math.floor(Date.now() / 1000) - 120 });
    const r = await arm(info, t, 'GET', SUBS);
    expect(r.status).toBe(401);
    const e = errorOf(r.json);
    expect(e.code).toBe('ExpiredAuthenticationToken');
    expect(e.message).toMatch(
      /^The access token expiry UTC time '\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M' is earlier than current UTC time '.+'\.$/,
    );
  });

  it('wrong audience and wrong issuer are refused', async () => {
    const aud = await arm(info, await forge({ aud: 'https://storage.azure.com' }), 'GET', SUBS);
    expect(aud.status).toBe(401);
    expect(errorOf(aud.json).code).toBe('InvalidAuthenticationTokenAudience');
    const iss = await arm(
      info,
      await forge({ iss: 'https://login.microsoftonline.com/other/v2.0' }),
      'GET',
      SUBS,
    );
    expect(iss.status).toBe(401);
    expect(errorOf(iss.json).code).toBe('InvalidAuthenticationTokenTenant');
  });

  it('a token without exp, for another tenant, or for an audience list beyond ARM is refused', async () => {
    const cases: [string, string, string][] = [
      ['no exp', await forge({}, { exp: null }), 'InvalidAuthenticationToken'],
      [
        'another tenant',
        await forge({ tid: '72f988bf-86f1-41af-91ab-2d7cd011db47' }),
        'InvalidAuthenticationTokenTenant',
      ],
      ['no tenant', await forge({ tid: undefined }), 'InvalidAuthenticationTokenTenant'],
      [
        'ARM and Graph',
        await forge({ aud: ['https://management.azure.com', 'https://graph.microsoft.com'] }),
        'InvalidAuthenticationTokenAudience',
      ],
      [
        'Graph and ARM',
        await forge({ aud: ['https://graph.microsoft.com', 'https://management.azure.com'] }),
        'InvalidAuthenticationTokenAudience',
      ],
      [
        'ARM twice',
        await forge({ aud: ['https://management.azure.com', 'https://management.azure.com/'] }),
        'InvalidAuthenticationTokenAudience',
      ],
      ['an empty list', await forge({ aud: [] }), 'InvalidAuthenticationTokenAudience'],
    ];
    for (const [name, t, code] of cases) {
      const r = await arm(info, t, 'GET', SUBS);
      expect(r.status, name).toBe(401);
      expect(errorOf(r.json).code, name).toBe(code);
      expect(r.headers.get('www-authenticate'), name).toMatch(/error="invalid_token"/);
    }
    // A one-member list naming ARM is ARM's audience.
    const one = await arm(info, await forge({ aud: ['https://management.azure.com'] }), 'GET', SUBS);
    expect(one.status).toBe(200);
  });

  it('a well-formed token from the provider key is accepted', async () => {
    const r = await arm(info, await forge({}), 'GET', SUBS);
    expect(r.status).toBe(200);
  });
});

describe('user sign-in (authorization code + PKCE)', () => {
  it('gives a JWT access token for ARM with scp, oid, tid, preferred_username and name', async () => {
    const t = await userToken(info, 'ava');
    const c = decodeJwt(t.accessToken);
    expect(c).toMatchObject({
      aud: 'https://management.azure.com',
      iss: info.issuer,
      scp: 'user_impersonation',
      oid: USERS.owner.objectId,
      tid: TENANT_ID,
      preferred_username: USERS.owner.username,
      name: USERS.owner.name,
    });
    expect(t.idToken).toBeTruthy();
    expect(decodeJwt(t.idToken ?? '')).toMatchObject({
      preferred_username: USERS.owner.username,
      tid: TENANT_ID,
    });
    expect(t.refreshToken).toBeTruthy();
    expect((c.exp ?? 0) - (c.iat ?? 0)).toBe(info.tokenTtlSeconds);
  });

  it('refreshes with the refresh token even when offline_access is asked for again (as MSAL does)', async () => {
    const t = await userToken(info, 'rey');
    const r = await refreshUserToken({
      authority: info.authority,
      clientId: SPA_CLIENT_ID,
      refreshToken: t.refreshToken ?? '',
    });
    expect(decodeJwt(r.accessToken)).toMatchObject({ oid: USERS.reader.objectId, scp: 'user_impersonation' });
    expect((await arm(info, r.accessToken, 'GET', SUBS)).status).toBe(200);
  });

  it('honours the configured token lifetime', async () => {
    await control(info, 'POST', 'config', { tokenTtlSeconds: 120 });
    try {
      const t = await getUserToken({
        authority: info.authority,
        username: USERS.nobody.username,
        password: USERS.nobody.password,
        clientId: SPA_CLIENT_ID,
        redirectUri: 'http://localhost:3000/redirect',
      });
      const c = decodeJwt(t.accessToken);
      expect((c.exp ?? 0) - (c.iat ?? 0)).toBe(120);
      expect(t.expiresIn).toBe(120);
    } finally {
      await control(info, 'POST', 'config', { tokenTtlSeconds: info.tokenTtlSeconds });
    }
  });

  it('lets the app origin call the token endpoint from the browser (CORS)', async () => {
    const t = await userToken(info, 'ava');
    const res = await fetch(info.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost:3000' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: t.refreshToken ?? '',
        client_id: SPA_CLIENT_ID,
        scope: 'openid profile offline_access https://management.azure.com/user_impersonation',
      }).toString(),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const other = await fetch(info.tokenEndpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: SPA_CLIENT_ID,
      }).toString(),
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('says clearly when the password is wrong', async () => {
    const err = await getUserToken({
      authority: info.authority,
      username: USERS.owner.username,
      password: 'wrong',
      clientId: SPA_CLIENT_ID,
      redirectUri: 'http://localhost:3000/redirect',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SignInError);
    expect((err as SignInError).message).toMatch(/password is incorrect/);
    expect((err as SignInError).page).toMatch(/role="alert"/);
  });

  it('requires PKCE', async () => {
    const u = new URL(`${info.issuer}/auth`);
    u.search = new URLSearchParams({
      client_id: SPA_CLIENT_ID,
      redirect_uri: 'http://localhost:3000/redirect',
      response_type: 'code',
      scope: 'openid https://management.azure.com/user_impersonation',
      state: 's1',
    }).toString();
    const res = await fetch(u, { redirect: 'manual' });
    const loc = new URL(res.headers.get('location') ?? '', u);
    expect(`${loc.origin}${loc.pathname}`).toBe('http://localhost:3000/redirect');
    expect(loc.searchParams.get('error')).toBe('invalid_request');
    expect(loc.searchParams.get('error_description')).toMatch(/PKCE/);
  });

  it('serves a self-contained, Kiln-branded login page under a strict CSP, listing the demo accounts and roles', async () => {
    const u = new URL(`${info.issuer}/auth`);
    u.search = new URLSearchParams({
      client_id: SPA_CLIENT_ID,
      redirect_uri: 'http://localhost:3000/redirect',
      response_type: 'code',
      scope: 'openid https://management.azure.com/user_impersonation',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    }).toString();
    const first = await fetch(u, { redirect: 'manual' });
    const cookies = first.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const page = await fetch(new URL(first.headers.get('location') ?? '', u), {
      headers: { cookie: cookies },
    });
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/script-src 'nonce-[^']+'/);
    expect(csp).not.toMatch(/unsafe-inline/);
    const html = await page.text();
    expect(html).toContain('Kiln');
    for (const user of Object.values(USERS)) expect(html).toContain(user.username);
    expect(html).toContain('Owner');
    expect(html).toContain('Reader');
    expect(html).toMatch(/name="login"/);
    expect(html).toMatch(/name="password"/);
    expect(html).not.toMatch(/https?:\/\/(?!localhost)[a-z]/i);
    expect(html).not.toMatch(/style="/);
  });

  it('answers its root with a landing page (for accepting the certificate in a browser)', async () => {
    const res = await fetch(new URL('/', info.authority));
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(info.issuer);
  });

  it('discovery is Entra-shaped and CORS-enabled for the app origin', async () => {
    const res = await fetch(`${info.authority}.well-known/openid-configuration`, {
      headers: { origin: 'http://localhost:3000' },
    });
    const meta = (await res.json()) as Record<string, unknown>;
    expect(meta.issuer).toBe(`https://localhost:${new URL(info.authority).port}/${TENANT_ID}/v2.0`);
    expect(meta.token_endpoint).toBe(info.tokenEndpoint);
    expect(meta.end_session_endpoint).toBeTruthy();
    expect(res.headers.get('access-control-allow-origin')).toBeTruthy();
  });

  it('signs out with an auto-submitted form and returns to the app', async () => {
    const t = await userToken(info, 'cole');
    const end = new URL(`${info.issuer}/session/end`);
    end.search = new URLSearchParams({
      id_token_hint: t.idToken ?? '',
      post_logout_redirect_uri: 'http://localhost:3000/',
      client_id: SPA_CLIENT_ID,
    }).toString();
    const res = await fetch(end, { redirect: 'manual' });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/name="logout" value="yes"/);
    expect(html).toMatch(/document\.forms\[0\]\.submit\(\)/);
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1] ?? '';
    const inputs = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map(
      (m): [string, string] => [m[1] ?? '', m[2] ?? ''],
    );
    const cookies = res.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const post = await fetch(new URL(action, end), {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies },
      body: new URLSearchParams(inputs).toString(),
    });
    expect(post.status).toBe(303);
    expect(post.headers.get('location')).toMatch(/^http:\/\/localhost:3000\//);
  });
});

describe('automation (client_credentials)', () => {
  it('gives an app token with oid, tid and roles, no scp, that ARM accepts as the service principal', async () => {
    const t = await appToken(info);
    const c = decodeJwt(t.accessToken);
    expect(c).toMatchObject({
      aud: 'https://management.azure.com',
      oid: info.automation.objectId,
      tid: TENANT_ID,
    });
    expect(Array.isArray(c.roles)).toBe(true);
    expect(c.scp).toBeUndefined();
    const r = await arm(info, t.accessToken, 'GET', SUBS);
    expect((r.json as { value: unknown[] }).value).toHaveLength(2);
    const rg = await arm(
      info,
      t.accessToken,
      'GET',
      `/subscriptions/${DEV}/resourcegroups?api-version=2025-04-01`,
    );
    expect(rg.status).toBe(200);
  });

  it('refuses a wrong secret', async () => {
    const err = await getAppToken({
      tokenEndpoint: info.tokenEndpoint,
      clientId: info.automation.clientId,
      clientSecret: 'nope',
    }).catch((e: unknown) => e);
    expect(String(err)).toMatch(/invalid_client/);
  });
});
