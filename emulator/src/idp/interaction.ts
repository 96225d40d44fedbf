// The sign-in interaction (`<mount>/interaction/<uid>[/login|/abort]`): auto-consent for first-party
// clients, the login page with the demo accounts, the password check under the sign-in throttle, abort.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionDetails, Provider } from 'oidc-provider';
import { DEMO_PASSWORD, PUBLIC_CLIENTS, SUBSCRIPTIONS, type DemoUser } from '../world/identities.ts';
import { addAllResources, demoUsers } from './configuration.ts';
import { loginPage, newNonce, type LoginAccount } from './pages.ts';
import type { SignInThrottle } from './throttle.ts';

export interface InteractionDeps {
  provider: Provider;
  mountPath: string;
  throttle: SignInThrottle;
  /** Live role summaries for the login page. */
  roleSummaries: (objectId: string) => { role: string; scope: string }[];
  /** The request body, read up front. */
  readText: (req: IncomingMessage) => string;
  sendHtml: (res: ServerResponse, status: number, nonce: string, html: string) => void;
}

function clientNameOf(clientId: unknown): string {
  return PUBLIC_CLIENTS.find((c) => c.clientId === clientId)?.name ?? 'Kiln';
}

function userByName(name: string): DemoUser | undefined {
  const n = name.trim().toLowerCase();
  return demoUsers.find((u) => u.username.toLowerCase() === n);
}

function clientAddress(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

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

/** One text whether or not the account exists: the page does not tell which names are accounts. */
function signInError(wait: number): string {
  if (wait <= 0)
    return 'The account name or password is incorrect. Every demo account uses the password shown above.';
  const after = wait > 90 ? `${Math.ceil(wait / 60)} minutes` : `${wait} seconds`;
  return `Too many failed sign-ins. Wait ${after} and try again.`;
}

/** The demo accounts with their live roles, for the login page. */
function accounts(roleSummaries: InteractionDeps['roleSummaries']): LoginAccount[] {
  return demoUsers.map((u) => ({
    username: u.username,
    name: u.name,
    summary: u.summary,
    roles: roleSummaries(u.objectId).map((r) => ({ role: r.role, scope: friendlyScope(r.scope) })),
  }));
}

export function createInteraction(deps: InteractionDeps) {
  const { provider, mountPath, throttle } = deps;

  function sendLoginPage(
    res: ServerResponse,
    status: number,
    details: InteractionDetails,
    extra: { username?: string; error?: string },
  ): void {
    const nonce = newNonce();
    const page = loginPage({
      nonce,
      action: `${mountPath}/interaction/${details.uid}/login`,
      accounts: accounts(deps.roleSummaries),
      password: DEMO_PASSWORD,
      clientName: clientNameOf(details.params.client_id),
      ...extra,
    });
    deps.sendHtml(res, status, nonce, page);
  }

  /** Auto-consent: local Azure's clients are first-party. */
  async function consent(req: IncomingMessage, res: ServerResponse, details: InteractionDetails) {
    const accountId = details.session?.accountId;
    if (!accountId) throw new Error('consent without a session');
    const clientId = typeof details.params.client_id === 'string' ? details.params.client_id : '';
    const grant = details.grantId
      ? ((await provider.Grant.find(details.grantId)) ?? new provider.Grant({ accountId, clientId }))
      : new provider.Grant({ accountId, clientId });
    addAllResources(grant);
    const grantId = await grant.save();
    await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }

  async function abort(req: IncomingMessage, res: ServerResponse) {
    await provider.interactionFinished(
      req,
      res,
      { error: 'access_denied', error_description: 'The user canceled the sign-in.' },
      { mergeWithLastSubmission: false },
    );
  }

  /** The login form posted: the throttle first, then the account and password. */
  async function login(req: IncomingMessage, res: ServerResponse, details: InteractionDetails) {
    const form = new URLSearchParams(deps.readText(req));
    const username = form.get('login') ?? '';
    const password = form.get('password') ?? '';
    const address = clientAddress(req);
    const wait = throttle.retryAfter(username, address);
    const user = wait > 0 ? undefined : userByName(username);
    if (wait > 0 || !user || password !== user.password) {
      if (wait === 0) throttle.failed(username, address);
      if (wait > 0) res.setHeader('Retry-After', String(wait));
      sendLoginPage(res, wait > 0 ? 429 : 200, details, { username, error: signInError(wait) });
      return;
    }
    throttle.succeeded(username);
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId: user.objectId, remember: true } },
      { mergeWithLastSubmission: false },
    );
  }

  return async function interaction(
    req: IncomingMessage,
    res: ServerResponse,
    uid: string,
    sub: string,
  ): Promise<void> {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) throw new Error('interaction mismatch');
    if (details.prompt.name === 'consent') return consent(req, res, details);
    if (sub === 'abort') return abort(req, res);
    if (req.method === 'POST' && sub === 'login') return login(req, res, details);
    const hint = typeof details.params.login_hint === 'string' ? details.params.login_hint : undefined;
    sendLoginPage(res, 200, details, hint ? { username: hint } : {});
  };
}
