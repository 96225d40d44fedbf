// Conformance helper: a build held mid-way (POST /_local/hold), so its staging resources (container
// group, VMs, NICs, disks, load balancer, Private Link Service, private endpoint, storage account) can be
// read without racing the clock. It does not depend on the time scale or the machine's load: the build is
// driven to the hold at a high time scale (whatever speed earlier tests left), and the previous speed is
// restored once it is held; only the hold stops the build, never a sleep.
import type { LocalAzureInfo } from '../src/config.ts';
import { armSession, lastRunOf, until, type Rec } from './session.ts';

export interface HeldBuild {
  templatePath: string;
  /** Name of the template's staging resource group. */
  stagingRg: string;
  /** Releases the hold, cancels the run and waits until it stops. */
  release(): Promise<void>;
}

/** Simulated time while driving a build to its hold or to its end: a Linux build to Customizing is ~0.2 s. */
const FAST = 5000;
/** Each wait below; three of them stay within the conformance project's 60 s hook timeout. */
const WAIT_MS = 15_000;

const busy = (l: Rec): boolean => l.runState === 'Running' || l.runState === 'Canceling';

/**
 * Runs `templatePath` (an image template id) and waits until its build is held at `phase`, with `ready`
 * true for the staging resource group's resources. A run of the template still going (left by an
 * earlier test) is cancelled first.
 */
export async function holdBuild(
  info: Pick<LocalAzureInfo, 'arm'>,
  token: string,
  templatePath: string,
  phase = 'Customizing',
  ready: (resources: Array<{ type: string; name: string }>) => boolean = () => true,
): Promise<HeldBuild> {
  const { arm, control } = armSession(info, () => token);
  const runOf = async (): Promise<Rec> => lastRunOf((await arm('GET', templatePath)).body);
  const speed = Number((await control('GET', 'info')).speed);
  await control('POST', 'time', { speed: FAST });
  const cancel = async (): Promise<void> => {
    if (busy(await runOf())) await arm('POST', `${templatePath}/cancel`);
  };
  const idle = (): Promise<Rec> => until(runOf, (l) => !busy(l), WAIT_MS, `${templatePath} to stop`);
  try {
    await cancel();
    await idle();
    await control('POST', 'hold', { template: templatePath, phase });
    const run = await arm('POST', `${templatePath}/run`);
    if (run.status !== 202) throw new Error(`run: ${run.status} ${JSON.stringify(run.body)}`);
    const held = (l: Rec): boolean => l.runState === 'Running' && l.runSubState === phase;
    await until(runOf, held, WAIT_MS, `${templatePath} held at ${phase}`);
    const t = (await arm('GET', templatePath)).body;
    const stagingRg =
      String((t.properties as Rec).exactStagingResourceGroup)
        .split('/')
        .pop() ?? '';
    const resources = `/subscriptions/${templatePath.split('/')[2] ?? ''}/resourceGroups/${stagingRg}/resources`;
    const list = async (): Promise<Array<{ type: string; name: string }>> => {
      const r = await arm('GET', resources, '2025-04-01');
      return Array.isArray(r.body.value) ? (r.body.value as Array<{ type: string; name: string }>) : [];
    };
    await until(list, ready, WAIT_MS, `the staging resources of ${templatePath}`);
    await control('POST', 'time', { speed });
    return {
      templatePath,
      stagingRg,
      async release() {
        await control('POST', 'time', { speed: FAST });
        try {
          await cancel();
          await control('DELETE', 'hold');
          await idle();
        } finally {
          await control('POST', 'time', { speed });
        }
      },
    };
  } catch (e) {
    await control('DELETE', 'hold');
    await control('POST', 'time', { speed });
    throw e;
  }
}
