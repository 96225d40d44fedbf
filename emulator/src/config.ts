// Local Azure's run-time options: defaults, environment parsing and the shape of what it reports
// about itself (GET /_local/info, the start banner).
import type { AzuriteBlobStore } from './azurite.ts';

export const DEFAULTS = {
  armPort: 4010,
  idpPort: 8443,
  blobPort: 10000,
  appPort: 3000,
  /** Simulated Azure seconds per real second: a whole successful build takes about 90 s. */
  speed: 12,
  pageSize: 100,
  tokenTtlSeconds: 3600,
  stateSaveDelayMs: 1000,
} as const;

export interface LocalAzureOptions {
  /** 0 picks a free port. */
  armPort?: number;
  idpPort?: number;
  blobPort?: number;
  /** Origins of the app (redirect URIs, CORS). Defaults to http://localhost:3000. */
  appOrigins?: string[];
  speed?: number;
  pageSize?: number;
  tokenTtlSeconds?: number;
  /** Folder holding ca.pem, localhost.pem, localhost-key.pem (scripts/certs.mjs) and the IdP's key. */
  certDir?: string;
  /** Skip starting Azurite (the BlobStore then rejects writes). Default false. */
  noBlob?: boolean;
  /** Log each ARM request to stderr. */
  logRequests?: boolean;
  /** An Azurite already being started (main.ts starts it before loading the rest, to overlap the two). */
  azurite?: { store: AzuriteBlobStore; ready: Promise<void> };
  /**
   * Folder local Azure saves its state in (LOCAL_AZURE_STATE_DIR): the world, running builds, operations,
   * Activity Log, storage keys, sign-in sessions (state.json) and, with Azurite on disk, the blobs
   * (azurite/). A start with a saved state there goes on from it. None (the default): all in memory, a new
   * world on every start. When a saved state exists, the time scale, page size and token lifetime are the
   * saved ones unless given here.
   */
  stateDir?: string;
  /** Milliseconds from a change to the save that holds it (LOCAL_AZURE_STATE_SAVE_MS; default 1000). */
  stateSaveDelayMs?: number;
}

export interface RoleSummary {
  role: string;
  scope: string;
}

export interface LocalAzureInfo {
  /** https://localhost:<armPort> */
  arm: string;
  /** https://localhost:<idpPort>/<tenant>/v2.0/ (trailing slash, as MSAL wants it). */
  authority: string;
  /** The issuer in tokens: the authority without its trailing slash. */
  issuer: string;
  tokenEndpoint: string;
  /** https://127.0.0.1:<blobPort> */
  blob: string;
  tenantId: string;
  spaClientId: string;
  appOrigins: string[];
  users: { username: string; password: string; name: string; objectId: string; roles: RoleSummary[] }[];
  automation: { clientId: string; clientSecret: string; objectId: string };
  speed: number;
  pageSize: number;
  tokenTtlSeconds: number;
}

function intEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return optionalEnv(env, name) ?? fallback;
}

/** The variable's number, or undefined when it is not set (then a saved state's value, or the default, applies). */
function optionalEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got '${raw}'`);
  return n;
}

/** Reads the documented environment variables (team brief, "Ports/env"). */
export function optionsFromEnv(env: NodeJS.ProcessEnv = process.env): LocalAzureOptions {
  const appPort = intEnv(env, 'PORT', DEFAULTS.appPort);
  const origins = new Set<string>();
  origins.add((env.KILN_APP_ORIGIN ?? `http://localhost:${appPort}`).replace(/\/+$/, ''));
  for (const o of (env.LOCAL_AZURE_APP_ORIGINS ?? '').split(',')) {
    const t = o.trim().replace(/\/+$/, '');
    if (t) origins.add(t);
  }
  const speed = optionalEnv(env, 'LOCAL_AZURE_SPEED');
  const pageSize = optionalEnv(env, 'LOCAL_AZURE_PAGE_SIZE');
  const tokenTtlSeconds = optionalEnv(env, 'LOCAL_AZURE_TOKEN_TTL');
  const stateDir = env.LOCAL_AZURE_STATE_DIR?.trim();
  const saveMs = optionalEnv(env, 'LOCAL_AZURE_STATE_SAVE_MS');
  return {
    armPort: intEnv(env, 'LOCAL_AZURE_PORT', DEFAULTS.armPort),
    idpPort: intEnv(env, 'LOCAL_IDP_PORT', DEFAULTS.idpPort),
    blobPort: intEnv(env, 'LOCAL_BLOB_PORT', DEFAULTS.blobPort),
    appOrigins: [...origins],
    ...(speed !== undefined ? { speed } : {}),
    ...(pageSize !== undefined ? { pageSize } : {}),
    ...(tokenTtlSeconds !== undefined ? { tokenTtlSeconds } : {}),
    ...(stateDir ? { stateDir } : {}),
    ...(saveMs !== undefined ? { stateSaveDelayMs: saveMs } : {}),
    logRequests: env.LOCAL_AZURE_LOG === '1',
  };
}
