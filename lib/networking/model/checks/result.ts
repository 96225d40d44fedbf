// What a check answers, and the small constructors every check uses.
import type { Fix } from '../fixes';

export type CheckStatus = 'pass' | 'fail' | 'warning' | 'pending';

export type CheckId =
  | 'layout'
  | 'region'
  | 'same-vnet'
  | 'different-subnets'
  | 'no-proxy-size'
  | 'aci-delegation'
  | 'build-subnet-usable'
  | 'private-link-policies'
  | 'nsg-private-link'
  | 'nsg-build-vm-access'
  | 'nsg-aci-internet'
  | 'outbound-build'
  | 'outbound-aci'
  | 'identity-permissions';

export interface CheckResult {
  id: CheckId;
  title: string;
  status: CheckStatus;
  /** True when the check could not be made (the reason says why). Status is then 'warning'. */
  cannotVerify?: boolean;
  reason: string;
  /** Extra lines: which NSG rule decided, which assignment grants, … */
  details?: string[];
  /** What to do when no automatic fix exists (or as well as it). */
  advice?: string;
  fixes?: Fix[];
}

export function pass(id: CheckId, title: string, reason: string, details?: string[]): CheckResult {
  return { id, title, status: 'pass', reason, ...(details?.length ? { details } : {}) };
}
export function fail(
  id: CheckId,
  title: string,
  reason: string,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return { id, title, status: 'fail', reason, ...extra };
}
export function warn(
  id: CheckId,
  title: string,
  reason: string,
  extra: Partial<CheckResult> = {},
): CheckResult {
  return { id, title, status: 'warning', reason, ...extra };
}
export function pending(id: CheckId, title: string): CheckResult {
  return { id, title, status: 'pending', reason: 'Checking…' };
}
export function cannotVerify(id: CheckId, title: string, what: string, reason: string): CheckResult {
  return {
    id,
    title,
    status: 'warning',
    cannotVerify: true,
    reason: `Cannot verify: could not read ${what} (${reason}).`,
  };
}

/** Each check's title, as the check list shows it. */
export const TITLES: Record<CheckId, string> = {
  layout: 'Network layout',
  region: 'Same region as the template',
  'same-vnet': 'Both subnets in the same virtual network',
  'different-subnets': 'Two different subnets',
  'no-proxy-size': 'No proxy VM size',
  'aci-delegation': 'Container instance subnet delegated',
  'build-subnet-usable': 'Build subnet can hold the build VM',
  'private-link-policies': 'Private Link service network policies disabled',
  'nsg-private-link': 'NSG lets Private Link reach the proxy VM (TCP 60000-60001)',
  'nsg-build-vm-access': 'NSGs let Image Builder reach the build VM (22, 5986)',
  'nsg-aci-internet': 'NSG lets the container instance reach the Internet (443, 445)',
  'outbound-build': 'Build subnet has a way out to the Internet',
  'outbound-aci': 'Container instance subnet has a way out to the Internet',
  'identity-permissions': 'Template identity may use the network',
};
