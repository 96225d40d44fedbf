import { describe, expect, it } from 'vitest';
import { logBelongsToRun, logSpan, type RunLogStep, type RunLogSummary } from './run-logs';

const step = (startedAt: number, endedAt: number): RunLogStep => ({
  kind: 'deploy',
  name: 'Deploy the build VM',
  startedAt,
  endedAt,
  state: 'succeeded',
  firstLine: 1,
  lastLine: 2,
  errors: [],
});
const START = Date.UTC(2026, 11, 3, 12, 0, 0);
const MIN = 60_000;

describe('which log folder is a running build’s', () => {
  it('goes by the log’s own first line, not by when the blob was written', () => {
    // Written a second ago (a seeded or copied folder) but its lines are from three days back.
    const old: RunLogSummary = {
      name: 'a',
      createdAt: START + 1_000,
      bytes: 10,
      read: true,
      steps: [step(START - 3 * 24 * 60 * MIN, START - 3 * 24 * 60 * MIN + 5 * MIN)],
    };
    expect(logBelongsToRun(old, START, MIN)).toBe(false);
    // The previous build, ended two minutes before this one started.
    const previous: RunLogSummary = { ...old, steps: [step(START - 20 * MIN, START - 2 * MIN)] };
    expect(logBelongsToRun(previous, START, MIN)).toBe(false);
    // This build's: its first line a few seconds after the start (or slightly before, clocks differ).
    expect(logBelongsToRun({ ...old, steps: [step(START + 5_000, START + 9_000)] }, START, MIN)).toBe(true);
    expect(logBelongsToRun({ ...old, steps: [step(START - 30_000, START)] }, START, MIN)).toBe(true);
  });

  it('falls back to the blob’s creation time only while the log has no timestamps', () => {
    const fresh: RunLogSummary = { name: 'b', createdAt: START + 2_000, bytes: 0, read: true, steps: [] };
    expect(logSpan(fresh).firstAt).toBe(START + 2_000);
    expect(logBelongsToRun(fresh, START, MIN)).toBe(true);
    expect(logBelongsToRun({ ...fresh, createdAt: START - 5 * MIN }, START, MIN)).toBe(false);
    expect(logBelongsToRun({ name: 'c', bytes: 0, read: false }, START, MIN)).toBe(false);
  });
});
