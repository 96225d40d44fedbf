// An index of image template ids per World, so collection GETs filter (by scope and RBAC) and page on ids
// and read only the templates of the returned page: listing 10,000 templates stays fast. Kept by the
// provider (PUT), the simulator (DELETE) and the seed; ids whose template has gone another way (a
// resource group deleted through Microsoft.Resources) are skipped on read and dropped.
import type { World } from '../../core/types.ts';
import { normalizeId } from '../../core/ids.ts';

const TEMPLATE_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates';

interface Index {
  /** normalised id → id as stored */
  ids: Map<string, string>;
  sorted: string[] | undefined;
}

const indexes = new WeakMap<World, Index>();

function indexOf(world: World): Index {
  let ix = indexes.get(world);
  if (!ix) {
    ix = { ids: new Map(), sorted: undefined };
    for (const t of world.list('', TEMPLATE_TYPE)) ix.ids.set(normalizeId(t.id), t.id);
    indexes.set(world, ix);
  }
  return ix;
}

export function indexTemplate(world: World, id: string): void {
  const ix = indexOf(world);
  const key = normalizeId(id);
  if (!ix.ids.has(key)) ix.sorted = undefined;
  ix.ids.set(key, id);
}

export function unindexTemplate(world: World, id: string): void {
  const ix = indexOf(world);
  if (ix.ids.delete(normalizeId(id))) ix.sorted = undefined;
}

/** Forget the index (the world was cleared); it is rebuilt from the world on next use. */
export function resetTemplateIndex(world: World): void {
  indexes.delete(world);
}

/** Normalised template ids under `scope`, sorted. */
export function templateIdsIn(world: World, scope: string): string[] {
  const ix = indexOf(world);
  ix.sorted ??= [...ix.ids.keys()].sort();
  const prefix = normalizeId(scope) + '/';
  return ix.sorted.filter((k) => k.startsWith(prefix));
}
