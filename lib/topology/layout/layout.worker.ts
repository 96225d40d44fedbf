// Web Worker: runs ELK off the main thread. Messages: { id, graph } in, { id, result } or { id, error } out.
import type { ElkNode } from 'elkjs/lib/elk-api';
import { runElk } from './run-elk';

interface Request {
  id: number;
  graph: ElkNode;
}

const scope = self as unknown as {
  onmessage: ((ev: MessageEvent<Request>) => void) | null;
  postMessage(msg: unknown): void;
};

scope.onmessage = (ev) => {
  const { id, graph } = ev.data;
  runElk(graph).then(
    (result) => scope.postMessage({ id, result }),
    (e: unknown) => scope.postMessage({ id, error: e instanceof Error ? e.message : String(e) }),
  );
};
