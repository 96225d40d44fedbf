// layoutGraph: TopoGraph → positions, computed by ELK in a same-origin Web Worker (CSP worker-src 'self').
// The worker (and ELK in it, ~470 KB gz) loads only when the first layout is asked for.
import type { ElkNode } from 'elkjs/lib/elk-api';
import type { TopoGraph } from '../model/types';
import { fromElk, toElk, type Positions } from './elk-graph';

export { NODE_HEIGHT, NODE_WIDTH, type Box, type Positions } from './elk-graph';

type Pending = { resolve: (n: ElkNode) => void; reject: (e: Error) => void };

let worker: Worker | undefined;
let ready = false;
let nextId = 1;
const pending = new Map<number, Pending>();
/** Requests waiting for the worker to announce itself. */
let queued: Array<{ id: number; graph: ElkNode }> = [];

function getWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./layout.worker.ts', import.meta.url), { type: 'module', name: 'kiln-elk' });
    worker.onmessage = (
      ev: MessageEvent<{ id?: number; ready?: boolean; result?: ElkNode; error?: string }>,
    ) => {
      if (ev.data.ready) {
        ready = true;
        for (const q of queued) worker?.postMessage(q);
        queued = [];
        return;
      }
      if (ev.data.id === undefined) return;
      const p = pending.get(ev.data.id);
      if (!p) return;
      pending.delete(ev.data.id);
      if (ev.data.result) p.resolve(ev.data.result);
      else p.reject(new Error(ev.data.error ?? 'layout failed'));
    };
    worker.onerror = (ev) => {
      const err = new Error(ev.message || 'layout worker failed');
      for (const p of pending.values()) p.reject(err);
      pending.clear();
      queued = [];
      worker?.terminate();
      worker = undefined;
      ready = false;
    };
  }
  return worker;
}

function inWorker(graph: ElkNode): Promise<ElkNode> {
  return new Promise((resolve, reject) => {
    const id = nextId++;
    pending.set(id, { resolve, reject });
    const w = getWorker();
    if (ready) w.postMessage({ id, graph });
    else queued.push({ id, graph });
  });
}

/** Lays the graph out; positions are relative to each node's container. */
export async function layoutGraph(graph: TopoGraph): Promise<Positions> {
  const elkGraph = toElk(graph);
  const result =
    typeof Worker !== 'undefined'
      ? await inWorker(elkGraph)
      : await (await import('./run-elk')).runElk(elkGraph); // Node (bench, tests): no Worker global
  return fromElk(result);
}
