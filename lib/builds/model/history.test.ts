import { describe, expect, it } from 'vitest';
import type { Run } from './history';
import { CANCEL_ACTION, RUN_ACTION, buildRunHistory, provenance, runDuration } from './history';

const first = (runs: Run[], i = 0): Run => {
  const r = runs[i];
  if (!r) throw new Error(`no run #${i}`);
  return r;
};
const T = Date.UTC(2026, 10, 30, 10, 0, 0);
const MIN = 60_000;
const ev = (
  correlationId: string,
  operation: string,
  status: string,
  min: number,
  caller = 'ava@contoso.com',
) => ({
  correlationId,
  operation: operation.replace('microsoft.virtualmachineimages', 'Microsoft.VirtualMachineImages'),
  status,
  time: T + min * MIN,
  caller,
});

describe('run history', () => {
  it('joins run events by correlation id with the log folders, newest first', () => {
    const runs = buildRunHistory(
      [
        ev('c1', RUN_ACTION, 'Accepted', 0),
        ev('c1', RUN_ACTION, 'Succeeded', 20),
        ev('c2', RUN_ACTION, 'Started', 60, 'cole@contoso.com'),
        ev('c2', RUN_ACTION, 'Failed', 75, 'cole@contoso.com'),
      ],
      [
        { name: 'f1', firstAt: T + 1 * MIN, lastAt: T + 19 * MIN },
        { name: 'f2', firstAt: T + 61 * MIN },
      ],
    );
    expect(runs.map((r) => [r.id, r.result, r.caller, r.folder])).toEqual([
      ['c2', 'failed', 'cole@contoso.com', 'f2'],
      ['c1', 'succeeded', 'ava@contoso.com', 'f1'],
    ]);
    expect(runDuration(first(runs, 1), 0)).toBe(20 * MIN);
  });

  it('gives each of two runs seconds apart its own folder (both are within the clock slack of either)', () => {
    const S = 1000;
    const runs = buildRunHistory(
      [
        { ...ev('a', RUN_ACTION, 'Accepted', 0), time: T },
        { ...ev('a', RUN_ACTION, 'Succeeded', 0), time: T + 2 * S },
        { ...ev('b', RUN_ACTION, 'Accepted', 0), time: T + 5 * S },
        { ...ev('b', RUN_ACTION, 'Failed', 0), time: T + 6 * S },
      ],
      [
        { name: 'fa', firstAt: T + 100, lastAt: T + 2 * S, outcome: 'succeeded' },
        { name: 'fb', firstAt: T + 5 * S + 100, lastAt: T + 6 * S, outcome: 'failed' },
      ],
    );
    expect(runs.map((r) => [r.id, r.result, r.folder])).toEqual([
      ['b', 'failed', 'fb'],
      ['a', 'succeeded', 'fa'],
    ]);
  });

  it('marks a cancelled run and who cancelled it', () => {
    const runs = buildRunHistory(
      [
        ev('c1', RUN_ACTION, 'Accepted', 0),
        ev('k1', CANCEL_ACTION, 'Accepted', 5, 'rey@contoso.com'),
        ev('c1', RUN_ACTION, 'Failed', 6),
      ],
      [],
    );
    expect(runs[0]).toMatchObject({
      result: 'canceled',
      canceledBy: 'rey@contoso.com',
      known: { activity: true, log: false },
    });
    expect(provenance(first(runs))).toMatch(/log is gone/);
  });

  it('keeps runs known only from their log (past the Activity Log’s retention)', () => {
    const runs = buildRunHistory(
      [],
      [
        {
          name: 'old',
          firstAt: T - 200 * 24 * 60 * MIN,
          lastAt: T - 200 * 24 * 60 * MIN + 15 * MIN,
          outcome: 'succeeded',
        },
      ],
    );
    expect(runs).toEqual([
      expect.objectContaining({ id: 'log:old', result: 'succeeded', known: { activity: false, log: true } }),
    ]);
    expect(provenance(first(runs))).toMatch(/90 days/);
  });

  it('shows a running build as running, and lets the template’s lastRunStatus settle the newest run', () => {
    const events = [ev('c1', RUN_ACTION, 'Accepted', 0)];
    expect(buildRunHistory(events, [])[0]?.result).toBe('running');
    const settled = buildRunHistory(events, [], {
      startTime: T,
      endTime: T + 30 * MIN,
      runState: 'Failed',
      message: 'Packer build command has failed',
    });
    expect(settled[0]).toMatchObject({
      result: 'failed',
      endedAt: T + 30 * MIN,
      message: 'Packer build command has failed',
    });
  });
});
