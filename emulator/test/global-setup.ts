// Vitest global setup for the `conformance` project: starts local Azure in-process on free ports
// (ARM, identity provider, Azurite), provides its endpoints to the tests (`inject('localAzure')`) and
// stops it afterwards. Needs the local CA in NODE_EXTRA_CA_CERTS (scripts/with-ca.mjs).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startLocalAzure, type LocalAzureInfo } from '../src/server.ts';
import { certFiles, repoRoot } from '../src/tls.ts';

/** Extra app origin the conformance tests use for CORS checks (beside the default one). */
export const TEST_APP_ORIGIN = 'http://localhost:3999';

declare module 'vitest' {
  export interface ProvidedContext {
    localAzure: LocalAzureInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const files = certFiles();
  if (!existsSync(files.cert))
    execFileSync(process.execPath, [join(repoRoot, 'scripts', 'certs.mjs')], { stdio: 'inherit' });
  const azure = await startLocalAzure({
    armPort: 0,
    idpPort: 0,
    blobPort: 0,
    appOrigins: ['http://localhost:3000', TEST_APP_ORIGIN],
    speed: Number(process.env.LOCAL_AZURE_SPEED ?? 600),
    pageSize: 100,
    tokenTtlSeconds: 3600,
  });
  project.provide('localAzure', azure.info);
  return () => azure.stop();
}
