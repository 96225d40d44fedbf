// The coalesced timers TanStack Query uses: each fires when due, once (or every interval), and many
// long timers cost one platform timer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COALESCE_FROM_MS, coalescedTimers } from './coalesced-timers';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('coalescedTimers', () => {
  it('fires each long timeout at its time, once, from one platform timer', () => {
    const t = coalescedTimers();
    const fired: number[] = [];
    for (let i = 1; i <= 100; i++) t.setTimeout(() => fired.push(i), i * 1000);
    expect(vi.getTimerCount()).toBe(1);
    expect(t.size()).toBe(100);
    vi.advanceTimersByTime(2999);
    expect(fired).toEqual([1, 2]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([1, 2, 3]);
    vi.advanceTimersByTime(100_000);
    expect(fired).toHaveLength(100);
    expect(t.size()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('clears without a platform call; a cleared timer never fires', () => {
    const t = coalescedTimers();
    const fired: string[] = [];
    const a = t.setTimeout(() => fired.push('a'), 5000);
    t.setTimeout(() => fired.push('b'), 6000);
    const clear = vi.spyOn(globalThis, 'clearTimeout');
    t.clearTimeout(a);
    expect(clear).not.toHaveBeenCalled();
    vi.advanceTimersByTime(10_000);
    expect(fired).toEqual(['b']);
  });

  it('an earlier timer set after a later one fires on time', () => {
    const t = coalescedTimers();
    const fired: string[] = [];
    t.setTimeout(() => fired.push('late'), 60_000);
    t.setTimeout(() => fired.push('early'), 2000);
    vi.advanceTimersByTime(2000);
    expect(fired).toEqual(['early']);
    vi.advanceTimersByTime(58_000);
    expect(fired).toEqual(['early', 'late']);
  });

  it('repeats an interval until it is cleared', () => {
    const t = coalescedTimers();
    let n = 0;
    const id = t.setInterval(() => (n += 1), 2000);
    vi.advanceTimersByTime(6000);
    expect(n).toBe(3);
    t.clearInterval(id);
    vi.advanceTimersByTime(10_000);
    expect(n).toBe(3);
  });

  it('an interval that fell behind fires once and goes on from then, without catching up', () => {
    const t = coalescedTimers();
    let n = 0;
    t.setInterval(() => (n += 1), 2000);
    // The page's clock jumps 10 s while its timers wait (a throttled or suspended tab).
    vi.setSystemTime(Date.now() + 10_000);
    vi.advanceTimersByTime(2000);
    expect(n).toBe(1);
    vi.advanceTimersByTime(1999);
    expect(n).toBe(1);
    vi.advanceTimersByTime(1);
    expect(n).toBe(2);
  });

  it('runs timers due together in order, skipping one an earlier callback cleared', () => {
    const t = coalescedTimers();
    const fired: string[] = [];
    t.setTimeout(() => {
      fired.push('first');
      t.clearTimeout(second);
    }, 3000);
    // Declared after the first callback, which reads it only when it runs.
    const second = t.setTimeout(() => fired.push('second'), 3000);
    t.setTimeout(() => fired.push('third'), 3000);
    vi.advanceTimersByTime(3000);
    expect(fired).toEqual(['first', 'third']);
  });

  it('a timer that throws does not stop the others', () => {
    const t = coalescedTimers();
    const reported: unknown[] = [];
    const original = globalThis.reportError;
    globalThis.reportError = (e: unknown) => reported.push(e);
    try {
      const fired: string[] = [];
      t.setTimeout(() => {
        throw new Error('boom');
      }, 1000);
      t.setTimeout(() => fired.push('after'), 1000);
      vi.advanceTimersByTime(1000);
      expect(fired).toEqual(['after']);
      expect(String(reported[0])).toMatch(/boom/);
    } finally {
      globalThis.reportError = original;
    }
  });

  it('leaves short delays to the platform', () => {
    const t = coalescedTimers();
    let fired = false;
    const id = t.setTimeout(() => (fired = true), COALESCE_FROM_MS - 1);
    expect(t.size()).toBe(0);
    expect(vi.getTimerCount()).toBe(1);
    t.clearTimeout(id);
    vi.advanceTimersByTime(COALESCE_FROM_MS);
    expect(fired).toBe(false);
  });
});
