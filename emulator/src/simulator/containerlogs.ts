// Container group logs (what `containerGroups/{name}/containers/{container}/logs` returns): the build
// simulator appends Packer's output here while the container runs; the ContainerInstance provider reads
// it. One store per World, so a reset world starts empty.
import type { World } from '../core/types.ts';
import { normalizeId } from '../core/ids.ts';

const stores = new WeakMap<World, Map<string, string[]>>();

function store(world: World): Map<string, string[]> {
  let s = stores.get(world);
  if (!s) {
    s = new Map();
    stores.set(world, s);
  }
  return s;
}

/** Appends a line (ending with '\n') to a container group's log. */
export function appendContainerLog(world: World, containerGroupId: string, text: string): void {
  const s = store(world);
  const key = normalizeId(containerGroupId);
  const lines = s.get(key) ?? [];
  lines.push(text);
  s.set(key, lines);
}

/** The log so far (optionally the last `tail` lines), or undefined when the group never logged. */
export function containerLog(world: World, containerGroupId: string, tail?: number): string | undefined {
  const lines = store(world).get(normalizeId(containerGroupId));
  if (!lines) return undefined;
  return (tail && tail > 0 ? lines.slice(-tail) : lines).join('');
}

export function clearContainerLogs(world: World): void {
  store(world).clear();
}
