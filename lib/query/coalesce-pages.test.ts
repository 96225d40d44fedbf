import { describe, expect, it } from 'vitest';
import { coalescePages } from './coalesce-pages';

/** Pages arriving at the given times (ms, on a fake clock the test advances by awaiting). */
function timedPages(times: number[], clock: { t: number }): AsyncIterable<number[] | null> {
  return {
    async *[Symbol.asyncIterator]() {
      for (const [i, at] of times.entries()) {
        await new Promise((r) => setTimeout(r, Math.max(0, at - clock.t)));
        clock.t = Math.max(clock.t, at);
        yield [i];
      }
      yield null;
    },
  };
}

async function collect(src: AsyncIterable<number[] | null>): Promise<(number[] | null)[]> {
  const out: (number[] | null)[] = [];
  for await (const x of src) out.push(x);
  return out;
}

describe('coalescePages', () => {
  it('hands the first page on at once and pages that arrive close together as one batch', async () => {
    const clock = { t: 0 };
    const out = await collect(coalescePages(timedPages([0, 5, 10, 15], clock), 1000, () => clock.t));
    expect(out).toEqual([[0], [1, 2, 3], null]);
  });

  it('hands a page on by itself when the next is slow to come (nothing waits beyond the window)', async () => {
    const clock = { t: 0 };
    const out = await collect(coalescePages(timedPages([0, 5, 200], clock), 50, () => clock.t));
    // Page 1 arrived at 5 ms; the window (50 ms) passed before page 2 (200 ms), so it went on alone.
    expect(out).toEqual([[0], [1], [2], null]);
  });

  it('keeps every page and the end marker, in order', async () => {
    const clock = { t: 0 };
    const times = Array.from({ length: 30 }, (_, i) => i * 3);
    const out = await collect(coalescePages(timedPages(times, clock), 20, () => clock.t));
    expect(out.at(-1)).toBeNull();
    expect(out.slice(0, -1).flatMap((b) => b ?? [])).toEqual(times.map((_, i) => i));
    expect(out.length).toBeLessThan(times.length);
  });
});
