// Small inline pictures of what AIB creates for each layout (docs/azure/networking.md). Lines and text use
// currentColor so they follow light and dark mode; "yours" is drawn solid, "made by Image Builder" dashed.
import { createContext, useContext, useId } from 'react';
import type { NetworkLayout } from '@/lib/aib/network-layout';

const MarkerId = createContext('kiln-net-arrow');

const W = 260;
const H = 128;

function Box({
  x,
  y,
  w,
  h,
  label,
  dashed,
  tone,
}: {
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  dashed?: boolean;
  tone: 'yours' | 'aib' | 'node';
}) {
  const fill =
    tone === 'yours'
      ? 'fill-sky-50 dark:fill-sky-950/60'
      : tone === 'aib'
        ? 'fill-amber-50 dark:fill-amber-950/50'
        : 'fill-white dark:fill-slate-800';
  return (
    <g>
      <rect
        x={x}
        y={y}
        width={w}
        height={h}
        rx={5}
        className={`${fill} stroke-current`}
        strokeWidth={1}
        strokeDasharray={dashed ? '4 3' : undefined}
      />
      <text x={x + 5} y={y + 11} className="fill-current" fontSize={9}>
        {label}
      </text>
    </g>
  );
}

function Node({ x, y, label, dashed }: { x: number; y: number; label: string; dashed?: boolean }) {
  return (
    <g>
      <rect
        x={x}
        y={y}
        width={62}
        height={20}
        rx={3}
        className="fill-white stroke-current dark:fill-slate-800"
        strokeWidth={1}
        strokeDasharray={dashed ? '3 2' : undefined}
      />
      <text x={x + 31} y={y + 13.5} textAnchor="middle" className="fill-current" fontSize={8.5}>
        {label}
      </text>
    </g>
  );
}

function Arrow({
  x1,
  y1,
  x2,
  y2,
  label,
}: {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  label?: string;
}) {
  const marker = useContext(MarkerId);
  return (
    <g>
      <line
        x1={x1}
        y1={y1}
        x2={x2}
        y2={y2}
        className="stroke-current"
        strokeWidth={1}
        markerEnd={`url(#${marker})`}
      />
      {label ? (
        <text
          x={(x1 + x2) / 2}
          y={(y1 + y2) / 2 - 3}
          textAnchor="middle"
          className="fill-current"
          fontSize={7.5}
        >
          {label}
        </text>
      ) : null}
    </g>
  );
}

const DESCRIPTIONS: Record<NetworkLayout, string> = {
  'aib-network':
    'Picture: in the staging resource group, a virtual network made by Image Builder holds the container instance and the build VM.',
  'private-link':
    'Picture: the container instance sits in a temporary Image Builder network and reaches, through a private endpoint and Private Link, a proxy VM in your subnet, which reaches the build VM.',
  'own-subnets':
    'Picture: your virtual network holds the container instance subnet and the build subnet; the container instance reaches the build VM on ports 22 and 5986. Image Builder makes no network.',
};

export function LayoutPicture({ layout }: { layout: NetworkLayout }) {
  const marker = `kiln-net-arrow-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  return (
    <MarkerId.Provider value={marker}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={DESCRIPTIONS[layout]}
        className="h-auto w-full max-w-[16rem] text-slate-600 dark:text-slate-300"
      >
        <defs>
          <marker
            id={marker}
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" className="fill-current" />
          </marker>
        </defs>
        {layout === 'aib-network' ? (
          <>
            <Box x={4} y={4} w={252} h={120} label="Staging resource group" tone="node" />
            <Box
              x={16}
              y={22}
              w={228}
              h={94}
              label="Image Builder network (made per build)"
              dashed
              tone="aib"
            />
            <Node x={34} y={60} label="container" dashed />
            <Node x={164} y={60} label="build VM" dashed />
            <Arrow x1={96} y1={70} x2={164} y2={70} label="22 / 5986" />
          </>
        ) : null}
        {layout === 'private-link' ? (
          <>
            <Box x={4} y={4} w={110} h={120} label="Image Builder network" dashed tone="aib" />
            <Box x={128} y={4} w={128} h={120} label="Your subnet" tone="yours" />
            <Node x={20} y={30} label="container" dashed />
            <Node x={20} y={86} label="endpoint" dashed />
            <Arrow x1={51} y1={50} x2={51} y2={86} />
            <Node x={142} y={30} label="proxy VM" dashed />
            <Node x={142} y={86} label="build VM" dashed />
            <Arrow x1={82} y1={96} x2={142} y2={44} label="Private Link" />
            <Arrow x1={173} y1={50} x2={173} y2={86} label="22 / 5986" />
            <text x={212} y={69} textAnchor="middle" className="fill-current" fontSize={7.5}>
              + LB, PLS
            </text>
          </>
        ) : null}
        {layout === 'own-subnets' ? (
          <>
            <Box x={4} y={4} w={252} h={120} label="Your virtual network" tone="yours" />
            <Box x={14} y={24} w={100} h={90} label="Container subnet" tone="yours" />
            <Box x={146} y={24} w={100} h={90} label="Build subnet" tone="yours" />
            <Node x={33} y={62} label="container" dashed />
            <Node x={165} y={62} label="build VM" dashed />
            <Arrow x1={95} y1={72} x2={165} y2={72} label="22 / 5986" />
          </>
        ) : null}
      </svg>
    </MarkerId.Provider>
  );
}
