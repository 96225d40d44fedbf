// The identity provider's signing key and cookie keys, persisted in the cert folder so tokens and
// sessions survive a restart (a new key under an old kid breaks JWKS caches: msal-local.md pitfall 10).
// Several local Azures may start at once on a fresh clone (the test command starts one per test
// process) and share the folder: the first to create the file wins, atomically, and the others read its
// keys. Each candidate is written whole to a file of its own and linked into place (a link fails if the
// name exists), so no process reads a half-written file or keeps a key that another one replaced.
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JWK } from 'jose';

export interface IdpKeys {
  /** Private RSA JWK with kid, alg RS256, use sig. */
  signing: JWK;
  /** Public part of `signing`. */
  publicJwk: JWK;
  cookieKeys: string[];
}

interface Stored {
  signing: JWK;
  cookieKeys: string[];
}

function isStored(v: unknown): v is Stored {
  return (
    typeof v === 'object' &&
    v !== null &&
    'signing' in v &&
    'cookieKeys' in v &&
    Array.isArray((v as Stored).cookieKeys) &&
    typeof (v as Stored).signing === 'object'
  );
}

function fresh(): Stored {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = privateKey.export({ format: 'jwk' }) as JWK;
  const kid = createHash('sha256')
    .update(jwk.n ?? '')
    .digest('base64url')
    .slice(0, 16);
  return {
    signing: { ...jwk, kid, alg: 'RS256', use: 'sig' },
    cookieKeys: [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')],
  };
}

/** The stored keys; undefined when the file is missing, `'corrupt'` when it holds something else. */
function readStored(file: string): Stored | 'corrupt' | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const v: unknown = JSON.parse(text);
    return isStored(v) ? v : 'corrupt';
  } catch {
    return 'corrupt';
  }
}

export function loadIdpKeys(dir: string): IdpKeys {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'idp-keys.json');
  let stored = readStored(file);
  if (stored === undefined || stored === 'corrupt') {
    const candidate = fresh();
    const own = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    writeFileSync(own, JSON.stringify(candidate), { mode: 0o600 });
    try {
      if (stored === 'corrupt') {
        // Not a race (every write is whole): a damaged file is replaced.
        renameSync(own, file);
        stored = candidate;
      } else {
        linkSync(own, file);
        stored = candidate;
      }
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      // Another process created it first: its keys are the ones every process uses.
      const theirs = readStored(file);
      if (theirs === undefined || theirs === 'corrupt')
        throw new Error(`${file} could not be read after it was created`, { cause: e });
      stored = theirs;
    } finally {
      rmSync(own, { force: true });
    }
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = stored.signing;
  return { signing: stored.signing, publicJwk, cookieKeys: stored.cookieKeys };
}
