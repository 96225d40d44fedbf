// Starting and stopping the servers the browser tests use: one local Azure (a child process) and one
// production build of the app (`next build` only when .next is missing or older than the sources).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { request } from 'node:https';
import { fileURLToPath } from 'node:url';
import { currentStack } from './stacks';

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
  'next.config.js',
  'instrumentation.ts',
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

/**
 * A request over HTTPS trusting local Azure's CA (independent of NODE_EXTRA_CA_CERTS). An object body
 * is sent as JSON; a string body as it is (set its content-type in `headers`).
 */
export function httpsJson(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; headers: Record<string, string | string[] | undefined> }> {
  const ca = readFileSync(CA_PATH);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  const allHeaders =
    body === undefined || typeof body === 'string'
      ? headers
      : { 'content-type': 'application/json', ...headers };
  return new Promise((res, rej) => {
    const req = request(url, { method, ca, headers: allHeaders }, (r) => {
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
    });
    req.on('error', rej);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

const TENANT_ID = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
const AUTOMATION = {
  clientId: '9a6e2c1b-4d3f-4b7a-8e25-6f1c0d9b8a74',
  secret: 'local-azure-automation-secret',
};

export interface AutomationArm {
  get<T>(path: string, apiVersion: string): Promise<T>;
  /** Sends a PUT once and returns the body; throws on an error status. */
  put<T>(path: string, apiVersion: string, body: unknown): Promise<T>;
  /** Sends a DELETE and returns the status (202/200/204); does not wait for a long-running delete. */
  delete(path: string, apiVersion: string): Promise<number>;
  /** Sends a POST action (e.g. …/run) once and returns the status; throws on an error status. */
  post(path: string, apiVersion: string): Promise<number>;
}

/**
 * ARM as local Azure's automation principal (client credentials, Owner of both subscriptions): reads
 * and changes the world the way a script would, independent of the browser under test.
 */
export async function automationArm(): Promise<AutomationArm> {
  const { idp, arm } = currentStack();
  const form = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: AUTOMATION.clientId,
    client_secret: AUTOMATION.secret,
    scope: 'https://management.azure.com/.default',
  }).toString();
  const t = await httpsJson('POST', `${idp}/${TENANT_ID}/v2.0/token`, form, {
    'content-type': 'application/x-www-form-urlencoded',
  });
  const token = (t.json as { access_token?: string } | undefined)?.access_token;
  if (!token) throw new Error(`no automation token: ${t.status} ${JSON.stringify(t.json)}`);
  const url = (path: string, apiVersion: string) =>
    `${arm}${path}${path.includes('?') ? '&' : '?'}api-version=${apiVersion}`;
  const auth = { authorization: `Bearer ${token}` };
  return {
    async get<T>(path: string, apiVersion: string): Promise<T> {
      const r = await httpsJson('GET', url(path, apiVersion), undefined, auth);
      if (r.status !== 200) throw new Error(`GET ${path} → ${r.status} ${JSON.stringify(r.json)}`);
      return r.json as T;
    },
    async put<T>(path: string, apiVersion: string, body: unknown): Promise<T> {
      const r = await httpsJson('PUT', url(path, apiVersion), body, auth);
      if (r.status >= 300) throw new Error(`PUT ${path} → ${r.status} ${JSON.stringify(r.json)}`);
      return r.json as T;
    },
    async post(path: string, apiVersion: string): Promise<number> {
      const r = await httpsJson('POST', url(path, apiVersion), {}, auth);
      if (r.status >= 300) throw new Error(`POST ${path} → ${r.status} ${JSON.stringify(r.json)}`);
      return r.status;
    },
    async delete(path: string, apiVersion: string): Promise<number> {
      const r = await httpsJson('DELETE', url(path, apiVersion), undefined, auth);
      if (r.status >= 300) throw new Error(`DELETE ${path} → ${r.status} ${JSON.stringify(r.json)}`);
      return r.status;
    },
  };
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
