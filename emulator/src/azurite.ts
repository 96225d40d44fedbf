// Blob storage: the official Azurite emulator (npm dependency) in a child process over HTTPS, in memory
// (or, with a state folder, on disk in <state>/azurite, so build logs outlive a restart), serving a pool of 24-character storage accounts handed out to staging storage accounts (48 from
// AZURITE_ACCOUNTS at start; more, sent over IPC, whenever few are free). Account names are
// deterministic; keys are random: each account gets a new one when it goes back to the pool and every
// account gets one on a world reset, so a key is reachable only through listKeys. Key
// changes reach the running Azurite over IPC (azurite-keys.mjs).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createServer as createNetServer } from 'node:net';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { BlobStore } from './core/types.ts';

export const POOL_SIZE = 48;
/** When fewer accounts than this are free, the pool grows by POOL_SIZE new accounts in the background. */
export const POOL_LOW_WATER = 8;
export const DEFAULT_BLOB_PORT = 10000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createNetServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/** 0 picks a free port; undefined means the default (10000). */
export async function resolveBlobPort(port: number | undefined): Promise<number> {
  return port === undefined ? DEFAULT_BLOB_PORT : port === 0 ? await freePort() : port;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The fixed pool's names: 24 lower-case alphanumerics each, the same on every start. */
export function accountNames(size = POOL_SIZE, from = 0): string[] {
  const out: string[] = [];
  for (let i = from; i < from + size; i++) {
    const h = createHash('sha256').update(`kiln-local-azure-account-${i}`).digest();
    let name = '';
    for (let j = 0; j < 24; j++) name += ALPHABET[(h[j] ?? 0) % ALPHABET.length];
    out.push(name);
  }
  return out;
}

/** A storage account key as Azure makes them: 64 random bytes, base64. */
export function randomAccountKey(): string {
  return randomBytes(64).toString('base64');
}

function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('azurite/package.json');
  return join(dirname(pkg), 'dist', 'src', 'blob', 'main.js');
}

const KEYS_MODULE = fileURLToPath(new URL('./azurite-keys.mjs', import.meta.url));

export interface AzuriteOptions {
  port: number;
  cert: string;
  key: string;
  /** Keep blobs on disk in this folder (Azurite's --location); in memory when absent. */
  location?: string;
  /** Milliseconds to wait for Azurite to listen. */
  timeoutMs?: number;
}

/** The account pool as saved with the world: names, their keys, and which are handed out. */
export interface SavedBlobPool {
  names: string[];
  keys: Array<[string, string]>;
  used: string[];
}

export class AzuriteBlobStore implements BlobStore {
  private child: ChildProcess | undefined;
  private names: string[] = accountNames();
  private readonly keys = new Map<string, string>(this.names.map((n) => [n, randomAccountKey()]));
  private readonly used = new Set<string>();
  private growing: Promise<void> | undefined;
  private seq = 0;
  private readonly applied = new Map<number, () => void>();
  private readonly clients = new Map<string, Promise<BlobServiceClient>>();
  private readonly onExit = (): void => {
    this.child?.kill('SIGKILL');
  };

  constructor(readonly port: number) {}

  get url(): string {
    return `https://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null;
  }

  async start(opts: AzuriteOptions): Promise<void> {
    const accounts = [...this.keys].map(([name, key]) => `${name}:${key}`).join(';');
    const args = [
      '--import',
      pathToFileURL(KEYS_MODULE).href,
      azuriteBlobMain(),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(opts.port),
      '--cert',
      opts.cert,
      '--key',
      opts.key,
      '--skipApiVersionCheck',
      '--loose',
      ...(opts.location
        ? ['--location', opts.location]
        : ['--inMemoryPersistence', '--extentMemoryLimit', '256']),
      '--disableTelemetry',
      '--disableProductStyleUrl',
      '--silent',
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, AZURITE_ACCOUNTS: accounts },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    child.on('message', (m: unknown) => {
      const seq = (m as { type?: unknown; seq?: unknown } | null)?.seq;
      if (typeof seq === 'number') {
        this.applied.get(seq)?.();
        this.applied.delete(seq);
      }
    });
    child.channel?.unref();
    process.once('exit', this.onExit);
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => {
        reject(new Error(`Azurite did not start within ${opts.timeoutMs ?? 20_000} ms:\n${out}`));
      }, opts.timeoutMs ?? 20_000);
      const onData = (d: Buffer): void => {
        out += d.toString();
        if (/successfully listen/i.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(
          /EADDRINUSE/.test(out)
            ? Object.assign(
                new Error(`listen EADDRINUSE: address already in use 127.0.0.1:${opts.port} (Azurite blob)`),
                {
                  code: 'EADDRINUSE',
                },
              )
            : new Error(`Azurite exited with code ${String(code)}:\n${out}`),
        );
      });
    });
    child.removeAllListeners('exit');
    child.once('exit', () => {
      for (const done of this.applied.values()) done();
      this.applied.clear();
    });
    child.stdout?.removeAllListeners('data');
    child.stdout?.resume();
    child.stderr?.resume();
  }

  async stop(): Promise<void> {
    const c = this.child;
    this.child = undefined;
    process.removeListener('exit', this.onExit);
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        c.kill('SIGKILL');
        resolve();
      }, 3000);
      c.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
      c.kill('SIGTERM');
    });
  }

  endpointFor(accountName: string): string {
    return `${this.url}/${accountName}/`;
  }

  /**
   * A free account of the pool. The pool never runs out: when fewer than POOL_LOW_WATER accounts are free
   * it grows by POOL_SIZE new ones, handed to the running Azurite over IPC (azurite-keys.mjs answers its
   * account look-ups) ahead of their use; an empty pool grows at once.
   */
  allocateAccount(): { name: string; key: string } {
    let name = this.names.find((n) => !this.used.has(n));
    if (name === undefined) {
      void this.grow();
      name = this.names.find((n) => !this.used.has(n));
    }
    const key = name === undefined ? undefined : this.keys.get(name);
    if (name === undefined || key === undefined)
      throw new Error(`local Azure's storage account pool (${this.names.length}) is exhausted`);
    this.used.add(name);
    if (this.names.length - this.used.size < POOL_LOW_WATER) void this.grow();
    return { name, key };
  }

  /** Accounts in the pool (grows as it is used; for tests and measurements). */
  get poolSize(): number {
    return this.names.length;
  }

  /** Adds POOL_SIZE accounts (unless a growth is under way); resolves once Azurite accepts them. */
  private grow(): Promise<void> {
    if (this.growing) return this.growing;
    const added = accountNames(POOL_SIZE, this.names.length);
    this.names.push(...added);
    const done = this.rotate(added).finally(() => {
      if (this.growing === done) this.growing = undefined;
    });
    this.growing = done;
    return done;
  }

  async releaseAccount(name: string): Promise<void> {
    if (!this.used.delete(name)) return;
    try {
      if (!this.running) return;
      const svc = await this.client(name);
      for await (const c of svc.listContainers()) await svc.deleteContainer(c.name);
    } finally {
      // Whoever held the old key (listKeys) loses the account with it.
      await this.rotate([name]);
    }
  }

  /** Marks every account free, empties the used ones and gives every account a new key (world reset). */
  async releaseAll(): Promise<void> {
    // Every account goes back to the pool even when emptying one of them fails, or the pool leaks.
    const results = await Promise.allSettled([...this.used].map((n) => this.releaseAccount(n)));
    for (const r of results) {
      if (r.status === 'rejected')
        console.warn(`local Azure: could not empty a storage account: ${String(r.reason)}`);
    }
    await this.rotate(this.names);
  }

  keyOf(name: string): string | undefined {
    return this.keys.get(name);
  }

  /** The pool, its keys and what is handed out (saved with the world: the keys stay random per world). */
  saved(): SavedBlobPool {
    return { names: [...this.names], keys: [...this.keys], used: [...this.used] };
  }

  /** Takes a saved pool back, keys included; resolves once the running Azurite answers with them. */
  async restore(saved: SavedBlobPool): Promise<void> {
    await this.growing;
    this.names = [...saved.names];
    this.keys.clear();
    for (const [n, k] of saved.keys) this.keys.set(n, k);
    this.used.clear();
    for (const n of saved.used) this.used.add(n);
    this.clients.clear();
    await this.send(Object.fromEntries(this.keys));
  }

  /** New random keys for `names`; resolves once the running Azurite accepts them (and only them). */
  private async rotate(names: readonly string[]): Promise<void> {
    const update: Record<string, string> = {};
    for (const n of names) {
      const key = randomAccountKey();
      this.keys.set(n, key);
      this.clients.delete(n);
      update[n] = key;
    }
    await this.send(update);
  }

  /** Hands keys to the running Azurite (azurite-keys.mjs); resolves once it has them. */
  private async send(update: Record<string, string>): Promise<void> {
    const child = this.child;
    if (!child || !this.running || !child.connected) return;
    const seq = ++this.seq;
    await new Promise<void>((resolve) => {
      this.applied.set(seq, resolve);
      child.send({ type: 'keys', seq, keys: update }, (e) => {
        if (e) {
          this.applied.delete(seq);
          resolve();
        }
      });
    });
  }

  async append(accountName: string, container: string, blobPath: string, text: string): Promise<void> {
    const c = (await this.client(accountName)).getContainerClient(container);
    await c.createIfNotExists();
    const blob = c.getAppendBlobClient(blobPath);
    await blob.createIfNotExists();
    const buf = Buffer.from(text, 'utf8');
    // Append blocks are at most 4 MiB.
    for (let i = 0; i < buf.length; i += 4 * 1024 * 1024) {
      const part = buf.subarray(i, i + 4 * 1024 * 1024);
      await blob.appendBlock(part, part.length);
    }
  }

  async write(accountName: string, container: string, blobPath: string, content: string): Promise<void> {
    const c = (await this.client(accountName)).getContainerClient(container);
    await c.createIfNotExists();
    const buf = Buffer.from(content, 'utf8');
    await c.getBlockBlobClient(blobPath).upload(buf, buf.length);
  }

  /** @azure/storage-blob is loaded on first use: it is heavy and start-up does not need it. */
  private client(accountName: string): Promise<BlobServiceClient> {
    let c = this.clients.get(accountName);
    if (!c) {
      const key = this.keyOf(accountName);
      if (!key)
        return Promise.reject(new Error(`'${accountName}' is not one of local Azure's storage accounts`));
      c = import('@azure/storage-blob').then(
        ({ BlobServiceClient, StorageSharedKeyCredential }) =>
          new BlobServiceClient(
            this.endpointFor(accountName),
            new StorageSharedKeyCredential(accountName, key),
            {
              retryOptions: { maxTries: 2 },
            },
          ),
      );
      this.clients.set(accountName, c);
    }
    return c;
  }
}
