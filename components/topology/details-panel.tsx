'use client';
import type { TopoGraph, TopoNode } from '@/lib/topology/model/types';
import { typeLabel } from '@/lib/topology/model/classify';
import { TypeIcon } from './icons';

export function portalLink(tenantId: string, resourceId: string): string {
  return `https://portal.azure.com/#@${tenantId}/resource${resourceId}`;
}

/** What the node is: type, name, id, location, state, owner and its type's own details. */
function NodeFacts({ node }: { node: TopoNode }) {
  const expected = node.status === 'expected';
  return (
    <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-1 text-xs">
      <dt className="text-slate-600 dark:text-slate-400">Type</dt>
      <dd className="break-all font-mono">{node.type}</dd>
      <dt className="text-slate-600 dark:text-slate-400">Name</dt>
      <dd className="break-all">{node.name}</dd>
      {!expected ? (
        <>
          <dt className="text-slate-600 dark:text-slate-400">Id</dt>
          <dd className="break-all font-mono text-[11px]">{node.resourceId}</dd>
        </>
      ) : null}
      <dt className="text-slate-600 dark:text-slate-400">Location</dt>
      <dd>{node.location ?? '—'}</dd>
      <dt className="text-slate-600 dark:text-slate-400">State</dt>
      <dd>
        {expected
          ? 'Not created yet'
          : node.status === 'deleted'
            ? 'Deleted'
            : (node.provisioningState ?? '—')}
      </dd>
      <dt className="text-slate-600 dark:text-slate-400">Owner</dt>
      <dd>{node.owner === 'user' ? 'Your network' : 'Azure VM Image Builder'}</dd>
      {node.details.map(([k, v]) => (
        <FragmentRow key={k} k={k} v={v} />
      ))}
    </dl>
  );
}

/** The node's edges, each with the node at the other end. */
function Connections({ node, graph }: { node: TopoNode; graph: TopoGraph }) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const links = graph.edges.filter((e) => e.source === node.id || e.target === node.id);
  if (!links.length) return null;
  return (
    <div className="text-xs">
      <p className="font-medium text-slate-600 dark:text-slate-300">Connections</p>
      <ul className="list-disc pl-4">
        {links.map((e) => {
          const other = byId.get(e.source === node.id ? e.target : e.source);
          return (
            <li key={e.id}>
              {e.source === node.id ? '→' : '←'} {other?.name ?? '?'} ({e.kind}
              {e.label ? `: ${e.label}` : ''}
              {e.ports ? `, port ${e.ports}` : ''})
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function DetailsPanel({
  node,
  graph,
  portal,
  onClose,
}: {
  node: TopoNode;
  graph: TopoGraph;
  /** Tenant id when running against real Azure (local Azure has no portal). */
  portal: { tenantId: string } | undefined;
  onClose: () => void;
}) {
  const expected = node.status === 'expected';
  return (
    <aside
      aria-label={`Details of ${node.name}`}
      className="flex w-full flex-col gap-2 rounded-lg border border-slate-200 bg-white p-3 text-sm shadow-sm dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex items-start gap-2">
        <TypeIcon icon={node.icon} className="h-6 w-6" />
        <div className="min-w-0 flex-1">
          <h3 className="truncate font-semibold" title={node.name}>
            {node.name}
          </h3>
          <p className="text-xs text-slate-600 dark:text-slate-400">{typeLabel(node.type)}</p>
        </div>
        <button
          type="button"
          onClick={onClose}
          className="rounded px-1.5 text-slate-600 dark:text-slate-400 hover:bg-slate-100 dark:hover:bg-slate-800"
          aria-label="Close details"
        >
          ×
        </button>
      </div>
      <NodeFacts node={node} />
      <Connections node={node} graph={graph} />
      {portal && !expected ? (
        <a
          href={portalLink(portal.tenantId, node.resourceId)}
          target="_blank"
          rel="noreferrer noopener"
          className="text-xs font-medium text-sky-700 underline dark:text-sky-300"
        >
          Open in the Azure Portal
        </a>
      ) : null}
    </aside>
  );
}

function FragmentRow({ k, v }: { k: string; v: string }) {
  return (
    <>
      <dt className="text-slate-600 dark:text-slate-400">{k}</dt>
      <dd className="break-all">{v}</dd>
    </>
  );
}
