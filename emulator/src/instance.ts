// One life of local Azure between a start and a stop: the identity provider's and Resource Manager's
// listeners, the world and the services over it, the control API, and (with a state folder) the saver.
// It starts from a saved state or from the seed, and goes down into a saved state (`down`). server.ts
// runs one at a time; a process start, a process stop and POST /_local/restart all go through here.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { DEFAULTS, type LocalAzureInfo, type LocalAzureOptions } from './config.ts';
import { MemoryWorld } from './core/store.ts';
import { ScaledClock } from './core/clock.ts';
import { MemoryLro } from './core/lro.ts';
import { MemoryActivityLog } from './core/activity.ts';
import { Mailbox } from './core/mailbox.ts';
import type { ProviderDeps, RouteDef } from './core/types.ts';
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
import { loadOidcStore, onOidcStoreChange } from './idp/adapter.ts';
import type { AzuriteBlobStore } from './azurite.ts';
import { createControlHandler } from './control/api.ts';
import { providerModules } from './providers/registry.ts';
import { simulatorFor, type Simulator } from './simulator/simulator.ts';
import { operationRoutes } from './providers/resources-operations.ts';
import { buildCatalog, EXTRA_NAMESPACES, setCatalog } from './providers/resources-catalog.ts';
import { clearContainerLogs } from './providers/containerinstance.ts';
import { seedPlatform } from './world/platform-seed.ts';
import { AUTOMATION_CLIENT, SPA_CLIENT_ID, TENANT_ID, USERS } from './world/identities.ts';
import type { LocalAzureState } from './state/state-file.ts';
import { StateSaver } from './state/saver.ts';
import { captureState, restoreState, type StatefulParts } from './state/world-state.ts';

/** What stays from one life of local Azure to the next (server.ts owns it). */
export interface Host {
  opts: LocalAzureOptions;
  tls: { cert: Buffer; key: Buffer };
  /** The cert folder (the identity provider's keys live there). */
  certDir: string;
  blobs: AzuriteBlobStore;
  azuriteUp: Promise<void>;
  /** The ports asked for; after the first start, the ports bound then (0 picks a free one only once). */
  ports: { arm: number; idp: number };
  appOrigins: string[];
  /** Saves while running (undefined: nothing saved until local Azure goes down). */
  stateDir: string | undefined;
  /** POST /_local/restart: down now (the answer is the last thing sent), up again after `downSeconds`. */
  restart(downSeconds: number, res: ServerResponse): void;
}

export interface Instance {
  deps: ProviderDeps;
  info(): LocalAzureInfo;
  /** Stops taking connections (the ports refuse them); requests under way finish. */
  refuse(): void;
  /** Goes down: the state of this moment; then builds stop, listeners close, in-memory state goes. */
  down(): Promise<LocalAzureState>;
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

interface Listening {
  port: number;
  servers: Server[];
}

/** Listens on 127.0.0.1 and (when available) ::1 on the same port, so `localhost` works either way. */
async function listen(
  tls: Host['tls'],
  port: number,
  handler: () => Handler,
  sockets: Set<Socket>,
): Promise<Listening> {
  const make = (): Server => {
    const s = createServer({ ...tls }, (req, res) => handler()(req, res));
    s.keepAliveTimeout = 5000;
    s.on('secureConnection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
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
async function listenBoth(tls: Host['tls'], ports: Host['ports'], sockets: Set<Socket>) {
  const unavailable: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  const handlers = { idp: unavailable, arm: unavailable };
  const idpListen = await listen(tls, ports.idp, () => handlers.idp, sockets);
  const armListen = await listen(tls, ports.arm, () => handlers.arm, sockets).catch(async (e: unknown) => {
    await closeAll(idpListen.servers);
    throw e;
  });
  return { idpListen, armListen, handlers };
}

/** Settings a caller may change while local Azure runs (the control API's configure). */
interface Settings {
  pageSize: number;
  tokenTtl: number;
  readonly appOrigins: string[];
}

/** The world and the services over it, all empty; the clock at the saved world time and speed, if any. */
function createDeps(host: Host, saved: LocalAzureState | undefined, settings: Settings) {
  const world = new MemoryWorld();
  const speed = saved?.settings.speed ?? host.opts.speed ?? DEFAULTS.speed;
  const clock = new ScaledClock(speed, saved?.clock.azureTime ?? 0);
  const activity = new MemoryActivityLog();
  const lro = new MemoryLro(clock, activity);
  const mailbox = new Mailbox();
  const { blobs } = host;
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
type Made = ReturnType<typeof createDeps>;

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

/** The control API (/_local/…) over the running world: reset, seed, speed, holds, settings, faults, restart. */
function controlApi(c: {
  made: Made;
  sim: Simulator;
  faults: Faults;
  settings: Settings;
  info: () => LocalAzureInfo;
  seed: () => Promise<void>;
  seedModule: SeedModule;
  loadIdp: () => Promise<Idp>;
  restart: Host['restart'];
}) {
  const { sim, faults, settings } = c;
  const { world, activity, mailbox, lro, clock, deps } = c.made;
  return createControlHandler({
    info: c.info,
    reset: async () => {
      await sim.stopAll();
      clock.cancelJobs();
      sim.releaseHolds();
      faults.clear();
      world.clear();
      activity.clear();
      mailbox.clear();
      lro.clear();
      await c.made.blobs.releaseAll().catch(() => undefined);
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
    restart: c.restart,
    faults,
    mailbox,
  });
}

/** Resource Manager's handler: cloud metadata, the Retail Prices API, then the ARM pipeline. */
function armHandler(c: {
  made: Made;
  router: Router;
  verifier: TokenVerifier;
  faults: Faults;
  settings: Settings;
  arm: string;
  idpOrigin: string;
  control: ReturnType<typeof createControlHandler>;
  logRequests: boolean;
}): Handler {
  const knownNamespaces = new Set(EXTRA_NAMESPACES.map((n) => n.toLowerCase()));
  const pipeline = createArmHandler({
    router: c.router,
    verifier: () => c.verifier,
    world: () => c.made.world,
    clock: c.made.clock,
    lro: c.made.lro,
    activity: c.made.activity,
    faults: c.faults,
    appOrigins: () => c.settings.appOrigins,
    endpoint: () => c.arm,
    control: c.control,
    knownNamespaces: () => knownNamespaces,
    ...(c.logRequests ? { logRequests: true } : {}),
  });
  const cloud = { arm: c.arm, idpOrigin: c.idpOrigin };
  return (req, res) => {
    if (!serveMetadata(req, res, cloud) && !serveRetailPrices(req, res)) pipeline(req, res);
  };
}

/** Settings of this life: the saved ones after a restart, else the options' (or the defaults). */
function settingsOf(host: Host, saved: LocalAzureState | undefined): Settings {
  return {
    appOrigins: host.appOrigins,
    tokenTtl: saved?.settings.tokenTtlSeconds ?? host.opts.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds,
    pageSize: saved?.settings.pageSize ?? host.opts.pageSize ?? DEFAULTS.pageSize,
  };
}

/** Saves soon after every change: of the world, operations, the Activity Log, sign-ins, and every request. */
function watchForSaves(made: Made, saver: StateSaver | undefined): (h: Handler) => Handler {
  if (!saver) return (h) => h;
  const touch = (): void => saver.touch();
  made.world.onChange = touch;
  made.lro.onChange = touch;
  made.activity.onRecord(touch);
  onOidcStoreChange(touch);
  return (h) => (req, res) => {
    res.once('finish', touch);
    h(req, res);
  };
}

/** Starts one life of local Azure: from `saved` when given, else from the seed. */
export async function startInstance(host: Host, saved: LocalAzureState | undefined): Promise<Instance> {
  const settings = settingsOf(host, saved);
  const sockets = new Set<Socket>();
  const { idpListen, armListen, handlers } = await listenBoth(host.tls, host.ports, sockets);
  const servers = [...idpListen.servers, ...armListen.servers];
  try {
    return await bringUp({
      host,
      saved,
      settings,
      handlers,
      sockets,
      servers,
      idpPort: idpListen.port,
      armPort: armListen.port,
    });
  } catch (e) {
    await closeAll(servers);
    throw e;
  }
}

async function bringUp(c: {
  host: Host;
  saved: LocalAzureState | undefined;
  settings: Settings;
  handlers: { idp: Handler; arm: Handler };
  sockets: Set<Socket>;
  servers: Server[];
  idpPort: number;
  armPort: number;
}): Promise<Instance> {
  const { host, settings, handlers } = c;
  const made = createDeps(host, c.saved, settings);
  const { deps, world, clock, lro } = made;
  const keys = loadIdpKeys(host.certDir);
  const roleSummaries = (oid: string) => new Authorizer(world, oid).roleSummaries();
  const idpOrigin = `https://localhost:${c.idpPort}`;
  const idp = idpPaths(idpOrigin);
  const arm = `https://localhost:${c.armPort}`;
  const { loadIdp, handler } = lazyIdp(idpOrigin, keys, settings, roleSummaries);
  const router = armRouter(deps, lro);
  const idpReady = loadIdp();
  const sim = simulatorFor(deps);
  const seedModule = await loadSeedModule();
  // The seed writes past builds' logs to blob storage: Azurite must be up first. While it boots, load
  // @azure/storage-blob (the blob store imports it on first use), so the seed's writes need not wait for it.
  if (!host.opts.noBlob) void import('@azure/storage-blob').catch(() => undefined);
  await host.azuriteUp;
  const seed = async (): Promise<void> => {
    seedPlatform(world);
    if (seedModule.seedWorld) await seedModule.seedWorld(deps);
  };
  const parts: StatefulParts = {
    ...made,
    sim,
    settings: () => ({ pageSize: settings.pageSize, tokenTtlSeconds: settings.tokenTtl }),
    endpoints: { arm, idp: idpOrigin, blob: host.blobs.url },
  };
  if (c.saved) await restoreState(parts, c.saved);
  else await seed();

  const info = (): LocalAzureInfo =>
    describe(arm, idp, host.blobs.url, settings, clock.speed(), roleSummaries);
  const faults = new Faults();
  const control = controlApi({
    made,
    sim,
    faults,
    settings,
    info,
    seed,
    seedModule,
    loadIdp,
    restart: host.restart,
  });
  const verifier = new TokenVerifier({
    issuer: idp.issuer,
    jwks: { keys: [keys.publicJwk] },
    authorizationUri: idp.authority,
    tenantId: TENANT_ID,
  });
  const saver = host.stateDir
    ? new StateSaver(
        host.stateDir,
        () => captureState(parts),
        host.opts.stateSaveDelayMs ?? DEFAULTS.stateSaveDelayMs,
      )
    : undefined;
  const watched = watchForSaves(made, saver);
  const logRequests = host.opts.logRequests === true;
  handlers.arm = watched(
    armHandler({ made, router, verifier, faults, settings, arm, idpOrigin, control, logRequests }),
  );
  handlers.idp = watched(handler);
  // The first save: a kill before any change still finds this world (with its keys) on the next start.
  saver?.touch();
  await idpReady;
  return lifeOf({ made, sim, parts, saver, info, servers: c.servers, sockets: c.sockets });
}

/** The running instance: its deps, and how it goes down. */
function lifeOf(c: {
  made: Made;
  sim: Simulator;
  parts: StatefulParts;
  saver: StateSaver | undefined;
  info: () => LocalAzureInfo;
  servers: Server[];
  sockets: Set<Socket>;
}): Instance {
  const refuse = (): void => {
    for (const s of c.servers) {
      if (s.listening) s.close();
      s.closeIdleConnections();
    }
  };
  return {
    deps: c.made.deps,
    info: c.info,
    refuse,
    down: async () => {
      refuse();
      for (const s of c.sockets) s.destroy();
      await c.saver?.stop();
      // One moment: the state, then the builds stop before any of them takes another step.
      const state = captureState(c.parts);
      const halted = c.sim.halt();
      c.made.clock.cancelJobs();
      await halted;
      await closeAll(c.servers);
      c.made.world.onChange = undefined;
      c.made.lro.onChange = undefined;
      onOidcStoreChange(() => undefined);
      // What lives in modules goes as it would with the process.
      loadOidcStore();
      clearContainerLogs();
      return state;
    },
  };
}
