import { createServer, request, type Server } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryWorld } from '../core/store.ts';
import { ScaledClock } from '../core/clock.ts';
import { MemoryLro } from '../core/lro.ts';
import { MemoryActivityLog } from '../core/activity.ts';
import { ArmError } from '../core/errors.ts';
import type { RouteDef } from '../core/types.ts';
import { seedPlatform } from '../world/platform-seed.ts';
import { USERS, SUBSCRIPTIONS, TENANT_ID } from '../world/identities.ts';
import { createArmHandler } from './pipeline.ts';
import { acceptsGzip } from './exchange.ts';
import { Router } from './router.ts';
import { Faults } from './faults.ts';

const SUB = SUBSCRIPTIONS.dev.subscriptionId;
let server: Server;
let base = '';
const world = new MemoryWorld();
seedPlatform(world);
world.put({
  id: `/subscriptions/${SUB}/resourceGroups/rg`,
  name: 'rg',
  type: 'Microsoft.Resources/resourceGroups',
  location: 'eastus',
});

const routes: RouteDef[] = [
  {
    method: 'GET',
    operationId: { notInSpec: 'test route' },
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Test/boom',
    apiVersions: ['2024-01-01'],
    action: null,
    handle: () => {
      throw new Error('secret stack detail');
    },
  },
  {
    method: 'GET',
    operationId: { notInSpec: 'test route' },
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Test/things/{name}',
    apiVersions: ['2024-01-01'],
    action: 'Microsoft.Test/things/read',
    handle: (ctx) => ({ status: 200, body: { which: 'specific', name: ctx.params.name } }),
  },
  {
    method: 'GET',
    operationId: { notInSpec: 'test route' },
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Test/where',
    apiVersions: ['2024-01-01'],
    action: null,
    handle: (ctx) => ({ status: 200, body: { baseUrl: ctx.req.baseUrl } }),
  },
  {
    method: 'GET',
    operationId: { notInSpec: 'test route' },
    path: '/{*scope}/providers/Microsoft.Test/things/{name}',
    apiVersions: ['2024-01-01'],
    action: null,
    handle: (ctx) => ({ status: 200, body: { which: 'greedy', scope: ctx.params.scope } }),
  },
  {
    method: 'GET',
    operationId: { notInSpec: 'test route' },
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Test/many',
    apiVersions: ['2024-01-01'],
    action: null,
    handle: () => ({
      status: 200,
      body: { value: Array.from({ length: 200 }, (_, i) => ({ name: `thing-${i}`, location: 'eastus' })) },
    }),
  },
  {
    method: 'GET',
    operationId: { notInSpec: 'test route' },
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.Test/teapot',
    apiVersions: ['*'],
    action: null,
    handle: () => {
      throw new ArmError(418, 'Teapot', 'short and stout', { headers: { 'x-extra': '1' } });
    },
  },
];

beforeAll(async () => {
  const clock = new ScaledClock(100);
  const activity = new MemoryActivityLog();
  const handler = createArmHandler({
    router: new Router(routes),
    verifier: () => ({
      verify: (h: string | undefined) =>
        h === 'Bearer ok'
          ? Promise.resolve({
              objectId: USERS.owner.objectId,
              tenantId: TENANT_ID,
              kind: 'user' as const,
              displayName: USERS.owner.username,
            })
          : Promise.reject(new ArmError(401, 'AuthenticationFailed', 'no')),
    }),
    world: () => world,
    clock,
    lro: new MemoryLro(clock, activity),
    activity,
    faults: new Faults(),
    appOrigins: () => [],
    endpoint: () => 'https://localhost:4443',
    control: () => Promise.resolve(),
    knownNamespaces: () => new Set(['microsoft.test']),
  });
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const a = server.address();
  base = `http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

const get = (path: string) => fetch(`${base}${path}`, { headers: { authorization: 'Bearer ok' } });

describe('ARM pipeline', () => {
  it('turns an unexpected exception into 500 InternalServerError without a stack trace', async () => {
    const res = await get(`/subscriptions/${SUB}/providers/Microsoft.Test/boom?api-version=2024-01-01`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text).error.code).toBe('InternalServerError');
    expect(text).toMatch(/tracking id '[0-9a-f-]{36}'/);
    expect(text).not.toContain('secret stack detail');
    expect(text).not.toMatch(/\.ts:\d+/);
  });

  it('prefers the route with more literal segments; greedy params carry a leading slash', async () => {
    const a = await (
      await get(`/subscriptions/${SUB}/providers/Microsoft.Test/things/x?api-version=2024-01-01`)
    ).json();
    expect(a).toEqual({ which: 'specific', name: 'x' });
    const b = await (
      await get(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Test/things/x?api-version=2024-01-01`,
      )
    ).json();
    expect(b).toEqual({ which: 'greedy', scope: `/subscriptions/${SUB}/resourceGroups/rg` });
  });

  it('matches case-insensitively and answers HEAD from GET routes without a body', async () => {
    const res = await fetch(
      `${base}/SUBSCRIPTIONS/${SUB}/PROVIDERS/microsoft.test/THINGS/x?api-version=2024-01-01`,
      {
        method: 'HEAD',
        headers: { authorization: 'Bearer ok' },
      },
    );
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
  });

  it('renders ArmError status, envelope and extra headers', async () => {
    const res = await get(`/subscriptions/${SUB}/providers/Microsoft.Test/teapot?api-version=1999-01-01`);
    expect(res.status).toBe(418);
    expect(res.headers.get('x-extra')).toBe('1');
    expect(await res.json()).toEqual({ error: { code: 'Teapot', message: 'short and stout' } });
  });

  it('decodes the path once: a name is decoded for the handler and never a second time', async () => {
    const a = await (
      await get(`/subscriptions/${SUB}/providers/Microsoft.Test/things/a%20b?api-version=2024-01-01`)
    ).json();
    expect(a).toEqual({ which: 'specific', name: 'a b' });
    const b = await (
      await get(`/subscriptions/${SUB}/providers/Microsoft.Test/things/%2541?api-version=2024-01-01`)
    ).json();
    expect(b).toEqual({ which: 'specific', name: '%41' });
  });

  it('refuses dot segments and encoded separators, plain or encoded, before routing', async () => {
    const raw = (path: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const u = new URL(base);
        const r = request(
          { host: u.hostname, port: u.port, path, headers: { authorization: 'Bearer ok' } },
          (res) => {
            let body = '';
            res.on('data', (c: Buffer) => (body += c.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          },
        );
        r.on('error', reject);
        r.end();
      });
    for (const name of ['..', '.', '%2e%2e', '%2E', 'x%2F..%2Fy', 'x%5C..%5Cy', '%2F', '%zz']) {
      const res = await raw(
        `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Test/things/${name}?api-version=2024-01-01`,
      );
      expect(res.status, name).toBe(400);
      expect(JSON.parse(res.body), name).toMatchObject({ error: { code: 'BadRequest' } });
    }
    const up = await raw(
      `/subscriptions/${SUB}/resourceGroups/rg/../providers/Microsoft.Test/things/x?api-version=2024-01-01`,
    );
    expect(up.status).toBe(400);
  });

  it('hands out URLs on its configured endpoint, whatever the Host header says', async () => {
    const res = await fetch(
      `${base}/subscriptions/${SUB}/providers/Microsoft.Test/where?api-version=2024-01-01`,
      {
        headers: { authorization: 'Bearer ok', host: 'evil.example' },
      },
    );
    expect(await res.json()).toEqual({ baseUrl: 'https://localhost:4443' });
  });

  it('gzips JSON when the client accepts it (as ARM does), and only then', async () => {
    const raw = (acceptEncoding?: string) =>
      new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        const req = request(
          `${base}/subscriptions/${SUB}/providers/Microsoft.Test/many?api-version=2024-01-01`,
          {
            headers: {
              authorization: 'Bearer ok',
              ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
            },
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
          },
        );
        req.on('error', reject);
        req.end();
      });
    const plain = await raw();
    expect(plain.headers['content-encoding']).toBeUndefined();
    // Never reused from a browser cache without asking again (what lets Kiln's fetch use `default`).
    expect(plain.headers['cache-control']).toBe('no-cache');
    const json = JSON.parse(plain.body.toString('utf8')) as { value: unknown[] };
    expect(json.value).toHaveLength(200);
    const zipped = await raw('gzip, deflate, br, zstd');
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(String(zipped.headers.vary)).toMatch(/Accept-Encoding/);
    expect(Number(zipped.headers['content-length'])).toBe(zipped.body.length);
    expect(zipped.body.length).toBeLessThan(plain.body.length / 4);
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(json);
    expect((await raw('gzip;q=0, identity')).headers['content-encoding']).toBeUndefined();
  });

  it('reads Accept-Encoding with q-values and wildcards', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('br, GZIP;q=0.5')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('*;q=0.1, gzip;q=0')).toBe(false);
    expect(acceptsGzip('identity')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });

  it('authenticates before anything else', async () => {
    const res = await fetch(`${base}/subscriptions/${SUB}/providers/Microsoft.Test/boom`);
    expect(res.status).toBe(401);
  });
});
