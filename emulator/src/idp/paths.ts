// Where the identity provider mounts itself (Entra-style, `/<tenant>/v2.0`). Kept apart from provider.ts so
// that Resource Manager knows the issuer without loading oidc-provider.
import { TENANT_ID } from '../world/identities.ts';

export interface IdpPaths {
  /** `/<tenant>/v2.0` */
  mountPath: string;
  /** `<origin>/<tenant>/v2.0` (the `iss` of tokens) */
  issuer: string;
  /** `${issuer}/`, as MSAL wants it */
  authority: string;
  tokenEndpoint: string;
}

export function idpPaths(origin: string): IdpPaths {
  const mountPath = `/${TENANT_ID}/v2.0`;
  const issuer = `${origin}${mountPath}`;
  return { mountPath, issuer, authority: `${issuer}/`, tokenEndpoint: `${issuer}/token` };
}
