// What this browser has seen of one staging group during one run: each resource with when it was first
// seen and, once a read no longer lists it, when it went (the topology draws what has gone, and the live
// timeline). The history itself is kept in the query cache by lib/topology/api/list-staging-resources.ts.
import { idKey } from '@/lib/azure/ids';
import type { StagingResource } from './types';

export interface Seen {
  resource: StagingResource;
  firstSeenAt: number;
  goneAt?: number;
}

/**
 * Every resource seen in one staging group during one run, by id key (to draw what has gone, and the
 * live timeline). Kept in the query cache under its own key; a new run has a new key, so a new picture.
 */
export type StagingHistory = Readonly<Record<string, Seen>>;

/** The history after one read: what is there now (seen again or new) and what has gone since. */
export function observe(
  before: StagingHistory,
  resources: readonly StagingResource[],
  now: number,
): StagingHistory {
  const next: Record<string, Seen> = {};
  for (const [k, h] of Object.entries(before)) next[k] = h;
  const present = new Set(resources.map((r) => idKey(r.id)));
  for (const r of resources) {
    const prev = before[idKey(r.id)];
    next[idKey(r.id)] = {
      resource: r,
      firstSeenAt: prev && prev.goneAt === undefined ? prev.firstSeenAt : now,
    };
  }
  for (const [k, h] of Object.entries(next))
    if (!present.has(k) && h.goneAt === undefined) next[k] = { ...h, goneAt: now };
  return next;
}
