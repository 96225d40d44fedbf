// The one module that loads ELK itself. Used inside the layout worker (and by the bench, which measures
// the same code the worker runs).
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';

let elk: InstanceType<typeof ELK> | undefined;

export async function runElk(graph: ElkNode): Promise<ElkNode> {
  elk ??= new ELK();
  return elk.layout(graph);
}
