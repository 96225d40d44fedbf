// A build saved mid-way and restored into a fresh local Azure (in-process, no HTTP) ends as the same build
// would have ended without the restart: same run, same log line for line, same Activity Log, the same
// staging resources made and cleaned up. Each case runs the template twice with the same random draws:
// once straight through (the reference) and once saved and restored at a given moment.
import { describe, expect, it } from 'vitest';
import { MemoryWorld } from '../core/store.ts';
import { ScaledClock } from '../core/clock.ts';
import { MemoryLro } from '../core/lro.ts';
import { MemoryActivityLog } from '../core/activity.ts';
import { Mailbox } from '../core/mailbox.ts';
import type { ProviderDeps } from '../core/types.ts';
import { isRec, type Rec } from '../core/rec.ts';
import { seededRand } from '../providers/imagebuilder/naming.ts';
import { simulatorFor, trackOperation, type Simulator } from '../simulator/simulator.ts';
import { seedPlatform } from '../world/platform-seed.ts';
import { seedWorld, SEED } from '../world/seed.ts';
import { SUBSCRIPTIONS } from '../world/identities.ts';
import type { SavedBlobPool } from '../azurite.ts';
import { captureState, restoreState, type PooledBlobStore, type StatefulParts } from './world-state.ts';
import type { LocalAzureState } from './state-file.ts';

const SPEED = 4000;
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const tplId = (name: string, rg: string = SEED.imagesRg): string =>
  `/subscriptions/${DEV}/resourceGroups/${rg}/providers/Microsoft.VirtualMachineImages/imageTemplates/${name}`;

/** Blob storage in memory: what Azurite would hold (it outlives a restart, as Azurite on disk does). */
class FakeBlobs implements PooledBlobStore {
  readonly blobs = new Map<string, string>();
  /** The seed's blobs (past runs' logs), left out of the build's log. */
  seeded = new Set<string>();
  private n = 0;
  endpointFor = (a: string): string => `https://127.0.0.1:1/${a}/`;
  allocateAccount = (): { name: string; key: string } => ({
    name: `acct${String(++this.n).padStart(20, '0')}`,
    key: 'k',
  });
  releaseAccount = (): Promise<void> => Promise.resolve();
  keyOf = (): string => 'k';
  append = (a: string, c: string, p: string, t: string): Promise<void> => {
    const k = `${a}/${c}/${p}`;
    this.blobs.set(k, (this.blobs.get(k) ?? '') + t);
    return Promise.resolve();
  };
  write = (a: string, c: string, p: string, t: string): Promise<void> => {
    this.blobs.set(`${a}/${c}/${p}`, t);
    return Promise.resolve();
  };
  saved = (): SavedBlobPool => ({ names: [], keys: [], used: [String(this.n)] });
  restore = (s: SavedBlobPool): Promise<void> => {
    this.n = Number(s.used[0] ?? 0);
    return Promise.resolve();
  };
}

interface Azure {
  parts: StatefulParts;
  deps: ProviderDeps;
  sim: Simulator;
}

function azure(blobs: FakeBlobs, saved?: LocalAzureState, speed = SPEED): Azure {
  const world = new MemoryWorld();
  const clock = new ScaledClock(saved?.settings.speed ?? speed, saved?.clock.azureTime ?? 0);
  const activity = new MemoryActivityLog();
  const lro = new MemoryLro(clock, activity);
  const mailbox = new Mailbox();
  const deps: ProviderDeps = { world, clock, lro, activity, blobs, mailbox, pageSize: () => 100 };
  const sim = simulatorFor(deps, seededRand(7));
  const endpoints = { arm: 'https://localhost:1', idp: 'https://localhost:2', blob: 'https://127.0.0.1:1' };
  const settings = () => ({ pageSize: 100, tokenTtlSeconds: 3600 });
  return { parts: { world, clock, lro, activity, mailbox, blobs, sim, settings, endpoints }, deps, sim };
}

async function seeded(blobs: FakeBlobs, speed = SPEED): Promise<Azure> {
  const a = azure(blobs, undefined, speed);
  seedPlatform(a.parts.world);
  await seedWorld(a.deps, new Date('2026-01-01T00:00:00Z'));
  blobs.seeded = new Set(blobs.blobs.keys());
  return a;
}

/** What the run route does: Running/Queued, a tracked operation, then the simulator. */
function startBuild(a: Azure, id: string): string {
  const t = a.deps.world.get(id);
  if (!t || !isRec(t.properties)) throw new Error(`no template ${id}`);
  t.properties.lastRunStatus = {
    runState: 'Running',
    runSubState: 'Queued',
    message: '',
    startTime: new Date().toISOString(),
  };
  a.deps.world.put(t);
  const op = a.deps.lro.start({
    statusPath: '/ops',
    apiVersion: '2024-02-01',
    baseUrl: 'https://localhost:1',
  });
  trackOperation(a.deps, op.id, { operationName: 'run', resourceId: id, caller: 'ava@contoso.com' });
  a.sim.run(id, op.id, 'ava@contoso.com');
  return op.id;
}

const status = (a: Azure, id: string): Rec => {
  const p = a.deps.world.get(id)?.properties;
  return isRec(p) && isRec(p.lastRunStatus) ? p.lastRunStatus : {};
};

async function until(what: string, ok: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** Without what differs between two runs of a template: times (and names made of them), the operation id. */
const masked = (text: string, opId: string): string =>
  text.split(opId.toLowerCase()).join('OP').replace(/\d+/g, '#');

/** The build's log, line by line, masked. */
function logOf(blobs: FakeBlobs, opId: string): string[] {
  const text = [...blobs.blobs].filter(
    ([k]) => /packerlogs\/[^/]+\/customization\.log$/.test(k) && !blobs.seeded.has(k),
  );
  return text.flatMap(([, v]) => v.split('\n')).map((l) => masked(l, opId));
}

/** The build's Activity Log (its correlation id), as operation | resource | status, in order. */
function eventsOf(a: Azure, opId: string): string[] {
  return a.parts.activity
    .all()
    .filter((e) => e.correlationId === opId.toLowerCase())
    .map((e) => masked(`${e.operationName.value}|${e.resourceId.toLowerCase()}|${e.status.value}`, opId));
}

function stagingContents(a: Azure, id: string): string[] {
  const p = a.deps.world.get(id)?.properties;
  const rg = isRec(p) ? String(p.exactStagingResourceGroup) : '';
  return a.deps.world
    .list(rg)
    .map((r) => r.id.toLowerCase())
    .sort();
}

interface Outcome {
  status: Rec;
  log: string[];
  events: string[];
  staging: string[];
  operation: string | undefined;
}

async function finish(a: Azure, blobs: FakeBlobs, id: string, opId: string): Promise<Outcome> {
  await until(
    'the end of the build',
    () => status(a, id).endTime !== undefined && status(a, id).endTime !== '0001-01-01T00:00:00Z',
  );
  await a.sim.settled(id);
  const s = status(a, id);
  return {
    status: {
      runState: s.runState,
      runSubState: s.runSubState,
      message: masked(String(s.message ?? ''), opId),
    },
    log: logOf(blobs, opId),
    events: eventsOf(a, opId),
    staging: stagingContents(a, id).map((r) => masked(r, opId)),
    operation: a.deps.lro.get(opId)?.status,
  };
}

/** The template built straight through (canceled when it reaches `cancelAt`, if given). */
async function reference(id: string, cancelAt?: string): Promise<Outcome> {
  const blobs = new FakeBlobs();
  const a = await seeded(blobs);
  const opId = startBuild(a, id);
  if (cancelAt) await cancelWhenIn(a, id, cancelAt);
  return finish(a, blobs, id, opId);
}

/** Holds the build at `phase` and cancels it there: the same moment in every run. */
async function cancelWhenIn(a: Azure, id: string, phase: string): Promise<void> {
  a.sim.hold(id, phase);
  await until(phase, () => status(a, id).runSubState === phase);
  a.sim.cancel(id);
  a.sim.releaseHolds();
}

/** The template built, saved and restored when `moment` says, then built to the end. */
async function restarted(
  id: string,
  moment: (a: Azure) => Promise<void>,
  after?: (b: Azure) => void,
): Promise<Outcome & { runGuidKept: boolean; startKept: boolean }> {
  const blobs = new FakeBlobs();
  const a = await seeded(blobs);
  const opId = startBuild(a, id);
  await moment(a);
  const state = structuredClone(captureState(a.parts));
  const halted = a.sim.halt();
  a.parts.clock.cancelJobs();
  await halted;
  const before = status(a, id);
  const b = azure(blobs, state);
  await restoreState(b.parts, state);
  expect(status(b, id)).toEqual(before);
  after?.(b);
  const out = await finish(b, blobs, id, opId);
  const guid = state.simulator.builds[0]?.runGuid ?? '?';
  return {
    ...out,
    runGuidKept: [...blobs.blobs.keys()].some((k) => k.includes(`/packerlogs/${guid}/`)),
    startKept: status(b, id).startTime === before.startTime,
  };
}

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a build saved and restored', () => {
  it('held at a phase: it is still held after the restore, and ends as the build without a restart', async () => {
    const id = tplId('ubuntu2204-base');
    const want = await reference(id);
    const got = await restarted(
      id,
      async (a) => {
        a.sim.hold(id, 'Customizing');
        await until('Customizing', () => status(a, id).runSubState === 'Customizing');
        await settle(20);
      },
      (b) => {
        expect(b.sim.holds()).toEqual([{ template: id.toLowerCase(), phase: 'customizing' }]);
        setTimeout(() => b.sim.releaseHolds(), 30);
      },
    );
    expect(want.status.runState).toBe('Succeeded');
    expect(got).toMatchObject(want);
    expect(got.runGuidKept && got.startKept).toBe(true);
  });

  it('in the middle of a sleep: the rest of the wait, then the same end', async () => {
    const id = tplId('ubuntu2204-gallery-pl');
    const want = await reference(id);
    for (const phase of ['Building', 'Customizing', 'Distributing']) {
      const got = await restarted(id, async (a) => {
        await until(phase, () => status(a, id).runSubState === phase);
        await settle(7);
      });
      expect({ phase, ...got }).toMatchObject({ phase, ...want });
    }
  });

  it('a failing build fails the same way', async () => {
    const id = tplId('ubuntu-script-fails');
    const want = await reference(id);
    const got = await restarted(id, async (a) => {
      await until('Customizing', () => status(a, id).runSubState === 'Customizing');
    });
    expect(want.status.runState).toBe('Failed');
    expect(got).toMatchObject(want);
  });

  it('a canceled build finishes canceling: Canceled, cleaned up, as without the restart', async () => {
    const id = tplId('ubuntu2204-base');
    const want = await reference(id, 'Customizing');
    expect(want.status.runState).toBe('Canceled');
    for (const ms of [5, 40]) {
      const got = await restarted(id, async (a) => {
        await cancelWhenIn(a, id, 'Customizing');
        await settle(ms);
      });
      expect({ ms, ...got }).toMatchObject({ ms, ...want });
      expect(got.operation).toBe('Canceled');
    }
  });

  it('waits only what was left of the wait it was in, in the world clock', async () => {
    // At S = 20 the 60 Azure seconds of Queued take 3 s; saved 2 s in, 20 Azure seconds are left (1 s).
    const id = tplId('ubuntu2204-base');
    const blobs = new FakeBlobs();
    const a = await seeded(blobs, 20);
    startBuild(a, id);
    await settle(2000);
    // The world moves on while the snapshot is taken (a busy machine: every reading 1 s later): the
    // snapshot still reads the clock once, so the build has not waited longer than the world has existed.
    const clock = a.parts.clock;
    const read = clock.azureTime.bind(clock);
    let late = 0;
    clock.azureTime = () => read() + (late += 1000);
    const state = structuredClone(captureState(a.parts));
    clock.azureTime = read;
    await a.sim.halt();
    const saved = state.simulator.builds[0];
    expect(saved?.inWait).toBe(true);
    expect(saved?.waitedMs).toBeGreaterThan(30_000);
    expect(state.clock.azureTime).toBeGreaterThanOrEqual(saved?.waitedMs ?? Infinity);
    const b = azure(blobs, state);
    const t0 = Date.now();
    await restoreState(b.parts, state);
    expect(b.parts.clock.azureTime()).toBeGreaterThanOrEqual(state.clock.azureTime);
    await until('Building', () => status(b, id).runSubState === 'Building', 10_000);
    const took = Date.now() - t0;
    await b.sim.halt();
    expect(took).toBeLessThan(2000);
  });

  it('a build whose world changed while it was down ends where its replay ends, not running for ever', async () => {
    const id = tplId('ubuntu2204-gallery-pl');
    const blobs = new FakeBlobs();
    const a = await seeded(blobs);
    const opId = startBuild(a, id);
    await until('Customizing', () => status(a, id).runSubState === 'Customizing');
    const state = structuredClone(captureState(a.parts));
    await a.sim.halt();
    // The template's identity is gone from the world while local Azure is down: the replay fails early.
    state.world.resources = state.world.resources.filter(
      (r) => r.resource.type !== 'Microsoft.ManagedIdentity/userAssignedIdentities',
    );
    const b = azure(blobs, state);
    await restoreState(b.parts, state);
    await b.sim.settled(id);
    expect(status(b, id)).toMatchObject({ runState: 'Failed', runSubState: 'Building' });
    expect(b.deps.lro.get(opId)?.status).toBe('Failed');
  });
});
