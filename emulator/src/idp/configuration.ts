// oidc-provider's configuration for local Azure's identity provider, one piece per concern: the clients,
// the accounts and the claims in their tokens, the grants (auto-consent), the device flow and logout pages,
// and the resource servers (Entra's scopes). provider.ts assembles them.
import {
  errors,
  type Configuration,
  type GrantInstance,
  type KoaContext,
  type TokenLike,
} from 'oidc-provider';
import {
  AUTOMATION_CLIENT,
  PUBLIC_CLIENTS,
  SPA_CLIENT_ID,
  TENANT_DOMAIN,
  TENANT_ID,
  USERS,
  type DemoUser,
} from '../world/identities.ts';
import type { IdpKeys } from './keys.ts';
import { MemoryOidcAdapter } from './adapter.ts';
import { deviceCodePage, deviceConfirmPage, logoutPage, messagePage, newNonce, pageCsp } from './pages.ts';
import {
  OIDC_SCOPES as OIDC_SCOPE_LIST,
  RESOURCE_SERVERS,
  resolveScopes,
  resourceServer,
  scopesOf,
} from './resources.ts';

const OIDC_SCOPES = OIDC_SCOPE_LIST.join(' ');

export const demoUsers: DemoUser[] = Object.values(USERS);

export function userByObjectId(id: string | undefined): DemoUser | undefined {
  return id ? demoUsers.find((u) => u.objectId === id) : undefined;
}

/** First-party clients consent to nothing: every grant covers every resource local Azure knows. */
export function addAllResources(grant: GrantInstance): void {
  grant.addOIDCScope(OIDC_SCOPES);
  for (const r of RESOURCE_SERVERS) grant.addResourceScope(r.id, scopesOf(r).join(' '));
}

/** What the configuration reads from the running world. */
export interface ConfigurationInputs {
  mountPath: string;
  keys: IdpKeys;
  appOrigins: () => readonly string[];
  tokenTtlSeconds: () => number;
}

/** The SPA (Kiln), the CLI/PowerShell public clients and the confidential automation client. */
function clients(appOrigins: () => readonly string[]): Record<string, unknown>[] {
  return [
    {
      client_id: SPA_CLIENT_ID,
      client_name: 'Kiln',
      application_type: 'web',
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: appOrigins().map((o) => `${o}/redirect`),
      post_logout_redirect_uris: appOrigins().map((o) => `${o}/`),
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
  ];
}

function findAccount(_ctx: KoaContext, id: string) {
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
}

/** Auto-consent: an existing grant (or a new one) always covers every resource. */
async function loadExistingGrant(ctx: KoaContext): Promise<GrantInstance | undefined> {
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
}

/** Entra's claims in access tokens: a user's (scp, oid, tid, names) or the automation app's (roles). */
function extraTokenClaims(_ctx: KoaContext, token: TokenLike) {
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
  const clientId = token.clientId ?? token.client?.clientId;
  if (token.kind === 'ClientCredentials' && clientId === AUTOMATION_CLIENT.clientId) {
    return {
      oid: AUTOMATION_CLIENT.objectId,
      tid: TENANT_ID,
      appid: AUTOMATION_CLIENT.clientId,
      azp: AUTOMATION_CLIENT.clientId,
      idtyp: 'app',
      roles: ['Automation.ReadWrite'],
    };
  }
  return undefined;
}

/** Sets a page as the response, under a CSP whose nonce the page carries. */
function page(ctx: KoaContext, html: (nonce: string) => string, formActions: readonly string[] = []): void {
  const nonce = newNonce();
  ctx.set('Content-Security-Policy', pageCsp(nonce, formActions));
  ctx.body = html(nonce);
}

function userCodeMessage(err: unknown): string | undefined {
  if (!err) return undefined;
  const e = err as { name?: string; userCode?: string };
  if (e.name === 'NoCodeError' || e.userCode)
    return 'That code is not valid or has expired. Check the code your device shows and try again.';
  if (e.name === 'AbortedError') return 'The sign-in was cancelled.';
  return 'Something went wrong with that code. Try again.';
}

/** The device-code grant's pages: enter the code, confirm the client, signed in. */
const deviceFlow = {
  enabled: true,
  userCodeInputSource: (ctx: KoaContext, form: string, _out: unknown, err: unknown) =>
    page(ctx, (nonce) => deviceCodePage(nonce, form, userCodeMessage(err))),
  userCodeConfirmSource: (
    ctx: KoaContext,
    form: string,
    client: { clientName?: string; clientId: string },
    _info: unknown,
    userCode: string,
  ) => page(ctx, (nonce) => deviceConfirmPage(nonce, form, client.clientName ?? client.clientId, userCode)),
  successSource: (ctx: KoaContext) =>
    page(ctx, (nonce) =>
      messagePage(
        nonce,
        'You are signed in',
        'You have signed in on your device with local Azure. You can close this tab.',
      ),
    ),
};

/** RP-initiated logout: an auto-submitted form, then a short message. */
function rpInitiatedLogout(appOrigins: () => readonly string[]) {
  return {
    enabled: true,
    logoutSource: (ctx: KoaContext, form: string) =>
      page(ctx, (nonce) => logoutPage(nonce, form), appOrigins()),
    postLogoutSuccessSource: (ctx: KoaContext) =>
      page(ctx, (nonce) =>
        messagePage(nonce, 'Signed out', 'You are signed out of local Azure. You can close this tab.'),
      ),
  };
}

/** Resource servers as Entra has them: the scope names the resource; tokens are JWTs for its audience. */
function resourceIndicators(tokenTtlSeconds: () => number) {
  return {
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
        accessTokenTTL: tokenTtlSeconds(),
        accessTokenFormat: 'jwt',
        jwt: { sign: { alg: 'RS256' } },
      };
    },
  };
}

function renderError(ctx: KoaContext, out: { error?: string; error_description?: string }): void {
  ctx.type = 'html';
  page(ctx, (nonce) =>
    messagePage(nonce, 'Sign-in error', `${out.error ?? 'error'}: ${out.error_description ?? ''}`),
  );
}

export function providerConfiguration(inputs: ConfigurationInputs): Configuration {
  const { mountPath, keys, appOrigins, tokenTtlSeconds } = inputs;
  return {
    adapter: MemoryOidcAdapter,
    clients: clients(appOrigins),
    jwks: { keys: [keys.signing] },
    cookies: {
      keys: keys.cookieKeys,
      long: { sameSite: 'none', secure: true },
      short: { sameSite: 'none', secure: true },
    },
    findAccount,
    claims: { openid: ['sub', 'oid', 'tid'], profile: ['name', 'preferred_username'], email: ['email'] },
    conformIdTokenClaims: false,
    pkce: { required: () => true },
    clientBasedCORS: (_ctx: KoaContext, origin: string) => appOrigins().includes(origin),
    issueRefreshToken: (_ctx: KoaContext, client: { grantTypeAllowed(t: string): boolean }) =>
      client.grantTypeAllowed('refresh_token'),
    ttl: {
      AccessToken: () => tokenTtlSeconds(),
      ClientCredentials: () => tokenTtlSeconds(),
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
    loadExistingGrant,
    extraTokenClaims,
    features: {
      devInteractions: { enabled: false },
      clientCredentials: { enabled: true },
      deviceFlow,
      rpInitiatedLogout: rpInitiatedLogout(appOrigins),
      resourceIndicators: resourceIndicators(tokenTtlSeconds),
    },
    renderError,
  };
}
