// Read-only iteration over the World without copying, when the World supports it (MemoryWorld.scan);
// otherwise falls back to `list` (copies). Callers must not mutate or keep what they are given.
import type { ArmResource, World } from './types.ts';

interface Scannable {
  scan(scopeId: string, type: string | undefined, fn: (r: Readonly<ArmResource>) => void): void;
}

function scannable(w: World): w is World & Scannable {
  return typeof (w as Partial<Scannable>).scan === 'function';
}

export function scanWorld(
  world: World,
  scopeId: string,
  type: string | undefined,
  fn: (r: Readonly<ArmResource>) => void,
): void {
  if (scannable(world)) world.scan(scopeId, type, fn);
  else for (const r of world.list(scopeId, type)) fn(r);
}

/** The matching resources as read-only references (no copies). */
export function collect(
  world: World,
  scopeId: string,
  type: string | undefined,
  pred: (r: Readonly<ArmResource>) => boolean = () => true,
): Readonly<ArmResource>[] {
  const out: Readonly<ArmResource>[] = [];
  scanWorld(world, scopeId, type, (r) => {
    if (pred(r)) out.push(r);
  });
  return out;
}

interface Adopting {
  adopt(resource: ArmResource, time: string): void;
}

/**
 * Bulk seeding: hands `resource` to the world without copies when it supports that (MemoryWorld.adopt),
 * else puts it. The caller must not keep or change `resource` afterwards.
 */
export function adoptInto(world: World, resource: ArmResource, time: string): void {
  const w = world as World & Partial<Adopting>;
  if (typeof w.adopt === 'function') w.adopt(resource, time);
  else world.put(resource);
}
