import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { loadIdpKeys } from './keys.ts';

const run = promisify(execFile);
const dirs: string[] = [];
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kiln-idp-keys-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const storedKid = (dir: string) =>
  (JSON.parse(readFileSync(join(dir, 'idp-keys.json'), 'utf8')) as { signing: { kid: string } }).signing.kid;

describe('loadIdpKeys', () => {
  it('keeps the keys across loads (a restart signs with the same key)', () => {
    const dir = freshDir();
    const first = loadIdpKeys(dir);
    expect(loadIdpKeys(dir).signing.kid).toBe(first.signing.kid);
    expect(storedKid(dir)).toBe(first.signing.kid);
  });

  it('replaces a damaged file', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'idp-keys.json'), '{"signing":');
    const keys = loadIdpKeys(dir);
    expect(storedKid(dir)).toBe(keys.signing.kid);
  });

  it('gives local Azures starting at once in one folder the same key, the one in the file', async () => {
    // A fresh clone's test command starts several local Azures together; each used to write its own
    // key, and the tests that sign with the file's key were refused by the others.
    const dir = freshDir();
    const startAt = Date.now() + 1500;
    const script = `
      import { loadIdpKeys } from ${JSON.stringify(join(import.meta.dirname, 'keys.ts'))};
      while (Date.now() < ${startAt}) {}
      process.stdout.write(loadIdpKeys(${JSON.stringify(dir)}).signing.kid);`;
    const kids = await Promise.all(
      Array.from({ length: 6 }, () =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]).then((r) => r.stdout),
      ),
    );
    expect(new Set(kids).size).toBe(1);
    expect(kids[0]).toBe(storedKid(dir));
    expect(readdirSync(dir)).toEqual(['idp-keys.json']);
  }, 30_000);
});
