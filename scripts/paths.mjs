// Where local Azure keeps its generated state (git-ignored). KILN_LOCAL_DIR overrides it.
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
  };
}
