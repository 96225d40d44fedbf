// Local Azure as a process of its own (emulator/src/main.ts, what `npm run local-azure` runs), for tests
// that stop it and start it again: free ports, start, wait until it answers, stop by a signal, and
// whether a port refuses connections. Needs the local CA in NODE_EXTRA_CA_CERTS (scripts/with-ca.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import type { LocalAzureInfo } from '../src/config.ts';
import { repoRoot } from '../src/tls.ts';

export interface Ports {
  arm: number;
  idp: number;
  blob: number;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export async function freePorts(): Promise<Ports> {
  const [arm, idp, blob] = await Promise.all([freePort(), freePort(), freePort()]);
  return { arm: arm ?? 0, idp: idp ?? 0, blob: blob ?? 0 };
}

export interface LocalAzureProcess {
  child: ChildProcess;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts `node --import tsx emulator/src/main.ts` on `ports` with extra environment variables. */
export function startLocalAzureProcess(ports: Ports, env: Record<string, string>): LocalAzureProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join('emulator', 'src', 'main.ts')], {
    cwd: repoRoot,
    env: {
      ...process.env,
      LOCAL_AZURE_PORT: String(ports.arm),
      LOCAL_IDP_PORT: String(ports.idp),
      LOCAL_BLOB_PORT: String(ports.blob),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Waits until local Azure answers GET /_local/info, and returns it. */
export async function waitForInfo(p: LocalAzureProcess, ports: Ports, ms = 60_000): Promise<LocalAzureInfo> {
  const end = Date.now() + ms;
  for (;;) {
    if (p.child.exitCode !== null)
      throw new Error(`local Azure exited (${p.child.exitCode}):\n${p.output()}`);
    try {
      const res = await fetch(`https://localhost:${ports.arm}/_local/info`);
      if (res.ok) return (await res.json()) as LocalAzureInfo;
    } catch {
      // not up yet
    }
    if (Date.now() > end) throw new Error(`local Azure did not answer within ${ms} ms:\n${p.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** True when nothing listens on 127.0.0.1:`port` (the connection is refused). */
export function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ port, host: '127.0.0.1' });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** Waits until every port refuses connections (a stopped local Azure and its Azurite are gone). */
export async function untilRefused(ports: number[], ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await Promise.all(ports.map(refused))).every(Boolean)) {
    if (Date.now() > end) throw new Error(`ports ${ports.join(', ')} still answer after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
