import { describe, expect, it } from 'vitest';
import {
  ACTIVE_RUN_STATES,
  isRunActive,
  isTemplateBuilding,
  RUN_STATE_LABELS,
  RUN_STATES,
} from './run-state';

describe('run states', () => {
  it('lists AIB’s six run states, each with a label', () => {
    expect(RUN_STATES).toEqual([
      'Running',
      'Canceling',
      'Succeeded',
      'PartiallySucceeded',
      'Failed',
      'Canceled',
    ]);
    expect(RUN_STATES.map((s) => RUN_STATE_LABELS[s])).toContain('Partially succeeded');
    expect(ACTIVE_RUN_STATES.every((s) => RUN_STATES.includes(s))).toBe(true);
  });

  it('knows a run that is still going', () => {
    expect(isRunActive('Running')).toBe(true);
    expect(isRunActive('Canceling')).toBe(true);
    expect(isRunActive('Failed')).toBe(false);
    expect(isRunActive('Canceled')).toBe(false);
    expect(isRunActive(undefined)).toBe(false);
    expect(isTemplateBuilding({ lastRunStatus: { runState: 'Running' } })).toBe(true);
    expect(isTemplateBuilding({})).toBe(false);
    expect(isTemplateBuilding(undefined)).toBe(false);
  });
});
