// Optimizing (when the template asks for it) and Validating (when it has validators): each validator
// writes to validation.log; a failing one fails the build with ValidationFailed.
import { DURATIONS, errorHandling, optimizeConfigured, planValidators, validateConfigured } from '../plan.ts';
import * as M from '../messages.ts';
import { BuildFailure, type BuildRun } from '../build-run.ts';
import type { Provisioned } from './provision.ts';

export async function optimize(run: BuildRun, p: Provisioned): Promise<void> {
  if (!optimizeConfigured(p.props)) return;
  await run.phase('Optimizing');
  run.log('==> azure-arm: Optimizing the image for faster VM boot ...');
  await run.sleep(DURATIONS.optimize);
}

export async function validate(run: BuildRun, p: Provisioned): Promise<void> {
  const { props } = p;
  if (!validateConfigured(props)) return;
  await run.phase('Validating');
  await run.sleep(DURATIONS.validateBase);
  const op = run.operationId.toLowerCase();
  for (const v of planValidators(props)) {
    run.log(`(telemetry) Starting validator ${v.type} ${v.name}`, false, 'validation.log');
    await run.sleep(v.duration);
    if (v.failExit !== undefined) {
      run.log(
        `==> azure-arm: Script exited with non-zero exit status: ${v.failExit}. Allowed exit codes are: [0]`,
        true,
        'validation.log',
      );
      throw new BuildFailure(
        'ValidationFailed',
        M.packerFailedMessage(run.logUrl('validation.log'), op),
        M.packerFailedLroMessage(run.armLogPath('validation.log'), op),
        errorHandling(props).onValidationError === 'abort',
      );
    }
    run.log(`(telemetry) ending validator ${v.type} ${v.name}`, false, 'validation.log');
  }
}
