// The world's saved form: dump and load give back the same resources, metas and typed lists, without
// sharing objects with the dump; restoreIds puts given ids back as a dump has them.
import { describe, expect, it } from 'vitest';
import { dumpById, MemoryWorld } from './store.ts';
import type { ArmResource } from './types.ts';

const RG = '/subscriptions/s1/resourceGroups/rg';
const vnet = (name: string, tag = 'a'): ArmResource => ({
  id: `${RG}/providers/Microsoft.Network/virtualNetworks/${name}`,
  name,
  type: 'Microsoft.Network/virtualNetworks',
  tags: { tag },
  properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
});
const image = (name: string): ArmResource => ({
  id: `${RG}/providers/Microsoft.Compute/images/${name}`,
  name,
  type: 'Microsoft.Compute/images',
});

function world(): MemoryWorld {
  let t = 0;
  const w = new MemoryWorld(() => new Date(Date.UTC(2026, 0, 1, 0, 0, t++)));
  w.put({ id: RG, name: 'rg', type: 'Microsoft.Resources/resourceGroups', location: 'eastus' });
  w.put(vnet('v1'));
  w.put(image('i1'));
  w.put(vnet('v1', 'b'));
  return w;
}

describe('MemoryWorld dump and load', () => {
  it('gives back every resource with its created and changed time, and the typed lists', () => {
    const a = world();
    const dump = structuredClone(a.dump());
    const b = new MemoryWorld();
    b.load(dump);
    expect(b.size).toBe(3);
    expect(b.get(vnet('v1').id)).toEqual(vnet('v1', 'b'));
    expect(b.meta(vnet('v1').id)).toEqual({
      createdTime: '2026-01-01T00:00:01.000Z',
      changedTime: '2026-01-01T00:00:03.000Z',
    });
    expect(b.list(RG, 'microsoft.network/virtualnetworks').map((r) => r.name)).toEqual(['v1']);
    expect(b.list(RG, 'Microsoft.Compute/images').map((r) => r.name)).toEqual(['i1']);
    expect(b.dump()).toEqual(dump);
  });

  it('shares no object with the dump, either way', () => {
    const a = world();
    const dump = a.dump();
    const first = dump.resources[1]?.resource;
    if (first?.tags) first.tags.tag = 'changed';
    expect(a.get(vnet('v1').id)?.tags).toEqual({ tag: 'b' });
    const b = new MemoryWorld();
    b.load(dump);
    if (first?.tags) first.tags.tag = 'again';
    expect(b.get(vnet('v1').id)?.tags).toEqual({ tag: 'changed' });
  });

  it('replaces what was there on load', () => {
    const b = new MemoryWorld();
    b.put(image('old'));
    b.load(world().dump());
    expect(b.get(image('old').id)).toBeUndefined();
    expect(b.list(RG, 'Microsoft.Compute/images').map((r) => r.name)).toEqual(['i1']);
  });

  it('tells onWrite each id written, and restoreIds puts them back as the dump has them', () => {
    const a = world();
    const dump = a.dump();
    const written: string[] = [];
    a.onWrite = (k) => written.push(k);
    a.put(vnet('v1', 'replayed'));
    a.put(vnet('v2'));
    a.delete(image('i1').id);
    a.onWrite = undefined;
    expect(written).toEqual([vnet('v1').id, vnet('v2').id, image('i1').id].map((s) => s.toLowerCase()));
    a.restoreIds(written, dumpById(dump));
    expect(a.dump()).toEqual(dump);
    expect(a.list(RG, 'Microsoft.Network/virtualNetworks').map((r) => r.name)).toEqual(['v1']);
  });
});
