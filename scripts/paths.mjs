// Where local Azure keeps its generated state (git-ignored). KILN_LOCAL_DIR overrides it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('..', import.meta.url)));

export function certPaths() {
  const dir = resolve(process.env.KILN_LOCAL_DIR ?? join(repoRoot, '.local-azure'));
  return {
    dir,
    ca: join(dir, 'ca.pem'),
    caKey: join(dir, 'ca-key.pem'),
    cert: join(dir, 'localhost.pem'),
    key: join(dir, 'localhost-key.pem'),
    csr: join(dir, 'localhost.csr'),
    ext: join(dir, 'localhost.ext'),
    bundle: join(dir, 'ca-bundle.pem'),
  };
}

/**
 * The NODE_EXTRA_CA_CERTS value for Node processes that call local Azure. Node reads one file only,
 * so when the environment already names another bundle (some machines preset one), both are joined
 * into `.local-azure/ca-bundle.pem`.
 */
export function extraCaCertsFor(env = process.env) {
  const p = certPaths();
  const existing = env.NODE_EXTRA_CA_CERTS;
  if (!existing) return p.ca;
  if (existing === p.ca || existing === p.bundle) return existing;
  if (!existsSync(existing)) return p.ca;
  writeFileSync(p.bundle, `${readFileSync(existing, 'utf8').trimEnd()}\n${readFileSync(p.ca, 'utf8')}`);
  return p.bundle;
}
