import { describe, expect, it } from 'vitest';
import { aibTimeMs, isUnsetTime } from './times';

describe('AIB’s unset time', () => {
  it('is the zero time 0001-01-01T00:00:00Z, missing, or unparsable', () => {
    expect(isUnsetTime('0001-01-01T00:00:00Z')).toBe(true);
    expect(isUnsetTime(new Date('0001-01-01T00:00:00Z'))).toBe(true);
    // The zero time read as local time in a zone east of UTC lands in year 0.
    expect(isUnsetTime('0000-12-31T22:00:00Z')).toBe(true);
    expect(isUnsetTime(undefined)).toBe(true);
    expect(isUnsetTime('not a time')).toBe(true);
  });

  it('keeps every real time, old ones included', () => {
    expect(isUnsetTime('2026-01-01T00:00:00Z')).toBe(false);
    expect(isUnsetTime(new Date('2026-01-01T00:00:00Z'))).toBe(false);
    expect(isUnsetTime('1999-12-31T23:59:59Z')).toBe(false);
    expect(isUnsetTime('0002-01-01T00:00:00Z')).toBe(false);
  });

  it('gives ms since the epoch for real times only', () => {
    expect(aibTimeMs('2026-01-01T00:00:00Z')).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(aibTimeMs(new Date('2026-01-01T00:00:00Z'))).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(aibTimeMs('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(aibTimeMs(undefined)).toBeUndefined();
  });
});
