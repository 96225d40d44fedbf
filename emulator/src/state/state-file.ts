// The saved state of local Azure: one JSON file, <state folder>/state.json, written atomically (a
// temporary file renamed over it), so a kill at any moment leaves the last whole save. It holds storage
// account keys and the identity provider's refresh tokens: the folder is the user's only (0700, 0600).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { EventData, Mail, SavedJob } from '../core/types.ts';
import type { WorldDump } from '../core/store.ts';
import type { LroEntry } from '../core/lro.ts';
import type { SavedBlobPool } from '../azurite.ts';
import type { SavedSimulator } from '../simulator/simulator.ts';
import type { OidcEntry } from '../idp/adapter.ts';

export const STATE_FORMAT = 'kiln-local-azure-state';
export const STATE_VERSION = 1;
const FILE = 'state.json';

/** Everything local Azure answers from, as plain JSON. */
export interface LocalAzureState {
  format: typeof STATE_FORMAT;
  version: typeof STATE_VERSION;
  savedAt: string;
  /** The URLs the world was made with (its resources hold them: restart on the same ports). */
  endpoints: { arm: string; idp: string; blob: string };
  settings: { speed: number; pageSize: number; tokenTtlSeconds: number };
  /** The world's time and the jobs scheduled on it. */
  clock: { azureTime: number; jobs: SavedJob[] };
  world: WorldDump;
  /** The api-version each image template was created with. */
  createdWith: Array<[string, string]>;
  operations: Array<[string, LroEntry]>;
  activity: EventData[];
  mailbox: Mail[];
  containerLogs: Array<[string, Array<[string, string]>]>;
  blobs: SavedBlobPool;
  simulator: SavedSimulator;
  /** The identity provider's sessions, grants and tokens (its signing keys live in the cert folder). */
  idp: Array<[string, Array<[string, OidcEntry]>]>;
}

/** A state folder local Azure cannot use. */
export class StateError extends Error {}

export function stateFile(dir: string): string {
  return join(dir, FILE);
}

const ARRAYS = ['activity', 'mailbox', 'operations', 'createdWith', 'containerLogs', 'idp'] as const;
const OBJECTS = ['endpoints', 'settings', 'clock', 'world', 'blobs', 'simulator'] as const;

function check(v: unknown, file: string): LocalAzureState {
  const fail = (why: string): never => {
    throw new StateError(`${file} is not a local Azure state this version can load: ${why}`);
  };
  if (typeof v !== 'object' || v === null) return fail('not a JSON object');
  const o = v as Record<string, unknown>;
  if (o.format !== STATE_FORMAT) fail(`format is not '${STATE_FORMAT}'`);
  if (o.version !== STATE_VERSION) fail(`version ${String(o.version)}, expected ${STATE_VERSION}`);
  for (const k of ARRAYS) if (!Array.isArray(o[k])) fail(`'${k}' is not an array`);
  for (const k of OBJECTS) if (typeof o[k] !== 'object' || o[k] === null) fail(`'${k}' is missing`);
  return v as LocalAzureState;
}

/** The state saved in `dir`, or undefined when there is none. Throws StateError when it cannot be read. */
export function readState(dir: string): LocalAzureState | undefined {
  const file = stateFile(dir);
  if (!existsSync(file)) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new StateError(`${file} could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  return check(v, file);
}

let tmpSeq = 0;

/** Writes the state atomically: a temporary file in the same folder, renamed over state.json. */
export async function writeState(dir: string, state: LocalAzureState): Promise<void> {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `${FILE}.${process.pid}.${++tmpSeq}.tmp`);
  await writeFile(tmp, JSON.stringify(state), { mode: 0o600 });
  await rename(tmp, stateFile(dir));
}

/**
 * Where Azurite keeps its blobs in a state folder. Without a saved state the folder is emptied first: a
 * new world hands out the same account names, and must not find an older world's logs in them.
 */
export function blobLocation(dir: string): string {
  const location = join(dir, 'azurite');
  if (!existsSync(stateFile(dir))) rmSync(location, { recursive: true, force: true });
  mkdirSync(location, { recursive: true, mode: 0o700 });
  return location;
}
