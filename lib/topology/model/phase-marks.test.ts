import { describe, expect, it } from 'vitest';
import { nextMarks } from './phase-marks';

describe('phase marks', () => {
  it('adds a phase when it changes, and keeps the same marks when it does not', () => {
    const one = nextMarks([], 'Queued', 1);
    expect(one).toEqual([{ phase: 'Queued', at: 1 }]);
    expect(nextMarks(one, 'Queued', 2)).toBe(one);
    expect(nextMarks(one, undefined, 2)).toBe(one);
    expect(nextMarks(one, 'Building', 3)).toEqual([
      { phase: 'Queued', at: 1 },
      { phase: 'Building', at: 3 },
    ]);
  });
});
