// Resource Graph's query language (a Kusto subset): the tokenizer. Produces identifiers, string and
// number literals, operators and punctuation with their offsets; anything else is a QueryError at
// the character where it starts (reported as Resource Graph's ParserFailure detail).
import { QueryError } from './query-error.ts';

export type TokenKind = 'ident' | 'string' | 'number' | 'op' | 'punct' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Identifiers as written; strings unescaped; operators and punctuation as written. */
  value: string;
  /** Offset of the token's first character in the query text. */
  pos: number;
}

/** Longest first, so `=~` wins over `=`. */
const OPERATORS = ['==', '=~', '!=', '!~', '<=', '>=', '=', '<', '>'];
const PUNCT = new Set(['|', ',', '(', ')', '[', ']', '.', '$']);

function isIdentStart(c: string): boolean {
  return /[A-Za-z_]/.test(c);
}

function isIdentPart(c: string): boolean {
  return /[A-Za-z0-9_]/.test(c);
}

/** A string literal starting at `i` (quote ' or "), with Kusto's backslash escapes. */
function readString(text: string, i: number): { value: string; end: number } {
  const quote = text[i];
  let out = '';
  let j = i + 1;
  while (j < text.length) {
    const c = text[j] ?? '';
    if (c === quote) return { value: out, end: j + 1 };
    if (c === '\\') {
      const n = text[j + 1] ?? '';
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n;
      j += 2;
      continue;
    }
    out += c;
    j++;
  }
  throw new QueryError('unterminated string literal', i);
}

/** Skips blanks and `//` comments. */
function skipBlank(text: string, i: number): number {
  let j = i;
  for (;;) {
    while (j < text.length && /\s/.test(text[j] ?? '')) j++;
    if (text.startsWith('//', j)) {
      while (j < text.length && text[j] !== '\n') j++;
      continue;
    }
    return j;
  }
}

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let i = skipBlank(text, 0);
  while (i < text.length) {
    const c = text[i] ?? '';
    if (c === "'" || c === '"') {
      const s = readString(text, i);
      out.push({ kind: 'string', value: s.value, pos: i });
      i = s.end;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?/.exec(text.slice(i));
      const v = m?.[0] ?? c;
      out.push({ kind: 'number', value: v, pos: i });
      i += v.length;
    } else if (isIdentStart(c)) {
      let j = i + 1;
      // Kusto's hyphenated operator names (mv-expand, project-away) are one word.
      while (
        j < text.length &&
        (isIdentPart(text[j] ?? '') || (text[j] === '-' && /[a-z]/.test(text[j + 1] ?? '')))
      )
        j++;
      // `in~`, `!in~` style suffixes belong to the keyword.
      if (text[j] === '~' && text.slice(i, j).toLowerCase() === 'in') j++;
      out.push({ kind: 'ident', value: text.slice(i, j), pos: i });
      i = j;
    } else {
      const op = OPERATORS.find((o) => text.startsWith(o, i));
      if (op) {
        out.push({ kind: 'op', value: op, pos: i });
        i += op.length;
      } else if (PUNCT.has(c)) {
        out.push({ kind: 'punct', value: c, pos: i });
        i++;
      } else {
        throw new QueryError(`unexpected character '${c}'`, i);
      }
    }
    i = skipBlank(text, i);
  }
  out.push({ kind: 'eof', value: '<EOF>', pos: text.length });
  return out;
}
