// Starts local Azure in-process: the identity provider (HTTPS), Resource Manager (HTTPS) with its
// control API, and Azurite (child process), wired to one World. Used by main.ts and the test harness.
//
// This is the host: the certificate, Azurite, the ports and the state folder, which stay for as long as
// local Azure runs. What answers on the ports is an Instance (instance.ts), started from the saved state
// when there is one (else from the seed), and saved when it goes down. POST /_local/restart takes that
// same path inside one process: down into the state (a temporary folder when none is configured), then,
// after the asked-for pause, up again from it on the same ports.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEFAULTS, type LocalAzureInfo, type LocalAzureOptions } from './config.ts';
import { certFiles, loadTls } from './tls.ts';
import type { ProviderDeps } from './core/types.ts';
import { AzuriteBlobStore, resolveBlobPort } from './azurite.ts';
import { startInstance, type Host, type Instance } from './instance.ts';
import { blobLocation, readState, writeState, type LocalAzureState } from './state/state-file.ts';

export type { LocalAzureInfo, LocalAzureOptions } from './config.ts';

export interface LocalAzure {
  info: LocalAzureInfo;
  /** The live world and services, for in-process tests and tools (new ones after a restart). */
  readonly deps: ProviderDeps;
  stop(): Promise<void>;
}

/** Azurite starts in the background while the rest comes up (main.ts may have started it even earlier). */
async function startAzurite(
  opts: LocalAzureOptions,
  files: ReturnType<typeof certFiles>,
  stateDir: string | undefined,
): Promise<{ blobs: AzuriteBlobStore; azuriteUp: Promise<void> }> {
  const early = opts.azurite;
  const blobs = early?.store ?? new AzuriteBlobStore(await resolveBlobPort(opts.blobPort));
  // main.ts started its Azurite on blobLocation(stateDir) itself.
  const location = !early && stateDir && !opts.noBlob ? blobLocation(stateDir) : undefined;
  const azuriteUp = early
    ? early.ready
    : opts.noBlob
      ? Promise.resolve()
      : blobs.start({
          port: blobs.port,
          cert: files.cert,
          key: files.key,
          ...(location ? { location } : {}),
        });
  azuriteUp.catch(() => undefined);
  return { blobs, azuriteUp };
}

/** Options given at start win over a saved state's settings (a variable set on purpose); the rest is kept. */
function withOptions(
  saved: LocalAzureState | undefined,
  opts: LocalAzureOptions,
): LocalAzureState | undefined {
  if (!saved) return undefined;
  const s = saved.settings;
  return {
    ...saved,
    settings: {
      speed: opts.speed ?? s.speed,
      pageSize: opts.pageSize ?? s.pageSize,
      tokenTtlSeconds: opts.tokenTtlSeconds ?? s.tokenTtlSeconds,
    },
  };
}

/** A saved world holds its URLs (storage endpoints, operation links): say so when the ports changed. */
function warnOnMovedEndpoints(saved: LocalAzureState | undefined, info: LocalAzureInfo): void {
  if (!saved) return;
  const now = { arm: info.arm, idp: new URL(info.authority).origin, blob: info.blob };
  const moved = (['arm', 'idp', 'blob'] as const).filter((k) => saved.endpoints[k] !== now[k]);
  if (moved.length)
    console.warn(
      `local Azure: the saved state was made with ${moved.map((k) => saved.endpoints[k]).join(', ')}; ` +
        `it now runs at ${moved.map((k) => now[k]).join(', ')}. Start it on the same ports to keep its links working.`,
    );
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function startLocalAzure(opts: LocalAzureOptions = {}): Promise<LocalAzure> {
  const files = certFiles(opts.certDir);
  const tls = loadTls(files);
  const stateDir = opts.stateDir ? resolve(opts.stateDir) : undefined;
  // An unreadable state stops the start (it is the user's world: nothing is thrown away silently).
  const saved = stateDir ? withOptions(readState(stateDir), opts) : undefined;
  const { blobs, azuriteUp } = await startAzurite(opts, files, stateDir);
  let inst: Instance | undefined;
  let restarting: Promise<void> = Promise.resolve();
  let restartDir: string | undefined;
  const host: Host = {
    opts,
    tls,
    certDir: files.dir,
    blobs,
    azuriteUp,
    ports: { arm: opts.armPort ?? DEFAULTS.armPort, idp: opts.idpPort ?? DEFAULTS.idpPort },
    appOrigins: [...(opts.appOrigins ?? [`http://localhost:${DEFAULTS.appPort}`])].map((o) =>
      o.replace(/\/+$/, ''),
    ),
    stateDir,
    restart: (downSeconds, res) => {
      const current = inst;
      if (!current) return;
      inst = undefined;
      current.refuse();
      restartDir ??= stateDir ?? mkdtempSync(join(tmpdir(), 'local-azure-restart-'));
      const dir = restartDir;
      restarting = new Promise<void>((done) => res.once('close', done)).then(async () => {
        await writeState(dir, await current.down());
        await sleep(downSeconds * 1000);
        inst = await upAgain(host, dir);
      });
      restarting.catch((e: unknown) => console.error('local Azure: the restart failed:', e));
    },
  };
  try {
    inst = await startInstance(host, saved);
  } catch (e) {
    await blobs.stop();
    throw e;
  }
  const info = inst.info();
  host.ports = { arm: Number(new URL(info.arm).port), idp: Number(new URL(info.authority).port) };
  warnOnMovedEndpoints(saved, info);
  let stopped = false;
  return {
    info,
    get deps(): ProviderDeps {
      if (!inst) throw new Error('local Azure is restarting');
      return inst.deps;
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await restarting.catch(() => undefined);
      const state = await inst?.down();
      inst = undefined;
      if (state && stateDir) await writeState(stateDir, state);
      await blobs.stop();
      if (restartDir && restartDir !== stateDir) rmSync(restartDir, { recursive: true, force: true });
    },
  };
}

/** After a restart's pause: up again from the state just saved, as a process start would (ports may lag). */
async function upAgain(host: Host, dir: string): Promise<Instance> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startInstance(host, readState(dir));
    } catch (e) {
      if ((e as { code?: string }).code !== 'EADDRINUSE' || attempt >= 20) throw e;
      await sleep(250);
    }
  }
}
