// Small readers for untyped ARM JSON (resource `properties` come back as unknown shapes).

export type Json = unknown;

export function obj(x: Json): Record<string, unknown> | undefined {
  return x !== null && typeof x === 'object' && !Array.isArray(x)
    ? (x as Record<string, unknown>)
    : undefined;
}

export function arr(x: Json): unknown[] {
  return Array.isArray(x) ? x : [];
}

export function str(x: Json): string | undefined {
  return typeof x === 'string' && x.length > 0 ? x : undefined;
}

export function num(x: Json): number | undefined {
  return typeof x === 'number' && Number.isFinite(x) ? x : undefined;
}

/** Follows a path of object keys; undefined as soon as a step is missing. */
export function at(x: Json, ...keys: string[]): unknown {
  let cur: unknown = x;
  for (const k of keys) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

/** `{ id }` references in an array (ARM SubResource lists). */
export function refIds(x: Json): string[] {
  return arr(x)
    .map((r) => str(at(r, 'id')))
    .filter((s): s is string => s !== undefined);
}
