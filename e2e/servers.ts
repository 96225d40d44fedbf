// Starting and stopping the servers the browser tests use: one local Azure (a child process) and one
// production build of the app (`next build` only when .next is missing or older than the sources).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
export const CA_PATH = resolve(process.env.KILN_LOCAL_DIR ?? join(ROOT, '.local-azure'), 'ca.pem');

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

/** Newest modification time under the given paths (files or folders), skipping node_modules. */
function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) {
      for (const e of readdirSync(p)) if (e !== 'node_modules' && !e.startsWith('.')) visit(join(p, e));
    } else if (st.mtimeMs > newest) newest = st.mtimeMs;
  };
  paths.forEach(visit);
  return newest;
}

const SOURCES = [
  'app',
  'components',
  'lib',
  'public',
  'proxy.ts',
  'next.config.ts',
  'package.json',
  'postcss.config.mjs',
  'tsconfig.json',
];

/** Runs `next build` when .next is missing or older than the sources. Returns whether it built. */
export function ensureBuild(log: (s: string) => void): boolean {
  const buildId = join(ROOT, '.next', 'BUILD_ID');
  const built = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sources = newestMtime(SOURCES.map((s) => join(ROOT, s)));
  if (built > sources) {
    log('e2e: production build is up to date');
    return false;
  }
  log('e2e: running next build (sources changed) …');
  const t0 = Date.now();
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules/next/dist/bin/next'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
  });
  if (r.status !== 0) throw new Error(`next build failed (exit ${r.status ?? r.signal})`);
  log(`e2e: next build took ${Math.round((Date.now() - t0) / 1000)} s`);
  return true;
}

export interface Started {
  child: ChildProcess;
  output: () => string;
}

/** Spawns a process in its own process group (so stopping it stops its children too). */
export function startProcess(cmd: string, args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(cmd, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const keep = (b: Buffer) => {
    out = (out + b.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return { child, output: () => out };
}

export async function stopProcess(p: Started | undefined): Promise<void> {
  const pid = p?.child.pid;
  if (!p || !pid || p.child.exitCode !== null) return;
  const exited = new Promise<void>((res) => p.child.once('exit', () => res()));
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = setTimeout(() => {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }, 5000);
  await exited;
  clearTimeout(timer);
}

/** GET/POST/DELETE over HTTPS trusting local Azure's CA (independent of NODE_EXTRA_CA_CERTS). */
export function httpsJson(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ status: number; json: unknown; headers: Record<string, string | string[] | undefined> }> {
  const ca = readFileSync(CA_PATH);
  return new Promise((res, rej) => {
    const req = request(
      url,
      { method, ca, headers: body === undefined ? {} : { 'content-type': 'application/json' } },
      (r) => {
        let text = '';
        r.on('data', (c: Buffer) => (text += c.toString()));
        r.on('end', () => {
          let json: unknown = text;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            /* not JSON */
          }
          res({ status: r.statusCode ?? 0, json, headers: r.headers });
        });
      },
    );
    req.on('error', rej);
    if (body !== undefined) req.write(JSON.stringify(body));
    req.end();
  });
}

export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  output?: () => string,
) {
  const t0 = Date.now();
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() - t0 > timeoutMs) {
      throw new Error(
        `e2e: ${what} did not come up within ${timeoutMs / 1000} s.${output ? `\n${output()}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
