// Starts local Azure in-process: the identity provider (HTTPS), Resource Manager (HTTPS) with its
// control API, and Azurite (child process), wired to one World. Used by main.ts and the test harness.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DEFAULTS, type LocalAzureInfo, type LocalAzureOptions } from './config.ts';
import { certFiles, loadTls } from './tls.ts';
import { MemoryWorld } from './core/store.ts';
import { ScaledClock } from './core/clock.ts';
import { MemoryLro } from './core/lro.ts';
import { MemoryActivityLog } from './core/activity.ts';
import { Mailbox } from './core/mailbox.ts';
import type { ProviderDeps, RouteDef, SimulatorControl } from './core/types.ts';
import { Router } from './http/router.ts';
import { createArmHandler } from './http/pipeline.ts';
import { serveMetadata } from './http/metadata.ts';
import { serveRetailPrices } from './providers/retail-prices.ts';
import { Faults } from './http/faults.ts';
import { TokenVerifier } from './auth/token.ts';
import { Authorizer } from './auth/rbac.ts';
import { loadIdpKeys } from './idp/keys.ts';
import type { Idp } from './idp/provider.ts';
import { idpPaths } from './idp/paths.ts';
import { AzuriteBlobStore, resolveBlobPort } from './azurite.ts';
import { createControlHandler } from './control/api.ts';
import { providerModules } from './providers/registry.ts';
import { simulatorFor } from './simulator/simulator.ts';
import { operationRoutes } from './providers/resources-operations.ts';
import { buildCatalog, EXTRA_NAMESPACES, setCatalog } from './providers/resources-catalog.ts';
import { seedPlatform } from './world/platform-seed.ts';
import { AUTOMATION_CLIENT, SPA_CLIENT_ID, TENANT_ID, USERS } from './world/identities.ts';

export type { LocalAzureInfo, LocalAzureOptions } from './config.ts';

export interface LocalAzure {
  info: LocalAzureInfo;
  /** The live world and services, for in-process tests and tools. */
  deps: ProviderDeps;
  stop(): Promise<void>;
}

interface SeedModule {
  seedWorld?: (deps: ProviderDeps) => unknown;
  seedExtraTemplates?: (deps: ProviderDeps, n: number) => unknown;
}

async function loadSeedModule(): Promise<SeedModule> {
  const url = new URL('./world/seed.ts', import.meta.url).href;
  try {
    const mod: unknown = await import(url);
    return typeof mod === 'object' && mod !== null ? (mod as SeedModule) : {};
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND') return {};
    throw e;
  }
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** Listens on 127.0.0.1 and (when available) ::1 on the same port, so `localhost` works either way. */
async function listen(
  tls: { cert: Buffer; key: Buffer },
  port: number,
  handler: () => Handler,
): Promise<{ port: number; servers: Server[] }> {
  const make = (): Server => {
    const s = createServer({ ...tls }, (req, res) => handler()(req, res));
    s.keepAliveTimeout = 5000;
    return s;
  };
  const v4 = make();
  await new Promise<void>((resolve, reject) => {
    v4.once('error', reject);
    v4.listen(port, '127.0.0.1', () => resolve());
  });
  const a = v4.address();
  const actual = typeof a === 'object' && a ? a.port : port;
  const servers = [v4];
  const v6 = make();
  try {
    await new Promise<void>((resolve, reject) => {
      v6.once('error', reject);
      v6.listen(actual, '::1', () => resolve());
    });
    servers.push(v6);
  } catch {
    // no IPv6 loopback: 127.0.0.1 only
  }
  return { port: actual, servers };
}

function closeAll(servers: Server[]): Promise<void> {
  return Promise.all(
    servers.map(
      (s) =>
        new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeAllConnections();
        }),
    ),
  ).then(() => undefined);
}

/** The identity provider's and Resource Manager's listeners; both answer 503 until given a handler. */
async function listenBoth(tls: { cert: Buffer; key: Buffer }, opts: LocalAzureOptions) {
  const unavailable: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const handlers = { idp: unavailable, arm: unavailable };
  const idpListen = await listen(tls, opts.idpPort ?? DEFAULTS.idpPort, () => handlers.idp);
  const armListen = await listen(tls, opts.armPort ?? DEFAULTS.armPort, () => handlers.arm).catch(
    async (e: unknown) => {
      await closeAll(idpListen.servers);
      throw e;
    },
  );
  return { idpListen, armListen, handlers };
}

/** Settings a caller may change while local Azure runs (the control API's configure). */
interface Settings {
  pageSize: number;
  tokenTtl: number;
  readonly appOrigins: string[];
}

/** Azurite starts in the background while the rest comes up (main.ts may have started it even earlier). */
async function startAzurite(
  opts: LocalAzureOptions,
  files: ReturnType<typeof certFiles>,
): Promise<{ blobs: AzuriteBlobStore; azuriteUp: Promise<void> }> {
  const early = opts.azurite;
  const blobs = early?.store ?? new AzuriteBlobStore(await resolveBlobPort(opts.blobPort));
  const azuriteUp = early
    ? early.ready
    : opts.noBlob
      ? Promise.resolve()
      : blobs.start({ port: blobs.port, cert: files.cert, key: files.key });
  azuriteUp.catch(() => undefined);
  return { blobs, azuriteUp };
}

/** The world and the services over it, all empty. */
function createDeps(opts: LocalAzureOptions, blobs: AzuriteBlobStore, settings: Settings) {
  const world = new MemoryWorld();
  const clock = new ScaledClock(opts.speed ?? DEFAULTS.speed);
  const activity = new MemoryActivityLog();
  const lro = new MemoryLro(clock, activity);
  const mailbox = new Mailbox();
  const deps: ProviderDeps = {
    world,
    clock,
    lro,
    activity,
    blobs,
    mailbox,
    pageSize: () => settings.pageSize,
  };
  return { deps, world, clock, activity, lro, mailbox, blobs };
}

/**
 * oidc-provider (and Koa under it) is the heaviest module here: it loads while Azurite boots and the
 * world is seeded, and start-up is done only once it is ready (a request arriving earlier waits).
 */
function lazyIdp(
  origin: string,
  keys: ReturnType<typeof loadIdpKeys>,
  settings: Settings,
  roleSummaries: (oid: string) => { role: string; scope: string }[],
): { loadIdp: () => Promise<Idp>; handler: Handler } {
  let idpLoad: Promise<Idp> | undefined;
  const loadIdp = (): Promise<Idp> =>
    (idpLoad ??= import('./idp/provider.ts').then(({ createIdp }) =>
      createIdp({
        origin,
        keys,
        appOrigins: () => settings.appOrigins,
        tokenTtlSeconds: () => settings.tokenTtl,
        roleSummaries,
      }),
    ));
  const handler: Handler = (req, res) => {
    loadIdp().then(
      (p) => p.handler(req, res),
      (e: unknown) => {
        console.error('local IdP: could not start', e);
        res.statusCode = 500;
        res.end();
      },
    );
  };
  return { loadIdp, handler };
}

/** Every provider module's routes plus the operations routes, and the catalog built from them. */
function armRouter(deps: ProviderDeps, lro: MemoryLro): Router {
  const defs: RouteDef[] = [];
  for (const m of providerModules) defs.push(...m.routes(deps));
  defs.push(...operationRoutes(deps, lro));
  const router = new Router(defs);
  setCatalog(() => buildCatalog(router.all()));
  return router;
}

/** What local Azure tells its callers (GET /_local/info, the test harness). */
function describe(
  arm: string,
  idp: ReturnType<typeof idpPaths>,
  blobUrl: string,
  settings: Settings,
  speed: number,
  roleSummaries: (oid: string) => { role: string; scope: string }[],
): LocalAzureInfo {
  return {
    arm,
    authority: idp.authority,
    issuer: idp.issuer,
    tokenEndpoint: idp.tokenEndpoint,
    blob: blobUrl,
    tenantId: TENANT_ID,
    spaClientId: SPA_CLIENT_ID,
    appOrigins: settings.appOrigins,
    users: Object.values(USERS).map((u) => ({
      username: u.username,
      password: u.password,
      name: u.name,
      objectId: u.objectId,
      roles: roleSummaries(u.objectId),
    })),
    automation: {
      clientId: AUTOMATION_CLIENT.clientId,
      clientSecret: AUTOMATION_CLIENT.clientSecret,
      objectId: AUTOMATION_CLIENT.objectId,
    },
    speed,
    pageSize: settings.pageSize,
    tokenTtlSeconds: settings.tokenTtl,
  };
}

/** The control API's seed operation: a whole estate, or extra templates in the seed world. */
async function seedMore(
  deps: ProviderDeps,
  seedModule: SeedModule,
  { templates, subscriptions }: { templates: number; subscriptions?: number },
) {
  if (subscriptions !== undefined) {
    const { seedEstate } = await import('./world/estate-seed.ts');
    return { ...seedEstate(deps.world, { subscriptions, templates }) };
  }
  if (!seedModule.seedExtraTemplates)
    throw new Error('the seed module (emulator/src/world/seed.ts) has no seedExtraTemplates yet');
  await seedModule.seedExtraTemplates(deps, templates);
  return { templates };
}

/** The control API (/_local/…) over the running world: reset, seed, speed, holds, settings, faults. */
function controlApi(c: {
  deps: ReturnType<typeof createDeps>;
  sim: SimulatorControl;
  faults: Faults;
  settings: Settings;
  info: () => LocalAzureInfo;
  seed: () => Promise<void>;
  seedModule: SeedModule;
  loadIdp: () => Promise<Idp>;
}) {
  const { sim, faults, settings } = c;
  const { world, activity, mailbox, lro, clock, deps } = c.deps;
  return createControlHandler({
    info: c.info,
    reset: async () => {
      await sim.stopAll();
      sim.releaseHolds();
      faults.clear();
      world.clear();
      activity.clear();
      mailbox.clear();
      lro.clear();
      await c.deps.blobs.releaseAll().catch(() => undefined);
      // Failed sign-ins are forgotten with the world (a test that trips the throttle leaves nothing behind).
      await c
        .loadIdp()
        .then((p) => p.clearThrottles())
        .catch(() => undefined);
      await c.seed();
    },
    seed: (request) => seedMore(deps, c.seedModule, request),
    setSpeed: (s) => clock.setSpeed(s),
    speed: () => clock.speed(),
    hold: (t, p) => sim.hold(t, p),
    releaseHolds: () => sim.releaseHolds(),
    failNextScript: (t, exit) => sim.failNextScript(t, exit),
    configure: (patch) => {
      if (patch.pageSize !== undefined) settings.pageSize = patch.pageSize;
      if (patch.tokenTtlSeconds !== undefined) settings.tokenTtl = patch.tokenTtlSeconds;
      return { pageSize: settings.pageSize, tokenTtlSeconds: settings.tokenTtl };
    },
    faults,
    mailbox,
  });
}

/** Resource Manager's handler: cloud metadata, the Retail Prices API, then the ARM pipeline. */
function armHandler(c: {
  router: Router;
  verifier: TokenVerifier;
  world: MemoryWorld;
  clock: ScaledClock;
  lro: MemoryLro;
  activity: MemoryActivityLog;
  faults: Faults;
  settings: Settings;
  arm: string;
  idpOrigin: string;
  control: ReturnType<typeof createControlHandler>;
  opts: LocalAzureOptions;
}): Handler {
  const knownNamespaces = new Set(EXTRA_NAMESPACES.map((n) => n.toLowerCase()));
  const pipeline = createArmHandler({
    router: c.router,
    verifier: () => c.verifier,
    world: () => c.world,
    clock: c.clock,
    lro: c.lro,
    activity: c.activity,
    faults: c.faults,
    appOrigins: () => c.settings.appOrigins,
    endpoint: () => c.arm,
    control: c.control,
    knownNamespaces: () => knownNamespaces,
    ...(c.opts.logRequests ? { logRequests: true } : {}),
  });
  const cloud = { arm: c.arm, idpOrigin: c.idpOrigin };
  return (req, res) => {
    if (!serveMetadata(req, res, cloud) && !serveRetailPrices(req, res)) pipeline(req, res);
  };
}

export async function startLocalAzure(opts: LocalAzureOptions = {}): Promise<LocalAzure> {
  const files = certFiles(opts.certDir);
  const tls = loadTls(files);
  const settings: Settings = {
    appOrigins: [...(opts.appOrigins ?? [`http://localhost:${DEFAULTS.appPort}`])].map((o) =>
      o.replace(/\/+$/, ''),
    ),
    tokenTtl: opts.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
    pageSize: opts.pageSize ?? DEFAULTS.pageSize,
  };
  const { blobs, azuriteUp } = await startAzurite(opts, files);

  const { idpListen, armListen, handlers } = await listenBoth(tls, opts);
  const servers = [...idpListen.servers, ...armListen.servers];
  /** Runs a start-up step; on failure, closes what is open and throws. */
  const orClose = async <T>(step: Promise<T>, withBlobs = true): Promise<T> => {
    try {
      return await step;
    } catch (e) {
      await Promise.all([closeAll(servers), withBlobs ? blobs.stop() : undefined]);
      throw e;
    }
  };

  const made = createDeps(opts, blobs, settings);
  const { deps, world, clock, lro } = made;
  const keys = loadIdpKeys(files.dir);
  const roleSummaries = (oid: string) => new Authorizer(world, oid).roleSummaries();
  const idpOrigin = `https://localhost:${idpListen.port}`;
  const idp = idpPaths(idpOrigin);
  const { loadIdp, handler } = lazyIdp(idpOrigin, keys, settings, roleSummaries);
  handlers.idp = handler;
  const router = armRouter(deps, lro);

  const idpReady = loadIdp();
  const sim: SimulatorControl = simulatorFor(deps);
  const seedModule = await loadSeedModule();
  // The seed writes past builds' logs to blob storage: Azurite must be up first. While it boots, load
  // @azure/storage-blob (the blob store imports it on first use), so the seed's writes need not wait for it.
  if (!opts.noBlob) void import('@azure/storage-blob').catch(() => undefined);
  await orClose(azuriteUp, false);
  const seed = async (): Promise<void> => {
    seedPlatform(world);
    if (seedModule.seedWorld) await seedModule.seedWorld(deps);
  };
  await orClose(seed());

  const arm = `https://localhost:${armListen.port}`;
  const info = (): LocalAzureInfo => describe(arm, idp, blobs.url, settings, clock.speed(), roleSummaries);
  const faults = new Faults();
  const control = controlApi({ deps: made, sim, faults, settings, info, seed, seedModule, loadIdp });

  const verifier = new TokenVerifier({
    issuer: idp.issuer,
    jwks: { keys: [keys.publicJwk] },
    authorizationUri: idp.authority,
    tenantId: TENANT_ID,
  });
  handlers.arm = armHandler({ ...made, router, verifier, faults, settings, arm, idpOrigin, control, opts });

  await orClose(idpReady);
  let stopped = false;
  return {
    info: info(),
    deps,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await sim.stopAll();
      await Promise.all([closeAll(servers), blobs.stop()]);
    },
  };
}

/** Test/tool hooks that change settings after start (the control API covers speed). */
export type { ProviderDeps };
