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

export async function startLocalAzure(opts: LocalAzureOptions = {}): Promise<LocalAzure> {
  const files = certFiles(opts.certDir);
  const tls = loadTls(files);
  const appOrigins = [...(opts.appOrigins ?? [`http://localhost:${DEFAULTS.appPort}`])].map((o) =>
    o.replace(/\/+$/, ''),
  );
  let tokenTtl = opts.tokenTtlSeconds ?? DEFAULTS.tokenTtlSeconds;
  let pageSize = opts.pageSize ?? DEFAULTS.pageSize;

  // Azurite starts in the background while the rest comes up (main.ts may have started it even earlier).
  const early = opts.azurite;
  const blobs = early?.store ?? new AzuriteBlobStore(await resolveBlobPort(opts.blobPort));
  const azuriteUp = early
    ? early.ready
    : opts.noBlob
      ? Promise.resolve()
      : blobs.start({ port: blobs.port, cert: files.cert, key: files.key });
  azuriteUp.catch(() => undefined);

  let idpHandler: Handler = (_req, res) => {
    res.statusCode = 503;
    res.end();
  };
  let armHandler: Handler = idpHandler;
  const idpListen = await listen(tls, opts.idpPort ?? DEFAULTS.idpPort, () => idpHandler);
  const armListen = await listen(tls, opts.armPort ?? DEFAULTS.armPort, () => armHandler).catch(
    async (e: unknown) => {
      await closeAll(idpListen.servers);
      throw e;
    },
  );

  const world = new MemoryWorld();
  const clock = new ScaledClock(opts.speed ?? DEFAULTS.speed);
  const activity = new MemoryActivityLog();
  const lro = new MemoryLro(clock, activity);
  const mailbox = new Mailbox();
  const deps: ProviderDeps = { world, clock, lro, activity, blobs, mailbox, pageSize: () => pageSize };

  const keys = loadIdpKeys(files.dir);
  const roleSummaries = (oid: string) => new Authorizer(world, oid).roleSummaries();
  const idp = idpPaths(`https://localhost:${idpListen.port}`);
  // oidc-provider (and Koa under it) is the heaviest module here: it loads while Azurite boots and the
  // world is seeded, and start-up is done only once it is ready (a request arriving earlier waits).
  let idpLoad: Promise<Idp> | undefined;
  const loadIdp = (): Promise<Idp> =>
    (idpLoad ??= import('./idp/provider.ts').then(({ createIdp }) =>
      createIdp({
        origin: `https://localhost:${idpListen.port}`,
        keys,
        appOrigins: () => appOrigins,
        tokenTtlSeconds: () => tokenTtl,
        roleSummaries,
      }),
    ));
  idpHandler = (req, res) => {
    loadIdp().then(
      (p) => p.handler(req, res),
      (e: unknown) => {
        console.error('local IdP: could not start', e);
        res.statusCode = 500;
        res.end();
      },
    );
  };
  const verifier = new TokenVerifier({
    issuer: idp.issuer,
    jwks: { keys: [keys.publicJwk] },
    authorizationUri: idp.authority,
    tenantId: TENANT_ID,
  });

  const defs: RouteDef[] = [];
  for (const m of providerModules) defs.push(...m.routes(deps));
  defs.push(...operationRoutes(deps, lro));
  const router = new Router(defs);
  setCatalog(() => buildCatalog(router.all()));
  const knownNamespaces = new Set(EXTRA_NAMESPACES.map((n) => n.toLowerCase()));

  const idpReady = loadIdp();
  const sim: SimulatorControl = simulatorFor(deps);
  const seedModule = await loadSeedModule();
  // The seed writes past builds' logs to blob storage: Azurite must be up first. While it boots, load
  // @azure/storage-blob (the blob store imports it on first use), so the seed's writes need not wait for it.
  if (!opts.noBlob) void import('@azure/storage-blob').catch(() => undefined);
  try {
    await azuriteUp;
  } catch (e) {
    await closeAll([...idpListen.servers, ...armListen.servers]);
    throw e;
  }
  const seed = async (): Promise<void> => {
    seedPlatform(world);
    if (seedModule.seedWorld) await seedModule.seedWorld(deps);
  };
  try {
    await seed();
  } catch (e) {
    await Promise.all([closeAll([...idpListen.servers, ...armListen.servers]), blobs.stop()]);
    throw e;
  }

  const arm = `https://localhost:${armListen.port}`;
  const info = (): LocalAzureInfo => ({
    arm,
    authority: idp.authority,
    issuer: idp.issuer,
    tokenEndpoint: idp.tokenEndpoint,
    blob: blobs.url,
    tenantId: TENANT_ID,
    spaClientId: SPA_CLIENT_ID,
    appOrigins,
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
    speed: clock.speed(),
    pageSize,
    tokenTtlSeconds: tokenTtl,
  });

  const faults = new Faults();
  const control = createControlHandler({
    info,
    reset: async () => {
      sim.stopAll();
      sim.releaseHolds();
      faults.clear();
      world.clear();
      activity.clear();
      mailbox.clear();
      lro.clear();
      await blobs.releaseAll().catch(() => undefined);
      // Failed sign-ins are forgotten with the world (a test that trips the throttle leaves nothing behind).
      await loadIdp()
        .then((p) => p.clearThrottles())
        .catch(() => undefined);
      await seed();
    },
    seed: async ({ templates, subscriptions }) => {
      if (subscriptions !== undefined) {
        const { seedEstate } = await import('./world/estate-seed.ts');
        return { ...seedEstate(world, { subscriptions, templates }) };
      }
      if (!seedModule.seedExtraTemplates)
        throw new Error('the seed module (emulator/src/world/seed.ts) has no seedExtraTemplates yet');
      await seedModule.seedExtraTemplates(deps, templates);
      return { templates };
    },
    setSpeed: (s) => clock.setSpeed(s),
    speed: () => clock.speed(),
    hold: (t, p) => sim.hold(t, p),
    releaseHolds: () => sim.releaseHolds(),
    configure: (patch) => {
      if (patch.pageSize !== undefined) pageSize = patch.pageSize;
      if (patch.tokenTtlSeconds !== undefined) tokenTtl = patch.tokenTtlSeconds;
      return { pageSize, tokenTtlSeconds: tokenTtl };
    },
    faults,
    mailbox,
  });

  const pipeline = createArmHandler({
    router,
    verifier: () => verifier,
    world: () => world,
    clock,
    lro,
    activity,
    faults,
    appOrigins: () => appOrigins,
    endpoint: () => arm,
    control,
    knownNamespaces: () => knownNamespaces,
    ...(opts.logRequests ? { logRequests: true } : {}),
  });
  const cloud = { arm, idpOrigin: `https://localhost:${idpListen.port}` };
  armHandler = (req, res) => {
    if (!serveMetadata(req, res, cloud) && !serveRetailPrices(req, res)) pipeline(req, res);
  };

  try {
    await idpReady;
  } catch (e) {
    await Promise.all([closeAll([...idpListen.servers, ...armListen.servers]), blobs.stop()]);
    throw e;
  }
  let stopped = false;
  return {
    info: info(),
    deps,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      sim.stopAll();
      await Promise.all([closeAll([...idpListen.servers, ...armListen.servers]), blobs.stop()]);
    },
  };
}

/** Test/tool hooks that change settings after start (the control API covers speed). */
export type { ProviderDeps };
