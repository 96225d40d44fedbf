// The one PublicClientApplication (MSAL lives only in lib/auth; docs/architecture.md). Created lazily in the
// browser as a promise singleton so React StrictMode's double effects and concurrent token requests
// share it; the configuration uses the app origin from the server's run-time config.
import {
  type AccountInfo,
  type Configuration,
  InteractionRequiredAuthError,
  PublicClientApplication,
} from '@azure/msal-browser';
import type { PublicConfig } from '@/lib/env';

/** The delegated ARM scope Kiln asks for, whatever an SDK client requests. */
export const ARM_SCOPE = 'https://management.azure.com/user_impersonation';

let pcaPromise: Promise<PublicClientApplication> | undefined;
let instance: PublicClientApplication | undefined;
let redirecting = false;

function msalConfiguration(config: PublicConfig): Configuration {
  return {
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      knownAuthorities: config.knownAuthorities,
      // MSAL v5: the redirect URI is the bridge page (app/redirect), outside the provider tree.
      redirectUri: `${config.appOrigin}/redirect`,
      postLogoutRedirectUri: `${config.appOrigin}/`,
    },
    // cacheLocation stays MSAL's default, sessionStorage (docs/azure/sign-in-and-storage.md).
    system: { tokenRenewalOffsetSeconds: config.tokenRenewalOffsetSeconds },
  };
}

/**
 * Creates (once) and initializes the client, processes a redirect response if the page holds one,
 * and sets the active account. Browser only.
 */
export function getMsal(config: PublicConfig): Promise<PublicClientApplication> {
  pcaPromise ??= (async () => {
    const pca = new PublicClientApplication(msalConfiguration(config));
    await pca.initialize();
    const result = await pca.handleRedirectPromise();
    const account = result?.account ?? pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;
    if (account) pca.setActiveAccount(account);
    instance = pca;
    return pca;
  })();
  return pcaPromise;
}

function ready(): PublicClientApplication {
  if (!instance) throw new Error('Sign-in is not ready yet (MsalShell has not finished initialising).');
  return instance;
}

export function activeAccount(): AccountInfo | null {
  const pca = ready();
  return pca.getActiveAccount() ?? pca.getAllAccounts()[0] ?? null;
}

/** Starts the sign-in redirect (authorization code + PKCE). */
export async function signIn(): Promise<void> {
  await ready().loginRedirect({ scopes: [ARM_SCOPE] });
}

/** Signs out through the identity provider and comes back to the app's start page. */
export async function signOut(): Promise<void> {
  const pca = ready();
  const account = activeAccount();
  // idTokenHint makes the provider honour post_logout_redirect_uri (msal-local.md pitfall 6).
  await pca.logoutRedirect(account ? { account, idTokenHint: account.idToken } : {});
}

/** Thrown when a token needs the user: the page is navigating to the identity provider. */
export class SignInRedirectError extends Error {
  override name = 'SignInRedirectError';
  constructor() {
    super('Signing in again…');
  }
}

export interface ArmToken {
  token: string;
  expiresOnTimestamp: number;
}

/**
 * An ARM access token for the signed-in user (scope user_impersonation), from MSAL's cache or a
 * silent renewal; when the user must interact, starts acquireTokenRedirect and throws
 * SignInRedirectError. Never log the result.
 */
export async function getArmToken(): Promise<ArmToken> {
  const pca = ready();
  const account = activeAccount();
  if (!account) {
    await startRedirect(() => pca.loginRedirect({ scopes: [ARM_SCOPE] }));
    throw new SignInRedirectError();
  }
  try {
    const r = await pca.acquireTokenSilent({ scopes: [ARM_SCOPE], account });
    return {
      token: r.accessToken,
      expiresOnTimestamp: r.expiresOn?.getTime() ?? Date.now() + 5 * 60_000,
    };
  } catch (e) {
    if (e instanceof InteractionRequiredAuthError) {
      await startRedirect(() => pca.acquireTokenRedirect({ scopes: [ARM_SCOPE], account }));
      throw new SignInRedirectError();
    }
    throw e;
  }
}

async function startRedirect(go: () => Promise<void>): Promise<void> {
  // Several queries can fail at once; only the first starts the redirect.
  if (redirecting) return;
  redirecting = true;
  await go();
}
