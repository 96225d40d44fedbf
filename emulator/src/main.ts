// `npm run local-azure`: starts local Azure (Resource Manager, identity provider, Azurite) from the
// documented environment variables, prints its endpoints and demo accounts, and stops cleanly on
// SIGINT/SIGTERM (Azurite included).
// Azurite (a separate Node process) is started first, then the rest is loaded while it boots.
import { resolve } from 'node:path';
import { optionsFromEnv } from './config.ts';
import { certFiles, loadTls } from './tls.ts';
import { AzuriteBlobStore, resolveBlobPort } from './azurite.ts';
import { blobLocation, StateError } from './state/state-file.ts';

const t0 = performance.now();
const opts = optionsFromEnv();
const files = certFiles();
try {
  loadTls(files);
} catch (e) {
  console.error(`local Azure: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
const stateDir = opts.stateDir ? resolve(opts.stateDir) : undefined;
const location = stateDir ? blobLocation(stateDir) : undefined;
const store = new AzuriteBlobStore(await resolveBlobPort(opts.blobPort));
const ready = store.start({
  port: store.port,
  cert: files.cert,
  key: files.key,
  ...(location ? { location } : {}),
});
ready.catch(() => undefined);
const { startLocalAzure } = await import('./server.ts');
if (!process.env.NODE_EXTRA_CA_CERTS) {
  console.warn(
    `local Azure: NODE_EXTRA_CA_CERTS is not set; blob writes to Azurite will fail TLS checks. Run through \`node scripts/with-ca.mjs\` (npm run local-azure does).`,
  );
}

let azure: Awaited<ReturnType<typeof startLocalAzure>>;
try {
  azure = await startLocalAzure({ ...opts, azurite: { store, ready } });
} catch (e) {
  const err = e as { code?: string; message?: string; port?: number };
  if (err.code === 'EADDRINUSE') {
    console.error(
      `local Azure: a port is already in use (${err.message ?? ''}). Set LOCAL_AZURE_PORT / LOCAL_IDP_PORT / LOCAL_BLOB_PORT.`,
    );
  } else if (e instanceof StateError) {
    console.error(
      `local Azure: ${e.message}. Remove ${stateDir ?? 'the state folder'} to start with a new world.`,
    );
  } else {
    console.error('local Azure failed to start:', e);
  }
  await store.stop();
  process.exit(1);
}

const { info } = azure;
const ms = Math.round(performance.now() - t0);
const lines = [
  `local Azure is up in ${ms} ms (RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB)`,
  '',
  `  Resource Manager   ${info.arm}`,
  `  Identity provider  ${info.authority}  (token endpoint ${info.tokenEndpoint})`,
  `  Blob (Azurite)     ${info.blob}`,
  `  Control API        ${info.arm}/_local/info   (loopback only)`,
  `  App origins        ${info.appOrigins.join(', ')}`,
  `  Tenant             ${info.tenantId}    SPA client id ${info.spaClientId}`,
  `  Time scale S       ${info.speed}    page size ${info.pageSize}    token TTL ${info.tokenTtlSeconds} s`,
  `  State              ${stateDir ? `${stateDir} (saved as it changes; a start goes on from it)` : 'in memory (LOCAL_AZURE_STATE_DIR saves it)'}`,
  '',
  `  Demo accounts (password for all: ${info.users[0]?.password ?? ''})`,
  ...info.users.map((u) => {
    const roles = u.roles.length
      ? u.roles.map((r) => `${r.role} @ ${r.scope}`).join('; ')
      : 'no role assignments';
    return `    ${u.username.padEnd(20)} ${u.name.padEnd(18)} ${roles}`;
  }),
  '',
  `  Automation (client_credentials, scope https://management.azure.com/.default)`,
  `    client id     ${info.automation.clientId}`,
  `    client secret ${info.automation.clientSecret}`,
  '',
  `  Trust the local CA once: ${certFiles().ca} (see README), or accept the browser warning for ${info.authority}`,
];
console.log(lines.join('\n'));

let stopping = false;
const stop = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  console.log(`\nlocal Azure: ${signal}, stopping…`);
  const force = setTimeout(() => process.exit(1), 5000);
  force.unref();
  azure
    .stop()
    .then(() => process.exit(0))
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
