// Evaluating expressions of local Resource Graph's Kusto subset over one row. Kusto's rules as far as
// the subset needs them: `==`/`!=`/`in` are case-sensitive, `=~`/`!~`/`in~`/`startswith`/`has`/
// `contains` are not; a missing value or JSON null reads as the empty string in string operators;
// `has` matches a whole term (a run of letters and digits), `contains` any substring.
import type { BinaryOp, Expr } from './ast.ts';
import { QueryError } from './query-error.ts';

export type Row = Record<string, unknown>;

/** Kusto's tostring(): strings as they are, null/missing as '', other values as JSON. */
export function toText(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function isEmpty(v: unknown): boolean {
  return v === undefined || v === null || v === '';
}

/** The value at `steps` below `column` of `row` (undefined when any step is missing). */
function readPath(row: Row, column: string, steps: readonly string[]): unknown {
  let v: unknown = row[column];
  for (const s of steps) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[s];
  }
  return v;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function hasTerm(text: string, term: string): boolean {
  if (term === '') return true;
  return new RegExp(`(^|[^\\p{L}\\p{N}])${escapeRe(term)}($|[^\\p{L}\\p{N}])`, 'iu').test(text);
}

function equal(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  if (typeof a === 'boolean' || typeof b === 'boolean') return toText(a) === toText(b);
  return toText(a) === toText(b);
}

function less(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  return toText(a) < toText(b);
}

function listValues(e: Expr, row: Row): unknown[] {
  if (e.kind !== 'list') throw new QueryError('in/in~ need a parenthesised list');
  return e.items.map((x) => evaluate(x, row));
}

function binary(op: BinaryOp, left: Expr, right: Expr, row: Row): unknown {
  if (op === 'and') return evaluate(left, row) === true && evaluate(right, row) === true;
  if (op === 'or') return evaluate(left, row) === true || evaluate(right, row) === true;
  const a = evaluate(left, row);
  if (op === 'in') return listValues(right, row).some((v) => equal(a, v));
  if (op === 'in~') {
    const x = toText(a).toLowerCase();
    return listValues(right, row).some((v) => toText(v).toLowerCase() === x);
  }
  const b = evaluate(right, row);
  switch (op) {
    case '==':
      return equal(a, b);
    case '!=':
      return !equal(a, b);
    case '=~':
      return toText(a).toLowerCase() === toText(b).toLowerCase();
    case '!~':
      return toText(a).toLowerCase() !== toText(b).toLowerCase();
    case '<':
      return less(a, b);
    case '>':
      return less(b, a);
    case '<=':
      return !less(b, a);
    case '>=':
      return !less(a, b);
    case 'startswith':
      return toText(a).toLowerCase().startsWith(toText(b).toLowerCase());
    case 'contains':
      return toText(a).toLowerCase().includes(toText(b).toLowerCase());
    case 'has':
      return hasTerm(toText(a), toText(b));
  }
}

function call(name: string, args: readonly Expr[], row: Row): unknown {
  const first = args[0];
  const v = first ? evaluate(first, row) : undefined;
  switch (name) {
    case 'tolower':
      return toText(v).toLowerCase();
    case 'tostring':
      return toText(v);
    case 'isempty':
      return isEmpty(v);
    case 'isnotempty':
      return !isEmpty(v);
    case 'not':
      return v !== true;
    default:
      throw new QueryError(`the function '${name}' is not supported`, undefined, 'UnsupportedQueryOperation');
  }
}

/** The value of `e` for `row`. */
export function evaluate(e: Expr, row: Row): unknown {
  switch (e.kind) {
    case 'literal':
      return e.value;
    case 'path':
      return readPath(row, e.column, e.steps);
    case 'call':
      return call(e.name, e.args, row);
    case 'binary':
      return binary(e.op, e.left, e.right, row);
    case 'list':
      return e.items.map((x) => evaluate(x, row));
  }
}

/**
 * The literal type a predicate pins down with `type =~ '…'` or `type == '…'` as one of its top-level
 * `and` terms: lets the table scan only that type (the world indexes resources by type).
 */
export function typeHint(e: Expr): string | undefined {
  if (e.kind !== 'binary') return undefined;
  if (e.op === 'and') return typeHint(e.left) ?? typeHint(e.right);
  const isType = e.left.kind === 'path' && e.left.column === 'type' && e.left.steps.length === 0;
  if (isType && (e.op === '=~' || e.op === '==') && e.right.kind === 'literal') {
    return typeof e.right.value === 'string' ? e.right.value : undefined;
  }
  return undefined;
}
