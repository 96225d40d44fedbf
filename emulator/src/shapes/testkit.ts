// In-process driver for provider unit tests: a real MemoryWorld, MemoryLro and ScaledClock, the
// real router, and a RouteContext whose caller may do everything (RBAC itself is the platform's and
// is covered by the conformance suite). Not used at run time.
import type { ArmRequest, ArmResponse, BlobStore, ProviderDeps, RouteDef } from '../core/types.ts';
import { ArmError } from '../core/errors.ts';
import { MemoryWorld } from '../core/store.ts';
import { MemoryLro } from '../core/lro.ts';
import { ScaledClock } from '../core/clock.ts';
import { Router } from '../http/router.ts';

export interface Driver {
  world: MemoryWorld;
  lro: MemoryLro;
  clock: ScaledClock;
  call(method: ArmRequest['method'], path: string, apiVersion: string, body?: unknown): Promise<ArmResponse>;
}

const noBlobs: BlobStore = {
  endpointFor: (n) => `https://127.0.0.1:10000/${n}/`,
  allocateAccount: () => ({ name: 'a'.repeat(24), key: 'a2V5' }),
  releaseAccount: async () => undefined,
  keyOf: () => undefined,
  append: async () => undefined,
  write: async () => undefined,
};

export function driver(
  routes: (deps: ProviderDeps) => RouteDef[],
  opts: {
    subscriptionId: string;
    resourceGroups: string[];
    speed?: number;
    blobs?: BlobStore;
    pageSize?: number;
    /** What the caller may do (default: everything). */
    can?: (action: string, scope: string) => boolean;
  },
): Driver {
  const world = new MemoryWorld();
  const clock = new ScaledClock(opts.speed ?? 1000);
  const lro = new MemoryLro(clock);
  const activity = { record: () => undefined };
  world.put({
    id: `/subscriptions/${opts.subscriptionId}`,
    name: opts.subscriptionId,
    type: 'Microsoft.Resources/subscriptions',
  });
  for (const rg of opts.resourceGroups)
    world.put({
      id: `/subscriptions/${opts.subscriptionId}/resourceGroups/${rg}`,
      name: rg,
      type: 'Microsoft.Resources/resourceGroups',
      location: 'westeurope',
    });
  const deps: ProviderDeps = {
    world,
    clock,
    lro,
    activity,
    blobs: opts.blobs ?? noBlobs,
    pageSize: () => opts.pageSize ?? 100,
  };
  const router = new Router(routes(deps));
  return {
    world,
    lro,
    clock,
    async call(method, path, apiVersion, body) {
      const [p, q] = path.split('?');
      const match = router.matchPath(p ?? '').find((m) => m.def.method === method);
      if (!match) return { status: 404, body: { error: { code: 'NoRoute', message: `${method} ${path}` } } };
      if (!match.def.apiVersions.includes(apiVersion))
        return { status: 400, body: { error: { code: 'InvalidApiVersionParameter', message: apiVersion } } };
      const query = new URLSearchParams(q ?? '');
      query.set('api-version', apiVersion);
      try {
        return await match.def.handle({
          req: {
            method,
            path: p ?? '',
            query,
            apiVersion,
            body,
            headers: {},
            baseUrl: 'https://localhost:4010',
          },
          params: match.params,
          caller: {
            objectId: 'oid',
            tenantId: 'tid',
            kind: 'user',
            displayName: 'test@contoso.onmicrosoft.com',
          },
          authorize: (action, scope) => {
            if (opts.can && !opts.can(action, scope))
              throw new ArmError(403, 'AuthorizationFailed', `no ${action} over ${scope}`);
          },
          can: (action, scope) => (opts.can ? opts.can(action, scope) : true),
          world,
          clock,
          lro,
          activity,
        });
      } catch (e) {
        if (e instanceof ArmError) return { status: e.status, body: e.toBody() };
        throw e;
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Conformance helper: a build held mid-way, so its staging resources (container group, VMs, NICs,
// disks, load balancer, Private Link Service, private endpoint, storage account) can be read.

export interface HeldBuild {
  templatePath: string;
  /** Name of the template's staging resource group. */
  stagingRg: string;
  /** Releases the hold, cancels the run and waits until it stops. */
  release(): Promise<void>;
}

async function json(
  arm: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> | undefined }> {
  const url = path.includes('api-version=')
    ? `${arm}${path}`
    : `${arm}${path}${path.includes('?') ? '&' : '?'}api-version=2025-10-01`;
  const res = await fetch(path.startsWith('/_local/') ? `${arm}${path}` : url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const lastRun = (t: Record<string, unknown> | undefined): Record<string, unknown> => {
  const p = t?.properties;
  const l = typeof p === 'object' && p !== null ? (p as Record<string, unknown>).lastRunStatus : undefined;
  return typeof l === 'object' && l !== null ? (l as Record<string, unknown>) : {};
};

const busy = (l: Record<string, unknown>): boolean => l.runState === 'Running' || l.runState === 'Canceling';

/** Last thing `until` saw, for the timeout message. */
let seen = '';

async function until(check: () => Promise<boolean>, what: string, ms = 45_000): Promise<void> {
  const end = Date.now() + ms;
  seen = '';
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; last seen: ${seen}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

/**
 * Runs `templatePath` (an image template id) and waits until its build is held at `phase`
 * (POST /_local/hold), with `ready` true for the staging resource group's resources.
 */
export async function holdBuild(
  arm: string,
  token: string,
  templatePath: string,
  phase = 'Customizing',
  ready: (resources: Array<{ type: string; name: string }>) => boolean = () => true,
): Promise<HeldBuild> {
  await until(
    async () => !busy(lastRun((await json(arm, token, 'GET', templatePath)).body)),
    'idle template',
  );
  const hold = await json(arm, token, 'POST', '/_local/hold', { template: templatePath, phase });
  if (hold.status !== 200) throw new Error(`hold: ${hold.status}`);
  const run = await json(arm, token, 'POST', `${templatePath}/run`);
  if (run.status !== 202) throw new Error(`run: ${run.status} ${JSON.stringify(run.body)}`);
  let staging = '';
  await until(async () => {
    const t = (await json(arm, token, 'GET', templatePath)).body;
    const l = lastRun(t);
    seen = JSON.stringify(l);
    staging = String((t?.properties as Record<string, unknown> | undefined)?.exactStagingResourceGroup ?? '');
    return l.runState === 'Running' && l.runSubState === phase;
  }, `${templatePath} held at ${phase}`);
  const stagingRg = staging.split('/').pop() ?? '';
  const sub = templatePath.split('/')[2] ?? '';
  await until(async () => {
    const list = await json(
      arm,
      token,
      'GET',
      `/subscriptions/${sub}/resourceGroups/${stagingRg}/resources?api-version=2025-04-01`,
    );
    const value = Array.isArray(list.body?.value)
      ? (list.body.value as Array<{ type: string; name: string }>)
      : [];
    seen = value.map((r) => r.type).join(', ');
    return ready(value);
  }, `staging resources of ${templatePath}`);
  return {
    templatePath,
    stagingRg,
    async release() {
      await json(arm, token, 'DELETE', '/_local/hold');
      await json(arm, token, 'POST', `${templatePath}/cancel`);
      await until(async () => !busy(lastRun((await json(arm, token, 'GET', templatePath)).body)), 'cancel');
    },
  };
}
