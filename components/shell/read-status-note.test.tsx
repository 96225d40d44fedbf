// @vitest-environment jsdom
// The freshness note of a polled view: silence from Azure is told only when Kiln could have heard.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadStatusNote } from './read-status-note';
import type { ReadStatus } from '@/lib/query/read-status';

const POLL = 8000;
const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);

function status(heardAt: number): ReadStatus {
  return { heardAt, failures: 0, error: undefined, retryAt: undefined, fetching: false };
}

function setVisibility(state: 'visible' | 'hidden') {
  Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  cleanup();
  setVisibility('visible');
  vi.useRealTimers();
});

describe('ReadStatusNote', () => {
  it('says when Azure last answered once more than two polls pass without an answer', () => {
    render(<ReadStatusNote status={status(T0)} pollMs={POLL} polling what="the build status" />);
    expect(screen.queryByTestId('azure-silent')).toBeNull();
    act(() => vi.advanceTimersByTime(2 * POLL + 1000));
    expect(screen.getByTestId('azure-silent').textContent).toMatch(/^No answer from Azure for 17 s/);
  });

  it('does not count the time the tab was hidden (nothing is read then) as silence', () => {
    render(<ReadStatusNote status={status(T0)} pollMs={POLL} polling what="the build status" />);
    act(() => setVisibility('hidden'));
    act(() => vi.advanceTimersByTime(60 * 60_000));
    act(() => setVisibility('visible'));
    // Back in view: the first poll is under way; no false alarm about an hour of silence.
    act(() => vi.advanceTimersByTime(1000));
    expect(screen.queryByTestId('azure-silent')).toBeNull();
    // Still no answer two polls after coming back: now it is said, counted from coming back.
    act(() => vi.advanceTimersByTime(2 * POLL));
    expect(screen.getByTestId('azure-silent').textContent).toMatch(/^No answer from Azure for 17 s/);
  });

  it('says nothing about silence for a view that is not polled', () => {
    render(<ReadStatusNote status={status(T0)} pollMs={POLL} polling={false} what="the template" />);
    act(() => vi.advanceTimersByTime(10 * POLL));
    expect(screen.queryByTestId('azure-silent')).toBeNull();
  });
});
