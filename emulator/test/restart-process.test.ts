// Conformance: local Azure as a process (emulator/src/main.ts) with a state folder, stopped mid-build and
// started again on the same folder and ports. The same build (same start time, same staging group, same
// log folder) goes on from where it was and succeeds; the SDK's poller, restored from its saved state,
// follows the same operation to its end; a token and a refresh token issued before the stop still work;
// the build log written before the stop is still in Azurite (on disk in the state folder) and goes on.
// Two ways to stop: SIGTERM (a clean stop saves the state) and SIGKILL once the periodic save holds the
// build mid-build (nothing runs at the kill; Azurite saves its blob index when its parent is gone).
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImageBuilderClient, restorePoller } from '@azure/arm-imagebuilder';
import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { LocalAzureInfo } from '../src/config.ts';
import { clientOptions, userToken } from '../testing/harness.ts';
import { refreshUserToken, staticCredential } from '../testing/tokens.ts';
import { armSession, lastRunOf, templatePath, until, type Rec } from '../testing/session.ts';
import {
  freePorts,
  startLocalAzureProcess,
  untilRefused,
  waitForInfo,
  type LocalAzureProcess,
  type Ports,
} from '../testing/local-azure-process.ts';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { SEED } from '../src/world/seed.ts';

const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const NAME = 'ubuntu2204-gallery-pl';
const ID = templatePath(DEV, SEED.imagesRg, NAME);
/** About 15 s for the whole build (a layout-2 build to a gallery). */
const SPEED = '100';
const running: LocalAzureProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const p of running) if (p.child.exitCode === null) p.child.kill('SIGKILL');
  await Promise.all(running.map((p) => p.exited));
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function start(
  ports: Ports,
  stateDir: string,
): Promise<{ p: LocalAzureProcess; info: LocalAzureInfo }> {
  const p = startLocalAzureProcess(ports, {
    LOCAL_AZURE_STATE_DIR: stateDir,
    LOCAL_AZURE_SPEED: SPEED,
    LOCAL_AZURE_STATE_SAVE_MS: '200',
  });
  running.push(p);
  return { p, info: await waitForInfo(p, ports) };
}

/** The build's customization.log: the newest run folder of the staging account (the template never ran). */
async function buildLog(info: LocalAzureInfo, token: string): Promise<string> {
  const { arm } = armSession(info, () => token);
  const t = await arm('GET', ID);
  const rg = String((t.body.properties as Rec).exactStagingResourceGroup);
  const list = await arm('GET', `${rg}/providers/Microsoft.Storage/storageAccounts`, '2023-05-01');
  const account = ((list.body.value ?? []) as Array<{ id: string; name: string }>)[0];
  if (!account) throw new Error('no staging storage account');
  const keys = await arm('POST', `${account.id}/listKeys`, '2023-05-01');
  const key = ((keys.body.keys as Array<{ value: string }>)[0] ?? { value: '' }).value;
  const svc = new BlobServiceClient(
    `${info.blob}/${account.name}/`,
    new StorageSharedKeyCredential(account.name, key),
  );
  const c = svc.getContainerClient('packerlogs');
  const logs: string[] = [];
  for await (const b of c.listBlobsFlat()) if (b.name.endsWith('/customization.log')) logs.push(b.name);
  expect(logs).toHaveLength(1);
  return (await c.getBlobClient(logs[0] ?? '').downloadToBuffer()).toString('utf8');
}

/** The template as state.json holds it, and the builds saved with it. */
function saved(stateDir: string): { run: Rec; builds: number } {
  const file = join(stateDir, 'state.json');
  if (!existsSync(file)) return { run: {}, builds: 0 };
  const s = JSON.parse(readFileSync(file, 'utf8')) as {
    world: { resources: Array<{ resource: Rec & { id: string } }> };
    simulator: { builds: unknown[] };
  };
  const t = s.world.resources.find((r) => r.resource.id.toLowerCase() === ID.toLowerCase());
  return { run: t ? lastRunOf(t.resource) : {}, builds: s.simulator.builds.length };
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

async function stoppedMidBuild(signal: 'SIGTERM' | 'SIGKILL'): Promise<void> {
  const ports = await freePorts();
  const stateDir = mkdtempSync(join(tmpdir(), 'local-azure-state-'));
  dirs.push(stateDir);
  const first = await start(ports, stateDir);
  const tokens = await userToken(first.info, 'ava');
  const { arm } = armSession(first.info, () => tokens.accessToken);
  const client = new ImageBuilderClient(staticCredential(tokens), DEV, clientOptions(first.info));
  const poller = client.virtualMachineImageTemplates.run(SEED.imagesRg, NAME, { updateIntervalInMs: 200 });
  await poller.submitted();
  const pollerState = await poller.serialize();
  const before = lastRunOf(
    (
      await until(
        () => arm('GET', ID),
        (r) => lastRunOf(r.body).runSubState === 'Customizing',
        60_000,
        'Customizing',
      )
    ).body,
  );
  const stagingGroup = ((await arm('GET', ID)).body.properties as Rec).exactStagingResourceGroup;
  const logBefore = await buildLog(first.info, tokens.accessToken);
  expect(logBefore).toContain('Running builder');

  if (signal === 'SIGKILL')
    await until(
      async () => saved(stateDir),
      (s) => s.run.runSubState === 'Customizing' && s.builds === 1,
      20_000,
      'a save mid-build',
    );
  first.p.child.kill(signal);
  const code = await first.p.exited;
  if (signal === 'SIGTERM') expect(code).toBe(0);
  await untilRefused([ports.arm, ports.idp, ports.blob]);
  const kept = saved(stateDir);
  expect(kept.builds).toBe(1);
  expect(kept.run.startTime).toBe(before.startTime);

  const second = await start(ports, stateDir);
  // The access token from before the stop: same signing key, same issuer.
  const after = lastRunOf((await arm('GET', ID)).body);
  expect(after.startTime).toBe(before.startTime);
  expect(after.runState).toBe('Running');
  expect(['Customizing', 'Distributing']).toContain(after.runSubState);
  // The refresh token from before the stop: the sessions were saved too.
  const refreshed = await refreshUserToken({
    authority: second.info.authority,
    clientId: second.info.spaClientId,
    refreshToken: tokens.refreshToken ?? '',
  });
  expect(refreshed.accessToken).toBeTruthy();

  const resumed = restorePoller(client, pollerState, client.virtualMachineImageTemplates.run, {
    updateIntervalInMs: 200,
  });
  await resumed.pollUntilDone();
  const end = lastRunOf((await arm('GET', ID)).body);
  expect(end).toMatchObject({ runState: 'Succeeded', startTime: before.startTime });
  expect(((await arm('GET', ID)).body.properties as Rec).exactStagingResourceGroup).toBe(stagingGroup);

  const logAfter = await buildLog(second.info, refreshed.accessToken);
  expect(logAfter.startsWith(logBefore)).toBe(true);
  expect(count(logAfter, 'Running builder')).toBe(1);
  expect(count(logAfter, "Build 'azure-arm' finished")).toBe(1);
  if (signal === 'SIGTERM') expect(count(logAfter, 'Deleting individual resources')).toBe(1);
  second.p.child.kill('SIGTERM');
  expect(await second.p.exited).toBe(0);
}

describe('local Azure stopped mid-build and started again on its state folder', () => {
  it('SIGTERM: the same build goes on to Succeeded; tokens, operation and log survive', async () => {
    await stoppedMidBuild('SIGTERM');
  }, 180_000);

  it('SIGKILL after a save: the same build goes on to Succeeded; tokens, operation and log survive', async () => {
    await stoppedMidBuild('SIGKILL');
  }, 180_000);
});
