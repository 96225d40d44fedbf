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
