// One production build for the whole browser run, and one stack per worker (e2e/stacks.ts): a local
// Azure and the app on that build, on free ports, so the tests run beside a person's `npm start`.
// Returns the teardown.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CA_PATH,
  ROOT,
  ensureBuild,
  freePort,
  httpsJson,
  type Started,
  startProcess,
  stopProcess,
  waitFor,
} from './servers';
import { e2eWorkers, publishStacks, type Stack } from './stacks';

interface Ports {
  arm: number;
  idp: number;
  blob: number;
  app: number;
}

/** The environment local Azure and the app of one stack run with. */
function stackEnv(p: Ports): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: CA_PATH,
    LOCAL_AZURE_PORT: String(p.arm),
    LOCAL_IDP_PORT: String(p.idp),
    LOCAL_BLOB_PORT: String(p.blob),
    PORT: String(p.app),
    KILN_APP_ORIGIN: `http://localhost:${p.app}`,
    // A user could set these too (docs/architecture.md): quicker status reads keep the specs short.
    KILN_POLL_INTERVAL_SECONDS: process.env.KILN_POLL_INTERVAL_SECONDS ?? '2',
    // Renew access tokens close to expiry, so a spec can shorten local Azure's token lifetime.
    KILN_TOKEN_RENEWAL_OFFSET_SECONDS: process.env.KILN_TOKEN_RENEWAL_OFFSET_SECONDS ?? '2',
    // A hung read is given up after this long (the reliability specs wait for it).
    KILN_READ_TIMEOUT_SECONDS: process.env.KILN_READ_TIMEOUT_SECONDS ?? '12',
    NEXT_TELEMETRY_DISABLED: '1',
  };
  // Don't let a tenant configured in the caller's shell point the tests at real Azure.
  delete env.AZURE_TENANT_ID;
  delete env.AZURE_CLIENT_ID;
  return env;
}

/** Starts local Azure (added to `running` at once, so teardown stops it) and waits until it answers. */
async function startLocalAzure(p: Ports, running: Started[], log: (s: string) => void): Promise<void> {
  const t0 = Date.now();
  const azure = startProcess(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts'], stackEnv(p));
  running.push(azure);
  const arm = `https://localhost:${p.arm}`;
  await waitFor(
    'local Azure',
    async () => (await httpsJson('GET', `${arm}/_local/info`)).status === 200,
    60_000,
    azure.output,
  );
  log(`e2e: local Azure up in ${Date.now() - t0} ms (ARM ${arm}, IdP https://localhost:${p.idp})`);
}

/** Starts the app on the production build (added to `running` at once) and waits until it answers. */
async function startApp(p: Ports, running: Started[], log: (s: string) => void): Promise<void> {
  const t0 = Date.now();
  const origin = `http://localhost:${p.app}`;
  const app = startProcess(
    process.execPath,
    [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(p.app)],
    stackEnv(p),
  );
  running.push(app);
  await waitFor(
    'the app',
    async () => (await fetch(`${origin}/redirect`)).status === 200,
    60_000,
    () => app.output(),
  );
  log(`e2e: app up in ${Date.now() - t0} ms at ${origin}`);
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  const log = (s: string) => console.log(s);
  const certs = spawnSync(process.execPath, [join(ROOT, 'scripts/certs.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (certs.status !== 0) throw new Error('e2e: could not make the local CA (scripts/certs.mjs)');

  const ports: Ports[] = [];
  for (let i = 0; i < e2eWorkers(); i++) {
    const [arm, idp, blob, app] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
    ports.push({ arm, idp, blob, app });
  }
  const running: Started[] = [];
  const teardown = async () => {
    await Promise.all(running.map((p) => stopProcess(p)));
  };
  try {
    await Promise.all(ports.map((p) => startLocalAzure(p, running, log)));
    ensureBuild(log);
    await Promise.all(ports.map((p) => startApp(p, running, log)));
    const stacks: Stack[] = ports.map((p) => ({
      app: `http://localhost:${p.app}`,
      arm: `https://localhost:${p.arm}`,
      idp: `https://localhost:${p.idp}`,
    }));
    publishStacks(stacks);
    log(`e2e: ${stacks.length} stack(s), one per worker`);
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
