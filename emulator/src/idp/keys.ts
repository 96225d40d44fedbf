// The identity provider's signing key and cookie keys, persisted in the cert folder so tokens and
// sessions survive a restart (a new key under an old kid breaks JWKS caches: msal-local.md pitfall 10).
import { generateKeyPairSync, randomBytes, createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
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

export function loadIdpKeys(dir: string): IdpKeys {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'idp-keys.json');
  let stored: Stored | undefined;
  if (existsSync(file)) {
    try {
      const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
      if (isStored(v)) stored = v;
    } catch {
      stored = undefined;
    }
  }
  if (!stored) {
    stored = fresh();
    writeFileSync(file, JSON.stringify(stored), { mode: 0o600 });
  }
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = stored.signing;
  return { signing: stored.signing, publicJwk, cookieKeys: stored.cookieKeys };
}
