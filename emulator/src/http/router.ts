// Matches request paths against RouteDef templates, case-insensitively, segment by segment. Paths come
// decoded (the pipeline decodes a request path once, resource-path.ts decodeRequestPath): no decoding here.
// `{name}` matches one segment; `{*name}` matches one or more segments and yields them joined with
// '/' and a leading '/' (e.g. `/{*scope}/providers/Microsoft.Authorization/roleAssignments`, where
// scope = `/subscriptions/…/resourceGroups/rg`). More literal segments win; then registration order.
import type { RouteDef } from '../core/types.ts';

type Seg = { kind: 'lit'; value: string } | { kind: 'param'; name: string } | { kind: 'rest'; name: string };

interface Compiled {
  def: RouteDef;
  segs: Seg[];
  literals: number;
  order: number;
}

export interface RouteMatch {
  def: RouteDef;
  params: Record<string, string>;
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function compile(def: RouteDef, order: number): Compiled {
  const segs: Seg[] = splitPath(def.path).map((s) => {
    const m = /^\{(\*?)([A-Za-z0-9_]+)\}$/.exec(s);
    if (!m) return { kind: 'lit', value: s.toLowerCase() };
    return m[1] ? { kind: 'rest', name: m[2] ?? '' } : { kind: 'param', name: m[2] ?? '' };
  });
  return { def, segs, literals: segs.filter((s) => s.kind === 'lit').length, order };
}

function matchSegs(
  segs: Seg[],
  si: number,
  parts: string[],
  pi: number,
  out: Record<string, string>,
): boolean {
  if (si === segs.length) return pi === parts.length;
  const seg = segs[si];
  if (!seg) return false;
  if (seg.kind === 'lit') {
    return parts[pi]?.toLowerCase() === seg.value && matchSegs(segs, si + 1, parts, pi + 1, out);
  }
  if (seg.kind === 'param') {
    const p = parts[pi];
    if (p === undefined) return false;
    out[seg.name] = p;
    return matchSegs(segs, si + 1, parts, pi + 1, out);
  }
  // rest: try the longest first, at least one segment
  for (let end = parts.length; end > pi; end--) {
    out[seg.name] = '/' + parts.slice(pi, end).join('/');
    if (matchSegs(segs, si + 1, parts, end, out)) return true;
  }
  return false;
}

export class Router {
  private readonly routes: Compiled[] = [];

  constructor(defs: RouteDef[] = []) {
    for (const d of defs) this.add(d);
  }

  add(def: RouteDef): void {
    this.routes.push(compile(def, this.routes.length));
    this.routes.sort((a, b) => b.literals - a.literals || a.order - b.order);
  }

  /** Every route whose template matches the path (any method), best first. */
  matchPath(path: string): RouteMatch[] {
    const parts = splitPath(path);
    const out: RouteMatch[] = [];
    for (const r of this.routes) {
      const params: Record<string, string> = {};
      if (matchSegs(r.segs, 0, parts, 0, params)) out.push({ def: r.def, params });
    }
    return out;
  }

  all(): RouteDef[] {
    return this.routes.map((r) => r.def);
  }

  /**
   * Known `namespace/type` pairs (lower-case) from the templates, e.g.
   * `microsoft.network/virtualnetworks`, for telling InvalidResourceNamespace from InvalidResourceType.
   */
  knownTypes(): { namespaces: Set<string>; types: Set<string> } {
    const namespaces = new Set<string>();
    const types = new Set<string>();
    for (const r of this.routes) {
      const segs = r.segs;
      for (let i = 0; i < segs.length - 1; i++) {
        const a = segs[i];
        const ns = segs[i + 1];
        if (a?.kind === 'lit' && a.value === 'providers' && ns?.kind === 'lit') {
          namespaces.add(ns.value);
          const t = segs[i + 2];
          if (t?.kind === 'lit') types.add(`${ns.value}/${t.value}`);
        }
      }
    }
    return { namespaces, types };
  }
}
