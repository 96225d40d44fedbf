// Issue 11: hostile request content reaches local ARM as it would reach Azure, and is refused the way
// ARM refuses it — never stored, never a 500. Tags that ARM would refuse (an object as a value crashed
// the template page for everyone), bodies nested beyond ARM's reader depth, markup in resource names.
// Every refusal also leaves the world as it was.
import { request } from 'node:https';
import { ImageBuilderClient } from '@azure/arm-imagebuilder';
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, control, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const V = '2025-10-01';
const TEMPLATE = `/subscriptions/${DEV}/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base`;
const RG = `/subscriptions/${DEV}/resourceGroups/rg-images`;

let token = '';
let badInputs = 0;

async function errorOf(p: Promise<unknown>): Promise<{ statusCode?: number; code?: string }> {
  return p.then(
    () => ({}),
    (e: unknown) => e as { statusCode?: number; code?: string },
  );
}

beforeAll(async () => {
  await control(info, 'POST', 'reset');
  token = (await userToken(info, 'ava')).accessToken;
});

afterAll(async () => {
  console.info(`hostile input: ${badInputs} bad inputs refused`);
  await control(info, 'POST', 'reset');
});

describe('tags', () => {
  const cases: [string, string, unknown][] = [
    ['an object as a value', 'InvalidRequestContent', { owner: { name: 'x' } }],
    ['an array as a value', 'InvalidRequestContent', { owner: ['x'] }],
    ['a number as a value', 'InvalidRequestContent', { owner: 5 }],
    ['51 tags', 'InvalidTags', Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, 'v']))],
    ['a 513-character name', 'InvalidTagName', { ['n'.repeat(513)]: 'v' }],
    ['a 257-character value', 'InvalidTagValueLength', { owner: 'v'.repeat(257) }],
    ['<script> in a name', 'InvalidTagNameCharacters', { '<script>': 'v' }],
    ['a slash in a name', 'InvalidTagNameCharacters', { 'a/b': 'v' }],
    ['a percent sign in a name', 'InvalidTagNameCharacters', { '100%': 'v' }],
    ['tags as an array', 'InvalidRequestContent', ['a']],
  ];

  it.each(cases)('PATCH of an image template with %s: 400 %s, nothing stored', async (_n, code, tags) => {
    const before = await arm(info, token, 'GET', `${TEMPLATE}?api-version=${V}`);
    const r = await arm(info, token, 'PATCH', `${TEMPLATE}?api-version=${V}`, { body: { tags } });
    expect(r.status).toBe(400);
    expect((r.json as { error: { code: string } }).error.code).toBe(code);
    const after = await arm(info, token, 'GET', `${TEMPLATE}?api-version=${V}`);
    expect((after.json as { tags?: unknown }).tags).toEqual((before.json as { tags?: unknown }).tags);
    badInputs++;
  });

  it('the SDK sees the same refusals (resource group PUT, image template update)', async () => {
    const ava = await userToken(info, 'ava');
    const resources = new ResourceManagementClient(staticCredential(ava), DEV, clientOptions(info));
    await expect(
      errorOf(
        resources.resourceGroups.createOrUpdate('rg-tagged', {
          location: 'eastus',
          tags: { 'x?y': 'v' },
        }),
      ),
    ).resolves.toMatchObject({ statusCode: 400, code: 'InvalidTagNameCharacters' });
    await expect(errorOf(resources.resourceGroups.get('rg-tagged'))).resolves.toMatchObject({
      statusCode: 404,
    });
    const aib = new ImageBuilderClient(staticCredential(ava), DEV, { endpoint: info.arm });
    await expect(
      errorOf(
        aib.virtualMachineImageTemplates.beginUpdateAndWait('rg-images', 'ubuntu2204-base', {
          tags: { owner: 'v'.repeat(300) },
        }),
      ),
    ).resolves.toMatchObject({ statusCode: 400, code: 'InvalidTagValueLength' });
    badInputs += 2;
    // A PATCH merges tags: one that would leave 51 (the template already has one) is refused.
    const fifty = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`t${i}`, 'v']));
    await expect(
      errorOf(
        aib.virtualMachineImageTemplates.beginUpdateAndWait('rg-images', 'ubuntu2204-base', { tags: fifty }),
      ),
    ).resolves.toMatchObject({ statusCode: 400, code: 'InvalidTags' });
    badInputs += 1;
    // Valid tags still work: 50 of them in all, with the longest name and value.
    const before = await aib.virtualMachineImageTemplates.get('rg-images', 'ubuntu2204-base');
    const have = Object.keys(before.tags ?? {}).length;
    const ok = Object.fromEntries(Array.from({ length: 49 - have }, (_, i) => [`t${i}`, 'v']));
    ok['n'.repeat(512)] = 'v'.repeat(256);
    const updated = await aib.virtualMachineImageTemplates.beginUpdateAndWait(
      'rg-images',
      'ubuntu2204-base',
      {
        tags: ok,
      },
    );
    expect(Object.keys(updated.tags ?? {})).toHaveLength(50);
  });
});

describe('deeply nested bodies', () => {
  const deep = (n: number): string => `{"tags":{"a":"b"},"properties":${'{"x":'.repeat(n)}1${'}'.repeat(n)}}`;

  it.each([
    ['PATCH', TEMPLATE, 100],
    ['PATCH', TEMPLATE, 100_000],
    ['PUT', `${RG}-deep`, 100_000],
    ['PATCH', RG, 200_000],
    ['POST', `${TEMPLATE}/run`, 100_000],
  ])('%s %s nested %i deep: 400 InvalidRequestContent, never 500', async (method, path, n) => {
    const r = await arm(
      info,
      token,
      method,
      `${path}?api-version=${path.includes('imageTemplates') ? V : '2024-03-01'}`,
      {
        rawBody: deep(n),
        headers: { 'content-type': 'application/json' },
      },
    );
    expect(r.status).toBe(400);
    expect((r.json as { error: { code: string } }).error.code).toBe('InvalidRequestContent');
    badInputs++;
  });

  it('arrays nested deep are refused the same way, and a 64-deep body is still read', async () => {
    const arrays = `{"tags":${'['.repeat(50_000)}${']'.repeat(50_000)}}`;
    const r = await arm(info, token, 'PATCH', `${TEMPLATE}?api-version=${V}`, {
      rawBody: arrays,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    expect((r.json as { error: { code: string } }).error.code).toBe('InvalidRequestContent');
    badInputs++;
    // 64 levels (the body, properties and 62 more) are within ARM's limit: the request is read and answered.
    const ok = await arm(info, token, 'PATCH', `${RG}?api-version=2024-03-01`, {
      rawBody: `{"properties":${'{"x":'.repeat(62)}1${'}'.repeat(62)}}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(ok.status).toBeLessThan(500);
    expect((ok.json as { error?: { code: string } } | undefined)?.error?.code).not.toBe(
      'InvalidRequestContent',
    );
  });
});

/** A request with its path exactly as written (fetch would resolve dot segments first) and any Host. */
function rawRequest(
  method: string,
  path: string,
  bearer: string,
  opts: { host?: string; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; json: unknown }> {
  const u = new URL(info.arm);
  return new Promise((resolve, reject) => {
    const r = request(
      {
        host: u.hostname,
        port: u.port,
        method,
        path,
        servername: 'localhost',
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(opts.host ? { host: opts.host } : {}),
          ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            json: text ? JSON.parse(text) : undefined,
          }),
        );
      },
    );
    r.on('error', reject);
    r.end(opts.body);
  });
}

describe('paths are decoded and normalised once, before routing and authorization', () => {
  const TEAM = `/subscriptions/${DEV}/resourceGroups/rg-images-team`;
  const tail = '/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base';

  it.each([
    ['an encoded ../ out of the Contributor’s group', `${TEAM}%2F..%2Frg-images${tail}`],
    ['an encoded ..\\ out of it', `${TEAM}%5C..%5Crg-images${tail}`],
    ['a plain .. segment', `${TEAM}/../rg-images${tail}`],
    ['an encoded .. segment', `${TEAM}/%2e%2e/rg-images${tail}`],
    ['a . segment', `${TEAM}/./${tail}`],
  ])(
    'Cole (Contributor of rg-images-team) and %s: 400 before authorization, nothing changed',
    async (_n, path) => {
      const cole = (await userToken(info, 'cole')).accessToken;
      const before = await arm(info, token, 'GET', `${TEMPLATE}?api-version=${V}`);
      for (const [method, suffix, body] of [
        ['GET', '', undefined],
        ['PATCH', '', '{"tags":{"owned":"by-cole"}}'],
        ['DELETE', '', undefined],
        ['POST', '/run', undefined],
      ] as const) {
        const r = await rawRequest(method, `${path}${suffix}?api-version=${V}`, cole, body ? { body } : {});
        expect(r.status, `${method} ${path}`).toBe(400);
        expect((r.json as { error: { code: string } }).error.code).toBe('BadRequest');
        badInputs++;
      }
      const after = await arm(info, token, 'GET', `${TEMPLATE}?api-version=${V}`);
      expect(after.json).toEqual(before.json);
    },
  );

  it('Cole is still refused at the real scope (403), and a name with an encoded space is decoded once', async () => {
    const cole = (await userToken(info, 'cole')).accessToken;
    const r = await rawRequest('GET', `${TEMPLATE}?api-version=${V}`, cole);
    expect(r.status).toBe(403);
    const spaced = await rawRequest(
      'GET',
      `/subscriptions/${DEV}/resourceGroups/rg%20images?api-version=2024-03-01`,
      token,
    );
    expect(spaced.status).toBe(404);
    expect((spaced.json as { error: { message: string } }).error.message).toContain("'rg images'");
  });

  it('LRO URLs are built from the configured endpoint, not the Host header', async () => {
    const r = await rawRequest('POST', `${TEMPLATE}/run?api-version=${V}`, token, {
      host: 'evil.example:443',
    });
    expect(r.status).toBe(202);
    for (const h of ['azure-asyncoperation', 'location']) {
      const v = r.headers[h];
      if (v === undefined) continue;
      expect(String(v).startsWith(`${info.arm}/`), `${h}: ${String(v)}`).toBe(true);
    }
    expect(String(r.headers['azure-asyncoperation'])).toMatch(/^https:\/\/localhost:\d+\//);
    const paged = await rawRequest(
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.VirtualMachineImages/imageTemplates?api-version=${V}&$top=1`,
      token,
      { host: 'evil.example' },
    );
    const next = (paged.json as { nextLink?: string }).nextLink;
    if (next) expect(next.startsWith(`${info.arm}/`)).toBe(true);
    await control(info, 'POST', 'reset');
  });
});

describe('markup in resource names', () => {
  const RG_IMAGES = `/subscriptions/${DEV}/resourceGroups/rg-images`;
  it.each([
    [
      'a virtual network',
      `${RG_IMAGES}/providers/Microsoft.Network/virtualNetworks/%3Cimg%20src%3Dx%3E`,
      '2024-05-01',
      { location: 'eastus', properties: { addressSpace: { addressPrefixes: ['10.9.0.0/16'] } } },
    ],
    [
      'a gallery',
      `${RG_IMAGES}/providers/Microsoft.Compute/galleries/%3Cb%3Ex`,
      '2024-03-03',
      { location: 'eastus' },
    ],
    [
      'a managed identity',
      `${RG_IMAGES}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/a%26b`,
      '2023-01-31',
      { location: 'eastus' },
    ],
    [
      'an image template',
      `${RG_IMAGES}/providers/Microsoft.VirtualMachineImages/imageTemplates/%3Cscript%3E`,
      V,
      { location: 'eastus' },
    ],
    [
      'a resource group',
      `/subscriptions/${DEV}/resourceGroups/%3Cscript%3Ealert(1)%3C%2Fscript%3E`,
      '2024-03-01',
      { location: 'eastus' },
    ],
    [
      'a resource group with a tag',
      `/subscriptions/${DEV}/resourceGroups/rg%3Cb%3E`,
      '2024-03-01',
      { location: 'eastus' },
    ],
  ])('PUT of %s named with markup is refused (400) and nothing is created', async (_n, path, v, body) => {
    const r = await arm(info, token, 'PUT', `${path}?api-version=${v}`, { body });
    expect(r.status).toBe(400);
    badInputs++;
    const get = await arm(info, token, 'GET', `${path}?api-version=${v}`);
    expect(get.status).not.toBe(200);
  });
});
