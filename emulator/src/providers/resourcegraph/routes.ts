// Microsoft.ResourceGraph: `POST /providers/Microsoft.ResourceGraph/resources` (operationId
// Resources), a Kusto query over every resource the caller may read, in the request's subscriptions
// or management groups (the tenant when it names neither). The answer is Resource Graph's:
// `{ totalRecords, count, data: [rows as objects], facets: [], resultTruncated: 'true'|'false',
// $skipToken? }`, `options.$top` (1–1000, default 100) rows from `options.$skip` or `$skipToken`. A
// page ends with a `$skipToken` only when the rows carry an `id` column (Resource Graph pages by id);
// without one, a result longer than the page is cut and `resultTruncated` is 'true'. Every answer
// carries the user's quota headers (quota.ts). The tenant root management group (named by the tenant
// id) holds every subscription; local Azure has no other management group.
import { randomUUID } from 'node:crypto';
import { ArmError } from '../../core/errors.ts';
import type { ProviderDeps, RouteContext, RouteDef } from '../../core/types.ts';
import { scanWorld } from '../../core/scan.ts';
import { TENANT_ID } from '../../world/identities.ts';
import { run } from './evaluator.ts';
import type { Row } from './expressions.ts';
import { parseQuery } from './parser.ts';
import { badQueryRequest, invalidQuery, QueryError, rateLimited } from './query-error.ts';
import { UserQuota } from './quota.ts';
import { ReadAccess } from './read-access.ts';
import { tableRows } from './tables.ts';
import { PUBLISHED_API_VERSIONS } from '../../api-versions/published.ts';

/** Every version the REST specs publish for the query (resourcegraph.json; published.md). */
export const RESOURCE_GRAPH_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.ResourceGraph/resources'];

const MAX_TOP = 1000;
const DEFAULT_TOP = 100;

interface QueryBody {
  query: string;
  subscriptions?: string[];
  managementGroups?: string[];
  top: number;
  skip: number;
  /** The result a `$skipToken` continues, when it names one. */
  resultId?: string;
}

/**
 * Results that `$skipToken`s continue, kept a minute: the next pages of a query read the same result
 * (a snapshot, as Resource Graph's pages are) instead of running the query again for every page.
 */
class ResultCache {
  private readonly results = new Map<string, { rows: Row[]; owner: string; until: number }>();
  private next = 0;

  /** Keeps `rows` for `owner` (the principal: another caller's token never reads them). */
  put(rows: Row[], owner: string): string {
    const now = Date.now();
    for (const [k, v] of this.results) if (v.until < now || this.results.size > 16) this.results.delete(k);
    const id = String(++this.next);
    this.results.set(id, { rows, owner, until: now + 60_000 });
    return id;
  }

  get(id: string | undefined, owner: string): Row[] | undefined {
    const hit = id === undefined ? undefined : this.results.get(id);
    return hit && hit.owner === owner && hit.until >= Date.now() ? hit.rows : undefined;
  }
}

function stringList(v: unknown, name: string, cid: string): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) {
    throw badQueryRequest('InvalidRequestContent', `'${name}' must be an array of strings.`, cid);
  }
  return v as string[];
}

function decodeSkipToken(token: string, cid: string): { skip: number; resultId?: string } {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
    if (typeof v === 'object' && v !== null && 'rowsToSkip' in v && typeof v.rowsToSkip === 'number') {
      const resultId = 'resultId' in v && typeof v.resultId === 'string' ? v.resultId : undefined;
      return { skip: v.rowsToSkip, ...(resultId ? { resultId } : {}) };
    }
  } catch {
    // fall through
  }
  throw badQueryRequest('InvalidSkipToken', `The skip token '${token}' is invalid.`, cid);
}

function integerOption(v: unknown, name: string, min: number, max: number, cid: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw badQueryRequest(
      'InvalidRequestContent',
      `'${name}' must be an integer from ${min} to ${max}.`,
      cid,
    );
  }
  return v;
}

function readBody(body: unknown, cid: string): QueryBody {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (typeof b.query !== 'string' || b.query.trim() === '') {
    throw badQueryRequest('InvalidRequestContent', "The request must carry a non-empty 'query'.", cid);
  }
  const o = (typeof b.options === 'object' && b.options !== null ? b.options : {}) as Record<string, unknown>;
  if (o.resultFormat !== undefined && o.resultFormat !== 'objectArray') {
    throw badQueryRequest(
      'UnsupportedResultFormat',
      "Local Resource Graph answers with resultFormat 'objectArray' only.",
      cid,
    );
  }
  const token = typeof o.$skipToken === 'string' && o.$skipToken ? o.$skipToken : undefined;
  const subscriptions = stringList(b.subscriptions, 'subscriptions', cid);
  const managementGroups = stringList(b.managementGroups, 'managementGroups', cid);
  const continued = token ? decodeSkipToken(token, cid) : undefined;
  return {
    query: b.query,
    ...(subscriptions ? { subscriptions } : {}),
    ...(managementGroups ? { managementGroups } : {}),
    top: integerOption(o.$top, '$top', 1, MAX_TOP, cid) ?? DEFAULT_TOP,
    skip: continued ? continued.skip : (integerOption(o.$skip, '$skip', 0, 1e9, cid) ?? 0),
    ...(continued?.resultId ? { resultId: continued.resultId } : {}),
  };
}

/** Lower-case ids of the subscriptions the request covers. */
function scopeOf(ctx: RouteContext, b: QueryBody): Set<string> {
  if (b.subscriptions && b.subscriptions.length > 0)
    return new Set(b.subscriptions.map((s) => s.toLowerCase()));
  for (const g of b.managementGroups ?? []) {
    if (g.toLowerCase() !== TENANT_ID) {
      throw new ArmError(
        403,
        'AuthorizationFailed',
        `The client '${ctx.caller.displayName}' with object id '${ctx.caller.objectId}' does not have authorization to perform action 'Microsoft.Management/managementGroups/read' over scope '/providers/Microsoft.Management/managementGroups/${g}' or the scope is invalid.`,
      );
    }
  }
  const all = new Set<string>();
  scanWorld(ctx.world, '', 'Microsoft.Resources/subscriptions', (s) => {
    const m = /^\/subscriptions\/([^/]+)$/i.exec(s.id);
    if (m?.[1]) all.add(m[1].toLowerCase());
  });
  return all;
}

/** Kusto answers null for a missing value; JSON would drop the key. */
function withNulls(row: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = v === undefined ? null : v;
  return out;
}

function evaluateQuery(ctx: RouteContext, b: QueryBody, cid: string): Row[] {
  try {
    const query = parseQuery(b.query);
    const scope = {
      world: ctx.world,
      subscriptions: scopeOf(ctx, b),
      access: new ReadAccess(ctx.world, ctx.caller.objectId),
    };
    return run(query, (table, type) => tableRows(scope, table, type));
  } catch (e) {
    if (e instanceof QueryError) throw invalidQuery(e, b.query, cid);
    throw e;
  }
}

function answer(ctx: RouteContext, b: QueryBody, cid: string, cache: ResultCache): Record<string, unknown> {
  const cached = cache.get(b.resultId, ctx.caller.objectId);
  const rows = cached ?? evaluateQuery(ctx, b, cid);
  const data = rows.slice(b.skip, b.skip + b.top).map(withNulls);
  const more = b.skip + b.top < rows.length;
  const pageable = rows.some((r) => 'id' in r);
  return {
    totalRecords: rows.length,
    count: data.length,
    data,
    facets: [],
    resultTruncated: more && !pageable ? 'true' : 'false',
    ...(more && pageable
      ? {
          $skipToken: Buffer.from(
            JSON.stringify({
              rowsToSkip: b.skip + b.top,
              resultId: b.resultId && cached ? b.resultId : cache.put(rows, ctx.caller.objectId),
            }),
          ).toString('base64'),
        }
      : {}),
  };
}

export function routes(_deps: ProviderDeps): RouteDef[] {
  const quota = new UserQuota();
  const results = new ResultCache();
  return [
    {
      method: 'POST',
      operationId: 'Resources',
      path: '/providers/Microsoft.ResourceGraph/resources',
      apiVersions: RESOURCE_GRAPH_API_VERSIONS,
      // Resource Graph filters rows by what the caller may read; the query itself needs no role.
      action: null,
      handle: (ctx) => {
        const cid = ctx.req.headers['x-ms-correlation-request-id'] ?? randomUUID();
        const q = quota.take(ctx.caller.objectId);
        if (!q.allowed) throw rateLimited(cid, q.headers);
        try {
          return {
            status: 200,
            body: answer(ctx, readBody(ctx.req.body, cid), cid, results),
            headers: q.headers,
          };
        } catch (e) {
          if (e instanceof ArmError) e.extra.headers = { ...(e.extra.headers ?? {}), ...q.headers };
          throw e;
        }
      },
    },
  ];
}
