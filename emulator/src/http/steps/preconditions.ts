// What ARM checks once a route is chosen, in this order: the subscription exists, the caller holds the
// route's action at its scope (RBAC), the resource group exists, and writes go to registered providers.
import { ArmError, resourceGroupNotFound } from '../../core/errors.ts';
import type { World } from '../../core/types.ts';
import { authorizationFailed } from '../../auth/rbac.ts';
import { providerPart, resourceGroupBelow, resourceIdOf, subscriptionOf } from '../resource-path.ts';
import { established, type Exchange, type Outcome } from '../exchange.ts';
import { ARM_OWN, TYPE_ERROR_NAMESPACES } from './route.ts';

export function subscriptionExists(x: Exchange): Outcome {
  const sub = subscriptionOf(x.path);
  if (sub && !x.deps.world().get(`/subscriptions/${sub}`)) {
    throw new ArmError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
  }
  return 'next';
}

export function rbac(x: Exchange): Outcome {
  const { def, params } = established(x.route, 'route');
  const caller = established(x.caller, 'caller');
  const authz = established(x.authz, 'authorizer');
  const scope = def.scope ? def.scope(params) : resourceIdOf(x.path);
  x.scope = scope;
  if (def.action !== null && !authz.can(def.action, scope)) {
    throw authorizationFailed(caller.displayName, caller.objectId, def.action, scope);
  }
  return 'next';
}

export function resourceGroupExists(x: Exchange): Outcome {
  const rg = resourceGroupBelow(x.path);
  if (rg && !x.deps.world().get(`/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.resourceGroup}`)) {
    throw resourceGroupNotFound(rg.resourceGroup);
  }
  return 'next';
}

/** Writes outside Microsoft.Resources need the resource provider registered on the subscription. */
export function providerRegistered(x: Exchange): Outcome {
  const { def } = established(x.route, 'route');
  const sub = subscriptionOf(x.path);
  if (
    sub &&
    x.method !== 'GET' &&
    x.method !== 'HEAD' &&
    !/^Microsoft\.Resources\//i.test(def.action ?? '')
  ) {
    assertRegistered(x.deps.world(), sub, x.path);
  }
  return 'next';
}

/**
 * Writes to a resource provider the subscription has unregistered (Microsoft.Resources providers
 * unregister) fail as ARM fails them. Namespaces are registered unless a registration record says otherwise.
 */
function assertRegistered(world: World, subscriptionId: string, path: string): void {
  const { namespace } = providerPart(path);
  if (
    !namespace ||
    ARM_OWN.has(namespace.toLowerCase()) ||
    TYPE_ERROR_NAMESPACES.has(namespace.toLowerCase())
  )
    return;
  const state = world.get(`/subscriptions/${subscriptionId}/providers/${namespace}`)?.properties
    ?.registrationState;
  if (state === 'Unregistered' || state === 'NotRegistered') {
    const message = `The subscription is not registered to use namespace '${namespace}'. See https://aka.ms/rps-not-found for how to register subscriptions.`;
    throw new ArmError(409, 'MissingSubscriptionRegistration', message, {
      details: [{ code: 'MissingSubscriptionRegistration', target: namespace, message }],
    });
  }
}
