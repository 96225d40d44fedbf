// Small helpers the networking api files share: paging, id parts, and turning a query into the model's
// `Fetched` value (so a read that failed becomes "cannot verify" with ARM's code and message).
import type { UseQueryResult } from '@tanstack/react-query';
import { armErrorText, toArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { armKeys } from '@/lib/query/keys';
import type { Fetched } from './checks/inputs';

export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/** Subscription, resource group and names of an id; throws when the id has no resource group. */
export function idParts(id: string): { subscriptionId: string; resourceGroup: string; names: string[] } {
  const p = parseArmId(id);
  if (!p.resourceGroup || p.names.length === 0) throw new Error(`Not a resource id: ${id}`);
  return { subscriptionId: p.subscriptionId, resourceGroup: p.resourceGroup, names: p.names };
}

/** The key of a networking read of a resource: under the resource's own key, so invalidating the resource (or its group) refetches it. */
export function netKey(id: string, ...rest: string[]) {
  return armKeys.aspect(id, 'networking', ...rest);
}

/** The model's view of a query: loading, the value, or the error as text. */
export function fetchedOf<T>(q: Pick<UseQueryResult<T>, 'status' | 'data' | 'error'>): Fetched<T> {
  if (q.status === 'success') return { state: 'ok', value: q.data as T };
  if (q.status === 'error') {
    const e = toArmError(q.error);
    return { state: 'error', reason: armErrorText(e), code: e.code };
  }
  return { state: 'loading' };
}

/**
 * Microsoft.Authorization's `{scope}` path parameter is sent as is after a slash, so an id's own leading
 * slash would make `//subscriptions/…`; Azure's own samples pass the scope without it.
 */
export function scopeParam(id: string): string {
  return id.replace(/^\/+/, '');
}

/** Reads are only as fresh as a fix needs: fixes invalidate what they change. */
export const NETWORK_STALE_MS = 60_000;
