// Microsoft.Resources subscriptions API (@azure/arm-resources-subscriptions): subscriptions list/get
// (only those the caller can see: a role assignment at, above or below the subscription), locations, tenants.
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';
import type { ArmResource, ProviderDeps, RouteContext, RouteDef } from '../core/types.ts';
import { ArmError } from '../core/errors.ts';
import { Authorizer } from '../auth/rbac.ts';
import { page } from '../http/paging.ts';
import { TENANT_DOMAIN, TENANT_ID } from '../world/identities.ts';

/**
 * Every version the REST specs publish for subscriptions, tenants and locations, newest first as Resource
 * Manager lists them in InvalidApiVersionParameter (emulator/src/api-versions/published.md).
 */
export const SUBSCRIPTIONS_API_VERSIONS = [
  ...PUBLISHED_API_VERSIONS['Microsoft.Resources/subscriptions'],
].reverse();
export const SUBSCRIPTION_TYPE = 'Microsoft.Resources/subscriptions';

export const REGIONS: {
  name: string;
  displayName: string;
  geo: string;
  physical: string;
  lat: string;
  lon: string;
  paired: string;
}[] = [
  {
    name: 'eastus',
    displayName: 'East US',
    geo: 'US',
    physical: 'Virginia',
    lat: '37.3719',
    lon: '-79.8164',
    paired: 'westus',
  },
  {
    name: 'eastus2',
    displayName: 'East US 2',
    geo: 'US',
    physical: 'Virginia',
    lat: '36.6681',
    lon: '-78.3889',
    paired: 'centralus',
  },
  {
    name: 'westus',
    displayName: 'West US',
    geo: 'US',
    physical: 'California',
    lat: '37.783',
    lon: '-122.417',
    paired: 'eastus',
  },
  {
    name: 'westus2',
    displayName: 'West US 2',
    geo: 'US',
    physical: 'Washington',
    lat: '47.233',
    lon: '-119.852',
    paired: 'westcentralus',
  },
  {
    name: 'westus3',
    displayName: 'West US 3',
    geo: 'US',
    physical: 'Phoenix',
    lat: '33.448376',
    lon: '-112.074036',
    paired: 'eastus',
  },
  {
    name: 'centralus',
    displayName: 'Central US',
    geo: 'US',
    physical: 'Iowa',
    lat: '41.5908',
    lon: '-93.6208',
    paired: 'eastus2',
  },
  {
    name: 'northeurope',
    displayName: 'North Europe',
    geo: 'Europe',
    physical: 'Ireland',
    lat: '53.3478',
    lon: '-6.2597',
    paired: 'westeurope',
  },
  {
    name: 'westeurope',
    displayName: 'West Europe',
    geo: 'Europe',
    physical: 'Netherlands',
    lat: '52.3667',
    lon: '4.9',
    paired: 'northeurope',
  },
  {
    name: 'uksouth',
    displayName: 'UK South',
    geo: 'Europe',
    physical: 'London',
    lat: '50.941',
    lon: '-0.799',
    paired: 'ukwest',
  },
  {
    name: 'southeastasia',
    displayName: 'Southeast Asia',
    geo: 'Asia Pacific',
    physical: 'Singapore',
    lat: '1.283',
    lon: '103.833',
    paired: 'eastasia',
  },
  {
    name: 'australiaeast',
    displayName: 'Australia East',
    geo: 'Asia Pacific',
    physical: 'New South Wales',
    lat: '-33.86',
    lon: '151.2094',
    paired: 'australiasoutheast',
  },
];

/** A subscription as ARM returns it (the World's copy minus its name/type bookkeeping). */
export function subscriptionView(r: ArmResource): Record<string, unknown> {
  const { name: _n, type: _t, ...rest } = r;
  return rest;
}

function visible(ctx: RouteContext, sub: ArmResource): boolean {
  return new Authorizer(ctx.world, ctx.caller.objectId).touches(sub.id);
}

/** Subscriptions_ListLocations: the regions local Azure knows, as ARM lists them. */
function locations(sub: string): Record<string, unknown>[] {
  return REGIONS.map((r) => ({
    id: `/subscriptions/${sub}/locations/${r.name}`,
    name: r.name,
    type: 'Region',
    displayName: r.displayName,
    regionalDisplayName: `(${r.geo}) ${r.displayName}`,
    metadata: {
      regionType: 'Physical',
      regionCategory: 'Recommended',
      geographyGroup: r.geo,
      longitude: r.lon,
      latitude: r.lat,
      physicalLocation: r.physical,
      pairedRegion: [{ name: r.paired, id: `/subscriptions/${sub}/locations/${r.paired}` }],
    },
  }));
}

/** Azure lists subscriptions 50 to a page (`count: { type: 'Partial', value: 50 }` and a nextLink). */
export const SUBSCRIPTIONS_PER_PAGE = 50;

export function routes(deps: ProviderDeps): RouteDef[] {
  const v = SUBSCRIPTIONS_API_VERSIONS;
  return [
    {
      method: 'GET',
      operationId: 'Subscriptions_List',
      path: '/subscriptions',
      apiVersions: v,
      action: null,
      handle: (ctx) => {
        const authz = new Authorizer(ctx.world, ctx.caller.objectId);
        const subs = ctx.world
          .list('/subscriptions', SUBSCRIPTION_TYPE)
          .filter((s) => authz.touches(s.id))
          .sort((a, b) => String(a.displayName).localeCompare(String(b.displayName)))
          .map(subscriptionView);
        return {
          status: 200,
          body: page(subs, ctx.req, Math.min(SUBSCRIPTIONS_PER_PAGE, deps.pageSize())),
        };
      },
    },
    {
      method: 'GET',
      operationId: 'Subscriptions_Get',
      path: '/subscriptions/{subscriptionId}',
      apiVersions: v,
      action: null,
      handle: (ctx) => {
        const s = ctx.world.get(`/subscriptions/${ctx.params.subscriptionId ?? ''}`);
        if (!s || !visible(ctx, s)) {
          throw new ArmError(
            404,
            'SubscriptionNotFound',
            `The subscription '${ctx.params.subscriptionId ?? ''}' could not be found.`,
          );
        }
        return { status: 200, body: subscriptionView(s) };
      },
    },
    {
      method: 'GET',
      operationId: 'Subscriptions_ListLocations',
      path: '/subscriptions/{subscriptionId}/locations',
      apiVersions: v,
      action: null,
      handle: (ctx) => ({ status: 200, body: { value: locations(ctx.params.subscriptionId ?? '') } }),
    },
    {
      method: 'GET',
      operationId: 'Tenants_List',
      path: '/tenants',
      apiVersions: v,
      action: null,
      handle: () => ({
        status: 200,
        body: {
          value: [
            {
              id: `/tenants/${TENANT_ID}`,
              tenantId: TENANT_ID,
              tenantCategory: 'Home',
              country: 'US',
              countryCode: 'US',
              displayName: 'Contoso',
              domains: [TENANT_DOMAIN],
              defaultDomain: TENANT_DOMAIN,
              tenantType: 'AAD',
            },
          ],
        },
      }),
    },
  ];
}
