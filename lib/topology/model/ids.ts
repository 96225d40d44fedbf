// Resource id helpers local to the topology model (pure; ARM compares ids case-insensitively).

/** Lower-case, no trailing slash, `resourcegroups` spelled one way. */
export function normId(id: string): string {
  return id.trim().replace(/\/+$/, '').toLowerCase();
}

/** Strips a trailing child segment pair, e.g. `…/loadBalancers/lb/frontendIPConfigurations/fe` → `…/loadBalancers/lb`. */
export function parentOf(id: string, childCollection: string): string | undefined {
  const re = new RegExp(`/${childCollection}/[^/]+$`, 'i');
  return re.test(id) ? id.replace(re, '') : undefined;
}

/** The last segment (resource or child name). */
export function lastSegment(id: string): string {
  const parts = id.replace(/\/+$/, '').split('/');
  return parts[parts.length - 1] ?? id;
}

/** The resource group id (`/subscriptions/x/resourceGroups/y`) of any id under it, normalised. */
export function resourceGroupOf(id: string): string | undefined {
  const m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+)/i.exec(id);
  return m?.[1] ? normId(m[1]) : undefined;
}

/** The top-level resource id that a child id (subnet, ipConfiguration, frontend, pool) belongs to. */
export function topLevelOf(id: string): string {
  const m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+)/i.exec(id);
  return m?.[1] ?? id;
}
