// AIB's run states (`lastRunStatus.runState`, docs/azure/image-builder.md) and what Kiln derives from
// them. The list's state filter, the run badge, the build buttons and the topology read them from here.
// Local Azure keeps its own list (emulator/src/simulator/build-run.ts); emulator/agreement checks both
// agree.
import type { RunState } from '@azure/arm-imagebuilder';

export type { RunState };

/** Every runState AIB reports, in the list's filter order. */
export const RUN_STATES: readonly RunState[] = [
  'Running',
  'Canceling',
  'Succeeded',
  'PartiallySucceeded',
  'Failed',
  'Canceled',
];

export const RUN_STATE_LABELS: Record<RunState, string> = {
  Running: 'Running',
  Canceling: 'Canceling',
  Succeeded: 'Succeeded',
  PartiallySucceeded: 'Partially succeeded',
  Failed: 'Failed',
  Canceled: 'Canceled',
};

/** States of a run that is still going. */
export const ACTIVE_RUN_STATES: readonly RunState[] = ['Running', 'Canceling'];

/** A run that is still going: AIB rejects another run, a delete, and most updates meanwhile. */
export function isRunActive(runState: RunState | string | undefined): boolean {
  return (ACTIVE_RUN_STATES as readonly (string | undefined)[]).includes(runState);
}

export function isTemplateBuilding(t: { lastRunStatus?: { runState?: string } } | undefined): boolean {
  return isRunActive(t?.lastRunStatus?.runState);
}
