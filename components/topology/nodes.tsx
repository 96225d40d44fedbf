// React Flow custom nodes: memoised, registered once at module scope (stable nodeTypes).
import { memo } from 'react';
import { Handle, Position, type Node, type NodeProps } from '@xyflow/react';
import type { TopoNode } from '@/lib/topology/model/types';
import { typeLabel } from '@/lib/topology/model/classify';
import { TypeIcon } from './icons';

export type TopoNodeData = { node: TopoNode; selected: boolean };
export type ResourceFlowNode = Node<TopoNodeData, 'resource'>;
export type ContainerFlowNode = Node<TopoNodeData, 'container'>;

export function stateTone(state: string | undefined): string {
  const s = (state ?? '').toLowerCase();
  if (s === 'succeeded') return 'bg-emerald-500';
  if (s === 'failed') return 'bg-red-500';
  if (s === 'deleting' || s === 'deleted') return 'bg-slate-400';
  if (!s) return 'bg-slate-300';
  return 'bg-amber-400 motion-safe:animate-pulse';
}

/** Faded without lowering text contrast: dashed/dotted borders, a paler fill, a faded icon. */
function statusClass(n: TopoNode): string {
  if (n.status === 'expected') return 'border-dashed !bg-slate-50 dark:!bg-slate-900/70';
  if (n.status === 'deleted') return 'border-dotted !bg-slate-100 dark:!bg-slate-800/70';
  return '';
}

const handle = '!h-2 !w-2 !min-h-0 !min-w-0 !border-0 !bg-slate-400 opacity-0';

function ResourceNodeImpl({ data }: NodeProps<ResourceFlowNode>) {
  const n = data.node;
  const state =
    n.status === 'expected'
      ? 'to be created'
      : n.status === 'deleted'
        ? 'deleted'
        : (n.provisioningState ?? '—');
  return (
    <div
      className={`flex h-16 w-[200px] items-center gap-2 rounded-lg border bg-white px-2.5 shadow-sm dark:bg-slate-900 ${
        data.selected ? 'border-sky-600 ring-2 ring-sky-400' : 'border-slate-300 dark:border-slate-600'
      } ${statusClass(n)}`}
      data-testid="topology-node"
      data-role={n.role}
      data-status={n.status}
    >
      <Handle type="target" position={Position.Left} className={handle} />
      <TypeIcon icon={n.icon} className={`h-7 w-7 ${n.status === 'present' ? '' : 'opacity-40 grayscale'}`} />
      <div className="min-w-0 flex-1">
        <p
          className={`truncate text-xs font-semibold ${n.status === 'deleted' ? 'line-through' : ''}`}
          title={n.name}
        >
          {n.name}
        </p>
        <p className="truncate text-[10px] text-slate-600 dark:text-slate-400">{typeLabel(n.type)}</p>
        <p className="flex items-center gap-1 text-[10px] text-slate-600 dark:text-slate-300">
          <span
            className={`inline-block h-1.5 w-1.5 rounded-full ${n.status === 'present' ? stateTone(n.provisioningState) : 'bg-slate-300'}`}
          />
          <span className={n.status === 'present' ? '' : 'italic'}>{state}</span>
        </p>
      </div>
      <Handle type="source" position={Position.Right} className={handle} />
    </div>
  );
}

function ContainerNodeImpl({ data }: NodeProps<ContainerFlowNode>) {
  const n = data.node;
  const user = n.owner === 'user';
  const vnet = n.role === 'vnet';
  return (
    <div
      className={`h-full w-full rounded-xl border-2 ${
        vnet
          ? user
            ? 'border-emerald-500/70 bg-emerald-50/40 dark:bg-emerald-950/20'
            : 'border-indigo-400/70 bg-indigo-50/40 dark:bg-indigo-950/20'
          : user
            ? 'border-emerald-400/60 bg-white/60 dark:bg-slate-900/40'
            : 'border-indigo-300/60 bg-white/60 dark:bg-slate-900/40'
      } ${n.status === 'expected' ? '!border-dashed' : n.status === 'deleted' ? '!border-dotted' : ''} ${
        data.selected ? 'ring-2 ring-sky-400' : ''
      }`}
      data-testid="topology-container"
      data-owner={n.owner}
    >
      <Handle type="target" position={Position.Left} className={handle} />
      <div className="flex items-center gap-1.5 px-2 pt-1.5 text-[11px] font-medium text-slate-700 dark:text-slate-200">
        <TypeIcon icon={n.icon} className="h-4 w-4" />
        <span className="truncate">{n.name}</span>
        <span
          className={`rounded px-1 text-[9px] font-semibold uppercase tracking-wide ${
            user
              ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-900 dark:text-emerald-100'
              : 'bg-indigo-100 text-indigo-900 dark:bg-indigo-900 dark:text-indigo-100'
          }`}
        >
          {user ? 'your network' : 'AIB'}
        </span>
      </div>
      <Handle type="source" position={Position.Right} className={handle} />
    </div>
  );
}

export const ResourceNode = memo(ResourceNodeImpl);
export const ContainerNode = memo(ContainerNodeImpl);

/** Stable at module scope, as React Flow wants. */
export const nodeTypes = { resource: ResourceNode, container: ContainerNode };
