// JSON merge patch (RFC 7396): objects merge recursively, null removes a member, anything else
// (arrays included) replaces.

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return structuredClone(patch);
  const base: Record<string, unknown> =
    typeof target === 'object' && target !== null && !Array.isArray(target)
      ? (target as Record<string, unknown>)
      : {};
  const p = patch as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(base)) if (!(k in p)) out[k] = structuredClone(v);
  for (const [k, v] of Object.entries(p)) if (v !== null) out[k] = mergePatch(base[k], v);
  return out;
}
