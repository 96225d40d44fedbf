// JS a route loads on first visit, read from the production build (.next): Next's root main files plus
// the entry chunks of the route's page and the layouts above it (from the route's client reference
// manifest). Dynamic imports (the network client, React Flow, ELK's worker …) are not counted: they load
// later, when their code is used. Sizes are gzip (level 9, what `next start` sends is close to it).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { gzipSync } from 'node:zlib';

export interface RouteJs {
  route: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

/** The routes Kiln's budgets cover: the template list and the template page. */
export const ROUTES = {
  list: {
    manifest: '(main)/page',
    page: '[project]/app/(main)/page',
    layouts: ['app/layout', 'app/(main)/layout'],
  },
  template: {
    manifest: '(main)/templates/[...id]/page',
    page: '[project]/app/(main)/templates/[...id]/page',
    layouts: ['app/layout', 'app/(main)/layout'],
  },
} as const;

export type RouteName = keyof typeof ROUTES;

interface ClientManifest {
  entryJSFiles?: Record<string, string[]>;
}

export function routeJs(nextDir: string, name: RouteName): RouteJs {
  const r = ROUTES[name];
  const build = JSON.parse(readFileSync(join(nextDir, 'build-manifest.json'), 'utf8')) as {
    rootMainFiles?: string[];
  };
  const manifestPath = join(nextDir, 'server/app', `${r.manifest}_client-reference-manifest.js`);
  if (!existsSync(manifestPath)) throw new Error(`no client reference manifest for ${name}: ${manifestPath}`);
  const sandbox: { globalThis: { __RSC_MANIFEST?: Record<string, ClientManifest> } } = { globalThis: {} };
  sandbox.globalThis = sandbox as unknown as typeof sandbox.globalThis;
  runInNewContext(readFileSync(manifestPath, 'utf8'), sandbox);
  const manifest = sandbox.globalThis.__RSC_MANIFEST?.[`/${r.manifest}`];
  const entries = manifest?.entryJSFiles ?? {};
  const files = new Set<string>(build.rootMainFiles ?? []);
  for (const key of [...r.layouts.map((l) => `[project]/${l}`), r.page]) {
    const list = entries[key];
    if (!list) throw new Error(`the ${name} route's manifest has no entry for ${key}`);
    list.forEach((f) => files.add(f));
  }
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const f of files) {
    const buf = readFileSync(join(nextDir, f));
    rawBytes += buf.length;
    gzipBytes += gzipSync(buf, { level: 9 }).length;
  }
  return { route: name, files: files.size, rawBytes, gzipBytes };
}
