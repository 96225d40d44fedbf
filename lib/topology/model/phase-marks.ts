// Phases of the running build as this browser observed them (lastRunStatus.runSubState over time), for
// the timeline's bands. Kept in the query cache (one entry per run) and in sessionStorage, so a reload
// during a build keeps what was seen.
'use client';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { armKeys } from '@/lib/query/keys';

export interface PhaseMark {
  phase: string;
  at: number;
}

const EMPTY: PhaseMark[] = [];
const storageKey = (runKey: string) => `kiln.phases.${runKey}`;

function load(runKey: string): PhaseMark[] {
  try {
    const raw = typeof sessionStorage !== 'undefined' ? sessionStorage.getItem(storageKey(runKey)) : null;
    return raw ? (JSON.parse(raw) as PhaseMark[]) : EMPTY;
  } catch {
    return EMPTY;
  }
}

function save(runKey: string, marks: PhaseMark[]): void {
  try {
    sessionStorage.setItem(storageKey(runKey), JSON.stringify(marks));
  } catch {
    // storage full or unavailable: the marks stay in the query cache
  }
}

/** The marks after `phase` was seen at `at`: the same array when it is the phase seen last (or none). */
export function nextMarks(
  marks: readonly PhaseMark[],
  phase: string | undefined,
  at: number,
): readonly PhaseMark[] {
  if (!phase || marks[marks.length - 1]?.phase === phase) return marks;
  return [...marks, { phase, at }];
}

/**
 * The phases seen for the run `runKey` (template id + run start) of `templateId`, and `record` to add
 * the phase seen now.
 */
export function usePhaseMarks(
  templateId: string,
  runKey: string,
): { marks: readonly PhaseMark[]; record: (phase: string | undefined) => void } {
  const qc = useQueryClient();
  const queryKey = armKeys.aspect(templateId, 'phaseMarks', runKey);
  const { data } = useQuery({
    queryKey,
    // What this page recorded wins; after a reload, what sessionStorage kept.
    queryFn: ({ client }) => client.getQueryData<readonly PhaseMark[]>(queryKey) ?? load(runKey),
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const record = useCallback(
    (phase: string | undefined) => {
      const key = armKeys.aspect(templateId, 'phaseMarks', runKey);
      const cur = qc.getQueryData<readonly PhaseMark[]>(key) ?? load(runKey);
      const next = nextMarks(cur, phase, Date.now());
      if (next === cur) return;
      qc.setQueryData(key, next);
      save(runKey, [...next]);
    },
    [qc, templateId, runKey],
  );
  return { marks: data ?? EMPTY, record };
}
