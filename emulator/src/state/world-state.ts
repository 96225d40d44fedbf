// Turns a running local Azure into its saved state (`captureState`, synchronous: one consistent moment)
// and a fresh one back into what was saved (`restoreState`): the world, its clock and jobs, operations,
// Activity Log, mailbox, container logs, the storage accounts and their keys, the identity provider's
// sessions, and the builds, which replay to where they were (simulator/build.ts).
import type { ScaledClock } from '../core/clock.ts';
import { dumpById, type MemoryWorld } from '../core/store.ts';
import type { MemoryLro } from '../core/lro.ts';
import type { MemoryActivityLog } from '../core/activity.ts';
import type { Mailbox } from '../core/mailbox.ts';
import type { SavedBlobPool } from '../azurite.ts';
import type { BlobStore } from '../core/types.ts';
import type { Simulator } from '../simulator/simulator.ts';
import { dumpContainerLogs, loadContainerLogs } from '../providers/containerinstance.ts';
import { dumpCreatedWith, loadCreatedWith } from '../providers/imagebuilder/versions.ts';
import { dumpOidcStore, loadOidcStore } from '../idp/adapter.ts';
import { STATE_FORMAT, STATE_VERSION, type LocalAzureState } from './state-file.ts';

/** A blob store whose account pool can be saved and taken back (AzuriteBlobStore). */
export interface PooledBlobStore extends BlobStore {
  saved(): SavedBlobPool;
  restore(saved: SavedBlobPool): Promise<void>;
}

/** The parts of a running local Azure that hold state. */
export interface StatefulParts {
  world: MemoryWorld;
  clock: ScaledClock;
  lro: MemoryLro;
  activity: MemoryActivityLog;
  mailbox: Mailbox;
  blobs: PooledBlobStore;
  sim: Simulator;
  settings: () => { pageSize: number; tokenTtlSeconds: number };
  endpoints: LocalAzureState['endpoints'];
}

export function captureState(p: StatefulParts): LocalAzureState {
  // One reading of the world clock for the whole snapshot: a build's time waited is taken at the same
  // instant as the clock's, so a restored build never has waited longer than the world has existed.
  const azureTime = p.clock.azureTime();
  return {
    format: STATE_FORMAT,
    version: STATE_VERSION,
    savedAt: new Date().toISOString(),
    endpoints: { ...p.endpoints },
    settings: { speed: p.clock.speed(), ...p.settings() },
    clock: { azureTime, jobs: p.clock.pendingJobs() },
    world: p.world.dump(),
    createdWith: dumpCreatedWith(p.world),
    operations: p.lro.dump(),
    activity: p.activity.all(),
    mailbox: p.mailbox.dump(),
    containerLogs: dumpContainerLogs(),
    blobs: p.blobs.saved(),
    simulator: p.sim.save(azureTime),
    idp: dumpOidcStore(),
  };
}

/** How long the builds may take to replay to where they were before local Azure starts without them. */
const REPLAY_LIMIT_MS = 15_000;

/**
 * Loads a saved state into fresh parts (the clock was made with its time and speed). The builds replay to
 * where they were; whatever their replay wrote to the world is put back as saved; then they go on, and
 * the jobs are scheduled again.
 */
export async function restoreState(p: StatefulParts, s: LocalAzureState): Promise<void> {
  p.world.load(s.world);
  loadCreatedWith(p.world, s.createdWith);
  p.lro.load(s.operations);
  p.activity.load(s.activity);
  p.mailbox.load(s.mailbox);
  loadContainerLogs(s.containerLogs);
  loadOidcStore(s.idp);
  await p.blobs.restore(s.blobs);
  const touched = new Set<string>();
  p.world.onWrite = (key) => touched.add(key);
  const { caughtUp, go } = p.sim.restore(s.simulator);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), REPLAY_LIMIT_MS)));
  if ((await Promise.race([caughtUp, late])) === 'late')
    console.warn(
      'local Azure: some builds did not replay to where they were saved; they go on from where they are',
    );
  clearTimeout(timer);
  p.world.onWrite = undefined;
  p.world.restoreIds(touched, dumpById(s.world));
  go();
  p.clock.restoreJobs(s.clock.jobs);
}
