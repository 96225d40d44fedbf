// Route dispatch, part one: find the route for path, method and api-version, or answer as ARM does when
// there is none (unknown namespace or type, a generic read of a resource no provider serves, not found).
import { ArmError, resourceGroupNotFound } from '../../core/errors.ts';
import type { ArmResponse } from '../../core/types.ts';
import { Authorizer, authorizationFailed } from '../../auth/rbac.ts';
import { providerPart, resourceGroupBelow, resourceIdOf } from '../resource-path.ts';
import { established, type Exchange, type Outcome } from '../exchange.ts';

/** Namespaces whose api-version errors read as Resource Manager's own (InvalidApiVersionParameter). */
export const ARM_OWN = new Set(['microsoft.resources']);
/** Proxy-only namespaces that answer InvalidResourceType (404) for an unsupported api-version. */
export const TYPE_ERROR_NAMESPACES = new Set(['microsoft.authorization', 'microsoft.insights']);

export function matchRoute(x: Exchange): Outcome {
  const { method, path } = x;
  const apiVersion = established(x.apiVersion, 'api-version');
  const caller = established(x.caller, 'caller');
  x.authz = new Authorizer(x.deps.world(), caller.objectId);
  const matches = x.deps.router.matchPath(path);
  if (matches.length === 0) {
    x.response = noRoute(x, x.authz);
    return 'answered';
  }
  const forMethod = matches.filter(
    (m) =>
      m.def.method === method ||
      (method === 'HEAD' && m.def.method === 'GET' && !matches.some((y) => y.def.method === 'HEAD')),
  );
  if (forMethod.length === 0) {
    throw new ArmError(
      405,
      'MethodNotAllowed',
      `The requested method '${method}' is not allowed on '${path}'.`,
    );
  }
  const accepted = forMethod.find(
    (m) => m.def.apiVersions.includes('*') || m.def.apiVersions.includes(apiVersion),
  );
  if (!accepted) {
    throw apiVersionError(x, apiVersion, sortVersions(forMethod.flatMap((m) => m.def.apiVersions)));
  }
  x.route = accepted;
  return 'next';
}

function sortVersions(v: Iterable<string>): string[] {
  return [...new Set(v)].filter((s) => s !== '*').sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
}

function apiVersionError(x: Exchange, v: string, supported: string[]): ArmError {
  const { path } = x;
  const { namespace, types } = providerPart(path);
  const ns = namespace?.toLowerCase();
  if (!ns || ARM_OWN.has(ns)) {
    return new ArmError(
      400,
      'InvalidApiVersionParameter',
      `The api-version '${v}' is invalid. The supported versions are '${supported.join(',')}'.`,
    );
  }
  const type = types[types.length - 1] ?? '';
  if (TYPE_ERROR_NAMESPACES.has(ns)) {
    return new ArmError(
      404,
      'InvalidResourceType',
      `The resource type '${type}' could not be found in the namespace '${namespace}' for api version '${v}'. The supported api-versions are '${supported.join(',')}'.`,
    );
  }
  const world = x.deps.world();
  const rg = resourceGroupBelow(path);
  const location =
    world.get(resourceIdOf(path))?.location ??
    (rg
      ? world.get(`/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.resourceGroup}`)?.location
      : undefined) ??
    'eastus';
  return new ArmError(
    400,
    'NoRegisteredProviderFound',
    `No registered resource provider found for location '${location}' and API version '${v}' for type '${type}'. The supported api-versions are '${supported.join(', ')}'. The supported locations are 'eastus, eastus2, westus, westus2, westus3, centralus, northeurope, westeurope, uksouth, southeastasia, australiaeast'.`,
  );
}

/** Unknown namespaces and types fail first, as ARM's front door checks them before any provider. */
function assertKnownType(x: Exchange): void {
  const { namespace, types } = providerPart(x.path);
  if (!namespace) return;
  const { namespaces, types: knownTypes } = x.deps.router.knownTypes();
  const ns = namespace.toLowerCase();
  if (!namespaces.has(ns) && !x.deps.knownNamespaces().has(ns)) {
    throw new ArmError(400, 'InvalidResourceNamespace', `The resource namespace '${namespace}' is invalid.`);
  }
  const first = types[0];
  if (first && !knownTypes.has(`${ns}/${first.toLowerCase()}`)) {
    throw new ArmError(
      404,
      'InvalidResourceType',
      `The resource type '${first}' could not be found in the namespace '${namespace}' for api version '${x.apiVersion ?? ''}'.`,
    );
  }
}

function noRoute(x: Exchange, authz: Authorizer): ArmResponse {
  const { path, method } = x;
  const caller = established(x.caller, 'caller');
  assertKnownType(x);
  const world = x.deps.world();
  const { namespace, types, endsWithName } = providerPart(path);
  // Generic read of a resource the World holds but no provider route serves.
  if ((method === 'GET' || method === 'HEAD') && endsWithName) {
    const r = world.get(path);
    if (r) {
      const action = `${r.type}/read`;
      if (!authz.can(action, r.id))
        throw authorizationFailed(caller.displayName, caller.objectId, action, r.id);
      return { status: 200, body: r };
    }
  }
  const rg = resourceGroupBelow(path);
  if (rg && !world.get(`/subscriptions/${rg.subscriptionId}/resourceGroups/${rg.resourceGroup}`)) {
    throw resourceGroupNotFound(rg.resourceGroup);
  }
  if (namespace && types.length > 0) {
    const name = path.split('/').filter(Boolean).pop() ?? '';
    throw new ArmError(
      404,
      'ResourceNotFound',
      rg
        ? `The Resource '${namespace}/${types.join('/')}/${name}' under resource group '${rg.resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`
        : `The Resource '${namespace}/${types.join('/')}/${name}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
    );
  }
  throw new ArmError(404, 'NotFound', `The requested resource '${path}' was not found.`);
}
