// The in-memory world. Keys are normalised ids; values are deep copies so callers cannot mutate
// stored state by accident.
import type { ArmResource, ResourceMeta, World } from './types.ts';
import { normalizeId, parseId } from './ids.ts';

export class MemoryWorld implements World {
  private readonly resources = new Map<string, ArmResource>();
  private readonly metas = new Map<string, ResourceMeta>();

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
    this.resources.set(key, copy);
    return structuredClone(copy);
  }

  delete(id: string): boolean {
    const key = normalizeId(id);
    this.metas.delete(key);
    return this.resources.delete(key);
  }

  list(scopeId: string, type?: string): ArmResource[] {
    const prefix = normalizeId(scopeId) + '/';
    const t = type?.toLowerCase();
    const out: ArmResource[] = [];
    for (const [key, r] of this.resources) {
      if (!key.startsWith(prefix)) continue;
      if (t && r.type.toLowerCase() !== t) continue;
      out.push(structuredClone(r));
    }
    return out;
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
        this.resources.delete(key);
        this.metas.delete(key);
      }
    }
  }

  /** Drops everything (used by the control API's reset before re-seeding). */
  clear(): void {
    this.resources.clear();
    this.metas.clear();
  }

  get size(): number {
    return this.resources.size;
  }
}
