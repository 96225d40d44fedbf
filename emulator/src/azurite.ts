// Blob storage: the official Azurite emulator (npm dependency) in a child process over HTTPS, in memory,
// serving a fixed pool of deterministic 24-character storage accounts (AZURITE_ACCOUNTS is read only
// at start, so the accounts exist up front and are handed out to staging storage accounts).
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createServer as createNetServer } from 'node:net';
import type { BlobServiceClient } from '@azure/storage-blob';
import type { BlobStore } from './core/types.ts';

export const POOL_SIZE = 48;
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

export interface PooledAccount {
  name: string;
  key: string;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** The fixed pool: 24 lower-case alphanumerics each, with a base64 key, the same on every start. */
export function accountPool(size = POOL_SIZE): PooledAccount[] {
  const out: PooledAccount[] = [];
  for (let i = 0; i < size; i++) {
    const h = createHash('sha256').update(`kiln-local-azure-account-${i}`).digest();
    let name = '';
    for (let j = 0; j < 24; j++) name += ALPHABET[(h[j] ?? 0) % ALPHABET.length];
    const key = createHash('sha512').update(`kiln-local-azure-key-${name}`).digest('base64');
    out.push({ name, key });
  }
  return out;
}

function azuriteBlobMain(): string {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('azurite/package.json');
  return join(dirname(pkg), 'dist', 'src', 'blob', 'main.js');
}

export interface AzuriteOptions {
  port: number;
  cert: string;
  key: string;
  /** Milliseconds to wait for Azurite to listen. */
  timeoutMs?: number;
}

export class AzuriteBlobStore implements BlobStore {
  private child: ChildProcess | undefined;
  private readonly pool = accountPool();
  private readonly used = new Set<string>();
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
    const accounts = this.pool.map((a) => `${a.name}:${a.key}`).join(';');
    const args = [
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
      '--inMemoryPersistence',
      '--disableTelemetry',
      '--disableProductStyleUrl',
      '--silent',
      '--extentMemoryLimit',
      '256',
    ];
    const child = spawn(process.execPath, args, {
      env: { ...process.env, AZURITE_ACCOUNTS: accounts },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
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

  allocateAccount(): { name: string; key: string } {
    const a = this.pool.find((p) => !this.used.has(p.name));
    if (!a) throw new Error(`local Azure's storage account pool (${POOL_SIZE}) is exhausted`);
    this.used.add(a.name);
    return { ...a };
  }

  async releaseAccount(name: string): Promise<void> {
    if (!this.used.delete(name)) return;
    if (!this.running) return;
    const svc = await this.client(name);
    for await (const c of svc.listContainers()) await svc.deleteContainer(c.name);
  }

  /** Marks every account free and empties the used ones (control API reset). */
  async releaseAll(): Promise<void> {
    // Every account goes back to the pool even when emptying one of them fails, or the pool leaks.
    const results = await Promise.allSettled([...this.used].map((n) => this.releaseAccount(n)));
    for (const r of results) {
      if (r.status === 'rejected')
        console.warn(`local Azure: could not empty a storage account: ${String(r.reason)}`);
    }
  }

  keyOf(name: string): string | undefined {
    return this.pool.find((p) => p.name === name)?.key;
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
