// Fixtures every spec uses: the app's base URL, `signIn` through the real MSAL redirect and local
// Azure's login form, `localAzure` (control API), and a CSP-violation collector that fails the test.
import { test as base, expect, type Page } from '@playwright/test';
import type { FaultRule } from '../emulator/testing/fault-rule';
import { templatePagePath } from '../lib/routes';
import { httpsJson } from './servers';
import { currentStack } from './stacks';

export const USERS = {
  owner: 'ava@contoso.com',
  reader: 'rey@contoso.com',
  contributor: 'cole@contoso.com',
  nobody: 'nia@contoso.com',
} as const;
export const PASSWORD = 'kiln-demo';

export const SUBSCRIPTIONS = {
  dev: { id: '0b1f6471-1bf0-4dda-aec3-cb9272f09590', name: 'Contoso Dev' },
  prod: { id: '7c9e6679-7425-40de-944b-e07fc1f90ae7', name: 'Contoso Prod' },
} as const;

/** The id of a seed template. */
export function templateId(sub: keyof typeof SUBSCRIPTIONS, rg: string, name: string): string {
  return `/subscriptions/${SUBSCRIPTIONS[sub].id}/resourceGroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`;
}

/** The template page path for an id (lib/routes.ts, the app's own scheme). */
export const templatePath = templatePagePath;

export interface LocalAzure {
  arm: string;
  idp: string;
  info(): Promise<unknown>;
  /** Back to the seed world (templates, runs, holds, faults); the time scale stays as it was set. */
  reset(): Promise<void>;
  /** Simulated time runs `speed` times faster than real Azure. */
  time(speed: number): Promise<void>;
  hold(templateId: string, phase: string): Promise<void>;
  releaseHolds(): Promise<void>;
  /** The template's next build: its first customizer's script exits with `exit`. */
  failNextScript(templateId: string, exit: number): Promise<void>;
  faults(rules: FaultRule[]): Promise<void>;
  clearFaults(): Promise<void>;
  /** Local Azure saves its world, stops answering for `downSeconds`, and starts again from it. */
  restart(downSeconds: number): Promise<void>;
  seed(templates: number): Promise<unknown>;
  /** An estate: `subscriptions` new subscriptions with `templates` templates and Image Builder's leftovers. */
  seedEstate(subscriptions: number, templates: number): Promise<unknown>;
  /** Page size and access-token lifetime (seconds) of local Azure. */
  configure(patch: { pageSize?: number; tokenTtlSeconds?: number }): Promise<unknown>;
}

function control(arm: string, idp: string): LocalAzure {
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await httpsJson(method, `${arm}${path}`, body);
    if (r.status >= 300)
      throw new Error(`local Azure ${method} ${path} → ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  return {
    arm,
    idp,
    info: () => call('GET', '/_local/info'),
    reset: async () => void (await call('POST', '/_local/reset', {})),
    time: async (speed) => void (await call('POST', '/_local/time', { speed })),
    hold: async (template, phase) => void (await call('POST', '/_local/hold', { template, phase })),
    releaseHolds: async () => void (await call('DELETE', '/_local/hold')),
    failNextScript: async (template, exit) =>
      void (await call('POST', '/_local/script-fault', { template, exit })),
    faults: async (rules) => void (await call('POST', '/_local/faults', { rules })),
    clearFaults: async () => void (await call('DELETE', '/_local/faults')),
    restart: async (downSeconds) => void (await call('POST', '/_local/restart', { downSeconds })),
    seed: (templates) => call('POST', '/_local/seed', { templates }),
    seedEstate: (subscriptions, templates) => call('POST', '/_local/seed', { subscriptions, templates }),
    configure: (patch) => call('POST', '/_local/config', patch),
  };
}

/**
 * Signs in through the app's real MSAL redirect and local Azure's login form. With the identity
 * provider's session cookie already set, the round trip skips the form.
 */
export async function signIn(page: Page, user: string, path = '/'): Promise<void> {
  await page.goto(path);
  const signInButton = page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' });
  const signedIn = page.getByTestId('signed-in-user');
  await expect(signInButton.or(signedIn)).toBeVisible({ timeout: 30_000 });
  if (await signedIn.isVisible()) return;
  await signInButton.click();
  const login = page.locator('input[name=login]');
  await expect(login.or(signedIn)).toBeVisible({ timeout: 30_000 });
  if (await login.isVisible()) {
    await login.fill(user);
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
  }
  await expect(signedIn).toContainText(user, { timeout: 30_000 });
}

interface CspViolation {
  directive: string;
  blocked: string;
  source: string;
  page: string;
}

declare global {
  interface Window {
    __kilnCsp?: CspViolation[];
  }
}

export const test = base.extend<{ localAzure: LocalAzure; cspViolations: CspViolation[] }>({
  baseURL: async ({ playwright: _playwright }, use) => {
    await use(currentStack().app);
  },
  localAzure: async ({ playwright: _playwright }, use) => {
    const { arm, idp } = currentStack();
    await use(control(arm, idp));
  },
  cspViolations: [
    async ({ context, baseURL }, use, testInfo) => {
      const violations: CspViolation[] = [];
      const appOrigin = new URL(baseURL ?? 'http://localhost').origin;
      await context.exposeBinding('__kilnReportCsp', ({ frame }, v: Omit<CspViolation, 'page'>) => {
        const url = frame.url();
        if (url.startsWith(appOrigin)) violations.push({ ...v, page: url });
      });
      await context.addInitScript(() => {
        document.addEventListener('securitypolicyviolation', (e) => {
          const w = window as unknown as { __kilnReportCsp?: (v: unknown) => void };
          w.__kilnReportCsp?.({
            directive: e.effectiveDirective,
            blocked: e.blockedURI,
            source: `${e.sourceFile}:${e.lineNumber}`,
          });
        });
      });
      await use(violations);
      if (violations.length > 0) {
        await testInfo.attach('csp-violations', {
          body: JSON.stringify(violations, null, 2),
          contentType: 'application/json',
        });
      }
      expect(violations, 'Content-Security-Policy violations on app pages').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
