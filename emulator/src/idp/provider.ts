// The local identity provider: oidc-provider 9 mounted Entra-style at /<tenant>/v2.0, giving MSAL
// what docs/azure/sign-in-and-storage.md lists (PKCE, refresh tokens with the offline_access fix, CORS for the app
// origins, auto-submitted RP-initiated logout, JWT access tokens for https://management.azure.com with
// scp/oid/tid/preferred_username/name, auto-consent) plus a confidential automation client
// (client_credentials, scope https://management.azure.com/.default → app token with oid/tid/roles).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import Provider, { errors, type KoaContext, type TokenLike, type GrantInstance } from 'oidc-provider';
import {
  AUTOMATION_CLIENT,
  PUBLIC_CLIENTS,
  SPA_CLIENT_ID,
  TENANT_DOMAIN,
  SUBSCRIPTIONS,
  TENANT_ID,
  USERS,
  DEMO_PASSWORD,
  type DemoUser,
} from '../world/identities.ts';
import type { IdpKeys } from './keys.ts';
import { idpPaths, type IdpPaths } from './paths.ts';
import { MemoryOidcAdapter } from './adapter.ts';
import {
  deviceCodePage,
  deviceConfirmPage,
  loginPage,
  logoutPage,
  messagePage,
  newNonce,
  pageCsp,
  type LoginAccount,
} from './pages.ts';
import {
  OIDC_SCOPES as OIDC_SCOPE_LIST,
  RESOURCE_SERVERS,
  resolveScopes,
  resourceServer,
  scopesOf,
} from './resources.ts';
import { SignInThrottle } from './throttle.ts';
import { BodyTooLarge, readBody } from '../http/body.ts';

const OIDC_SCOPES = OIDC_SCOPE_LIST.join(' ');

/** First-party clients consent to nothing: every grant covers every resource local Azure knows. */
function addAllResources(grant: GrantInstance): void {
  grant.addOIDCScope(OIDC_SCOPES);
  for (const r of RESOURCE_SERVERS) grant.addResourceScope(r.id, scopesOf(r).join(' '));
}

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

const demoUsers: DemoUser[] = Object.values(USERS);

function clientNameOf(clientId: unknown): string {
  return PUBLIC_CLIENTS.find((c) => c.clientId === clientId)?.name ?? 'Kiln';
}

function userByObjectId(id: string | undefined): DemoUser | undefined {
  return id ? demoUsers.find((u) => u.objectId === id) : undefined;
}

function userByName(name: string): DemoUser | undefined {
  const n = name.trim().toLowerCase();
  return demoUsers.find((u) => u.username.toLowerCase() === n);
}

/** The body read up front, so an oversized one gets a 413 instead of a reset connection. */
const bodies = new WeakMap<IncomingMessage, string>();

function readText(req: IncomingMessage): string {
  return bodies.get(req) ?? '';
}

function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
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

export function createIdp(opts: IdpOptions): Idp {
  const paths = idpPaths(opts.origin);
  const { mountPath, issuer } = paths;
  const spaRedirects = (): string[] => opts.appOrigins().map((o) => `${o}/redirect`);
  const spaLogouts = (): string[] => opts.appOrigins().map((o) => `${o}/`);

  const configuration = {
    adapter: MemoryOidcAdapter,
    clients: [
      {
        client_id: SPA_CLIENT_ID,
        client_name: 'Kiln',
        application_type: 'web',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: spaRedirects(),
        post_logout_redirect_uris: spaLogouts(),
      },
      ...PUBLIC_CLIENTS.map((c) => ({
        client_id: c.clientId,
        client_name: c.name,
        application_type: 'native',
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token', 'urn:ietf:params:oauth:grant-type:device_code'],
        response_types: ['code'],
        // Native clients: a loopback redirect matches on any port (RFC 8252 §7.3), as MSAL's local server needs.
        redirect_uris: ['http://localhost', 'http://127.0.0.1'],
      })),
      {
        client_id: AUTOMATION_CLIENT.clientId,
        client_name: AUTOMATION_CLIENT.displayName,
        client_secret: AUTOMATION_CLIENT.clientSecret,
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
      },
    ],
    jwks: { keys: [opts.keys.signing] },
    cookies: {
      keys: opts.keys.cookieKeys,
      long: { sameSite: 'none', secure: true },
      short: { sameSite: 'none', secure: true },
    },
    findAccount: (_ctx: KoaContext, id: string) => {
      const u = userByObjectId(id);
      if (!u) return undefined;
      return {
        accountId: u.objectId,
        claims: () => ({
          sub: u.objectId,
          oid: u.objectId,
          tid: TENANT_ID,
          name: u.name,
          preferred_username: u.username,
          email: u.username,
        }),
      };
    },
    claims: { openid: ['sub', 'oid', 'tid'], profile: ['name', 'preferred_username'], email: ['email'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    clientBasedCORS: (_ctx: KoaContext, origin: string) => opts.appOrigins().includes(origin),
    issueRefreshToken: (_ctx: KoaContext, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: () => opts.tokenTtlSeconds(),
      ClientCredentials: () => opts.tokenTtlSeconds(),
      IdToken: 3600,
      RefreshToken: 14 * 24 * 3600,
      Session: 14 * 24 * 3600,
      Grant: 14 * 24 * 3600,
      Interaction: 3600,
      AuthorizationCode: 600,
      DeviceCode: 900,
    },
    interactions: {
      url: (_ctx: KoaContext, interaction: { uid: string }) => `${mountPath}/interaction/${interaction.uid}`,
    },
    loadExistingGrant: async (ctx: KoaContext): Promise<GrantInstance | undefined> => {
      const client = ctx.oidc.client;
      const session = ctx.oidc.session;
      if (!client || !session?.accountId) return undefined;
      const Grant = ctx.oidc.provider.Grant;
      const existingId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      const existing = existingId ? await Grant.find(existingId) : undefined;
      const grant = existing ?? new Grant({ accountId: session.accountId, clientId: client.clientId });
      addAllResources(grant);
      const id = await grant.save();
      if (!existing) {
        session.ensureClientContainer(client.clientId);
        session.grantIdFor(client.clientId, id);
      }
      return grant;
    },
    extraTokenClaims: (_ctx: KoaContext, token: TokenLike) => {
      if (token.kind === 'AccessToken') {
        const u = userByObjectId(token.accountId);
        if (!u) return undefined;
        return {
          scp: 'user_impersonation',
          oid: u.objectId,
          tid: TENANT_ID,
          preferred_username: u.username,
          name: u.name,
          idtyp: 'user',
        };
      }
      if (token.kind === 'ClientCredentials') {
        const clientId = token.clientId ?? token.client?.clientId;
        if (clientId === AUTOMATION_CLIENT.clientId) {
          return {
            oid: AUTOMATION_CLIENT.objectId,
            tid: TENANT_ID,
            appid: AUTOMATION_CLIENT.clientId,
            azp: AUTOMATION_CLIENT.clientId,
            idtyp: 'app',
            roles: ['Automation.ReadWrite'],
          };
        }
      }
      return undefined;
    },
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow: {
        enabled: true,
        userCodeInputSource: (ctx: KoaContext, form: string, _out: unknown, err: unknown) => {
          const nonce = newNonce();
          ctx.set('Content-Security-Policy', pageCsp(nonce, []));
          const name = (err as { name?: string; userCode?: string } | undefined)?.name;
          const message = !err
            ? undefined
            : name === 'NoCodeError' || (err as { userCode?: string }).userCode
              ? 'That code is not valid or has expired. Check the code your device shows and try again.'
              : name === 'AbortedError'
                ? 'The sign-in was cancelled.'
                : 'Something went wrong with that code. Try again.';
          ctx.body = deviceCodePage(nonce, form, message);
        },
        userCodeConfirmSource: (
          ctx: KoaContext,
          form: string,
          client: { clientName?: string; clientId: string },
          _info: unknown,
          userCode: string,
        ) => {
          const nonce = newNonce();
          ctx.set('Content-Security-Policy', pageCsp(nonce, []));
          ctx.body = deviceConfirmPage(nonce, form, client.clientName ?? client.clientId, userCode);
        },
        successSource: (ctx: KoaContext) => {
          const nonce = newNonce();
          ctx.set('Content-Security-Policy', pageCsp(nonce, []));
          ctx.body = messagePage(
            nonce,
            'You are signed in',
            'You have signed in on your device with local Azure. You can close this tab.',
          );
        },
      },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx: KoaContext, form: string) => {
          const nonce = newNonce();
          ctx.set('Content-Security-Policy', pageCsp(nonce, opts.appOrigins()));
          ctx.body = logoutPage(nonce, form);
        },
        postLogoutSuccessSource: (ctx: KoaContext) => {
          const nonce = newNonce();
          ctx.set('Content-Security-Policy', pageCsp(nonce, []));
          ctx.body = messagePage(
            nonce,
            'Signed out',
            'You are signed out of local Azure. You can close this tab.',
          );
        },
      },
      resourceIndicators: {
        enabled: true,
        defaultResource: (ctx: KoaContext, _client: unknown, oneOf?: string | string[]) => {
          if (oneOf) return oneOf;
          const scope = typeof ctx.oidc.params?.scope === 'string' ? ctx.oidc.params.scope : '';
          // A scope naming an unknown resource or permission is Entra's error, never an opaque token.
          const r = resolveScopes(scope, TENANT_DOMAIN);
          if (!r.ok) throw new errors.CustomOIDCProviderError(r.error, r.description);
          return r.resource;
        },
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx: KoaContext, indicator: string) => {
          const server = resourceServer(indicator);
          if (!server) throw new errors.InvalidTarget();
          return {
            scope: scopesOf(server).join(' '),
            audience: server.audience,
            accessTokenTTL: opts.tokenTtlSeconds(),
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg: 'RS256' } },
          };
        },
      },
    },
    renderError: (ctx: KoaContext, out: { error?: string; error_description?: string }) => {
      const nonce = newNonce();
      ctx.set('Content-Security-Policy', pageCsp(nonce, []));
      ctx.type = 'html';
      ctx.body = messagePage(
        nonce,
        'Sign-in error',
        `${out.error ?? 'error'}: ${out.error_description ?? ''}`,
      );
    },
  };

  const throttle = new SignInThrottle();
  const provider = new Provider(issuer, configuration);
  provider.proxy = false;
  provider.on('server_error', (_ctx: unknown, err: unknown) => console.error('local IdP: server error', err));
  const callback = provider.callback();

  /** `/subscriptions/<dev>/resourceGroups/rg` → `rg-… in Contoso Dev` for people. */
  function friendlyScope(scope: string): string {
    const m = /^\/subscriptions\/([^/]+)(?:\/resourceGroups\/([^/]+))?(\/.*)?$/i.exec(scope);
    const sub = Object.values(SUBSCRIPTIONS).find(
      (x) => x.subscriptionId.toLowerCase() === m?.[1]?.toLowerCase(),
    );
    if (!m || !sub) return scope;
    if (m[3]) return scope;
    return m[2] ? `${m[2]} in ${sub.displayName}` : sub.displayName;
  }

  function accounts(): LoginAccount[] {
    return demoUsers.map((u) => ({
      username: u.username,
      name: u.name,
      summary: u.summary,
      roles: opts.roleSummaries(u.objectId).map((r) => ({ role: r.role, scope: friendlyScope(r.scope) })),
    }));
  }

  function sendHtml(res: ServerResponse, status: number, nonce: string, html: string): void {
    res.statusCode = status;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Security-Policy', pageCsp(nonce, opts.appOrigins()));
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.end(html);
  }

  async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    sub: string,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    const action = `${mountPath}/interaction/${uid}/login`;
    if (details.prompt.name === 'consent') {
      // Auto-consent: local Azure's clients are first-party.
      const accountId = details.session?.accountId;
      if (!accountId) throw new Error('consent without a session');
      const clientId = typeof details.params.client_id === 'string' ? details.params.client_id : '';
      const grant = details.grantId
        ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId }))
        : new provider.Grant({ accountId, clientId });
      addAllResources(grant);
      const grantId = await grant.save();
      await provider.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        { mergeWithLastSubmission: true },
      );
      return;
    }
    if (sub === 'abort') {
      await provider.interactionFinished(
        req,
        res,
        { error: 'access_denied', error_description: 'The user canceled the sign-in.' },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    if (req.method === 'POST' && sub === 'login') {
      const form = new URLSearchParams(readText(req));
      const login = form.get('login') ?? '';
      const password = form.get('password') ?? '';
      const address = clientAddress(req);
      const wait = throttle.retryAfter(login, address);
      const user = wait > 0 ? undefined : userByName(login);
      if (wait > 0 || !user || password !== user.password) {
        if (wait === 0) throttle.failed(login, address);
        const nonce = newNonce();
        // One text whether or not the account exists: the page does not tell which names are accounts.
        const error =
          wait > 0
            ? `Too many failed sign-ins. Wait ${wait > 90 ? `${Math.ceil(wait / 60)} minutes` : `${wait} seconds`} and try again.`
            : 'The account name or password is incorrect. Every demo account uses the password shown above.';
        if (wait > 0) res.setHeader('Retry-After', String(wait));
        sendHtml(
          res,
          wait > 0 ? 429 : 200,
          nonce,
          loginPage({
            nonce,
            action,
            accounts: accounts(),
            password: DEMO_PASSWORD,
            username: login,
            error,
            clientName: clientNameOf(details.params.client_id),
          }),
        );
        return;
      }
      throttle.succeeded(login);
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: user.objectId, remember: true } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    const nonce = newNonce();
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
    sendHtml(
      res,
      200,
      nonce,
      loginPage({
        nonce,
        action,
        accounts: accounts(),
        password: DEMO_PASSWORD,
        clientName: clientNameOf(details.params.client_id),
        ...(hint ? { username: hint } : {}),
      }),
    );
  }

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      const url = new URL(req.url ?? '/', opts.origin);
      const path = url.pathname;
      if (path === '/' && (req.method === 'GET' || req.method === 'HEAD')) {
        // A landing page, e.g. for someone who just accepted the browser's certificate warning.
        const nonce = newNonce();
        sendHtml(
          res,
          200,
          nonce,
          messagePage(
            nonce,
            'Local identity provider',
            `This is local Azure's stand-in for Microsoft Entra ID. Authority: ${issuer}/ — sign in from the Kiln app.`,
          ),
        );
        return;
      }
      if (path === ADFS_DISCOVERY && (req.method === 'GET' || req.method === 'HEAD')) {
        // The tenant's discovery document also under the AD FS form of the authority (see ADFS_DISCOVERY).
        Object.assign(req, { originalUrl: `${mountPath}/.well-known/openid-configuration` });
        req.url = '/.well-known/openid-configuration';
        callback(req, res);
        return;
      }
      if (path !== mountPath && !path.startsWith(`${mountPath}/`)) {
        res.statusCode = 404;
        res.setHeader('Content-Type', 'application/json');
        res.end(
          JSON.stringify({
            error: 'not_found',
            error_description: `The local identity provider lives at ${mountPath}/.`,
          }),
        );
        return;
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        let text: string;
        try {
          text = await readBody(req, MAX_IDP_BODY_BYTES);
        } catch (e) {
          if (!(e instanceof BodyTooLarge)) throw e;
          res.statusCode = 413;
          res.setHeader('Content-Type', 'application/json');
          res.setHeader('Connection', 'close');
          res.end(
            JSON.stringify({
              error: 'invalid_request',
              error_description: `The request body is larger than ${MAX_IDP_BODY_BYTES / 1024} KiB.`,
            }),
          );
          return;
        }
        bodies.set(req, text);
        // oidc-provider reads an already-read body from req.body (a form as an object, JSON as text).
        const form = /^application\/x-www-form-urlencoded/i.test(req.headers['content-type'] ?? '');
        Object.assign(req, { body: form ? { ...parseQuery(text) } : text });
      }
      const inner = path.slice(mountPath.length) || '/';
      const m = /^\/interaction\/([A-Za-z0-9_-]+)(?:\/(login|abort))?$/.exec(inner);
      if (m?.[1]) {
        await interaction(req, res, m[1], m[2] ?? '');
        return;
      }
      if (req.method === 'POST' && inner === '/token') {
        // msal-local.md pitfall 4: MSAL asks for offline_access on refresh; oidc-provider refuses it
        // when the grant came without prompt=consent. Strip it before oidc-provider parses the body.
        const form = new URLSearchParams(readText(req));
        if (form.get('grant_type') === 'refresh_token' && form.has('scope')) {
          const scope = (form.get('scope') ?? '').split(' ').filter((s) => s && s !== 'offline_access');
          form.set('scope', scope.join(' '));
        }
        Object.assign(req, { body: Object.fromEntries(form) });
      }
      if (req.method === 'POST' && inner === '/device/auth') addDeviceMessage(res);
      Object.assign(req, { originalUrl: req.url });
      req.url = inner + url.search;
      callback(req, res);
    })().catch((e: unknown) => {
      console.error('local IdP: request failed', e);
      if (!res.headersSent) {
        const nonce = newNonce();
        sendHtml(
          res,
          400,
          nonce,
          messagePage(nonce, 'Sign-in error', e instanceof Error ? e.message : 'The request failed.'),
        );
      } else res.destroy();
    });
  };

  return { ...paths, handler, clearThrottles: () => throttle.clear() };
}
