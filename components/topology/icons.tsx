// Small inline icons per resource type (no icon font, no network fetch; CSP-friendly).
import type { IconKey } from '@/lib/topology/model/types';

const P: Record<IconKey, string> = {
  containerGroup: 'M3 7l9-4 9 4v10l-9 4-9-4V7zm9 1v12M3 7l9 5 9-5',
  virtualMachine: 'M3 4h18v12H3zM8 20h8M12 16v4',
  networkInterface: 'M4 9h16v6H4zM7 9V6M12 9V6M17 9V6M7 15v3M17 15v3',
  privateEndpoint: 'M12 3a5 5 0 015 5v2h1v11H6V10h1V8a5 5 0 015-5zm-3 7h6V8a3 3 0 00-6 0z',
  privateLinkService: 'M9 15l6-6M10 6l1-1a4 4 0 016 6l-1 1M14 18l-1 1a4 4 0 01-6-6l1-1',
  loadBalancer: 'M12 3v6M12 9l-7 6M12 9l7 6M12 9v6M3 15h4v4H3zM10 15h4v4h-4zM17 15h4v4h-4z',
  virtualNetwork: 'M5 12a2 2 0 104 0 2 2 0 00-4 0zM15 12a2 2 0 104 0 2 2 0 00-4 0zM9 12h6M3 5h18v14H3z',
  subnet: 'M4 4h16v16H4zM4 10h16M10 10v10',
  networkSecurityGroup: 'M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6l8-3z',
  disk: 'M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3v12c0 1.7-3.6 3-8 3s-8-1.3-8-3V6zm0 0c0 1.7 3.6 3 8 3s8-1.3 8-3',
  storageAccount: 'M3 5h18v4H3zM3 10h18v4H3zM3 15h18v4H3zM6 7h2M6 12h2M6 17h2',
  publicIp: 'M12 3a9 9 0 100 18 9 9 0 000-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  generic: 'M4 4h16v16H4zM9 9h6v6H9z',
};

const COLOR: Record<IconKey, string> = {
  containerGroup: 'text-violet-600 dark:text-violet-300',
  virtualMachine: 'text-sky-700 dark:text-sky-300',
  networkInterface: 'text-emerald-700 dark:text-emerald-300',
  privateEndpoint: 'text-amber-700 dark:text-amber-300',
  privateLinkService: 'text-amber-700 dark:text-amber-300',
  loadBalancer: 'text-teal-700 dark:text-teal-300',
  virtualNetwork: 'text-indigo-700 dark:text-indigo-300',
  subnet: 'text-indigo-600 dark:text-indigo-300',
  networkSecurityGroup: 'text-rose-700 dark:text-rose-300',
  disk: 'text-slate-600 dark:text-slate-300',
  storageAccount: 'text-cyan-700 dark:text-cyan-300',
  publicIp: 'text-slate-600 dark:text-slate-300',
  generic: 'text-slate-600 dark:text-slate-400',
};

export function TypeIcon({ icon, className = 'h-5 w-5' }: { icon: IconKey; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      className={`${className} shrink-0 ${COLOR[icon]}`}
      fill="none"
      stroke="currentColor"
      strokeWidth={1.6}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      data-icon={icon}
    >
      <path d={P[icon]} />
    </svg>
  );
}
