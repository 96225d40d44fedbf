// @vitest-environment jsdom
// The freshness note of a polled view: Azure's silence is told when a read has waited, and only then.
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ReadStatusNote, SLOW_READ_MS } from './read-status-note';
import type { ReadStatus } from '@/lib/query/read-status';

const POLL = 2000;
const T0 = Date.UTC(2026, 11, 5, 9, 0, 0);

function status(heardAt: number, askedAt?: number): ReadStatus {
  return {
    heardAt,
    failures: 0,
    error: undefined,
    retryAt: undefined,
    fetching: askedAt !== undefined,
    askedAt,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(T0);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('ReadStatusNote', () => {
  it('says when Azure last answered once a read has waited more than SLOW_READ_MS', () => {
    render(<ReadStatusNote status={status(T0 - POLL, T0)} polling what="the build status" />);
    act(() => vi.advanceTimersByTime(SLOW_READ_MS - 1000));
    expect(screen.queryByTestId('azure-silent')).toBeNull();
    expect(screen.getByTestId('last-heard').textContent).toMatch(/^Last updated /);
    act(() => vi.advanceTimersByTime(2000));
    expect(screen.getByTestId('azure-silent').textContent).toMatch(
      /^No answer from Azure for 6 s: what you see is from .* and may be out of date\.$/,
    );
  });

  it('takes no read under way for silence, however long since the last answer (a late poll, a tab back from hidden)', () => {
    render(<ReadStatusNote status={status(T0)} polling what="the build status" />);
    act(() => vi.advanceTimersByTime(60 * 60_000));
    expect(screen.queryByTestId('azure-silent')).toBeNull();
    expect(screen.getByTestId('last-heard')).toBeTruthy();
  });

  it('says nothing about silence for a view that is not polled', () => {
    render(<ReadStatusNote status={status(T0, T0)} polling={false} what="the template" />);
    act(() => vi.advanceTimersByTime(10 * SLOW_READ_MS));
    expect(screen.queryByTestId('azure-silent')).toBeNull();
  });
});
