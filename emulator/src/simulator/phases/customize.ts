// Customizing: each customizer's output over its duration; a failing script (or a build VM subnet with no
// way out) fails Packer. Then deprovisioning (waagent / Sysprep).
import { errorHandling, planCustomizers, DURATIONS, type StepPlan } from '../plan.ts';
import { hasOutbound } from '../network.ts';
import { packerLines } from '../logs.ts';
import type { BuildRun } from '../build-run.ts';
import type { Provisioned } from './provision.ts';
import type { BuildSubnets } from './staging-network.ts';

/** Prints a step's output over its duration. */
async function runStep(run: BuildRun, step: StepPlan): Promise<void> {
  const n = Math.max(1, step.lines.length);
  const slice = step.duration / (n + 1);
  for (const l of step.lines) {
    await run.sleep(slice);
    run.log(`==> azure-arm: ${l}`);
  }
  await run.sleep(slice);
}

export async function customize(run: BuildRun, p: Provisioned, net: BuildSubnets): Promise<void> {
  await run.phase('Customizing');
  const { props } = p;
  const abort = errorHandling(props).onCustomizerError === 'abort';
  const privateBuildSubnet = p.layout !== 1 && net.vmSubnet && !hasOutbound(run.deps.world, net.vmSubnet);
  for (const planned of planCustomizers(props)) {
    // A script fault (control API) makes the first customizer's script end with that exit code.
    const step =
      planned.index === 0 && run.scriptFault !== undefined
        ? { ...planned, failExit: run.scriptFault }
        : planned;
    run.logAll(packerLines.stepStart(step, run.os));
    if (privateBuildSubnet) {
      await run.sleep(120);
      run.logAll(packerLines.noOutbound(net.vmSubnetId), true);
      throw run.failPacker(abort);
    }
    await runStep(run, step);
    if (step.failExit !== undefined) {
      run.logAll(packerLines.stepFailed(step), true);
      throw run.failPacker(abort);
    }
    run.logAll(packerLines.stepEnd(step));
  }
  run.log('(telemetry) Finalizing. - This means VM customization has finished');
  run.logAll(packerLines.deprovision(run.os));
  await run.sleep(DURATIONS.deprovision[run.os]);
}
