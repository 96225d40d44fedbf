import { describe, expect, it } from 'vitest';
import { clockTime } from './format';

describe('clockTime', () => {
  it('reads as the browser’s own time of day to the second, from one shared formatter', () => {
    const opts = { hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
    for (const ms of [0, Date.UTC(2026, 11, 5, 14, 5, 9), Date.UTC(2026, 0, 1, 23, 59, 59, 999)])
      expect(clockTime(ms)).toBe(new Date(ms).toLocaleTimeString(undefined, opts));
  });
});
