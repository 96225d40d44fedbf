'use client';
// The same content as the diagram, as tables (screen readers; what tests read). Rows are keyed as the
// diagram's elements are (drawnKey): a real resource replacing its placeholder updates that row.
import type { TopoGraph } from '@/lib/topology/model/types';
import { typeLabel } from '@/lib/topology/model/classify';
import { drawnEdgeKey, drawnKey } from '@/lib/topology/model/expected';

const STATUS: Record<string, string> = { expected: 'Expected', present: 'Exists', deleted: 'Deleted' };

function HeaderRow({ columns }: { columns: string[] }) {
  return (
    <thead>
      <tr className="border-b border-slate-200 text-left text-slate-600 dark:text-slate-400 dark:border-slate-700">
        {columns.map((c, i) => (
          <th
            key={c}
            scope="col"
            className={i < columns.length - 1 ? 'py-1 pr-2 font-medium' : 'py-1 font-medium'}
          >
            {c}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export function TopologyTable({ graph, onSelect }: { graph: TopoGraph; onSelect?: (id: string) => void }) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const name = (id: string) => byId.get(id)?.name ?? id;
  return (
    <div className="flex flex-col gap-3 text-xs">
      <table className="w-full border-collapse" aria-label="Staging resources">
        <caption className="pb-1 text-left text-sm font-semibold">Resources</caption>
        <HeaderRow columns={['Name', 'Type', 'Provisioning state', 'Status', 'Inside', 'Owner']} />
        <tbody>
          {graph.nodes.map((n) => (
            <tr
              key={drawnKey(n.id, byId)}
              className="border-b border-slate-100 dark:border-slate-800"
              data-role={n.role}
              data-status={n.status}
              data-owner={n.owner}
            >
              <th scope="row" className="py-0.5 pr-2 text-left font-normal">
                {onSelect ? (
                  <button
                    type="button"
                    className="text-left underline decoration-dotted"
                    onClick={() => onSelect(n.id)}
                  >
                    {n.name}
                  </button>
                ) : (
                  n.name
                )}
              </th>
              <td className="py-0.5 pr-2">{typeLabel(n.type)}</td>
              <td className="py-0.5 pr-2">{n.status === 'present' ? (n.provisioningState ?? '—') : '—'}</td>
              <td className="py-0.5 pr-2">{STATUS[n.status]}</td>
              <td className="py-0.5 pr-2">{n.parent ? name(n.parent) : '—'}</td>
              <td className="py-0.5">{n.owner === 'user' ? 'Your network' : 'AIB'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="w-full border-collapse" aria-label="Connections">
        <caption className="pb-1 text-left text-sm font-semibold">Connections</caption>
        <HeaderRow columns={['From', 'To', 'Kind', 'What', 'Ports']} />
        <tbody>
          {graph.edges.map((e) => (
            <tr
              key={drawnEdgeKey(e, byId)}
              className="border-b border-slate-100 dark:border-slate-800"
              data-kind={e.kind}
            >
              <td className="py-0.5 pr-2">{name(e.source)}</td>
              <td className="py-0.5 pr-2">{name(e.target)}</td>
              <td className="py-0.5 pr-2">
                {e.kind}
                {e.expected ? ' (expected)' : ''}
              </td>
              <td className="py-0.5 pr-2">{e.label ?? ''}</td>
              <td className="py-0.5">{e.ports ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
