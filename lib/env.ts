// Run-time configuration, read by the server from the environment and validated once (docs/architecture.md).
// The browser gets the public part through props (never NEXT_PUBLIC_*), so one production build
// serves local Azure and a real tenant alike.
import { z } from 'zod';

/** Local Azure's fixed tenant and SPA client id (repeated from the emulator's world, which the app never imports). */
export const LOCAL_TENANT_ID = 'f1e2d3c4-b5a6-4978-8a9b-0c1d2e3f4a5b';
export const LOCAL_CLIENT_ID = '5c2a1f7e-0d3b-4e8a-9f61-7b4c2d1e0a93';

const port = z.coerce
  .number({ error: 'must be a port number' })
  .int('must be a whole number')
  .min(1, 'must be between 1 and 65535')
  .max(65535, 'must be between 1 and 65535');

const origin = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const u = new URL(v);
      return (u.protocol === 'http:' || u.protocol === 'https:') && (u.pathname === '/' || u.pathname === '');
    } catch {
      return false;
    }
  }, 'must be an origin such as http://localhost:3000 (scheme, host, optional port; no path)')
  .transform((v) => new URL(v).origin);

const httpsOrigin = origin.refine((v) => v.startsWith('https://'), 'must be an https:// origin');

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optional = <T extends z.ZodType>(t: T) => z.preprocess(emptyToUndefined, t.optional());

const schema = z.object({
  AZURE_TENANT_ID: optional(
    z
      .string()
      .trim()
      .regex(
        /^[A-Za-z0-9][A-Za-z0-9.-]*$/,
        'must be a tenant id (GUID) or a domain such as contoso.onmicrosoft.com',
      ),
  ),
  AZURE_CLIENT_ID: optional(z.guid({ error: 'must be the app registration’s client id (a GUID)' })),
  AZURE_AUTHORITY_HOST: optional(httpsOrigin),
  AZURE_ARM_ENDPOINT: optional(httpsOrigin),
  LOCAL_IDP_PORT: optional(port),
  LOCAL_AZURE_PORT: optional(port),
  PORT: optional(port),
  KILN_APP_ORIGIN: optional(origin),
  KILN_POLL_INTERVAL_SECONDS: optional(z.coerce.number().min(1, 'must be at least 1').max(3600)),
  KILN_TOKEN_RENEWAL_OFFSET_SECONDS: optional(z.coerce.number().int().min(0).max(3600)),
  KILN_READ_TIMEOUT_SECONDS: optional(z.coerce.number().min(1, 'must be at least 1').max(600)),
});

/** What the browser needs; safe to hand out (no secrets exist in Kiln). */
export interface PublicConfig {
  /** `local` = local Azure (the default), `azure` = a real Entra tenant and ARM. */
  mode: 'local' | 'azure';
  tenantId: string;
  clientId: string;
  /** MSAL authority, ending in `/v2.0/`. */
  authority: string;
  /** host:port entries MSAL trusts without instance discovery (local Azure only). */
  knownAuthorities: string[];
  /** The identity provider's origin (CSP connect-src / frame-src / form-action). */
  idpOrigin: string;
  /** Resource Manager origin, e.g. https://management.azure.com or https://localhost:4010. */
  armEndpoint: string;
  /** The app's own origin: redirect URIs are built from it. */
  appOrigin: string;
  /** How often a running build's status is read (ms). */
  pollIntervalMs: number;
  /** MSAL renews access tokens this many seconds before they expire. */
  tokenRenewalOffsetSeconds: number;
  /** A read from Resource Manager that has not answered after this long is given up (ms). */
  readTimeoutMs: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses an environment into the public configuration; throws ConfigError listing every problem. */
export function parseConfig(env: Record<string, string | undefined>): PublicConfig {
  const parsed = schema.safeParse(env);
  const issues: { key: string; message: string }[] = parsed.success
    ? []
    : parsed.error.issues.map((i) => ({ key: i.path.join('.') || '(environment)', message: i.message }));
  const hasTenant = Boolean(env.AZURE_TENANT_ID?.trim());
  if (hasTenant !== Boolean(env.AZURE_CLIENT_ID?.trim())) {
    issues.push({
      key: hasTenant ? 'AZURE_CLIENT_ID' : 'AZURE_TENANT_ID',
      message:
        'set both AZURE_TENANT_ID and AZURE_CLIENT_ID to use a real tenant, or neither to use local Azure',
    });
  }
  if (!parsed.success || issues.length > 0) {
    const lines = issues.map(({ key, message }) => {
      const raw = env[key];
      return `  - ${key}: ${message}${raw !== undefined ? ` (got ${JSON.stringify(raw)})` : ''}`;
    });
    throw new ConfigError(
      `Kiln configuration is invalid:\n${lines.join('\n')}\nSee .env.example for every setting.`,
    );
  }
  const v = parsed.data;
  const appOrigin = v.KILN_APP_ORIGIN ?? `http://localhost:${v.PORT ?? 3000}`;
  const pollIntervalMs = Math.round((v.KILN_POLL_INTERVAL_SECONDS ?? 15) * 1000);
  const tokenRenewalOffsetSeconds = v.KILN_TOKEN_RENEWAL_OFFSET_SECONDS ?? 300;
  const readTimeoutMs = Math.round((v.KILN_READ_TIMEOUT_SECONDS ?? 30) * 1000);
  if (v.AZURE_TENANT_ID && v.AZURE_CLIENT_ID) {
    const idpOrigin = v.AZURE_AUTHORITY_HOST ?? 'https://login.microsoftonline.com';
    return {
      mode: 'azure',
      tenantId: v.AZURE_TENANT_ID,
      clientId: v.AZURE_CLIENT_ID,
      authority: `${idpOrigin}/${v.AZURE_TENANT_ID}/v2.0/`,
      knownAuthorities: [],
      idpOrigin,
      armEndpoint: v.AZURE_ARM_ENDPOINT ?? 'https://management.azure.com',
      appOrigin,
      pollIntervalMs,
      tokenRenewalOffsetSeconds,
      readTimeoutMs,
    };
  }
  const idpPort = v.LOCAL_IDP_PORT ?? 8443;
  const idpOrigin = `https://localhost:${idpPort}`;
  return {
    mode: 'local',
    tenantId: LOCAL_TENANT_ID,
    clientId: LOCAL_CLIENT_ID,
    authority: `${idpOrigin}/${LOCAL_TENANT_ID}/v2.0/`,
    knownAuthorities: [`localhost:${idpPort}`],
    idpOrigin,
    armEndpoint: `https://localhost:${v.LOCAL_AZURE_PORT ?? 4010}`,
    appOrigin,
    pollIntervalMs,
    tokenRenewalOffsetSeconds,
    readTimeoutMs,
  };
}

let cached: PublicConfig | undefined;

/** The server's configuration from process.env, validated once per process. */
export function serverConfig(): PublicConfig {
  cached ??= parseConfig(process.env);
  return cached;
}
