// Microsoft.ManagedIdentity user-assigned identities (list by subscription / resource group, get), with
// the principalId and clientId that AIB's template identity and the RBAC engine use.
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';
import type { ArmResource, ProviderDeps, RouteDef } from '../core/types.ts';
import { TENANT_ID } from '../world/identities.ts';
import { readRoutes } from '../shapes/provider-kit.ts';

/** Every version the REST specs publish for user-assigned identities (emulator/src/api-versions/published.md). */
export const MANAGED_IDENTITY_API_VERSIONS =
  PUBLISHED_API_VERSIONS['Microsoft.ManagedIdentity/userAssignedIdentities'];
export const USER_ASSIGNED_IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

export interface UserAssignedIdentityInput {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  principalId: string;
  clientId: string;
  tags?: Record<string, string>;
}

/** The resource shape ARM returns for a user-assigned identity. */
export function userAssignedIdentity(i: UserAssignedIdentityInput): ArmResource {
  return {
    id: `/subscriptions/${i.subscriptionId}/resourcegroups/${i.resourceGroup}/providers/${USER_ASSIGNED_IDENTITY_TYPE}/${i.name}`,
    name: i.name,
    type: USER_ASSIGNED_IDENTITY_TYPE,
    location: i.location,
    ...(i.tags ? { tags: i.tags } : {}),
    properties: {
      isolationScope: 'None',
      tenantId: TENANT_ID,
      principalId: i.principalId,
      clientId: i.clientId,
    },
  };
}

export function routes(deps: ProviderDeps): RouteDef[] {
  return readRoutes(deps, {
    namespace: 'Microsoft.ManagedIdentity',
    segment: 'userAssignedIdentities',
    param: 'resourceName',
    apiVersions: MANAGED_IDENTITY_API_VERSIONS,
    ops: {
      listAll: 'UserAssignedIdentities_ListBySubscription',
      list: 'UserAssignedIdentities_ListByResourceGroup',
      get: 'UserAssignedIdentities_Get',
    },
  });
}
