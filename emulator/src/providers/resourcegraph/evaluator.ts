// Running a parsed query: the table's rows (already scoped and RBAC-filtered by the caller of `run`)
// through each operator in turn. Kusto's semantics for the subset: `order by` defaults to descending
// (nulls last when descending, first when ascending), `summarize count() by` keeps groups in order of
// first appearance and names the count `count_`, `join` defaults to `innerunique` (the left side
// de-duplicated on the key) and renames right-hand columns that clash by appending 1, 2, ….
import type { Assignment, JoinKind, Operator, OrderKey, Query, TableName } from './ast.ts';
import { evaluate, toText, typeHint, type Row } from './expressions.ts';

/** Gives a table's rows; `type` (lower-case) when the query pins one, so the source may scan only it. */
export type TableSource = (table: TableName, type: string | undefined) => Row[];

function project(rows: Row[], columns: readonly Assignment[]): Row[] {
  return rows.map((r) => {
    const out: Row = {};
    for (const c of columns) out[c.name] = evaluate(c.expr, r);
    return out;
  });
}

function extend(rows: Row[], columns: readonly Assignment[]): Row[] {
  return rows.map((r) => {
    const out: Row = { ...r };
    for (const c of columns) out[c.name] = evaluate(c.expr, out);
    return out;
  });
}

function compare(a: unknown, b: unknown): number {
  const an = a === undefined || a === null;
  const bn = b === undefined || b === null;
  if (an || bn) return an && bn ? 0 : an ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = toText(a);
  const y = toText(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function order(rows: Row[], keys: readonly OrderKey[]): Row[] {
  const withKeys = rows.map((r) => ({ r, k: keys.map((key) => evaluate(key.expr, r)) }));
  withKeys.sort((p, q) => {
    for (let i = 0; i < keys.length; i++) {
      const c = compare(p.k[i], q.k[i]);
      if (c !== 0) return keys[i]?.desc ? -c : c;
    }
    return 0;
  });
  return withKeys.map((x) => x.r);
}

function summarize(rows: Row[], countName: string, by: readonly Assignment[]): Row[] {
  const groups = new Map<string, Row>();
  for (const r of rows) {
    const values = by.map((b) => evaluate(b.expr, r));
    const key = JSON.stringify(values);
    let g = groups.get(key);
    if (!g) {
      g = {};
      by.forEach((b, i) => {
        if (g) g[b.name] = values[i];
      });
      g[countName] = 0;
      groups.set(key, g);
    }
    g[countName] = (g[countName] as number) + 1;
  }
  if (by.length === 0 && groups.size === 0) return [{ [countName]: 0 }];
  return [...groups.values()];
}

function joinKey(v: unknown): string | undefined {
  return v === undefined || v === null ? undefined : toText(v);
}

/** The right row's columns under the names they get beside `left` (clashes get 1, 2, …). */
function merge(left: Row, right: Row | undefined, rightColumns: readonly string[]): Row {
  const out: Row = { ...left };
  for (const c of rightColumns) {
    let name = c;
    for (let n = 1; name in out; n++) name = `${c}${n}`;
    out[name] = right ? right[c] : null;
  }
  return out;
}

function join(left: Row[], right: Row[], kind: JoinKind, lk: string, rk: string): Row[] {
  const byKey = new Map<string, Row[]>();
  const columns: string[] = [];
  for (const r of right) {
    for (const c of Object.keys(r)) if (!columns.includes(c)) columns.push(c);
    const k = joinKey(r[rk]);
    if (k === undefined) continue;
    const list = byKey.get(k) ?? [];
    list.push(r);
    byKey.set(k, list);
  }
  const seen = new Set<string>();
  const out: Row[] = [];
  for (const l of left) {
    const k = joinKey(l[lk]);
    const matches = k === undefined ? [] : (byKey.get(k) ?? []);
    if (kind === 'leftanti' || kind === 'leftsemi') {
      if (matches.length > 0 === (kind === 'leftsemi')) out.push(l);
      continue;
    }
    if (kind === 'innerunique') {
      if (k === undefined || seen.has(k)) continue;
      seen.add(k);
    }
    if (matches.length === 0 && kind === 'leftouter') out.push(merge(l, undefined, columns));
    for (const m of matches) out.push(merge(l, m, columns));
  }
  return out;
}

function apply(rows: Row[], op: Operator, source: TableSource): Row[] {
  switch (op.kind) {
    case 'where':
      return rows.filter((r) => evaluate(op.predicate, r) === true);
    case 'project':
      return project(rows, op.columns);
    case 'extend':
      return extend(rows, op.columns);
    case 'order':
      return order(rows, op.keys);
    case 'summarize':
      return summarize(rows, op.countName, op.by);
    case 'join':
      return join(rows, run(op.right, source), op.joinKind, op.left, op.rightKey);
    case 'limit':
      return rows.slice(0, op.count);
  }
}

/** Every row the query yields, in order. */
export function run(query: Query, source: TableSource): Row[] {
  const first = query.operators[0];
  const hint = first?.kind === 'where' ? typeHint(first.predicate) : undefined;
  let rows = source(query.table, hint?.toLowerCase());
  for (const op of query.operators) rows = apply(rows, op, source);
  return rows;
}

/** True when the query orders its rows itself (else the service's order is by id, for stable pages). */
export function isOrdered(query: Query): boolean {
  return query.operators.some((o) => o.kind === 'order');
}
