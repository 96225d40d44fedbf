// In-process driver for provider unit tests: a real MemoryWorld, MemoryLro and ScaledClock, the
// real router, and a RouteContext whose caller may do everything (RBAC itself is the platform's and
// is covered by the conformance suite).
import type { ArmRequest, ArmResponse, BlobStore, ProviderDeps, RouteDef } from '../src/core/types.ts';
import { ArmError } from '../src/core/errors.ts';
import { MemoryWorld } from '../src/core/store.ts';
import { MemoryLro } from '../src/core/lro.ts';
import { ScaledClock } from '../src/core/clock.ts';
import { Router } from '../src/http/router.ts';

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
    mailbox: { deliver: () => undefined },
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
