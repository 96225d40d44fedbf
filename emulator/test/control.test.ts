// The control API (/_local/…): info, config, time, reset, seed, hold, faults.
import { ResourceManagementClient } from '@azure/arm-resources';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { SUBSCRIPTIONS, USERS } from '../src/world/identities.ts';
import { staticCredential } from '../testing/tokens.ts';
import { arm, clientOptions, control, userToken } from '../testing/harness.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const RGS = `/subscriptions/${DEV}/resourcegroups?api-version=2025-04-01`;
let token = '';

beforeAll(async () => {
  token = (await userToken(info, 'ava')).accessToken;
});

afterEach(async () => {
  await control(info, 'DELETE', 'faults');
});

describe('info', () => {
  it('lists endpoints, demo users with password and roles, and the automation client', async () => {
    const r = await control(info, 'GET', 'info');
    expect(r.status).toBe(200);
    const body = r.json as typeof info;
    expect(body.arm).toBe(info.arm);
    expect(body.authority).toMatch(/^https:\/\/localhost:\d+\/[0-9a-f-]+\/v2\.0\/$/);
    expect(body.tokenEndpoint).toBe(`${body.authority}token`);
    expect(body.blob).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const ava = body.users.find((u) => u.username === USERS.owner.username);
    expect(ava?.password).toBe(USERS.owner.password);
    expect(ava?.roles).toEqual(expect.arrayContaining([{ role: 'Owner', scope: `/subscriptions/${DEV}` }]));
    expect(body.users.find((u) => u.username === USERS.nobody.username)?.roles).toEqual([]);
    expect(body.automation.clientId).toBe(info.automation.clientId);
    expect(body.automation.clientSecret).toBeTruthy();
  });

  it('answers unknown operations and bad bodies with 404 / 400', async () => {
    expect((await control(info, 'GET', 'nothing')).status).toBe(404);
    expect((await control(info, 'POST', 'time', { speed: -1 })).status).toBe(400);
    expect((await control(info, 'POST', 'seed', { templates: 'many' })).status).toBe(400);
  });
});

describe('time and config', () => {
  it('sets the time scale', async () => {
    const r = await control(info, 'POST', 'time', { speed: 1234 });
    expect(r.json).toEqual({ speed: 1234 });
    expect(((await control(info, 'GET', 'info')).json as typeof info).speed).toBe(1234);
    await control(info, 'POST', 'time', { speed: info.speed });
  });
});

describe('reset and seed', () => {
  it('reset brings back the seed world', async () => {
    const res = new ResourceManagementClient(staticCredential(token), DEV, clientOptions(info));
    await res.resourceGroups.createOrUpdate('rg-control-temp', { location: 'eastus' });
    await res.resourceGroups.beginDeleteAndWait('rg-images-team', { updateIntervalInMs: 100 });
    expect((await control(info, 'POST', 'reset')).status).toBe(200);
    expect((await res.resourceGroups.checkExistence('rg-control-temp')).body).toBe(false);
    expect((await res.resourceGroups.checkExistence('rg-images-team')).body).toBe(true);
    // Sign-in still works and the users keep their roles.
    const subs = await arm(info, token, 'GET', '/subscriptions?api-version=2022-12-01');
    expect((subs.json as { value: unknown[] }).value).toHaveLength(2);
  });

  it('seed adds N templates', async () => {
    const count = async (): Promise<number> => {
      const r = await arm(
        info,
        token,
        'GET',
        `/subscriptions/${DEV}/resources?api-version=2025-04-01&$filter=resourceType eq 'Microsoft.VirtualMachineImages/imageTemplates'&$top=1000`,
      );
      return (r.json as { value: unknown[] }).value.length;
    };
    const before = await count();
    const r = await control(info, 'POST', 'seed', { templates: 40 });
    expect(r.status).toBe(200);
    const after = await count();
    expect(after).toBeGreaterThan(before);
    await control(info, 'POST', 'reset');
  });
});

describe('hold', () => {
  it('accepts and releases holds', async () => {
    const t = `/subscriptions/${DEV}/resourceGroups/rg-images/providers/Microsoft.VirtualMachineImages/imageTemplates/ubuntu2204-base`;
    expect((await control(info, 'POST', 'hold', { template: t, phase: 'Customizing' })).status).toBe(200);
    expect((await control(info, 'DELETE', 'hold')).status).toBe(200);
    expect((await control(info, 'POST', 'hold', { phase: 'Customizing' })).status).toBe(400);
  });
});

describe('faults', () => {
  it('answers a status with Retry-After in ARM’s envelope, the given number of times', async () => {
    await control(info, 'POST', 'faults', {
      rules: [{ method: 'GET', path: '/resourcegroups$', status: 503, retryAfter: 7, count: 1 }],
    });
    const first = await arm(info, token, 'GET', RGS);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(first.headers.get('x-ms-request-id')).toBeTruthy();
    expect((first.json as { error: { code: string } }).error.code).toBe('ServiceUnavailable');
    expect((await arm(info, token, 'GET', RGS)).status).toBe(200);
  });

  it('matches by method', async () => {
    await control(info, 'POST', 'faults', {
      rules: [{ method: 'PUT', path: 'resourcegroups', status: 500 }],
    });
    expect((await arm(info, token, 'GET', RGS)).status).toBe(200);
    const put = await arm(
      info,
      token,
      'PUT',
      `/subscriptions/${DEV}/resourcegroups/rg-fault?api-version=2025-04-01`,
      { body: { location: 'eastus' } },
    );
    expect(put.status).toBe(500);
  });

  it('matches by the calling page: a rule with an origin spares requests without that Origin', async () => {
    const page = 'http://localhost:3000';
    await control(info, 'POST', 'faults', {
      rules: [{ method: 'GET', path: '/resourcegroups$', origin: page, status: 503, count: 1 }],
    });
    // A server or a tool (no Origin) and a page of another origin are not hit, nor is the count used.
    expect((await arm(info, token, 'GET', RGS)).status).toBe(200);
    expect(
      (await arm(info, token, 'GET', RGS, { headers: { origin: 'http://localhost:4000' } })).status,
    ).toBe(200);
    expect(
      (await arm(info, token, 'GET', RGS, { headers: { origin: 'HTTP://LOCALHOST:3000' } })).status,
    ).toBe(503);
    expect((await arm(info, token, 'GET', RGS, { headers: { origin: page } })).status).toBe(200);
    expect(
      (await control(info, 'POST', 'faults', { rules: [{ path: 'x', origin: 5, status: 500 }] })).status,
    ).toBe(400);
  });

  it('adds latency', async () => {
    await control(info, 'POST', 'faults', {
      rules: [{ path: '/resourcegroups$', latencyMs: 400, count: 1 }],
    });
    const t0 = Date.now();
    const r = await arm(info, token, 'GET', RGS);
    expect(r.status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(380);
  });

  it('drops the connection', async () => {
    await control(info, 'POST', 'faults', { rules: [{ path: '/resourcegroups$', drop: true, count: 1 }] });
    await expect(arm(info, token, 'GET', RGS)).rejects.toThrow();
    expect((await arm(info, token, 'GET', RGS)).status).toBe(200);
  });

  it('drops the connection after ARM carried the request out (after: true): the change is made', async () => {
    const rg = `/subscriptions/${DEV}/resourcegroups/rg-dropped-after?api-version=2025-04-01`;
    await control(info, 'POST', 'faults', {
      rules: [
        { method: 'PUT', path: '/resourcegroups/rg-dropped-after$', after: true, drop: true, count: 1 },
      ],
    });
    await expect(arm(info, token, 'PUT', rg, { body: { location: 'eastus' } })).rejects.toThrow();
    // The request reached ARM: the group exists, and the activity log has the write.
    expect((await arm(info, token, 'GET', rg)).status).toBe(200);
    await arm(info, token, 'DELETE', rg);
  });

  it('answers an injected error after ARM carried the request out', async () => {
    const rg = `/subscriptions/${DEV}/resourcegroups/rg-500-after?api-version=2025-04-01`;
    await control(info, 'POST', 'faults', {
      rules: [{ method: 'PUT', path: '/resourcegroups/rg-500-after$', after: true, status: 500, count: 1 }],
    });
    const r = await arm(info, token, 'PUT', rg, { body: { location: 'eastus' } });
    expect(r.status).toBe(500);
    expect(r.headers.get('x-ms-request-id')).toBeTruthy();
    expect((await arm(info, token, 'GET', rg)).status).toBe(200);
    await arm(info, token, 'DELETE', rg);
  });

  it('rewrites a list page’s nextLink: to the request itself (a loop) or to another host', async () => {
    await control(info, 'POST', 'faults', {
      rules: [
        { method: 'GET', path: '/resourcegroups$', after: true, nextLink: 'self', count: 1 },
        {
          method: 'GET',
          path: '/resourcegroups$',
          after: true,
          nextLink: 'https://elsewhere.example/x',
          count: 1,
        },
      ],
    });
    const loop = (await arm(info, token, 'GET', RGS)).json as { nextLink?: string; value: unknown[] };
    expect(loop.nextLink).toBe(`${info.arm}${RGS}`);
    expect(loop.value.length).toBeGreaterThan(0);
    const away = (await arm(info, token, 'GET', RGS)).json as { nextLink?: string };
    expect(away.nextLink).toBe('https://elsewhere.example/x');
    expect(((await arm(info, token, 'GET', RGS)).json as { nextLink?: string }).nextLink).toBeUndefined();
    // A nextLink rewrite acts on an answer only.
    expect((await control(info, 'POST', 'faults', { rules: [{ path: 'x', nextLink: 'self' }] })).status).toBe(
      400,
    );
  });

  it('lets the SDK pipeline retry a 429 after Retry-After', async () => {
    await control(info, 'POST', 'faults', {
      rules: [{ method: 'GET', path: '/resourcegroups$', status: 429, retryAfter: 1, count: 1 }],
    });
    const res = new ResourceManagementClient(staticCredential(token), DEV, clientOptions(info, 3));
    const t0 = Date.now();
    const groups = [];
    for await (const g of res.resourceGroups.list()) groups.push(g);
    expect(groups.length).toBeGreaterThan(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
  });

  it('rejects malformed rules and clears', async () => {
    expect((await control(info, 'POST', 'faults', { rules: [{ path: '(', status: 500 }] })).status).toBe(400);
    expect((await control(info, 'POST', 'faults', { rules: [{ path: 'x' }] })).status).toBe(400);
    await control(info, 'POST', 'faults', { rules: [{ path: '.*', status: 500 }] });
    expect((await control(info, 'GET', 'faults')).json).toMatchObject({
      rules: [{ path: '.*', status: 500 }],
    });
    expect((await control(info, 'DELETE', 'faults')).status).toBe(200);
    expect((await arm(info, token, 'GET', RGS)).status).toBe(200);
  });
});

describe('cross-origin requests', () => {
  const post = (path: string, headers: Record<string, string>, body: string): Promise<Response> =>
    fetch(`${info.arm}/_local/${path}`, { method: 'POST', headers, body });

  it('a no-cors text/plain POST from another loopback port or a file:// page changes nothing', async () => {
    const before = (await control(info, 'GET', 'info')).json as { tokenTtlSeconds: number; speed: number };
    const attempts: [string, Record<string, string>, string][] = [
      ['config', { origin: 'http://localhost:8080', 'content-type': 'text/plain' }, '{"tokenTtlSeconds":5}'],
      ['config', { origin: 'null', 'content-type': 'text/plain' }, '{"tokenTtlSeconds":5}'],
      ['time', { origin: 'http://127.0.0.1:5500', 'content-type': 'text/plain' }, '{"speed":99}'],
      ['faults', { origin: 'null', 'content-type': 'application/json' }, '{"rules":[{"status":500}]}'],
      ['reset', { origin: 'http://localhost:3000' }, ''],
      // Without an Origin (a tool), a body must still be announced as JSON.
      ['config', { 'content-type': 'text/plain' }, '{"tokenTtlSeconds":5}'],
      ['faults', { 'content-type': 'application/x-www-form-urlencoded' }, 'rules=x'],
    ];
    let refused = 0;
    for (const [path, headers, body] of attempts) {
      const r = await post(path, headers, body);
      expect([403, 415], `${path} ${JSON.stringify(headers)}`).toContain(r.status);
      refused++;
    }
    expect(refused).toBe(attempts.length);
    const after = (await control(info, 'GET', 'info')).json as { tokenTtlSeconds: number; speed: number };
    expect(after.tokenTtlSeconds).toBe(before.tokenTtlSeconds);
    expect(after.speed).toBe(before.speed);
    // No fault was installed: ARM answers normally.
    expect((await arm(info, token, 'GET', RGS)).status).toBe(200);
  });

  it('local Azure’s own origin and plain JSON tools are still answered', async () => {
    const own = new URL(info.arm).origin;
    const r = await fetch(`${info.arm}/_local/info`, { headers: { origin: own } });
    expect(r.status).toBe(200);
    const ok = await post(
      'time',
      { 'content-type': 'application/json; charset=utf-8' },
      JSON.stringify({ speed: info.speed }),
    );
    expect(ok.status).toBe(200);
  });
});
