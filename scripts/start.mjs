#!/usr/bin/env node
// `npm start`: local Azure + the production build of Kiln. `npm run dev`: the same with `next dev`.
// Prints the URL, the demo sign-in and how to trust local Azure's CA. Ctrl-C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { certPaths, extraCaCertsFor, repoRoot } from './paths.mjs';
import { waitForLocalAzure } from './local-azure-client.mjs';

// A `.env` (see .env.example) configures a real tenant; Next.js reads it too.
if (existsSync(join(repoRoot, '.env'))) process.loadEnvFile(join(repoRoot, '.env'));

const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const appOrigin = process.env.KILN_APP_ORIGIN ?? `http://localhost:${port}`;
const realTenant = Boolean(process.env.AZURE_TENANT_ID && process.env.AZURE_CLIENT_ID);
const env = {
  ...process.env,
  NODE_EXTRA_CA_CERTS: extraCaCertsFor(),
  KILN_APP_ORIGIN: appOrigin,
  PORT: String(port),
};

const children = [];
function run(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { cwd: repoRoot, env, stdio: 'inherit', detached: true, ...opts });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`\n${args.join(' ')} exited (${signal ?? code}); stopping Kiln.`);
      stop(code ?? 1);
    }
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const c of children) {
    try {
      process.kill(-c.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
  setTimeout(() => process.exit(code), 500).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

function buildIsStale() {
  const buildId = join(repoRoot, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = [
    'app',
    'components',
    'lib',
    'public',
    'proxy.ts',
    'instrumentation.ts',
    'next.config.js',
    'package-lock.json',
  ];
  return sources.some((s) => newestMtime(join(repoRoot, s)) > built);
}

process.on('uncaughtException', (e) => {
  console.error(`Kiln could not start: ${e instanceof Error ? e.message : String(e)}`);
  stop(1);
});
process.on('unhandledRejection', (e) => {
  console.error(`Kiln could not start: ${e instanceof Error ? e.message : String(e)}`);
  stop(1);
});

const info = realTenant ? undefined : await startLocalAzure();

if (!dev && buildIsStale()) {
  console.log('Building Kiln (production build; once, until the sources change)…');
  const r = spawnSync(process.execPath, ['node_modules/next/dist/bin/next', 'build'], {
    cwd: repoRoot,
    env,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    console.error('next build failed');
    stop(1);
    await new Promise(() => {});
  }
}

run(process.execPath, ['node_modules/next/dist/bin/next', dev ? 'dev' : 'start', '-p', String(port)]);
await waitForHttp(`http://localhost:${port}/`);
printBanner(info);

async function startLocalAzure() {
  run(process.execPath, ['--import', 'tsx', 'emulator/src/main.ts']);
  const armPort = Number(process.env.LOCAL_AZURE_PORT ?? 4010);
  return waitForLocalAzure(`https://localhost:${armPort}`, 30_000);
}

async function waitForHttp(url) {
  for (let i = 0; i < 240; i++) {
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer`);
}

function printBanner(localInfo) {
  const lines = ['', `  Kiln is running: ${appOrigin}`, ''];
  if (localInfo) {
    // Local Azure printed its endpoints and every demo account above; here, only what to do next.
    const first = localInfo.users?.[0];
    if (first) {
      lines.push(
        `  Sign in as ${first.username} (password ${first.password}), or any demo account listed above.`,
      );
    }
    lines.push('');
    lines.push("  Your browser must trust local Azure's certificate authority once (or accept the warning");
    lines.push(`  at ${localInfo.authority.replace(/\/[^/]+\/v2\.0\/?$/, '/')}):`);
    lines.push(`    CA file: ${certPaths().ca}`);
    lines.push(
      '    Linux (Chrome/Chromium): certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n kiln-local-azure -i ' +
        certPaths().ca,
    );
    lines.push(
      '    macOS: sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ' +
        certPaths().ca,
    );
    lines.push('    Windows: certutil -addstore -f ROOT ' + certPaths().ca);
  } else {
    lines.push(`  Signed in through Microsoft Entra (tenant ${process.env.AZURE_TENANT_ID}).`);
  }
  lines.push('', '  Ctrl-C stops everything.', '');
  console.log(lines.join('\n'));
}
