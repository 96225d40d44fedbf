// The resources (APIs) local Azure's identity provider issues access tokens for, and how a requested
// `scope` maps onto them, Entra-style: `<resource>/<permission>` (e.g. `https://management.azure.com/
// user_impersonation`, or the Azure CLI's `https://management.core.windows.net//.default`). Resource
// Manager is known under both of its identifiers; the token's `aud` is the identifier that was asked for,
// as Entra does. A scope naming any other resource or permission is refused with Entra's error, never
// answered with an opaque token. Kept free of oidc-provider so it can be unit-tested.

export interface ResourceServer {
  /** The identifier a client names (without a trailing slash unless the resource's id has one). */
  id: string;
  /** `aud` of the tokens issued for it. */
  audience: string;
  /** Permissions a token may carry, besides `.default` (all of them). */
  permissions: readonly string[];
}

/** Resource Manager under its current identifier (what Kiln's app asks for). */
export const ARM_RESOURCE = 'https://management.azure.com';
/** Resource Manager under its classic identifier (what the Azure CLI and Azure PowerShell ask for). */
export const ARM_CLASSIC_RESOURCE = 'https://management.core.windows.net/';

export const RESOURCE_SERVERS: readonly ResourceServer[] = [
  { id: ARM_RESOURCE, audience: ARM_RESOURCE, permissions: ['user_impersonation'] },
  { id: ARM_CLASSIC_RESOURCE, audience: ARM_CLASSIC_RESOURCE, permissions: ['user_impersonation'] },
];

/** OpenID Connect scopes that name no resource. */
export const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'] as const;

/** Every full scope string a resource answers to (`<id>/<permission>`, with and without the id's slash). */
export function scopesOf(server: ResourceServer): string[] {
  const bases = new Set([server.id, server.id.replace(/\/+$/, ''), `${server.id.replace(/\/+$/, '')}/`]);
  const out: string[] = [];
  for (const b of bases) for (const p of [...server.permissions, '.default']) out.push(`${b}/${p}`);
  return [...new Set(out)];
}

/** The resource server an indicator (`resource` parameter, or the part of a scope before its permission) names. */
export function resourceServer(indicator: string): ResourceServer | undefined {
  const norm = indicator.replace(/\/+$/, '').toLowerCase();
  return RESOURCE_SERVERS.find((r) => r.id.replace(/\/+$/, '').toLowerCase() === norm);
}

export type ScopeResolution =
  | { ok: true; resource?: string }
  | { ok: false; error: 'invalid_scope' | 'invalid_resource'; description: string };

/** Splits `https://host/path/perm` into the resource part and the permission (the last segment). */
function splitScope(scope: string): { resource: string; permission: string } | undefined {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(scope) && !/^api:\/\//i.test(scope)) return undefined;
  const cut = scope.lastIndexOf('/');
  if (cut <= scope.indexOf('//') + 1) return { resource: scope, permission: '' };
  return { resource: scope.slice(0, cut), permission: scope.slice(cut + 1) };
}

/**
 * What a `scope` parameter asks for: at most one known resource (returned as the indicator the
 * provider issues the token for), or Entra's error for an unknown resource, an unknown permission,
 * several resources at once, or a bare word that is not an OpenID Connect scope.
 */
export function resolveScopes(scope: string, tenantName: string): ScopeResolution {
  const words = scope.split(/\s+/).filter(Boolean);
  const resources = new Map<string, ResourceServer>();
  for (const w of words) {
    if ((OIDC_SCOPES as readonly string[]).includes(w)) continue;
    const parts = splitScope(w);
    if (!parts) {
      return {
        ok: false,
        error: 'invalid_scope',
        description: `AADSTS70011: The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope '${w}' is not valid. Local Azure knows no Microsoft Graph: ask for a resource's scope, e.g. '${ARM_RESOURCE}/user_impersonation'.`,
      };
    }
    const server = resourceServer(parts.resource);
    if (!server) {
      return {
        ok: false,
        error: 'invalid_resource',
        description: `AADSTS500011: The resource principal named ${parts.resource} was not found in the tenant named ${tenantName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      };
    }
    if (parts.permission !== '.default' && !server.permissions.includes(parts.permission)) {
      return {
        ok: false,
        error: 'invalid_scope',
        description: `AADSTS65005: The application asked for scope '${parts.permission}' that doesn't exist on the resource '${server.id}'.`,
      };
    }
    resources.set(server.id, server);
  }
  if (resources.size > 1) {
    return {
      ok: false,
      error: 'invalid_scope',
      description:
        'AADSTS28000: Provided value for the input parameter scope is not valid because it contains more than one resource. Scope ' +
        `${words.join(' ')} is not valid.`,
    };
  }
  const only = [...resources.values()][0];
  return only ? { ok: true, resource: only.id } : { ok: true };
}
