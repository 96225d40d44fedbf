// Web Worker: runs ELK off the main thread. Messages: { id, graph } in, { id, result } or { id, error } out.
// Announces { ready: true } once loaded: a bundler may load the worker's chunks asynchronously, and a
// message posted before the handler exists would be lost.
import type { ElkNode } from 'elkjs/lib/elk-api';
import { runElk } from './run-elk';

interface Request {
  id: number;
  graph: ElkNode;
}

const scope = self as unknown as {
  onmessage: ((ev: MessageEvent) => void) | null;
  addEventListener(type: 'message', l: (ev: MessageEvent<Request>) => void): void;
  postMessage(msg: unknown): void;
};

// elk.bundled.js installs its own dispatcher on self.onmessage when it finds itself in a worker; only
// Kiln's protocol is spoken here.
scope.onmessage = null;
scope.addEventListener('message', (ev) => {
  const { id, graph } = ev.data;
  if (typeof id !== 'number' || !graph) return;
  runElk(graph).then(
    (result) => scope.postMessage({ id, result }),
    (e: unknown) => scope.postMessage({ id, error: e instanceof Error ? e.message : String(e) }),
  );
});
scope.postMessage({ ready: true });
