// ARM values as text, whatever their shape: a tag whose value is an object,
// a number where a string was expected or a missing property never reaches an error boundary; Unicode
// bidirectional controls (Trojan Source) are shown as visible marks instead of reordering what is
// displayed; long values are cut with their full length known.

/** Any ARM value as text: strings as they are, numbers and booleans in words, anything else as JSON. */
export function armText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (v === null || v === undefined) return '';
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return Object.prototype.toString.call(v);
  }
}

/** A string, or undefined for anything else (empty strings included). */
export function armString(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The characters that change the display order of the text around them: the embeddings, overrides and
 * isolates (U+202A–U+202E, U+2066–U+2069) and the invisible direction marks (U+200E, U+200F, U+061C).
 */
const BIDI_CONTROL = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/;
const BIDI_SPLIT = /([\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069])/;

export type TextPiece = { kind: 'text'; text: string } | { kind: 'bidi'; code: string };

export function hasBidiControls(s: string): boolean {
  return BIDI_CONTROL.test(s);
}

/** The text split around bidi controls, each control as its code point ("U+202E"), never as itself. */
export function revealBidi(s: string): TextPiece[] {
  if (!hasBidiControls(s)) return s ? [{ kind: 'text', text: s }] : [];
  return s
    .split(BIDI_SPLIT)
    .filter((p) => p !== '')
    .map((p) =>
      BIDI_CONTROL.test(p) && p.length === 1
        ? {
            kind: 'bidi' as const,
            code: `U+${(p.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`,
          }
        : { kind: 'text' as const, text: p },
    );
}

/** The first `limit` characters (never splitting a surrogate pair) and whether anything was cut. */
export function clip(s: string, limit: number): { shown: string; cut: boolean } {
  if (s.length <= limit) return { shown: s, cut: false };
  let end = limit;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { shown: s.slice(0, end), cut: true };
}
