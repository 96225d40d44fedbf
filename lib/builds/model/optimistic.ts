// Optimistic run-state updates of the cached template (its GET and its subscription's list), so the
// UI answers a click at once and then follows the real state from ARM.
import type { ImageTemplate, ImageTemplateLastRunStatus } from '@azure/arm-imagebuilder';
import type { QueryClient } from '@tanstack/react-query';
import { armIdKey, parseArmId } from '@/lib/azure/ids';
import { imageTemplateKeys } from '@/lib/query/keys';

export interface Snapshot {
  one: ImageTemplate | undefined;
  list: ImageTemplate[] | undefined;
}

export function setRunStatus(qc: QueryClient, id: string, status: ImageTemplateLastRunStatus): Snapshot {
  const { subscriptionId } = parseArmId(id);
  const oneKey = imageTemplateKeys.one(id);
  const listKey = imageTemplateKeys.list(subscriptionId);
  void qc.cancelQueries({ queryKey: oneKey, exact: true });
  const snapshot: Snapshot = {
    one: qc.getQueryData<ImageTemplate>(oneKey),
    list: qc.getQueryData<ImageTemplate[]>(listKey),
  };
  const key = armIdKey(id);
  const patch = (t: ImageTemplate): ImageTemplate => ({ ...t, lastRunStatus: status });
  if (snapshot.one) qc.setQueryData<ImageTemplate>(oneKey, patch(snapshot.one));
  if (snapshot.list) {
    qc.setQueryData<ImageTemplate[]>(
      listKey,
      snapshot.list.map((t) => (t.id && armIdKey(t.id) === key ? patch(t) : t)),
    );
  }
  // The estate-scale list (Resource Graph) holds the template too: the row follows the click there as well.
  qc.setQueriesData<ImageTemplate[]>({ queryKey: imageTemplateKeys.anyGraphList() }, (list) =>
    list?.map((t) => (t.id && armIdKey(t.id) === key ? patch(t) : t)),
  );
  return snapshot;
}

export function restore(qc: QueryClient, id: string, s: Snapshot): void {
  const { subscriptionId } = parseArmId(id);
  if (s.one) qc.setQueryData(imageTemplateKeys.one(id), s.one);
  if (s.list) qc.setQueryData(imageTemplateKeys.list(subscriptionId), s.list);
}

export async function refresh(qc: QueryClient, id: string): Promise<void> {
  const { subscriptionId } = parseArmId(id);
  await Promise.all([
    qc.invalidateQueries({ queryKey: imageTemplateKeys.one(id), exact: true }),
    qc.invalidateQueries({
      queryKey: imageTemplateKeys.list(subscriptionId),
      exact: true,
      refetchType: 'none',
    }),
  ]);
}

/** What reading the template again after a lost answer told: the action took effect, or not, or unknown. */
export type ReadBack = 'done' | 'not-done' | 'unknown';

/**
 * Reads the template again (its page's query) and asks `tookEffect(before, after)`; 'unknown' when the
 * template is not on a page (nothing to read with) or the read failed.
 */
export async function readBack(
  qc: QueryClient,
  id: string,
  before: ImageTemplate | undefined,
  tookEffect: (before: ImageTemplate | undefined, after: ImageTemplate) => boolean,
): Promise<ReadBack> {
  const key = imageTemplateKeys.one(id);
  const askedAt = Date.now();
  await qc.refetchQueries({ queryKey: key, exact: true });
  const state = qc.getQueryState<ImageTemplate>(key);
  if (!state?.data || state.dataUpdatedAt < askedAt) return 'unknown';
  return tookEffect(before, state.data) ? 'done' : 'not-done';
}

/** A build started since `before`: one is running, or the last run is newer than the one before. */
export function buildStartedSince(before: ImageTemplate | undefined, after: ImageTemplate): boolean {
  const now = after.lastRunStatus;
  if (now?.runState === 'Running') return true;
  const t = (s: ImageTemplate['lastRunStatus']) => (s?.startTime ? new Date(s.startTime).getTime() : 0);
  return t(now) > t(before?.lastRunStatus);
}

/** The running build is being or was canceled. */
export function buildCanceled(_before: ImageTemplate | undefined, after: ImageTemplate): boolean {
  const s = after.lastRunStatus?.runState;
  return s === 'Canceling' || s === 'Canceled';
}
