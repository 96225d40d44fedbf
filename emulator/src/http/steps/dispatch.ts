// Route dispatch, part two: the chosen route's handler runs with the request, the caller, the World
// and the services a provider may use (RBAC checks, long-running operations, the activity log).
import type { ArmRequest, Lro, RouteContext } from '../../core/types.ts';
import { authorizationFailed } from '../../auth/rbac.ts';
import { established, type Exchange, type Outcome } from '../exchange.ts';

/** URLs local ARM hands out start at its configured endpoint, whatever Host the request named. */
function baseUrlOf(x: Exchange): string {
  return x.deps.endpoint().replace(/\/+$/, '');
}

export async function dispatch(x: Exchange): Promise<Outcome> {
  const { def, params } = established(x.route, 'route');
  const caller = established(x.caller, 'caller');
  const authz = established(x.authz, 'authorizer');
  const { deps } = x;
  x.startedAt = new Date();
  const req: ArmRequest = {
    method: x.method as ArmRequest['method'],
    path: x.path,
    query: x.url.searchParams,
    apiVersion: established(x.apiVersion, 'api-version'),
    body: x.body,
    headers: x.headers,
    baseUrl: baseUrlOf(x),
  };
  const lro: Lro = {
    start: (o) => {
      const op = deps.lro.startTracked(o);
      x.lroIds.push(op.id);
      return op;
    },
    complete: (id, s, err) => deps.lro.complete(id, s, err),
    get: (id) => deps.lro.get(id),
  };
  const ctx: RouteContext = {
    req,
    params,
    caller,
    authorize: (action, sc) => {
      if (!authz.can(action, sc)) throw authorizationFailed(caller.displayName, caller.objectId, action, sc);
    },
    can: (action, sc) => authz.can(action, sc),
    world: deps.world(),
    clock: deps.clock,
    lro,
    activity: {
      record: (e) => {
        x.selfRecorded = true;
        deps.activity.record(e);
      },
    },
  };
  x.response = await def.handle(ctx);
  return 'answered';
}
