// Load check for local ARM (docs/reliability.md, Load): ten signed-in sessions watch builds at once in a world of
// 5,000 extra templates. Each session signs in through the real login pages (its own token), starts a
// build with the real @azure/arm-imagebuilder client and polls as the dashboard does — the template
// every second, the first page of its resource group's list every five — until the build ends; two of
// the ten cancel theirs. It reports local ARM's latency (p50/p95/max over every call, loopback), each
// build's end state against the expected one, and heap/RSS before and after (after a GC when run with
// --expose-gc). Bounded: it stops after LOAD_TIMEOUT_S (default 300) whatever happens, and exits 1 when a
// build ends in the wrong state, a call fails, or p95 is 200 ms or more.
//
//   node scripts/with-ca.mjs node --expose-gc --import tsx emulator/testing/load.ts
//
// Local Azure runs in this process (as the conformance suite runs it), so heap and RSS cover both sides.
import { loadavg } from 'node:os';
import { ImageBuilderClient } from '@azure/arm-imagebuilder';
import { AzuriteBlobStore, resolveBlobPort } from '../src/azurite.ts';
import { startLocalAzure } from '../src/server.ts';
import { certFiles } from '../src/tls.ts';
import { SPA_CLIENT_ID, USERS } from '../src/world/identities.ts';
import { getUserToken, staticCredential } from './tokens.ts';

const SESSIONS = Number(process.env.LOAD_SESSIONS ?? 10);
const TEMPLATES = Number(process.env.LOAD_TEMPLATES ?? 5000);
const SPEED = Number(process.env.LOAD_SPEED ?? 300);
const TIMEOUT_MS = Number(process.env.LOAD_TIMEOUT_S ?? 300) * 1000;
const CANCELLERS = 2;
const TERMINAL = new Set(['Succeeded', 'Failed', 'Canceled', 'PartiallySucceeded']);

const latencies: number[] = [];
const failures: string[] = [];

async function timed<T>(what: string, f: () => Promise<T>): Promise<T | undefined> {
  const t0 = performance.now();
  try {
    return await f();
  } catch (e) {
    failures.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  } finally {
    latencies.push(performance.now() - t0);
  }
}

function memory(): { heapMB: number; rssMB: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { heapMB: Math.round(m.heapUsed / 1048576), rssMB: Math.round(m.rss / 1048576) };
}

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? 0;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function session(
  i: number,
  info: Awaited<ReturnType<typeof startLocalAzure>>['info'],
  target: { rg: string; name: string; sub: string },
  deadline: number,
): Promise<{ template: string; expected: string; got: string; polls: number; message: string }> {
  const cancel = i < CANCELLERS;
  const expected = cancel ? 'Canceled' : 'Succeeded';
  const token = await getUserToken({
    authority: info.authority,
    username: USERS.owner.username,
    password: USERS.owner.password,
    clientId: SPA_CLIENT_ID,
    redirectUri: `${info.appOrigins[0] ?? 'http://localhost:3000'}/redirect`,
  });
  const aib = new ImageBuilderClient(staticCredential(token), target.sub, {
    endpoint: info.arm,
    retryOptions: { maxRetries: 0 },
  });
  const templates = aib.virtualMachineImageTemplates;
  await timed('run', () => templates.beginRun(target.rg, target.name));
  let got = 'unknown';
  let message = '';
  let polls = 0;
  let cancelled = false;
  for (let tick = 0; Date.now() < deadline; tick++) {
    const t = await timed('get', () => templates.get(target.rg, target.name));
    polls++;
    const state = t?.lastRunStatus?.runState ?? 'unknown';
    got = state;
    message = (t?.lastRunStatus?.message ?? '').slice(0, 300);
    if (TERMINAL.has(state) && tick > 0) break;
    if (cancel && !cancelled && state === 'Running' && tick >= 2) {
      cancelled = true;
      await timed('cancel', () => templates.beginCancel(target.rg, target.name));
    }
    if (tick % 5 === 0) await timed('list', () => templates.listByResourceGroup(target.rg).byPage().next());
    await sleep(1000);
  }
  return { template: `${target.rg}/${target.name}`, expected, got, polls, message };
}

async function main(): Promise<void> {
  const load0 = loadavg()[0] ?? 0;
  // Azurite is started here with a generous start-up limit: on a loaded machine it can take longer than
  // local Azure's default 20 s to listen.
  const files = certFiles();
  const store = new AzuriteBlobStore(await resolveBlobPort(0));
  const ready = store.start({ port: store.port, cert: files.cert, key: files.key, timeoutMs: 180_000 });
  const azure = await startLocalAzure({
    azurite: { store, ready },
    armPort: 0,
    idpPort: 0,
    blobPort: 0,
    speed: SPEED,
    pageSize: 100,
    tokenTtlSeconds: 3600,
  });
  try {
    const info = azure.info;
    const seeded = await fetch(`${info.arm}/_local/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ templates: TEMPLATES }),
    });
    if (!seeded.ok) throw new Error(`seed: ${seeded.status} ${await seeded.text()}`);
    // Ten distinct extra templates (spread over the seed's groups and both subscriptions).
    const targets = azure.deps.world
      .list('/subscriptions')
      .filter((r) => /\/imagetemplates\/scale-ubuntu-/i.test(r.id))
      .slice(0, SESSIONS * 37)
      .filter((_, k) => k % 37 === 0)
      .map((r) => ({ sub: r.id.split('/')[2] ?? '', rg: r.id.split('/')[4] ?? '', name: r.name }));
    const before = memory();
    const started = Date.now();
    const deadline = started + TIMEOUT_MS;
    const results = await Promise.all(targets.map((t, i) => session(i, info, t, deadline)));
    const seconds = (Date.now() - started) / 1000;
    await sleep(2000);
    const after = memory();
    const p95 = quantile(latencies, 0.95);
    const wrong = results.filter((r) => r.got !== r.expected);
    const report = {
      sessions: results.length,
      templatesSeeded: TEMPLATES,
      speed: SPEED,
      calls: latencies.length,
      seconds: Math.round(seconds),
      latencyMs: {
        p50: Math.round(quantile(latencies, 0.5)),
        p95: Math.round(p95),
        max: Math.round(Math.max(...latencies)),
      },
      builds: results,
      failures,
      memory: { before, after },
      loadAverage1m: { before: Number(load0.toFixed(2)), after: Number((loadavg()[0] ?? 0).toFixed(2)) },
    };
    console.log(JSON.stringify(report, null, 2));
    if (wrong.length > 0 || failures.length > 0 || p95 >= 200) process.exitCode = 1;
  } finally {
    await azure.stop();
  }
}

await main();
