// @vitest-environment jsdom
// The page's shared clocks: one timer per interval however many figures tick, stopped when none is shown.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useNow } from './use-now';

const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);

function Clock({ name, every, drawn }: { name: string; every: number; drawn?: number[] }) {
  const now = useNow(every);
  drawn?.push((now - T0) / 1000);
  return <p data-testid={name}>{(now - T0) / 1000}</p>;
}

const shown = (name: string) => Number(screen.getByTestId(name).textContent);

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('useNow', () => {
  it('ticks every figure with the same interval from one timer, together', () => {
    render(
      <>
        <Clock name="a" every={1000} />
        <Clock name="b" every={1000} />
        <Clock name="c" every={1000} />
      </>,
    );
    expect(vi.getTimerCount()).toBe(1);
    act(() => vi.advanceTimersByTime(3000));
    expect([shown('a'), shown('b'), shown('c')]).toEqual([3, 3, 3]);
  });

  it('keeps a timer per interval, and stops a clock nobody shows', () => {
    const { unmount } = render(
      <>
        <Clock name="fast" every={1000} />
        <Clock name="slow" every={60_000} />
      </>,
    );
    expect(vi.getTimerCount()).toBe(2);
    act(() => vi.advanceTimersByTime(60_000));
    expect([shown('fast'), shown('slow')]).toEqual([60, 60]);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('starts a figure shown after a pause from the current time, not the stopped clock', () => {
    const first = render(<Clock name="a" every={30_000} />);
    first.unmount();
    act(() => vi.advanceTimersByTime(10 * 60_000));
    const drawn: number[] = [];
    render(<Clock name="b" every={30_000} drawn={drawn} />);
    expect(shown('b')).toBe(600);
    // Never drawn with the time the clock stopped at.
    expect(drawn.every((s) => s === 600)).toBe(true);
  });
});
