// The ARM pipeline: api-version, routing errors, request-content errors, response headers, CORS,
// paging. Raw HTTP where the SDK would hide the shape.
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { appToken, arm, control, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
let token = '';

beforeAll(async () => {
  token = (await userToken(info, 'ava')).accessToken;
});

describe('api-version', () => {
  it('is required: 400 MissingApiVersionParameter', async () => {
    const r = await arm(info, token, 'GET', `/subscriptions/${DEV}/resourcegroups`);
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: {
        code: 'MissingApiVersionParameter',
        message: 'The api-version query parameter (?api-version=) is required for all requests.',
      },
    });
  });

  it("unsupported on Resource Manager's own routes: 400 InvalidApiVersionParameter listing the supported ones", async () => {
    const r = await arm(info, token, 'GET', `/subscriptions/${DEV}/resourcegroups?api-version=2099-01-01`);
    expect(r.status).toBe(400);
    const e = (r.json as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('InvalidApiVersionParameter');
    expect(e.message).toMatch(
      /^The api-version '2099-01-01' is invalid\. The supported versions are '2025-04-01,.*'\.$/,
    );
  });

  it('unsupported on a provider type: 400 NoRegisteredProviderFound', async () => {
    const r = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.VirtualMachineImages/imageTemplates?api-version=2001-01-01`,
    );
    expect(r.status).toBe(400);
    const e = (r.json as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('NoRegisteredProviderFound');
    expect(e.message).toMatch(
      /^No registered resource provider found for location '.+' and API version '2001-01-01' for type 'imageTemplates'\. The supported api-versions are '.*2024-02-01.*'\./,
    );
  });

  it('unsupported on Microsoft.Authorization: 404 InvalidResourceType with the supported list', async () => {
    const r = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.Authorization/roleAssignments?api-version=2001-01-01`,
    );
    expect(r.status).toBe(404);
    expect((r.json as { error: { code: string; message: string } }).error.message).toMatch(
      /^The resource type 'roleAssignments' could not be found in the namespace 'Microsoft.Authorization' for api version '2001-01-01'\. The supported api-versions are '[^']*\b2022-04-01\b[^']*'\.$/,
    );
  });
});

describe('routing errors', () => {
  it('unknown namespace: 400 InvalidResourceNamespace', async () => {
    const r = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.Nope/things?api-version=2024-01-01`,
    );
    expect(r.status).toBe(400);
    expect(r.json).toEqual({
      error: {
        code: 'InvalidResourceNamespace',
        message: "The resource namespace 'Microsoft.Nope' is invalid.",
      },
    });
  });

  it('unknown resource type in a known namespace: 404 InvalidResourceType', async () => {
    const r = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/providers/Microsoft.Network/flyingCarpets?api-version=2024-05-01`,
    );
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      error: {
        code: 'InvalidResourceType',
        message:
          "The resource type 'flyingCarpets' could not be found in the namespace 'Microsoft.Network' for api version '2024-05-01'.",
      },
    });
  });

  it('missing resource group: 404 ResourceGroupNotFound', async () => {
    const r = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/resourceGroups/rg-missing/resources?api-version=2025-04-01`,
    );
    expect(r.status).toBe(404);
    expect(r.json).toEqual({
      error: { code: 'ResourceGroupNotFound', message: "Resource group 'rg-missing' could not be found." },
    });
  });

  it('missing subscription: 404 SubscriptionNotFound', async () => {
    const r = await arm(
      info,
      token,
      'GET',
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups?api-version=2025-04-01',
    );
    expect(r.status).toBe(404);
    expect((r.json as { error: { code: string } }).error.code).toBe('SubscriptionNotFound');
  });

  it('missing resource: 404 ResourceNotFound in ARM words', async () => {
    await arm(
      info,
      token,
      'PUT',
      `/subscriptions/${DEV}/resourcegroups/rg-platform-test?api-version=2025-04-01`,
      { body: { location: 'eastus' } },
    );
    const r = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/resourceGroups/rg-platform-test/providers/Microsoft.VirtualMachineImages/imageTemplates/nope?api-version=2024-02-01`,
    );
    expect(r.status).toBe(404);
    expect((r.json as { error: { code: string } }).error.code).toBe('ResourceNotFound');
  });

  it('the route exists but not for this method: 405', async () => {
    const r = await arm(info, token, 'POST', `/subscriptions?api-version=2022-12-01`);
    expect(r.status).toBe(405);
    expect((r.json as { error: { code: string } }).error.code).toBe('MethodNotAllowed');
  });
});

describe('request content', () => {
  const path = `/subscriptions/${DEV}/resourcegroups/rg-platform-test?api-version=2025-04-01`;

  it('bad JSON: 400 InvalidRequestContent', async () => {
    const r = await arm(info, token, 'PUT', path, {
      rawBody: '{"location": ',
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(400);
    const e = (r.json as { error: { code: string; message: string } }).error;
    expect(e.code).toBe('InvalidRequestContent');
    expect(e.message).toMatch(/^The request content was invalid and could not be deserialized: /);
  });

  it('wrong content type: 415 UnsupportedMediaType', async () => {
    const r = await arm(info, token, 'PUT', path, {
      rawBody: 'location=eastus',
      headers: { 'content-type': 'text/plain' },
    });
    expect(r.status).toBe(415);
    expect(r.json).toEqual({
      error: {
        code: 'UnsupportedMediaType',
        message:
          "The content media type 'text/plain' is not supported. Only 'application/json' is supported.",
      },
    });
  });

  it('oversized body: 413 RequestEntityTooLarge', async () => {
    const big = JSON.stringify({ location: 'eastus', tags: { a: 'x'.repeat(4 * 1024 * 1024 + 10) } });
    const r = await arm(info, token, 'PUT', path, {
      rawBody: big,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.status).toBe(413);
    expect((r.json as { error: { code: string } }).error.code).toBe('RequestEntityTooLarge');
  });
});

describe('response headers', () => {
  it('carries request ids, the correlation id sent, rate-limit budget and JSON content type', async () => {
    const corr = '11111111-2222-4333-8444-555555555555';
    const r = await arm(info, token, 'GET', `/subscriptions/${DEV}/resourcegroups?api-version=2025-04-01`, {
      headers: { 'x-ms-correlation-request-id': corr, 'x-ms-client-request-id': 'client-1' },
    });
    expect(r.status).toBe(200);
    expect(r.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.headers.get('x-ms-correlation-request-id')).toBe(corr);
    expect(r.headers.get('x-ms-client-request-id')).toBe('client-1');
    expect(Number(r.headers.get('x-ms-ratelimit-remaining-subscription-reads'))).toBeGreaterThan(0);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const w = await arm(
      info,
      token,
      'PUT',
      `/subscriptions/${DEV}/resourcegroups/rg-platform-test?api-version=2025-04-01`,
      {
        body: { location: 'eastus' },
      },
    );
    expect(Number(w.headers.get('x-ms-ratelimit-remaining-subscription-writes'))).toBeGreaterThan(0);
  });

  it('errors never carry a stack trace', async () => {
    const r = await arm(
      info,
      token,
      'GET',
      `/subscriptions/${DEV}/resources?api-version=2025-04-01&$skipToken=garbage`,
    );
    expect(r.status).toBe(400);
    expect(r.text).not.toMatch(/\bat .+\.ts:\d+/);
  });
});

describe('CORS', () => {
  it('answers a preflight from an app origin, cacheable, allowing Authorization and x-ms-* headers', async () => {
    const res = await fetch(`${info.arm}/subscriptions?api-version=2022-12-01`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3999',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'authorization,content-type,x-ms-client-request-id',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3999');
    expect(res.headers.get('access-control-allow-methods')).toMatch(/PUT/);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toMatch(/x-ms-client-request-id/);
    expect(Number(res.headers.get('access-control-max-age'))).toBeGreaterThanOrEqual(600);
  });

  it('exposes the LRO and request-id headers on actual responses', async () => {
    const r = await arm(info, token, 'GET', `/subscriptions?api-version=2022-12-01`, {
      headers: { origin: 'http://localhost:3000' },
    });
    expect(r.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    const exposed = (r.headers.get('access-control-expose-headers') ?? '').toLowerCase();
    for (const h of [
      'azure-asyncoperation',
      'location',
      'retry-after',
      'x-ms-request-id',
      'x-ms-correlation-request-id',
      'x-ms-ratelimit-remaining-subscription-reads',
    ]) {
      expect(exposed).toContain(h);
    }
  });

  it('gives other origins nothing', async () => {
    const res = await fetch(`${info.arm}/subscriptions?api-version=2022-12-01`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('paging', () => {
  it('follows absolute nextLinks with $skipToken at a small page size', async () => {
    const app = (await appToken(info)).accessToken;
    await control(info, 'POST', 'config', { pageSize: 2 });
    try {
      const seen: string[] = [];
      let url: string | undefined = `/subscriptions/${DEV}/providers?api-version=2025-04-01`;
      let pages = 0;
      while (url) {
        const r = await arm(info, app, 'GET', url);
        expect(r.status).toBe(200);
        const body = r.json as { value: { namespace: string }[]; nextLink?: string };
        expect(body.value.length).toBeLessThanOrEqual(2);
        seen.push(...body.value.map((v) => v.namespace));
        pages++;
        if (body.nextLink) {
          expect(body.nextLink.startsWith(`${info.arm}/`)).toBe(true);
          expect(body.nextLink).toMatch(/[?&]\$skipToken=/);
          expect(body.nextLink).toMatch(/api-version=2025-04-01/);
          url = body.nextLink.slice(info.arm.length);
        } else url = undefined;
      }
      expect(pages).toBeGreaterThan(2);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).toContain('Microsoft.VirtualMachineImages');
    } finally {
      await control(info, 'POST', 'config', { pageSize: 100 });
    }
  });
});

describe('long-running operation status routes', () => {
  it('answers a Location poll with 202 + Retry-After while running and 204 when done', async () => {
    await arm(info, token, 'PUT', `/subscriptions/${DEV}/resourcegroups/rg-lro-poll?api-version=2025-04-01`, {
      body: { location: 'eastus' },
    });
    await control(info, 'POST', 'time', { speed: 1 });
    try {
      const del = await arm(
        info,
        token,
        'DELETE',
        `/subscriptions/${DEV}/resourcegroups/rg-lro-poll?api-version=2025-04-01`,
      );
      const loc = del.headers.get('location') ?? '';
      const running = await arm(info, token, 'GET', loc.slice(info.arm.length));
      expect(running.status).toBe(202);
      expect(Number(running.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await control(info, 'POST', 'time', { speed: 100_000 });
      await new Promise((r) => setTimeout(r, 100));
      const done = await arm(info, token, 'GET', loc.slice(info.arm.length));
      expect(done.status).toBe(204);
    } finally {
      await control(info, 'POST', 'time', { speed: info.speed });
    }
  });

  it('answers unknown operation ids with 404 OperationNotFound, any api-version', async () => {
    for (const kind of ['operations', 'operationResults', 'operationStatuses']) {
      const r = await arm(
        info,
        token,
        'GET',
        `/subscriptions/${DEV}/providers/Microsoft.Network/locations/eastus/${kind}/00000000-0000-0000-0000-000000000000?api-version=2019-01-01`,
      );
      expect(r.status).toBe(404);
      expect((r.json as { error: { code: string } }).error.code).toBe('OperationNotFound');
    }
  });
});
