import type { Layout } from './types';

/** The template's networking layout from its vnetConfig (aib-facts §4.3). */
export function layoutOf(
  vnetConfig: { subnetId?: string; containerInstanceSubnetId?: string } | undefined,
): Layout {
  if (!vnetConfig?.subnetId) return 1;
  return vnetConfig.containerInstanceSubnetId ? 3 : 2;
}
