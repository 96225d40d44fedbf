// Pure planning of a build: networking layout, OS, realistic Azure durations of each step, and what the
import { isRec, type Rec } from '../core/rec.ts';
// customizers will do (an inline `exit N` with N not allowed fails the build; `sleep N` adds N seconds).
// Durations are real Azure seconds; the clock divides them by the speed S.

export type Layout = 1 | 2 | 3;
export type OsType = 'Linux' | 'Windows';

export function layoutOf(props: Rec): {
  layout: Layout;
  subnetId?: string;
  aciSubnetId?: string;
  proxyVmSize?: string;
} {
  const vm = isRec(props.vmProfile) ? props.vmProfile : {};
  const v = isRec(vm.vnetConfig) ? vm.vnetConfig : {};
  const subnetId = typeof v.subnetId === 'string' && v.subnetId ? v.subnetId : undefined;
  const aciSubnetId =
    typeof v.containerInstanceSubnetId === 'string' && v.containerInstanceSubnetId
      ? v.containerInstanceSubnetId
      : undefined;
  const proxyVmSize = typeof v.proxyVmSize === 'string' && v.proxyVmSize ? v.proxyVmSize : undefined;
  if (!subnetId) return { layout: 1 };
  if (!aciSubnetId) return { layout: 2, subnetId, ...(proxyVmSize ? { proxyVmSize } : {}) };
  return { layout: 3, subnetId, aciSubnetId };
}

/** Windows when the source or a customizer says so (`knownOs` wins: the OS of a managed/gallery source). */
export function osOf(props: Rec, knownOs?: OsType): OsType {
  if (knownOs) return knownOs;
  const src = isRec(props.source) ? props.source : {};
  const hay =
    `${String(src.publisher ?? '')} ${String(src.offer ?? '')} ${String(src.sku ?? '')}`.toLowerCase();
  if (hay.includes('windows')) return 'Windows';
  const cz = Array.isArray(props.customize) ? props.customize : [];
  if (cz.some((c) => isRec(c) && ['PowerShell', 'WindowsRestart', 'WindowsUpdate'].includes(String(c.type))))
    return 'Windows';
  return 'Linux';
}

/** Real-Azure seconds of each step (a plain Linux build on layout 3 takes about 19 minutes). */
export const DURATIONS = {
  queued: 60,
  stagingPrep: 20,
  vnet: 30,
  nsg: 15,
  loadBalancer: 30,
  privateLinkService: 30,
  privateEndpoint: 40,
  proxyVm: 120,
  containerGroup: 90,
  nic: 15,
  vm: { Linux: 150, Windows: 240 },
  connect: { Linux: 30, Windows: 90 },
  connectTimeout: { Linux: 1200, Windows: 600 },
  customizer: { Shell: 90, PowerShell: 90, WindowsRestart: 180, WindowsUpdate: 1500, File: 15 } as Record<
    string,
    number
  >,
  deprovision: { Linux: 45, Windows: 360 },
  optimize: 300,
  validateBase: 60,
  validator: 60,
  capture: 240,
  distribute: { ManagedImage: 90, SharedImage: 420, VHD: 150 } as Record<string, number>,
  deleteResource: 15,
  deleteVm: 45,
} as const;

/** Default speed S: the plain build above (~19 Azure minutes) takes about 95 s. */
export const DEFAULT_SPEED = 12;

export interface StepPlan {
  index: number;
  name: string;
  type: string;
  /** Azure seconds. */
  duration: number;
  /** Lines the step prints (inline script lines, echo output). */
  lines: string[];
  /** Exit code when the step fails; undefined when it succeeds. */
  failExit?: number;
}

function inlineLines(c: Rec): string[] {
  return Array.isArray(c.inline) ? c.inline.filter((l): l is string => typeof l === 'string') : [];
}

/** Analyses one customizer or validator: its duration and whether an inline `exit N` fails it. */
export function planStep(c: unknown, index: number, kind: 'customizer' | 'validator'): StepPlan {
  const r = isRec(c) ? c : {};
  const type = String(r.type ?? 'Shell');
  const name =
    typeof r.name === 'string' && r.name
      ? r.name
      : `${kind === 'customizer' ? 'customizer' : 'validator'}-${index}`;
  const base = kind === 'validator' ? DURATIONS.validator : (DURATIONS.customizer[type] ?? 60);
  let duration = base;
  const lines: string[] = [];
  let failExit: number | undefined;
  const allowed =
    type === 'PowerShell' && Array.isArray(r.validExitCodes) && r.validExitCodes.length
      ? r.validExitCodes.filter((x): x is number => typeof x === 'number')
      : [0];
  for (const line of inlineLines(r)) {
    const sleep = /^\s*(?:sleep|Start-Sleep(?:\s+-Seconds)?)\s+(\d+)\s*;?\s*$/i.exec(line);
    if (sleep) duration += Number(sleep[1]);
    const echo = /^\s*(?:echo|Write-Host|Write-Output)\s+(.*)$/i.exec(line);
    if (echo?.[1] !== undefined) lines.push(echo[1].replace(/^["']|["']$/g, ''));
    const exit = /^\s*exit\s+(-?\d+)\s*;?\s*$/i.exec(line);
    if (exit) {
      const n = Number(exit[1]);
      if (!allowed.includes(n)) failExit = n;
      break;
    }
  }
  return { index, name, type, duration, lines, ...(failExit !== undefined ? { failExit } : {}) };
}

export function planCustomizers(props: Rec): StepPlan[] {
  const cz = Array.isArray(props.customize) ? props.customize : [];
  return cz.map((c, i) => planStep(c, i, 'customizer'));
}

export function planValidators(props: Rec): StepPlan[] {
  const v = isRec(props.validate) ? props.validate : {};
  const list = Array.isArray(v.inVMValidations) ? v.inVMValidations : [];
  return list.map((c, i) => planStep(c, i, 'validator'));
}

export const optimizeConfigured = (props: Rec): boolean => {
  const o = isRec(props.optimize) ? props.optimize : {};
  const vb = isRec(o.vmBoot) ? o.vmBoot : {};
  const wl = isRec(o.workload) ? o.workload : {};
  return vb.state === 'Enabled' || wl.state === 'Enabled';
};

export const validateConfigured = (props: Rec): boolean => isRec(props.validate);

/** buildTimeoutInMinutes in Azure seconds (0 or absent means 240 minutes). */
export function timeoutSeconds(props: Rec): number {
  const t = props.buildTimeoutInMinutes;
  return (typeof t === 'number' && t > 0 ? t : 240) * 60;
}

export function errorHandling(props: Rec): { onCustomizerError: string; onValidationError: string } {
  const e = isRec(props.errorHandling) ? props.errorHandling : {};
  return {
    onCustomizerError: e.onCustomizerError === 'abort' ? 'abort' : 'cleanup',
    onValidationError: e.onValidationError === 'abort' ? 'abort' : 'cleanup',
  };
}
