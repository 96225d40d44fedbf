// The state file: written whole or not at all (a temporary file renamed over it), read back as written,
// refused with a clear error when it is not a state this version can load.
import {
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
  mkdirSync,
  existsSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blobLocation,
  readState,
  StateError,
  stateFile,
  writeState,
  type LocalAzureState,
} from './state-file.ts';

const state = (): LocalAzureState => ({
  format: 'kiln-local-azure-state',
  version: 1,
  savedAt: '2026-01-01T00:00:00.000Z',
  endpoints: {
    arm: 'https://localhost:4010',
    idp: 'https://localhost:8443',
    blob: 'https://127.0.0.1:10000',
  },
  settings: { speed: 12, pageSize: 100, tokenTtlSeconds: 3600 },
  clock: { azureTime: 1234, jobs: [{ kind: 'lro.succeeded', args: { opId: 'X' }, remainingMs: 10 }] },
  world: { resources: [] },
  createdWith: [],
  operations: [],
  activity: [],
  mailbox: [],
  containerLogs: [],
  blobs: { names: ['a'], keys: [['a', 'k']], used: [] },
  simulator: { builds: [], holds: [], scriptFaults: [], operations: [] },
  idp: [],
});

const made: string[] = [];
const dir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'state-file-test-'));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

describe('the state file', () => {
  it('is read back as written, leaves no temporary file, and only its owner may read it', async () => {
    const d = join(dir(), 'state');
    expect(readState(d)).toBeUndefined();
    await writeState(d, state());
    await writeState(d, { ...state(), savedAt: '2026-01-02T00:00:00.000Z' });
    expect(readState(d)).toEqual({ ...state(), savedAt: '2026-01-02T00:00:00.000Z' });
    expect(readdirSync(d)).toEqual(['state.json']);
    expect(statSync(stateFile(d)).mode & 0o077).toBe(0);
  });

  it('refuses a file of another format or version, or one cut short', () => {
    const d = dir();
    writeFileSync(stateFile(d), JSON.stringify({ ...state(), version: 2 }));
    expect(() => readState(d)).toThrow(StateError);
    writeFileSync(stateFile(d), JSON.stringify({ ...state(), format: 'other' }));
    expect(() => readState(d)).toThrow(/format/);
    writeFileSync(stateFile(d), JSON.stringify(state()).slice(0, 100));
    expect(() => readState(d)).toThrow(/could not be read/);
    writeFileSync(stateFile(d), JSON.stringify({ ...state(), world: undefined }));
    expect(() => readState(d)).toThrow(/'world'/);
  });

  it("empties Azurite's folder when there is no saved state to go with it", async () => {
    const d = dir();
    mkdirSync(join(d, 'azurite'));
    writeFileSync(join(d, 'azurite', 'old-blob'), 'x');
    await writeState(d, state());
    blobLocation(d);
    expect(readFileSync(join(d, 'azurite', 'old-blob'), 'utf8')).toBe('x');
    const fresh = dir();
    mkdirSync(join(fresh, 'azurite'));
    writeFileSync(join(fresh, 'azurite', 'old-blob'), 'x');
    blobLocation(fresh);
    expect(existsSync(join(fresh, 'azurite', 'old-blob'))).toBe(false);
  });
});
