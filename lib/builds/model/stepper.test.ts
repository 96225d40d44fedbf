import { describe, expect, it } from 'vitest';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { configuredPhases, elapsedAgainstTimeout, stepperModel } from './stepper';

const base: Partial<ImageTemplate> = {
  customize: [{ type: 'Shell', name: 'x', inline: ['echo'] } as never],
  distribute: [],
};
const withAll: Partial<ImageTemplate> = {
  ...base,
  optimize: { vmBoot: { state: 'Enabled' } },
  validate: { inVMValidations: [{ type: 'Shell', name: 'v', inline: ['true'] } as never] },
};

const statuses = (m: ReturnType<typeof stepperModel>) => m.steps.map((s) => `${s.phase}:${s.status}`);

describe('configuredPhases', () => {
  it('leaves out phases the template does not configure', () => {
    expect(configuredPhases(base)).toEqual(['Queued', 'Building', 'Customizing', 'Distributing']);
    expect(configuredPhases(withAll)).toHaveLength(6);
    expect(configuredPhases({})).toEqual(['Queued', 'Building', 'Distributing']);
    expect(configuredPhases({ optimize: { vmBoot: { state: 'Disabled' } } })).not.toContain('Optimizing');
  });
});

describe('stepperModel', () => {
  it('never run', () => {
    expect(stepperModel(base).outcome).toBe('never');
    expect(stepperModel(base).steps.every((s) => s.status === 'upcoming')).toBe(true);
  });

  it('running walks the phases', () => {
    const m = stepperModel({
      ...withAll,
      lastRunStatus: { runState: 'Running', runSubState: 'Customizing' },
    });
    expect(m.outcome).toBe('running');
    expect(statuses(m)).toEqual([
      'Queued:done',
      'Building:done',
      'Customizing:current',
      'Optimizing:upcoming',
      'Validating:upcoming',
      'Distributing:upcoming',
    ]);
    expect(statuses(stepperModel({ ...base, lastRunStatus: { runState: 'Running' } }))[0]).toBe(
      'Queued:current',
    );
  });

  it('a reported sub-state the template does not list still advances', () => {
    const m = stepperModel({ ...base, lastRunStatus: { runState: 'Running', runSubState: 'Validating' } });
    expect(statuses(m)).toEqual(['Queued:done', 'Building:done', 'Customizing:done', 'Distributing:current']);
  });

  it('canceling and canceled mark where the run stopped', () => {
    const canceling = stepperModel({ ...base, lastRunStatus: { runState: 'Canceling' } }, 'Building');
    expect(canceling.outcome).toBe('canceling');
    expect(statuses(canceling)).toEqual([
      'Queued:done',
      'Building:canceled',
      'Customizing:upcoming',
      'Distributing:upcoming',
    ]);
    expect(stepperModel({ ...base, lastRunStatus: { runState: 'Canceled' } }).outcome).toBe('canceled');
  });

  it('failed marks the failing phase', () => {
    const m = stepperModel({ ...base, lastRunStatus: { runState: 'Failed', runSubState: 'Customizing' } });
    expect(m.outcome).toBe('failed');
    expect(statuses(m)).toContain('Customizing:failed');
    expect(statuses(m)).toContain('Distributing:upcoming');
  });

  it('succeeded and partially succeeded', () => {
    expect(
      stepperModel({ ...base, lastRunStatus: { runState: 'Succeeded' } }).steps.every(
        (s) => s.status === 'done',
      ),
    ).toBe(true);
    const p = stepperModel({ ...base, lastRunStatus: { runState: 'PartiallySucceeded' } });
    expect(p.outcome).toBe('partial');
    expect(statuses(p)).toContain('Distributing:partial');
  });
});

describe('elapsedAgainstTimeout', () => {
  it('uses the 4 h default and AIB’s unset end time', () => {
    const start = new Date('2026-01-01T00:00:00Z');
    const e = elapsedAgainstTimeout(
      { lastRunStatus: { runState: 'Running', startTime: start, endTime: new Date('0001-01-01T00:00:00Z') } },
      start.getTime() + 60 * 60_000,
    );
    expect(e).toMatchObject({
      elapsedMs: 3_600_000,
      timeoutMs: 240 * 60_000,
      fraction: 0.25,
      finished: false,
    });
  });
  it('stops at the end time and honours buildTimeoutInMinutes', () => {
    const e = elapsedAgainstTimeout(
      {
        buildTimeoutInMinutes: 60,
        lastRunStatus: {
          runState: 'Succeeded',
          startTime: new Date('2026-01-01T00:00:00Z'),
          endTime: new Date('2026-01-01T00:30:00Z'),
        },
      },
      Date.parse('2026-01-02T00:00:00Z'),
    );
    expect(e).toMatchObject({ elapsedMs: 1_800_000, fraction: 0.5, finished: true });
  });
  it('is undefined before any run', () => {
    expect(elapsedAgainstTimeout({}, 0)).toBeUndefined();
  });
});
