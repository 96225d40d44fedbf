// ONE local Azure and ONE production app for the whole browser run, on free ports, so the tests run
// beside a person's `npm start`. Returns the teardown.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  CA_PATH,
  ROOT,
  ensureBuild,
  freePort,
  httpsJson,
  startProcess,
  stopProcess,
  waitFor,
} from './servers';

export default async function globalSetup(): Promise<() => Promise<void>> {
  const log = (s: string) => console.log(s);
  const certs = spawnSync(process.execPath, [join(ROOT, 'scripts/certs.mjs')], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (certs.status !== 0) throw new Error('e2e: could not make the local CA (scripts/certs.mjs)');

  const [armPort, idpPort, blobPort, appPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const appOrigin = `http://localhost:${appPort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_EXTRA_CA_CERTS: CA_PATH,
    LOCAL_AZURE_PORT: String(armPort),
    LOCAL_IDP_PORT: String(idpPort),
    LOCAL_BLOB_PORT: String(blobPort),
    PORT: String(appPort),
    KILN_APP_ORIGIN: appOrigin,
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

  const t0 = Date.now();
  const azure = startProcess(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts'], env);
  let app: ReturnType<typeof startProcess> | undefined;
  const teardown = async () => {
    await stopProcess(app);
    await stopProcess(azure);
  };
  try {
    const arm = `https://localhost:${armPort}`;
    await waitFor(
      'local Azure',
      async () => (await httpsJson('GET', `${arm}/_local/info`)).status === 200,
      60_000,
      azure.output,
    );
    log(`e2e: local Azure up in ${Date.now() - t0} ms (ARM ${arm}, IdP https://localhost:${idpPort})`);
    ensureBuild(log);
    const t1 = Date.now();
    app = startProcess(
      process.execPath,
      [join(ROOT, 'node_modules/next/dist/bin/next'), 'start', '-p', String(appPort)],
      env,
    );
    const started = app;
    await waitFor(
      'the app',
      async () => {
        const r = await fetch(`${appOrigin}/redirect`);
        return r.status === 200;
      },
      60_000,
      () => started.output(),
    );
    log(`e2e: app up in ${Date.now() - t1} ms at ${appOrigin}`);
    process.env.KILN_E2E_APP = appOrigin;
    process.env.KILN_E2E_ARM = arm;
    process.env.KILN_E2E_IDP = `https://localhost:${idpPort}`;
  } catch (e) {
    await teardown();
    throw e;
  }
  return teardown;
}
