// What the topology needs from an image template, read from its plain shape (no SDK import).
import { keptVnetFields } from '@/lib/aib/network-layout';
import { isRunActive } from '@/lib/aib/run-state';
import { aibTimeMs } from '@/lib/aib/times';
import type { OsType, UserSubnet } from './types';

export interface TemplateLike {
  id?: string;
  source?: { type?: string; publisher?: string; offer?: string; sku?: string };
  customize?: Array<{ type?: string }>;
  vmProfile?: { vnetConfig?: { subnetId?: string; containerInstanceSubnetId?: string } };
  exactStagingResourceGroup?: string;
  lastRunStatus?: {
    startTime?: Date | string;
    endTime?: Date | string;
    runState?: string;
    runSubState?: string;
    message?: string;
  };
}

const WINDOWS_CUSTOMIZERS = /^(PowerShell|WindowsRestart|WindowsUpdate)$/i;

/** The build VM's OS: from a platform image's publisher/offer, else from Windows-only customizers. */
export function osOfTemplate(t: TemplateLike): OsType {
  const s = t.source;
  const text = `${s?.publisher ?? ''} ${s?.offer ?? ''} ${s?.sku ?? ''}`;
  if (/windows/i.test(text)) return 'Windows';
  if ((t.customize ?? []).some((c) => WINDOWS_CUSTOMIZERS.test(c.type ?? ''))) return 'Windows';
  return 'Linux';
}

export function userSubnetsOf(t: TemplateLike): UserSubnet[] {
  const v = keptVnetFields(t.vmProfile?.vnetConfig);
  const out: UserSubnet[] = [];
  if (v.subnetId) out.push({ id: v.subnetId, use: 'build' });
  if (v.containerInstanceSubnetId) out.push({ id: v.containerInstanceSubnetId, use: 'containerInstance' });
  return out;
}

export type RunPhase = 'none' | 'running' | 'finished';

export interface RunInfo {
  phase: RunPhase;
  runState?: string;
  runSubState?: string;
  start?: number;
  end?: number;
}

export function runInfo(t: TemplateLike): RunInfo {
  const s = t.lastRunStatus;
  if (!s?.runState) return { phase: 'none' };
  const running = isRunActive(s.runState);
  const start = aibTimeMs(s.startTime);
  const end = aibTimeMs(s.endTime);
  return {
    phase: running ? 'running' : 'finished',
    runState: s.runState,
    ...(s.runSubState ? { runSubState: s.runSubState } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined && !running ? { end } : {}),
  };
}
