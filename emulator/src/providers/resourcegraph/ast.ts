// The syntax tree of the Kusto subset local Resource Graph runs (see parser.ts for the grammar).

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'list'; items: Expr[] }
  /** A column and a path into it: `properties.lastRunStatus.runState`, `tags['createdBy']`. */
  | { kind: 'path'; column: string; steps: string[] }
  | { kind: 'call'; name: string; args: Expr[] }
  | { kind: 'binary'; op: BinaryOp; left: Expr; right: Expr };

export type BinaryOp =
  | 'and'
  | 'or'
  | '=='
  | '!='
  | '=~'
  | '!~'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'in'
  | 'in~'
  | 'startswith'
  | 'has'
  | 'contains';

export interface Assignment {
  name: string;
  expr: Expr;
}

export interface OrderKey {
  expr: Expr;
  desc: boolean;
}

export type JoinKind = 'innerunique' | 'inner' | 'leftouter' | 'leftanti' | 'leftsemi';

export type Operator =
  | { kind: 'where'; predicate: Expr }
  | { kind: 'project'; columns: Assignment[] }
  | { kind: 'extend'; columns: Assignment[] }
  | { kind: 'order'; keys: OrderKey[] }
  | { kind: 'summarize'; countName: string; by: Assignment[] }
  | { kind: 'join'; joinKind: JoinKind; right: Query; left: string; rightKey: string }
  | { kind: 'limit'; count: number };

export type TableName = 'resources' | 'resourcecontainers';

export interface Query {
  table: TableName;
  operators: Operator[];
}
