// A small parser for the OData `$filter` subsets ARM endpoints accept: clauses joined by `and`, each
// `field eq|ge|le|gt|lt|ne 'value'`, or a function call such as `atScope()`, `assignedTo('id')`,
// `substringof('text', name)`.
import { badRequest } from '../core/errors.ts';

export type FilterClause =
  | { kind: 'cmp'; field: string; op: 'eq' | 'ne' | 'ge' | 'le' | 'gt' | 'lt'; value: string }
  | { kind: 'fn'; name: string; args: string[] };

function splitAnd(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let inStr = false;
  for (let i = 0; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === "'") {
      // '' inside a string is an escaped quote
      if (inStr && s[i + 1] === "'") {
        cur += "''";
        i++;
        continue;
      }
      inStr = !inStr;
    }
    if (!inStr && /^\s+and\s+/i.test(s.slice(i))) {
      const m = /^\s+and\s+/i.exec(s.slice(i));
      out.push(cur.trim());
      cur = '';
      i += (m?.[0].length ?? 1) - 1;
      continue;
    }
    cur += c;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

const unquote = (v: string): string => v.replace(/^'(.*)'$/s, '$1').replace(/''/g, "'");

export function parseFilter(
  filter: string,
  invalid: (clause: string) => Error = defaultInvalid,
): FilterClause[] {
  return splitAnd(filter).map((clause) => {
    const cmp = /^([A-Za-z_][\w/.]*)\s+(eq|ne|ge|le|gt|lt)\s+('(?:[^']|'')*'|[\w.:-]+)$/i.exec(clause);
    if (cmp?.[1] && cmp[2] && cmp[3]) {
      return { kind: 'cmp', field: cmp[1], op: cmp[2].toLowerCase() as 'eq', value: unquote(cmp[3]) };
    }
    const fn = /^([A-Za-z_]\w*)\s*\((.*)\)$/s.exec(clause);
    if (fn?.[1] !== undefined) {
      const args = (fn[2] ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter((a) => a !== '')
        .map(unquote);
      return { kind: 'fn', name: fn[1], args };
    }
    throw invalid(clause);
  });
}

function defaultInvalid(clause: string): Error {
  return badRequest(
    'InvalidFilterInQueryString',
    `Invalid $filter '${clause}' specified in the query string.`,
  );
}
