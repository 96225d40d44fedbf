// The parser of local Resource Graph's Kusto subset. Grammar (keywords case-sensitive as in Kusto,
// table names case-insensitive as Resource Graph accepts them):
//
//   query    := [table] ('|' operator)*          table := Resources | ResourceContainers
//   operator := where expr | project cols | extend cols | (order|sort) by key (',' key)*
//             | summarize [name '='] count() [by cols] | join [kind '=' k] '(' query ')' on key
//             | (limit|take) number
//   key      := expr [asc|desc]                  cols := col (',' col)*; col := [name '='] expr
//   on key   := name | '$left.' name '==' '$right.' name
//   expr     := or; or := and ('or' and)*; and := cmp ('and' cmp)*
//   cmp      := primary [(== != =~ !~ < <= > >= startswith has contains) primary | (in | in~) '(' list ')']
//   primary  := string | number | true | false | '(' expr ')' | name '(' args ')' | path
//   path     := name ('.' name | '[' string ']')*
//
// Anything else is a QueryError: a syntax error (ParserFailure) or an operator/function local
// Resource Graph does not run (UnsupportedQueryOperation).
import type { Assignment, BinaryOp, Expr, JoinKind, Operator, OrderKey, Query, TableName } from './ast.ts';
import { QueryError } from './query-error.ts';
import { tokenize, type Token } from './tokenizer.ts';

const TABLES: Record<string, TableName> = {
  resources: 'resources',
  resourcecontainers: 'resourcecontainers',
};
const COMPARE = new Set(['==', '!=', '=~', '!~', '<', '<=', '>', '>=']);
const WORD_OPS = new Set(['startswith', 'has', 'contains']);
const IN_OPS = new Set(['in', 'in~']);
export const FUNCTIONS = new Set(['tolower', 'tostring', 'isnotempty', 'isempty', 'not']);
const OPERATOR_WORDS = new Set([
  'where',
  'project',
  'extend',
  'order',
  'sort',
  'summarize',
  'join',
  'limit',
  'take',
]);
/** Words that cannot be a bare column name. */
const RESERVED = new Set([
  ...OPERATOR_WORDS,
  'and',
  'or',
  'by',
  'on',
  'in',
  'in~',
  'has',
  'startswith',
  'contains',
]);
const JOIN_KINDS = new Set<JoinKind>(['innerunique', 'inner', 'leftouter', 'leftanti', 'leftsemi']);

class Parser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)] as Token;
  }

  next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  isPunct(v: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.value === v;
  }

  isWord(v: string): boolean {
    const t = this.peek();
    return t.kind === 'ident' && t.value === v;
  }

  expect(kind: Token['kind'], value?: string): Token {
    const t = this.next();
    if (t.kind !== kind || (value !== undefined && t.value !== value)) {
      throw new QueryError(`expected ${value ?? kind} but found '${t.value}'`, t.pos);
    }
    return t;
  }

  name(): string {
    return this.expect('ident').value;
  }

  query(topLevel: boolean): Query {
    let table: TableName = 'resources';
    let needPipe = false;
    const first = this.peek();
    if (first.kind === 'ident' && !OPERATOR_WORDS.has(first.value)) {
      const t = TABLES[first.value.toLowerCase()];
      if (!t) {
        throw new QueryError(`unknown table '${first.value}'`, first.pos, 'UnsupportedQueryOperation');
      }
      table = t;
      this.next();
      needPipe = true;
    }
    const operators: Operator[] = [];
    while (!this.atQueryEnd(topLevel)) {
      if (needPipe) this.expect('punct', '|');
      needPipe = true;
      operators.push(this.operator());
    }
    return { table, operators };
  }

  atQueryEnd(topLevel: boolean): boolean {
    return topLevel ? this.peek().kind === 'eof' : this.isPunct(')') || this.peek().kind === 'eof';
  }

  operator(): Operator {
    const t = this.next();
    switch (t.value) {
      case 'where':
        return { kind: 'where', predicate: this.expr() };
      case 'project':
        return { kind: 'project', columns: this.columns() };
      case 'extend':
        return { kind: 'extend', columns: this.columns(true) };
      case 'order':
      case 'sort':
        this.expect('ident', 'by');
        return { kind: 'order', keys: this.orderKeys() };
      case 'summarize':
        return this.summarize();
      case 'join':
        return this.join();
      case 'limit':
      case 'take':
        return { kind: 'limit', count: Number(this.expect('number').value) };
      default:
        if (t.kind === 'ident') {
          throw new QueryError(
            `the operator '${t.value}' is not supported by local Resource Graph`,
            t.pos,
            'UnsupportedQueryOperation',
          );
        }
        throw new QueryError(`expected a query operator but found '${t.value}'`, t.pos);
    }
  }

  columns(named = false): Assignment[] {
    const out: Assignment[] = [];
    do {
      out.push(this.column(named));
    } while (this.isPunct(',') && this.next());
    return out;
  }

  column(named: boolean): Assignment {
    if (this.peek().kind === 'ident' && this.peek(1).kind === 'op' && this.peek(1).value === '=') {
      const name = this.name();
      this.next();
      return { name, expr: this.expr() };
    }
    const at = this.peek();
    const expr = this.expr();
    if (expr.kind !== 'path') {
      if (named) throw new QueryError('extend needs a column name (name = expression)', at.pos);
      throw new QueryError('a computed column needs a name (name = expression)', at.pos);
    }
    return { name: [expr.column, ...expr.steps].join('_'), expr };
  }

  orderKeys(): OrderKey[] {
    const out: OrderKey[] = [];
    do {
      const expr = this.expr();
      let desc = true; // Kusto's default order is descending
      if (this.isWord('asc') || this.isWord('desc')) desc = this.next().value === 'desc';
      out.push({ expr, desc });
    } while (this.isPunct(',') && this.next());
    return out;
  }

  summarize(): Operator {
    let countName = 'count_';
    if (this.peek().kind === 'ident' && this.peek(1).value === '=') {
      countName = this.name();
      this.next();
    }
    const fn = this.expect('ident');
    if (fn.value !== 'count') {
      throw new QueryError(
        `the aggregation '${fn.value}' is not supported by local Resource Graph (only count())`,
        fn.pos,
        'UnsupportedQueryOperation',
      );
    }
    this.expect('punct', '(');
    this.expect('punct', ')');
    const by = this.isWord('by') && this.next() ? this.columns() : [];
    return { kind: 'summarize', countName, by };
  }

  join(): Operator {
    let joinKind: JoinKind = 'innerunique';
    if (this.isWord('kind')) {
      this.next();
      this.expect('op', '=');
      const k = this.expect('ident');
      if (!JOIN_KINDS.has(k.value as JoinKind)) {
        throw new QueryError(`join kind '${k.value}' is not supported`, k.pos, 'UnsupportedQueryOperation');
      }
      joinKind = k.value as JoinKind;
    }
    this.expect('punct', '(');
    const right = this.query(false);
    this.expect('punct', ')');
    this.expect('ident', 'on');
    if (!this.isPunct('$')) {
      const key = this.name();
      return { kind: 'join', joinKind, right, left: key, rightKey: key };
    }
    const left = this.sideKey('left');
    this.expect('op', '==');
    const rightKey = this.sideKey('right');
    return { kind: 'join', joinKind, right, left, rightKey };
  }

  sideKey(side: 'left' | 'right'): string {
    this.expect('punct', '$');
    this.expect('ident', side);
    this.expect('punct', '.');
    return this.name();
  }

  expr(): Expr {
    let left = this.and();
    while (this.isWord('or')) {
      this.next();
      left = { kind: 'binary', op: 'or', left, right: this.and() };
    }
    return left;
  }

  and(): Expr {
    let left = this.comparison();
    while (this.isWord('and')) {
      this.next();
      left = { kind: 'binary', op: 'and', left, right: this.comparison() };
    }
    return left;
  }

  comparison(): Expr {
    const left = this.primary();
    const t = this.peek();
    if (t.kind === 'op' && COMPARE.has(t.value)) {
      this.next();
      return { kind: 'binary', op: t.value as BinaryOp, left, right: this.primary() };
    }
    if (t.kind === 'ident' && WORD_OPS.has(t.value)) {
      this.next();
      return { kind: 'binary', op: t.value as BinaryOp, left, right: this.primary() };
    }
    if (t.kind === 'ident' && IN_OPS.has(t.value)) {
      this.next();
      return { kind: 'binary', op: t.value as BinaryOp, left, right: this.list() };
    }
    return left;
  }

  list(): Expr {
    this.expect('punct', '(');
    const items: Expr[] = [];
    if (!this.isPunct(')')) {
      do {
        items.push(this.primary());
      } while (this.isPunct(',') && this.next());
    }
    this.expect('punct', ')');
    return { kind: 'list', items };
  }

  primary(): Expr {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'literal', value: t.value };
    if (t.kind === 'number') return { kind: 'literal', value: Number(t.value) };
    if (t.kind === 'punct' && t.value === '(') {
      const e = this.expr();
      this.expect('punct', ')');
      return e;
    }
    if (t.kind !== 'ident') throw new QueryError(`unexpected '${t.value}'`, t.pos);
    if (t.value === 'true' || t.value === 'false') return { kind: 'literal', value: t.value === 'true' };
    if (this.isPunct('(')) return this.call(t);
    if (RESERVED.has(t.value)) throw new QueryError(`unexpected '${t.value}'`, t.pos);
    return this.path(t.value);
  }

  call(fn: Token): Expr {
    if (!FUNCTIONS.has(fn.value)) {
      throw new QueryError(
        `the function '${fn.value}' is not supported by local Resource Graph`,
        fn.pos,
        'UnsupportedQueryOperation',
      );
    }
    this.expect('punct', '(');
    const args: Expr[] = [];
    if (!this.isPunct(')')) {
      do {
        args.push(this.expr());
      } while (this.isPunct(',') && this.next());
    }
    this.expect('punct', ')');
    if (args.length !== 1) throw new QueryError(`${fn.value}() takes one argument`, fn.pos);
    return { kind: 'call', name: fn.value, args };
  }

  path(column: string): Expr {
    const steps: string[] = [];
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        steps.push(this.name());
      } else if (this.isPunct('[')) {
        this.next();
        steps.push(this.expect('string').value);
        this.expect('punct', ']');
      } else return { kind: 'path', column, steps };
    }
  }
}

/** Parses a query or throws a QueryError. */
export function parseQuery(text: string): Query {
  const tokens = tokenize(text);
  if (tokens.length === 1) throw new QueryError('the query is empty', 0);
  return new Parser(tokens).query(true);
}
