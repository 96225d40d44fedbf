// Phases of the running build as this browser observed them (lastRunStatus.runSubState over time), for
// the timeline's bands. A tiny external store (useSyncExternalStore), kept in sessionStorage so a reload
// during a build keeps what was seen.
'use client';
import { useSyncExternalStore } from 'react';

export interface PhaseMark {
  phase: string;
  at: number;
}

const EMPTY: PhaseMark[] = [];
const marks = new Map<string, PhaseMark[]>();
const listeners = new Set<() => void>();
const storageKey = (runKey: string) => `kiln.phases.${runKey}`;

function load(runKey: string): PhaseMark[] {
  const have = marks.get(runKey);
  if (have) return have;
  let v: PhaseMark[] = EMPTY;
  try {
    const raw = typeof sessionStorage !== 'undefined' ? sessionStorage.getItem(storageKey(runKey)) : null;
    if (raw) v = JSON.parse(raw) as PhaseMark[];
  } catch {
    v = EMPTY;
  }
  marks.set(runKey, v);
  return v;
}

/** Records that `phase` was seen now for the run `runKey` (template id + run start). */
export function recordPhase(runKey: string, phase: string | undefined): void {
  if (!phase) return;
  const cur = load(runKey);
  if (cur[cur.length - 1]?.phase === phase) return;
  const next = [...cur, { phase, at: Date.now() }];
  marks.set(runKey, next);
  try {
    sessionStorage.setItem(storageKey(runKey), JSON.stringify(next));
  } catch {
    // storage full or unavailable: marks stay in memory
  }
  for (const l of listeners) l();
}

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export function usePhaseMarks(runKey: string): PhaseMark[] {
  return useSyncExternalStore(
    subscribe,
    () => load(runKey),
    () => EMPTY,
  );
}
