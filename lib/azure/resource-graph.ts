// Running Kiln's Resource Graph queries (lib/azure/graph-queries.ts): page by page with `$skipToken`,
// over an explicit subscription set. Resource Graph throttles per user (a quota per 5-second window)
// and answers 429 without Retry-After, saying in `x-ms-user-quota-resets-after` when the window
// resets: the runner waits that long (at most twice per page) instead of failing the list.
import { resourceGraphClient } from './clients';
import { toArmError, type ArmError } from './errors';
import { RESOURCE_GRAPH_QUERY, type Operations } from './arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [RESOURCE_GRAPH_QUERY];

export type GraphRow = Record<string, unknown>;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export interface GraphPage {
  rows: GraphRow[];
  /** Rows of the whole result. */
  totalRecords: number;
}

/** Rows per page: Resource Graph's maximum `$top`. */
export const GRAPH_PAGE_SIZE = 1000;
const QUOTA_WAITS = 2;

/** `hh:mm:ss` → milliseconds (1 s when missing or unreadable). */
export function quotaResetMs(value: string | null | undefined): number {
  const m = /^(\d+):(\d{2}):(\d{2})$/.exec(value ?? '');
  if (!m) return 1000;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 || 1000;
}

function throttledFor(e: unknown): number | undefined {
  if (!isRecord(e) || e.statusCode !== 429) return undefined;
  const headers = isRecord(e.response) ? e.response.headers : undefined;
  const get =
    isRecord(headers) && typeof headers.get === 'function'
      ? (headers.get as (n: string) => string | undefined)
      : undefined;
  return quotaResetMs(get?.call(headers, 'x-ms-user-quota-resets-after'));
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(t);
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
    });
  });
}

/**
 * Resource Graph's error as Kiln shows it: its top-level message only carries a timestamp and a
 * correlation id, so the details' messages (InvalidQuery, ParserFailure…) are what say why.
 */
export function graphError(e: unknown): ArmError {
  const base = toArmError(e);
  const body = isRecord(e) && isRecord(e.details) && isRecord(e.details.error) ? e.details.error : undefined;
  const details = Array.isArray(body?.details) ? body.details.filter(isRecord) : [];
  const said = details.map((d) => (typeof d.message === 'string' ? d.message : '')).filter(Boolean);
  return said.length > 0 ? { ...base, message: said.join(' ') } : base;
}

/** The query's rows, one page per Resource Graph response, over `subscriptions` (all when empty). */
export async function* graphQueryPages(
  query: string,
  subscriptions: readonly string[],
  signal?: AbortSignal,
): AsyncGenerator<GraphPage> {
  const client = await resourceGraphClient();
  let skipToken: string | undefined;
  do {
    let waits = 0;
    for (;;) {
      try {
        const r = await client.resources(
          {
            query,
            // No subscriptions: every subscription the user can read (Resource Graph's tenant scope).
            ...(subscriptions.length > 0 ? { subscriptions: [...subscriptions] } : {}),
            options: {
              top: GRAPH_PAGE_SIZE,
              resultFormat: 'objectArray',
              ...(skipToken ? { skipToken } : {}),
            },
          },
          { abortSignal: signal },
        );
        yield { rows: Array.isArray(r.data) ? (r.data as GraphRow[]) : [], totalRecords: r.totalRecords };
        skipToken = r.skipToken;
        break;
      } catch (e) {
        const wait = throttledFor(e);
        if (wait === undefined || waits >= QUOTA_WAITS) throw e;
        waits++;
        await sleep(wait, signal);
      }
    }
  } while (skipToken);
}

/** Every row of the query (all pages). */
export async function graphQueryAll(
  query: string,
  subscriptions: readonly string[],
  signal?: AbortSignal,
): Promise<GraphRow[]> {
  const out: GraphRow[] = [];
  for await (const page of graphQueryPages(query, subscriptions, signal)) out.push(...page.rows);
  return out;
}
