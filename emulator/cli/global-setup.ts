// Vitest global setup for the `cli` project: makes sure Debian's Azure CLI is installed, then starts one
// local Azure on free ports exactly as the conformance project does.
import type { TestProject } from 'vitest/node';
import startLocalAzure from '../test/global-setup.ts';
import { ensureAzureCli } from './az.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  ensureAzureCli();
  return startLocalAzure(project);
}
