import { describe, expect, it } from 'vitest';
import { estimateRemaining, formatEta, median, medianSteps } from './eta';

const MIN = 60_000;
const run = (deploy: number, shell: number, capture: number) => ({
  steps: [
    { key: 'deploy:0', durationMs: deploy * MIN },
    { key: 'customizer:0:install', durationMs: shell * MIN },
    { key: 'capture:0', durationMs: capture * MIN },
  ],
  totalMs: (deploy + shell + capture + 2) * MIN,
});

describe('ETA', () => {
  it('takes medians step by step', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    expect(median([])).toBeUndefined();
    expect(medianSteps([run(2, 10, 3), run(4, 12, 3), run(3, 30, 5)])).toEqual([
      { key: 'deploy:0', medianMs: 3 * MIN },
      { key: 'customizer:0:install', medianMs: 12 * MIN },
      { key: 'capture:0', medianMs: 3 * MIN },
    ]);
  });

  it('estimates the time left from the remaining steps and the current one', () => {
    const history = [run(2, 10, 3), run(4, 12, 3), run(3, 30, 5)];
    const eta = estimateRemaining(
      history,
      ['deploy:0'],
      { key: 'customizer:0:install', elapsedMs: 4 * MIN },
      7 * MIN,
    );
    expect(eta).toMatchObject({ kind: 'estimate', basedOnRuns: 3 });
    if (eta.kind !== 'estimate') throw new Error('no estimate');
    // 8 min left of the customizer + 3 min capture = 11 min; the usual whole run (median 21 min) minus 7 = 14 min.
    expect(eta.remainingMs).toBe(14 * MIN);
    expect(formatEta(eta)).toBe('About 14 min left');
    expect(eta.fraction).toBeCloseTo(7 / 21);
  });

  it('says when there is no history, and when a build runs longer than usual', () => {
    expect(estimateRemaining([], [], undefined, 0)).toEqual({ kind: 'no-history' });
    expect(formatEta({ kind: 'no-history' })).toMatch(/No earlier successful build/);
    const late = estimateRemaining(
      [run(2, 10, 3)],
      ['deploy:0', 'customizer:0:install', 'capture:0'],
      undefined,
      40 * MIN,
    );
    expect(late).toEqual({ kind: 'overdue', overByMs: 23 * MIN, basedOnRuns: 1 });
  });
});
