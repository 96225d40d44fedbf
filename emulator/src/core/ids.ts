// ARM resource ids. ARM compares ids case-insensitively; the store keys them by `normalizeId`.

/** Lower-cases the whole id and strips a trailing slash: the store's key. */
export function normalizeId(id: string): string {
  return id.replace(/\/+$/, '').toLowerCase();
}

export interface ParsedId {
  subscriptionId?: string;
  resourceGroup?: string;
  /** e.g. `Microsoft.Network` */
  provider?: string;
  /** Full type, e.g. `Microsoft.Network/virtualNetworks/subnets`. */
  type?: string;
  /** Last name segment. */
  name?: string;
  /** Name segments for nested types, e.g. ['vnet1', 'subnet1']. */
  names: string[];
}

/** Parses `/subscriptions/{s}/resourceGroups/{rg}/providers/{ns}/{type}/{name}[/{child}/{name}…]`. */
export function parseId(id: string): ParsedId {
  const seg = id.split('/').filter(Boolean);
  const out: ParsedId = { names: [] };
  let i = 0;
  if (seg[i]?.toLowerCase() === 'subscriptions') {
    out.subscriptionId = seg[i + 1];
    i += 2;
  }
  if (seg[i]?.toLowerCase() === 'resourcegroups') {
    out.resourceGroup = seg[i + 1];
    i += 2;
  }
  if (seg[i]?.toLowerCase() === 'providers') {
    out.provider = seg[i + 1];
    i += 2;
    const types: string[] = [];
    while (i < seg.length) {
      const t = seg[i];
      const n = seg[i + 1];
      if (t !== undefined) types.push(t);
      if (n !== undefined) out.names.push(n);
      i += 2;
    }
    if (out.provider) out.type = [out.provider, ...types].join('/');
    out.name = out.names[out.names.length - 1];
  }
  return out;
}

/** Builds a resource id the way AIB returns it in bodies: `resourcegroups` lower-case. */
export function aibId(subscriptionId: string, resourceGroup: string, rest: string): string {
  return `/subscriptions/${subscriptionId}/resourcegroups/${resourceGroup}/providers/${rest}`;
}

/** Builds a resource id the way most providers return it: `resourceGroups`. */
export function armId(subscriptionId: string, resourceGroup: string, rest: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${rest}`;
}

/** The resource group scope of an id (`/subscriptions/s/resourceGroups/rg`), or undefined. */
export function resourceGroupScope(id: string): string | undefined {
  const p = parseId(id);
  return p.subscriptionId && p.resourceGroup
    ? `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}`
    : undefined;
}

/** True when `id` equals `scope` or lies below it (case-insensitive). */
export function isWithinScope(id: string, scope: string): boolean {
  const a = normalizeId(id);
  const b = normalizeId(scope);
  return b === '' || a === b || a.startsWith(b + '/');
}
