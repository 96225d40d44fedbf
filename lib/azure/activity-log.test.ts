import { describe, expect, it } from 'vitest';
import { activityWindow } from './activity-log';

const DAY = 86_400_000;

describe('activityWindow', () => {
  it('is the same filter for every read within an hour (one cached preflight per view)', () => {
    const a = activityWindow(90 * DAY, Date.UTC(2026, 11, 4, 5, 0, 1));
    const b = activityWindow(90 * DAY, Date.UTC(2026, 11, 4, 5, 59, 59));
    expect(a.filter).toBe(b.filter);
    expect(a.to.toISOString()).toBe('2026-12-04T06:00:00.000Z');
    expect(activityWindow(90 * DAY, Date.UTC(2026, 11, 4, 6, 0, 1)).filter).not.toBe(a.filter);
  });

  it('ends after now and starts inside the span (the Activity Log refuses more than 90 days)', () => {
    const now = Date.UTC(2026, 11, 4, 5, 30);
    const w = activityWindow(90 * DAY, now);
    expect(w.to.getTime()).toBeGreaterThanOrEqual(now);
    expect(w.to.getTime() - w.from.getTime()).toBeLessThan(90 * DAY);
    expect(w.from.getTime()).toBeGreaterThan(now - 90 * DAY);
  });
});
