// Runs Debian's Azure CLI (`az`) against local Azure: a private configuration folder per test run
// (AZURE_CONFIG_DIR: its clouds, sign-ins and MSAL caches never touch the user's ~/.azure), the local CA
// for the CLI's Python (REQUESTS_CA_BUNDLE), no telemetry, no update checks, JSON output.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { certFiles } from '../src/tls.ts';

export const AZ = '/usr/bin/az';

export interface AzResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout parsed as JSON (undefined when empty or not JSON). */
  json: unknown;
}

/** Installs Debian's azure-cli with apt when `az` is missing (as scripts/test.mjs installs Chromium). */
export function ensureAzureCli(): void {
  if (existsSync(AZ)) return;
  console.log("The Azure CLI is missing: installing Debian's azure-cli package…");
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const apt = (...a: string[]): number =>
    spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? a : ['apt-get', ...a], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status ?? 1;
  if (apt('update', '-qq') !== 0 || apt('install', '-y', '-qq', 'azure-cli') !== 0 || !existsSync(AZ))
    throw new Error(`Could not install the Azure CLI at ${AZ}; the CLI tests cannot run.`);
}

export interface AzSession {
  /** The private AZURE_CONFIG_DIR of this session. */
  configDir: string;
  env: NodeJS.ProcessEnv;
  run(args: string[], timeoutMs?: number): Promise<AzResult>;
  /** Starts `az` and hands back the child (e.g. `az login --use-device-code`, which waits for the person). */
  start(args: string[]): ChildProcessWithoutNullStreams;
}

export function azSession(): AzSession {
  const configDir = mkdtempSync(join(tmpdir(), 'kiln-az-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    AZURE_CONFIG_DIR: configDir,
    REQUESTS_CA_BUNDLE: certFiles().ca,
    AZURE_CORE_COLLECT_TELEMETRY: 'false',
    AZURE_CORE_NO_COLOR: 'true',
    AZURE_CORE_ONLY_SHOW_ERRORS: 'true',
    AZURE_CORE_OUTPUT: 'json',
    // No browser: `az login` falls back to the device code, as on a server.
    BROWSER: 'false',
  };
  const start = (args: string[]): ChildProcessWithoutNullStreams =>
    spawn(AZ, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
  return {
    configDir,
    env,
    start,
    run: (args, timeoutMs = 120_000) =>
      new Promise((resolve, reject) => {
        const child = start(args);
        let stdout = '';
        let stderr = '';
        const timer = setTimeout(() => {
          child.kill('SIGTERM');
          reject(new Error(`az ${args.join(' ')}: no answer after ${timeoutMs} ms; stderr: ${stderr}`));
        }, timeoutMs);
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          let json: unknown;
          try {
            json = stdout.trim() ? JSON.parse(stdout) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ code: code ?? 1, stdout, stderr, json });
        });
      }),
  };
}
