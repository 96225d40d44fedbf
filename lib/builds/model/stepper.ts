// The phase stepper of a build: Queued → Building → Customizing → Optimizing → Validating →
// Distributing, leaving out the phases the template does not configure, and one look per outcome.
import type { ImageTemplate, RunSubState } from '@azure/arm-imagebuilder';
import { isUnsetTime } from '@/lib/aib/times';

export const PHASES: RunSubState[] = [
  'Queued',
  'Building',
  'Customizing',
  'Optimizing',
  'Validating',
  'Distributing',
];

export type StepStatus = 'done' | 'current' | 'upcoming' | 'failed' | 'canceled' | 'partial';

export type RunOutcome =
  | 'never'
  | 'running'
  | 'canceling'
  | 'canceled'
  | 'succeeded'
  | 'partial'
  | 'failed'
  /** A runState Kiln does not know (a newer API, or bad data): shown as it is, never as "Never built". */
  | 'unknown';

export interface Step {
  phase: RunSubState;
  status: StepStatus;
}

export interface StepperModel {
  outcome: RunOutcome;
  steps: Step[];
}

type TemplateShape = Pick<ImageTemplate, 'customize' | 'optimize' | 'validate' | 'lastRunStatus'>;

/** The phases this template goes through (unconfigured optimize / validate / customize left out). */
export function configuredPhases(t: TemplateShape): RunSubState[] {
  const optimize = t.optimize?.vmBoot?.state === 'Enabled' || t.optimize?.workload?.state === 'Enabled';
  const validate =
    (t.validate?.inVMValidations?.length ?? 0) > 0 || t.validate?.sourceValidationOnly === true;
  const customize = (t.customize?.length ?? 0) > 0;
  return PHASES.filter(
    (p) =>
      (p !== 'Customizing' || customize) &&
      (p !== 'Optimizing' || optimize) &&
      (p !== 'Validating' || validate),
  );
}

function upTo(phases: RunSubState[], at: RunSubState | undefined, atStatus: StepStatus): Step[] {
  if (!at) return phases.map((phase) => ({ phase, status: 'upcoming' }));
  const atIdx = PHASES.indexOf(at);
  return phases.map((phase) => {
    const i = PHASES.indexOf(phase);
    return { phase, status: i < atIdx ? 'done' : i === atIdx ? atStatus : 'upcoming' };
  });
}

/**
 * The stepper for the template's last run. `lastKnownSubState` is the sub-state seen before the run
 * stopped reporting one (AIB drops runSubState while Canceling); the page remembers it between polls.
 */
export function stepperModel(t: TemplateShape, lastKnownSubState?: RunSubState): StepperModel {
  const phases = configuredPhases(t);
  const run = t.lastRunStatus;
  if (!run?.runState) return { outcome: 'never', steps: upTo(phases, undefined, 'upcoming') };
  const sub = run.runSubState ?? lastKnownSubState;
  switch (run.runState) {
    case 'Running': {
      const at = run.runSubState ?? 'Queued';
      // A sub-state the template does not list (e.g. Optimizing) still marks what came before as done.
      const steps = upTo(phases, at, 'current');
      if (!phases.includes(at)) {
        const next = steps.find((s) => s.status === 'upcoming');
        if (next) next.status = 'current';
      }
      return { outcome: 'running', steps };
    }
    case 'Canceling':
      return { outcome: 'canceling', steps: upTo(phases, sub, 'canceled') };
    case 'Canceled':
      return { outcome: 'canceled', steps: upTo(phases, sub, 'canceled') };
    case 'Failed':
      return { outcome: 'failed', steps: upTo(phases, sub, 'failed') };
    case 'Succeeded':
      return { outcome: 'succeeded', steps: phases.map((phase) => ({ phase, status: 'done' })) };
    case 'PartiallySucceeded':
      return {
        outcome: 'partial',
        steps: phases.map((phase) => ({ phase, status: phase === 'Distributing' ? 'partial' : 'done' })),
      };
    default:
      return { outcome: 'unknown', steps: upTo(phases, undefined, 'upcoming') };
  }
}

export const DEFAULT_BUILD_TIMEOUT_MINUTES = 240;

export interface Elapsed {
  elapsedMs: number;
  timeoutMs: number;
  /** 0‥1 of the timeout used. */
  fraction: number;
  finished: boolean;
}

/** Elapsed time of the last run against the build timeout (0 or unset = AIB's default of 4 h). */
export function elapsedAgainstTimeout(
  t: Pick<ImageTemplate, 'lastRunStatus' | 'buildTimeoutInMinutes'>,
  now: number,
): Elapsed | undefined {
  const run = t.lastRunStatus;
  if (!run?.startTime || isUnsetTime(run.startTime)) return undefined;
  const start = new Date(run.startTime).getTime();
  const finished = !!run.endTime && !isUnsetTime(run.endTime);
  const end = finished && run.endTime ? new Date(run.endTime).getTime() : now;
  const timeoutMs = (t.buildTimeoutInMinutes || DEFAULT_BUILD_TIMEOUT_MINUTES) * 60_000;
  const elapsedMs = Math.max(0, end - start);
  return { elapsedMs, timeoutMs, fraction: Math.min(1, elapsedMs / timeoutMs), finished };
}
