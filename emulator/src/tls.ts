// Where the local CA and the localhost certificate live (made by scripts/certs.mjs; same rule as
// scripts/paths.mjs: KILN_LOCAL_DIR or <repo>/.local-azure).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export interface CertFiles {
  dir: string;
  ca: string;
  cert: string;
  key: string;
}

export function certFiles(dir?: string): CertFiles {
  const d = resolve(dir ?? process.env.KILN_LOCAL_DIR ?? join(repoRoot, '.local-azure'));
  return { dir: d, ca: join(d, 'ca.pem'), cert: join(d, 'localhost.pem'), key: join(d, 'localhost-key.pem') };
}

export function loadTls(files: CertFiles): { cert: Buffer; key: Buffer } {
  if (!existsSync(files.cert) || !existsSync(files.key)) {
    throw new Error(
      `No localhost certificate in ${files.dir}. Run \`node scripts/certs.mjs\` first (npm scripts do it for you).`,
    );
  }
  return { cert: readFileSync(files.cert), key: readFileSync(files.key) };
}
