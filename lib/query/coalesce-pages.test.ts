import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalescePages, createPagePacer, type PagePacer } from './coalesce-pages';

// Vitest's fake timers drive both the pages' arrival and the pacer's ticks.
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

const clock = { now: () => Date.now(), setTimer: (fn: () => void, ms: number) => void setTimeout(fn, ms) };

/** Pages `[i]` arriving at the given times (ms after the start), then the end marker `null`. */
async function* timedPages(times: number[], tag = 0): AsyncGenerator<number[] | null> {
  const start = Date.now();
  for (const [i, at] of times.entries()) {
    const wait = start + at - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    yield [tag + i];
  }
  yield null;
}

/** Each batch a stream hands on, with the fake time it was handed on at. */
async function collect(src: AsyncIterable<number[] | null>): Promise<[number, number[] | null][]> {
  const start = Date.now();
  const out: [number, number[] | null][] = [];
  for await (const x of src) out.push([Date.now() - start, x]);
  return out;
}

async function run<T>(p: Promise<T>): Promise<T> {
  await vi.runAllTimersAsync();
  return p;
}

describe('coalescePages', () => {
  it('hands the first page on at once and the next pages together at the next tick', async () => {
    const pacer = createPagePacer(250, 1000, clock);
    const out = await run(collect(coalescePages(timedPages([0, 5, 10, 15, 600]), pacer)));
    expect(out).toEqual([
      [0, [0]],
      [255, [1, 2, 3]], // the tick asked for at 5 ms (first interval, 250 ms)
      [600, [4]],
      [600, null],
    ]);
  });

  it('hands a finished list on at once, without waiting for a tick', async () => {
    const pacer = createPagePacer(250, 1000, clock);
    const out = await run(collect(coalescePages(timedPages([0, 5, 10]), pacer)));
    expect(out).toEqual([
      [0, [0]],
      [10, [1, 2]],
      [10, null],
    ]);
  });

  it('keeps every page and the end marker, in order, in fewer batches than pages', async () => {
    const pacer = createPagePacer(20, 80, clock);
    const times = Array.from({ length: 60 }, (_, i) => i * 7);
    const out = await run(collect(coalescePages(timedPages(times), pacer)));
    expect(out.at(-1)?.[1]).toBeNull();
    expect(out.slice(0, -1).flatMap(([, b]) => b ?? [])).toEqual(times.map((_, i) => i));
    expect(out.length).toBeLessThan(12);
  });

  it('lets streams that share a pacer hand their pages on at the same ticks', async () => {
    const pacer = createPagePacer(250, 1000, clock);
    const times = Array.from({ length: 30 }, (_, i) => 20 + i * 100);
    const [a, b] = await run(
      Promise.all([
        collect(coalescePages(timedPages(times, 0), pacer)),
        collect(
          coalescePages(
            timedPages(
              times.map((t) => t + 30),
              100,
            ),
            pacer,
          ),
        ),
      ]),
    );
    const tickTimes = (out: [number, unknown][]) => out.slice(1, -2).map(([t]) => t);
    // Apart from each stream's first page and its end, every hand-over is a shared tick.
    expect(tickTimes(a ?? [])).toEqual(tickTimes(b ?? []).slice(0, tickTimes(a ?? []).length));
    expect(tickTimes(a ?? []).length).toBeGreaterThan(1);
  });
});

describe('createPagePacer', () => {
  async function tickTimes(pacer: PagePacer, asks: number[]): Promise<number[]> {
    const start = Date.now();
    const out: number[] = [];
    for (const at of asks) {
      const wait = start + at - Date.now();
      if (wait > 0) await vi.advanceTimersByTimeAsync(wait);
      const p = pacer.tick().then(() => out.push(Date.now() - start));
      await vi.advanceTimersToNextTimerAsync();
      await p;
    }
    return out;
  }

  it('slows down while it keeps being asked for (250, 500, then 1,000 ms) and starts again after a quiet spell', async () => {
    const pacer = createPagePacer(250, 1000, clock);
    // Asked again as soon as each tick fires: 250, +500, +1000, +1000; then after 5 s of quiet, 250 again.
    expect(await tickTimes(pacer, [0, 250, 750, 1750, 7750])).toEqual([250, 750, 1750, 2750, 8000]);
  });

  it('gives every caller before a tick the same tick', async () => {
    const pacer = createPagePacer(250, 1000, clock);
    expect(pacer.tick()).toBe(pacer.tick());
    await vi.runAllTimersAsync();
  });
});
