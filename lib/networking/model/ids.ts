// ARM resource ids of the network resources Kiln reads and changes. ARM compares ids case-insensitively
// (and returns `resourcegroups` from some providers), so comparisons here ignore case.

export interface SubnetRef {
  subscriptionId: string;
  resourceGroup: string;
  vnetName: string;
  subnetName: string;
  vnetId: string;
  subnetId: string;
}

const SUBNET_ID =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/microsoft\.network\/virtualnetworks\/([^/]+)\/subnets\/([^/]+)\/?$/i;
const RESOURCE_ID =
  /^\/subscriptions\/([^/]+)\/resourcegroups\/([^/]+)\/providers\/([^/]+)\/([^/]+)\/([^/]+)/i;

export function parseSubnetId(id: string | undefined): SubnetRef | null {
  const m = SUBNET_ID.exec((id ?? '').trim());
  if (!m) return null;
  const [, subscriptionId = '', resourceGroup = '', vnetName = '', subnetName = ''] = m;
  const vnetId = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Network/virtualNetworks/${vnetName}`;
  return {
    subscriptionId,
    resourceGroup,
    vnetName,
    subnetName,
    vnetId,
    subnetId: `${vnetId}/subnets/${subnetName}`,
  };
}

export interface ResourceRef {
  subscriptionId: string;
  resourceGroup: string;
  provider: string;
  type: string;
  name: string;
}

/** The first (top-level) resource an id names: subscription, group, provider, type, name. */
export function parseResourceId(id: string | undefined): ResourceRef | null {
  const m = RESOURCE_ID.exec((id ?? '').trim());
  if (!m) return null;
  const [, subscriptionId = '', resourceGroup = '', provider = '', type = '', name = ''] = m;
  return { subscriptionId, resourceGroup, provider, type, name };
}

export function sameId(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  return a.replace(/\/+$/, '').toLowerCase() === b.replace(/\/+$/, '').toLowerCase();
}

/** The last segment of an id (a resource's name). */
export function nameOf(id: string | undefined): string {
  return (id ?? '').split('/').filter(Boolean).pop() ?? '';
}

/** Azure region names compare without spaces and case ("East US" = "eastus"). */
export function sameLocation(a: string | undefined, b: string | undefined): boolean {
  const n = (s: string | undefined) => (s ?? '').replace(/\s+/g, '').toLowerCase();
  return n(a) !== '' && n(a) === n(b);
}

export function subscriptionScope(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}
