// Conformance: POST /_local/restart, what a stopped and started local Azure does, inside one process:
// the answer comes, then Resource Manager and the identity provider refuse connections for the asked
// seconds, then answer again with the same world (a temporary state folder here: none is configured). The
// build that was running goes on to Succeeded, followed by the SDK's poller restored from its state.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ImageBuilderClient, restorePoller } from '@azure/arm-imagebuilder';
import { clientOptions, control, userToken } from '../testing/harness.ts';
import { staticCredential, type TokenSet } from '../testing/tokens.ts';
import { armSession, lastRunOf, templatePath, until, type Rec } from '../testing/session.ts';
import { refused } from '../testing/local-azure-process.ts';
import { SUBSCRIPTIONS } from '../src/world/identities.ts';
import { SEED } from '../src/world/seed.ts';

const info = inject('localAzure');
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const NAME = 'ubuntu2204-gallery-pl';
const ID = templatePath(DEV, SEED.imagesRg, NAME);
const armPort = Number(new URL(info.arm).port);
const idpPort = Number(new URL(info.authority).port);
let tokens: TokenSet;
const { arm } = armSession(info, () => tokens.accessToken);

beforeAll(async () => {
  tokens = await userToken(info, 'ava');
  expect((await control(info, 'POST', 'reset')).status).toBe(200);
  expect((await control(info, 'POST', 'time', { speed: 100 })).status).toBe(200);
});

afterAll(async () => {
  await control(info, 'POST', 'time', { speed: info.speed });
});

/**
 * Samples both ports every 100 ms until ARM answers again; returns when, and whether the identity
 * provider answered while ARM still refused before the down time was over (`downUntil`, less 100 ms of
 * slack). After it, the two come back one after the other, and a sample may fall between them.
 */
async function whileDown(
  ms: number,
  downUntil: number,
): Promise<{ upAt: number; answeredWhileDown: boolean }> {
  const end = Date.now() + ms;
  let answeredWhileDown = false;
  for (;;) {
    const sampledAt = Date.now();
    const [a, i] = await Promise.all([refused(armPort), refused(idpPort)]);
    if (!a) {
      const res = await fetch(`${info.arm}/_local/info`).catch(() => undefined);
      if (res?.ok) return { upAt: Date.now(), answeredWhileDown };
    }
    if (!i && a && sampledAt < downUntil - 100) answeredWhileDown = true;
    if (Date.now() > end) throw new Error(`local Azure did not come back within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('POST /_local/restart', () => {
  it('refuses a downSeconds that is not a number from 0 to 300', async () => {
    for (const downSeconds of [-1, 301, '2'])
      expect((await control(info, 'POST', 'restart', { downSeconds })).status).toBe(400);
    expect(await refused(armPort)).toBe(false);
  });

  it('refuses connections for the seconds asked, then answers with the same world; the build succeeds', async () => {
    const client = new ImageBuilderClient(staticCredential(tokens), DEV, clientOptions(info));
    const poller = client.virtualMachineImageTemplates.run(SEED.imagesRg, NAME, { updateIntervalInMs: 200 });
    await poller.submitted();
    const pollerState = await poller.serialize();
    const running = await until(
      () => arm('GET', ID),
      (r) => lastRunOf(r.body).runSubState === 'Customizing',
      60_000,
      'Customizing',
    );
    const before = lastRunOf(running.body);
    const staging = (running.body.properties as Rec).exactStagingResourceGroup;

    const answer = await control(info, 'POST', 'restart', { downSeconds: 2 });
    const answeredAt = Date.now();
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ ok: true, downSeconds: 2 });
    expect(answer.headers.get('connection')).toBe('close');
    // Down at once: both ports refuse connections.
    expect(await refused(armPort)).toBe(true);
    expect(await refused(idpPort)).toBe(true);
    const { upAt, answeredWhileDown } = await whileDown(30_000, answeredAt + 2000);
    expect(answeredWhileDown).toBe(false);
    expect(upAt - answeredAt).toBeGreaterThanOrEqual(1900);

    // The same world: the same token works, the build is where it was (or further), the time scale kept.
    const after = await arm('GET', ID);
    expect(after.status).toBe(200);
    expect(lastRunOf(after.body)).toMatchObject({ startTime: before.startTime, runState: 'Running' });
    expect(['Customizing', 'Distributing']).toContain(lastRunOf(after.body).runSubState);
    expect((after.body.properties as Rec).exactStagingResourceGroup).toBe(staging);
    expect(((await control(info, 'GET', 'info')).json as Rec).speed).toBe(100);

    const resumed = restorePoller(client, pollerState, client.virtualMachineImageTemplates.run, {
      updateIntervalInMs: 200,
    });
    await resumed.pollUntilDone();
    expect(lastRunOf((await arm('GET', ID)).body)).toMatchObject({
      runState: 'Succeeded',
      startTime: before.startTime,
    });
  }, 120_000);
});
