// The world a benchmark runs against: one local Azure and one production build of the app (`next
// start`), on free loopback ports — the same start-up as the browser tests (e2e/global-setup.ts).
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import {
  CA_PATH,
  ROOT,
  ensureBuild,
  freePort,
  httpsJson,
  startProcess,
  stopProcess,
  waitFor,
} from '../../e2e/servers';

export interface World {
  app: string;
  arm: string;
  idp: string;
  control(method: string, path: string, body?: unknown): Promise<unknown>;
  /** Calls `onLine` with each line local Azure's process writes from now on (its request log with LOCAL_AZURE_LOG=1). */
  followLocalAzure(onLine: (line: string) => void): void;
  /** Local Azure's process id. */
  localAzurePid(): number | undefined;
  stop(): Promise<void>;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const OWNER = 'ava@contoso.com';
export const PASSWORD = 'kiln-demo';

export async function startWorld(log: (s: string) => void, env: Record<string, string> = {}): Promise<World> {
  const [armPort, idpPort, blobPort, appPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const app = `http://localhost:${appPort}`;
  const arm = `https://localhost:${armPort}`;
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: CA_PATH,
    LOCAL_AZURE_PORT: String(armPort),
    LOCAL_IDP_PORT: String(idpPort),
    LOCAL_BLOB_PORT: String(blobPort),
    PORT: String(appPort),
    KILN_APP_ORIGIN: app,
    NEXT_TELEMETRY_DISABLED: '1',
    ...env,
  };
  delete fullEnv.AZURE_TENANT_ID;
  delete fullEnv.AZURE_CLIENT_ID;
  const azure = startProcess(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts'], fullEnv);
  let next: ReturnType<typeof startProcess> | undefined;
  const stop = async () => {
    await stopProcess(next);
    await stopProcess(azure);
  };
  try {
    await waitFor(
      'local Azure',
      async () => (await httpsJson('GET', `${arm}/_local/info`)).status === 200,
      60_000,
      azure.output,
    );
    ensureBuild(log);
    next = startProcess(
      process.execPath,
      [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(appPort)],
      fullEnv,
    );
    const started = next;
    await waitFor(
      'the app',
      async () => (await fetch(`${app}/redirect`)).status === 200,
      60_000,
      () => started.output(),
    );
  } catch (e) {
    await stop();
    throw e;
  }
  const control = async (method: string, path: string, body?: unknown) => {
    const r = await httpsJson(method, `${arm}${path}`, body);
    if (r.status >= 300)
      throw new Error(`local Azure ${method} ${path} → ${r.status} ${JSON.stringify(r.json)}`);
    return r.json;
  };
  return {
    app,
    arm,
    idp: `https://localhost:${idpPort}`,
    control,
    followLocalAzure: (onLine) => {
      let partial = '';
      const take = (b: Buffer) => {
        const lines = (partial + b.toString()).split('\n');
        partial = lines.pop() ?? '';
        lines.forEach(onLine);
      };
      azure.child.stdout?.on('data', take);
      azure.child.stderr?.on('data', take);
    },
    localAzurePid: () => azure.child.pid,
    stop,
  };
}

/** Signs in through the app's MSAL redirect and local Azure's login form (session kept in the tab). */
export async function signIn(page: Page, app: string, user = OWNER): Promise<void> {
  await page.goto(`${app}/`);
  const button = page.getByRole('button', { name: 'Sign in with Microsoft Entra ID' });
  const signedIn = page.getByTestId('signed-in-user');
  await button.or(signedIn).first().waitFor({ timeout: 60_000 });
  if (await signedIn.isVisible()) return;
  await button.click();
  const login = page.locator('input[name=login]');
  await login.or(signedIn).first().waitFor({ timeout: 60_000 });
  if (await login.isVisible()) {
    await login.fill(user);
    await page.locator('input[name=password]').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
  }
  await signedIn.waitFor({ timeout: 60_000 });
}

const TENANT_ID = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
const AUTOMATION = {
  clientId: '9a6e2c1b-4d3f-4b7a-8e25-6f1c0d9b8a74',
  secret: 'local-azure-automation-secret',
};

/** A bearer token for ARM as local Azure's automation principal (client credentials; Owner). */
export async function automationToken(world: World): Promise<string> {
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: AUTOMATION.clientId,
    client_secret: AUTOMATION.secret,
    scope: 'https://management.azure.com/.default',
  }).toString();
  const t = await httpsJson('POST', `${world.idp}/${TENANT_ID}/v2.0/token`, form, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  const token = (t.json as { access_token?: string } | undefined)?.access_token;
  if (!token) throw new Error(`no automation token: ${t.status} ${JSON.stringify(t.json)}`);
  return token;
}

/** One ARM call as the automation principal. */
export async function armCall(
  world: World,
  token: string,
  method: string,
  pathOrUrl: string,
  apiVersion?: string,
): Promise<{ status: number; json: unknown }> {
  const url = pathOrUrl.startsWith('https://')
    ? pathOrUrl
    : `${world.arm}${pathOrUrl}${apiVersion ? `${pathOrUrl.includes('?') ? '&' : '?'}api-version=${apiVersion}` : ''}`;
  return httpsJson(method, url, method === 'POST' ? {} : undefined, { authorization: `Bearer ${token}` });
}
