// The in-memory world. Keys are normalised ids; values are deep copies so callers cannot mutate
// stored state by accident. `dump` / `load` turn it into plain JSON and back (the saved state).
import type { ArmResource, ResourceMeta, World } from './types.ts';
import { normalizeId, parseId } from './ids.ts';

/** The world as saved: every resource with its created/changed times, in insertion order. */
export interface WorldDump {
  resources: Array<{ resource: ArmResource; meta: ResourceMeta }>;
}

/** A dump's entries by normalised id (for `restoreIds`). */
export function dumpById(dump: WorldDump): Map<string, WorldDump['resources'][number]> {
  return new Map(dump.resources.map((e) => [normalizeId(e.resource.id), e]));
}

export class MemoryWorld implements World {
  /** Called after every change (the saver listens). */
  onChange: (() => void) | undefined = undefined;
  /** Called with the normalised id of every resource written or deleted (a restore tracks a replay's writes). */
  onWrite: ((key: string) => void) | undefined = undefined;

  private changed(key?: string): void {
    if (key !== undefined) this.onWrite?.(key);
    this.onChange?.();
  }

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
    this.changed(key);
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
    this.changed(key);
  }

  delete(id: string): boolean {
    const key = normalizeId(id);
    this.metas.delete(key);
    this.index(key, this.resources.get(key)?.type, false);
    const had = this.resources.delete(key);
    if (had) this.changed(key);
    return had;
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
        this.changed(key);
      }
    }
  }

  /** Drops everything (used by the control API's reset before re-seeding). */
  clear(): void {
    this.resources.clear();
    this.metas.clear();
    this.byType.clear();
    this.onChange?.();
  }

  /** Every resource and its meta as plain JSON (copies), for the saved state. */
  dump(): WorldDump {
    const resources: WorldDump['resources'] = [];
    for (const [key, r] of this.resources) {
      const meta = this.metas.get(key);
      const t = new Date(0).toISOString();
      resources.push({
        resource: structuredClone(r),
        meta: meta ? { ...meta } : { createdTime: t, changedTime: t },
      });
    }
    return { resources };
  }

  /** Replaces the whole world with a dump (its own copies: the dump may be used again). */
  load(dump: WorldDump): void {
    this.resources.clear();
    this.metas.clear();
    this.byType.clear();
    for (const { resource, meta } of dump.resources) this.set(resource, meta);
    this.onChange?.();
  }

  /**
   * Puts the given ids back as `dump` has them (deleted when it has none), metas included: a build that
   * replayed its way back to where it was saved wrote these again, with the times of the replay.
   */
  restoreIds(ids: Iterable<string>, dump: ReadonlyMap<string, WorldDump['resources'][number]>): void {
    for (const id of ids) {
      const key = normalizeId(id);
      const saved = dump.get(key);
      if (saved) this.set(saved.resource, saved.meta);
      else {
        this.index(key, this.resources.get(key)?.type, false);
        this.resources.delete(key);
        this.metas.delete(key);
      }
    }
    this.onChange?.();
  }

  private set(resource: ArmResource, meta: ResourceMeta): void {
    const key = normalizeId(resource.id);
    const old = this.resources.get(key);
    if (old && old.type.toLowerCase() !== resource.type.toLowerCase()) this.index(key, old.type, false);
    this.resources.set(key, structuredClone(resource));
    this.metas.set(key, { ...meta });
    this.index(key, resource.type, true);
  }

  get size(): number {
    return this.resources.size;
  }
}
