// The in-memory world. Keys are normalised ids; values are deep copies so callers cannot mutate
// stored state by accident.
import type { ArmResource, ResourceMeta, World } from './types.ts';
import { normalizeId, parseId } from './ids.ts';

export class MemoryWorld implements World {
  private readonly resources = new Map<string, ArmResource>();
  private readonly metas = new Map<string, ResourceMeta>();
  /** Keys by lower-case type, so typed lists and scans skip every other resource. */
  private readonly byType = new Map<string, Set<string>>();

  private index(key: string, type: string | undefined, add: boolean): void {
    if (type === undefined) return;
    const t = type.toLowerCase();
    let set = this.byType.get(t);
    if (add) {
      if (!set) {
        set = new Set();
        this.byType.set(t, set);
      }
      set.add(key);
    } else {
      set?.delete(key);
    }
  }

  constructor(private readonly now: () => Date = () => new Date()) {}

  get(id: string): ArmResource | undefined {
    const r = this.resources.get(normalizeId(id));
    return r ? structuredClone(r) : undefined;
  }

  meta(id: string): ResourceMeta | undefined {
    const m = this.metas.get(normalizeId(id));
    return m ? { ...m } : undefined;
  }

  put(resource: ArmResource): ArmResource {
    const key = normalizeId(resource.id);
    const t = this.now().toISOString();
    const prev = this.metas.get(key);
    this.metas.set(key, { createdTime: prev?.createdTime ?? t, changedTime: t });
    const copy = structuredClone(resource);
    const old = this.resources.get(key);
    if (old && old.type.toLowerCase() !== copy.type.toLowerCase()) this.index(key, old.type, false);
    this.resources.set(key, copy);
    this.index(key, copy.type, true);
    return structuredClone(copy);
  }

  /**
   * Stores `resource` itself, without the two copies `put` makes: for bulk seeding, where the caller
   * built the object for the world and never touches it again.
   */
  adopt(resource: ArmResource, time: string): void {
    const key = normalizeId(resource.id);
    this.metas.set(key, { createdTime: time, changedTime: time });
    const old = this.resources.get(key);
    if (old && old.type.toLowerCase() !== resource.type.toLowerCase()) this.index(key, old.type, false);
    this.resources.set(key, resource);
    this.index(key, resource.type, true);
  }

  delete(id: string): boolean {
    const key = normalizeId(id);
    this.metas.delete(key);
    this.index(key, this.resources.get(key)?.type, false);
    return this.resources.delete(key);
  }

  list(scopeId: string, type?: string): ArmResource[] {
    const out: ArmResource[] = [];
    this.scan(scopeId, type, (r) => {
      out.push(structuredClone(r));
    });
    return out;
  }

  /**
   * Calls `fn` with the STORED object (no copy: read it, never mutate it or keep it) of every resource
   * below `scopeId`, optionally of one type. For hot read paths (collection GETs, RBAC) that would
   * otherwise clone thousands of resources to keep a few.
   */
  scan(scopeId: string, type: string | undefined, fn: (r: Readonly<ArmResource>) => void): void {
    const prefix = normalizeId(scopeId) + '/';
    if (type) {
      for (const key of this.byType.get(type.toLowerCase()) ?? []) {
        const r = this.resources.get(key);
        if (r && key.startsWith(prefix)) fn(r);
      }
      return;
    }
    for (const [key, r] of this.resources) if (key.startsWith(prefix)) fn(r);
  }

  listInResourceGroup(subscriptionId: string, resourceGroup: string): ArmResource[] {
    const scope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
    return this.list(scope).filter((r) => parseId(r.id).names.length === 1);
  }

  deleteResourceGroup(subscriptionId: string, resourceGroup: string): void {
    const scope = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}`;
    const prefix = normalizeId(scope);
    for (const key of [...this.resources.keys()]) {
      if (key === prefix || key.startsWith(prefix + '/')) {
        this.index(key, this.resources.get(key)?.type, false);
        this.resources.delete(key);
        this.metas.delete(key);
      }
    }
  }

  /** Drops everything (used by the control API's reset before re-seeding). */
  clear(): void {
    this.resources.clear();
    this.metas.clear();
    this.byType.clear();
  }

  get size(): number {
    return this.resources.size;
  }
}
