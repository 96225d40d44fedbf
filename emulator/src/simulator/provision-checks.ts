// What AIB checks and settles while it provisions a template (after PUT), as the Azure CLI's recordings
// show: the template identity must be allowed to join the template's subnets (else the template ends
// `Failed` with `Unauthorized` at creation), and a platform image source's `latest` is resolved.
import type { ArmResource, World } from '../core/types.ts';
import { isRec, type Rec } from '../core/rec.ts';
import { principalCan } from '../auth/rbac.ts';
import { layoutOf } from './plan.ts';
import { templateIdentity } from './staging.ts';
import { notAuthorized } from './messages.ts';

const JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';

/** The error when the template identity may not join one of its subnets, else undefined. */
export function subnetRefusal(world: World, t: ArmResource): { code: string; message: string } | undefined {
  const props = isRec(t.properties) ? t.properties : {};
  const { subnetId, aciSubnetId } = layoutOf(props);
  const ident = templateIdentity(world, t);
  if (!ident) return undefined;
  for (const s of [aciSubnetId, subnetId]) {
    // A subnet that does not exist is the build's finding (ResourceNotFound), not provisioning's.
    if (s && world.get(s.split('/subnets/')[0] ?? '') && !principalCan(world, ident.principalId, JOIN, s))
      return { code: 'Unauthorized', message: notAuthorized(s) };
  }
  return undefined;
}

/** Windows Server builds by SKU year, for resolved Windows versions. */
const WINDOWS_BUILDS: Record<string, string> = {
  '2016': '14393',
  '2019': '17763',
  '2022': '20348',
  '2025': '26100',
};

/**
 * The version `latest` resolves to, in the platform's formats: Ubuntu-style `<major>.<minor>.<yyyymmdd><n>`
 * (recorded `18.04.202401161`), Windows-style `<build>.<n>.<yymmdd>`, otherwise `1.0.<yyyymmdd>`.
 */
export function resolvedVersion(source: Rec, now: Date): string {
  const ymd = now.toISOString().slice(0, 10).replace(/-/g, '');
  const sku = typeof source.sku === 'string' ? source.sku : '';
  const ubuntu = /(\d{2})[._](\d{2})/.exec(sku);
  if (ubuntu) return `${ubuntu[1] ?? ''}.${ubuntu[2] ?? ''}.${ymd}1`;
  const year = /(20\d\d)/.exec(sku)?.[1];
  const build = year ? WINDOWS_BUILDS[year] : undefined;
  if (build) return `${build}.${Number(ymd.slice(4, 6)) * 100 + 27}.${ymd.slice(2)}`;
  return `1.0.${ymd}`;
}

/** Sets a platform image source's exactVersion to the resolved version when it asked for `latest`. */
export function resolveLatest(t: ArmResource, now: Date): void {
  const props = isRec(t.properties) ? t.properties : undefined;
  const src = props && isRec(props.source) ? props.source : undefined;
  if (!src || src.type !== 'PlatformImage' || String(src.version).toLowerCase() !== 'latest') return;
  src.exactVersion = resolvedVersion(src, now);
}
