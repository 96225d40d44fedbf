// ARM resource ids: parsing, normalisation and comparison, in one place for the whole app
// (docs/azure/resource-manager.md). ARM compares ids case-insensitively; AIB returns `resourcegroups`,
// other providers `resourceGroups`. Kiln's canonical form keeps the names as ARM gave them and fixes
// the casing of the fixed segments.
// Local Azure keeps its own parser (emulator/src/core/ids.ts); emulator/agreement checks both agree.

export interface ParsedArmId {
  /** Canonical id (see normalizeArmId). */
  id: string;
  subscriptionId: string;
  resourceGroup: string | undefined;
  /** Provider namespace, e.g. Microsoft.VirtualMachineImages. */
  provider: string | undefined;
  /** Full type, e.g. Microsoft.VirtualMachineImages/imageTemplates or Microsoft.Network/virtualNetworks/subnets. */
  type: string | undefined;
  /** Last name segment. */
  name: string | undefined;
  /** Every name after the provider, outermost first (a subnet: [vnet, subnet]). */
  names: string[];
  /** Every type segment after the provider, outermost first (a subnet: [virtualNetworks, subnets]). */
  types: string[];
}

/** Well-known casings, so ids from different providers compare equal as strings. */
const KNOWN_CASING = new Map(
  [
    'Microsoft.VirtualMachineImages',
    'imageTemplates',
    'runOutputs',
    'triggers',
    'Microsoft.Network',
    'virtualNetworks',
    'subnets',
    'networkSecurityGroups',
    'networkInterfaces',
    'loadBalancers',
    'privateLinkServices',
    'privateEndpoints',
    'publicIPAddresses',
    'Microsoft.Compute',
    'virtualMachines',
    'disks',
    'galleries',
    'images',
    'versions',
    'Microsoft.ContainerInstance',
    'containerGroups',
    'Microsoft.Storage',
    'storageAccounts',
    'Microsoft.ManagedIdentity',
    'userAssignedIdentities',
    'Microsoft.Resources',
    'Microsoft.Authorization',
    'roleAssignments',
    'roleDefinitions',
  ].map((s) => [s.toLowerCase(), s]),
);

function splitId(id: string): string[] {
  const trimmed = id.trim();
  if (!trimmed.startsWith('/')) throw new Error(`Not an ARM resource id: "${id}"`);
  return trimmed.split('/').filter((s) => s.length > 0);
}

/**
 * Parses an ARM id into its parts. Throws on anything that does not start with
 * /subscriptions/<id>.
 */
export function parseArmId(id: string): ParsedArmId {
  const seg = splitId(id);
  if (seg.length < 2 || seg[0]?.toLowerCase() !== 'subscriptions' || !seg[1]) {
    throw new Error(`Not an ARM resource id: "${id}"`);
  }
  const subscriptionId = seg[1];
  let i = 2;
  let resourceGroup: string | undefined;
  if (seg[i]?.toLowerCase() === 'resourcegroups') {
    resourceGroup = seg[i + 1];
    if (!resourceGroup) throw new Error(`ARM id has no resource group name: "${id}"`);
    i += 2;
  }
  let provider: string | undefined;
  const types: string[] = [];
  const names: string[] = [];
  if (seg[i]?.toLowerCase() === 'providers') {
    provider = seg[i + 1];
    if (!provider) throw new Error(`ARM id has no provider namespace: "${id}"`);
    provider = KNOWN_CASING.get(provider.toLowerCase()) ?? provider;
    i += 2;
    while (i < seg.length) {
      const t = seg[i];
      const n = seg[i + 1];
      if (t === undefined || n === undefined) throw new Error(`ARM id has a type without a name: "${id}"`);
      types.push(KNOWN_CASING.get(t.toLowerCase()) ?? t);
      names.push(n);
      i += 2;
    }
  } else if (i < seg.length) {
    throw new Error(`Not an ARM resource id: "${id}"`);
  }
  const canonical =
    `/subscriptions/${subscriptionId}` +
    (resourceGroup !== undefined ? `/resourceGroups/${resourceGroup}` : '') +
    (provider !== undefined ? `/providers/${provider}` : '') +
    types.map((t, k) => `/${t}/${names[k]}`).join('');
  return {
    id: canonical,
    subscriptionId,
    resourceGroup,
    provider,
    type: provider !== undefined && types.length > 0 ? [provider, ...types].join('/') : undefined,
    name: names.length > 0 ? names[names.length - 1] : resourceGroup,
    names,
    types,
  };
}

/** Canonical form of an ARM id: fixed segments and well-known types in ARM's casing, names untouched. */
export function normalizeArmId(id: string): string {
  return parseArmId(id).id;
}

/** parseArmId, or undefined for what is not an ARM id (ids from user input or response bodies). */
export function tryParseArmId(id: string | undefined): ParsedArmId | undefined {
  if (!id) return undefined;
  try {
    return parseArmId(id);
  } catch {
    return undefined;
  }
}

/** A lower-case key for maps and query keys. Throws on what is not an ARM id. */
export function armIdKey(id: string): string {
  return normalizeArmId(id).toLowerCase();
}

/**
 * The lower-case key of any id-like string, for maps built from response bodies: armIdKey for an ARM id,
 * else the trimmed, lower-cased text without a trailing slash. Never throws.
 */
export function idKey(id: string): string {
  const p = tryParseArmId(id);
  return p ? p.id.toLowerCase() : id.trim().replace(/\/+$/, '').toLowerCase();
}

/** Case-insensitive comparison, as ARM compares ids; false when either is missing or empty. */
export function sameArmId(a: string | undefined, b: string | undefined): boolean {
  if (!a?.trim() || !b?.trim()) return false;
  return idKey(a) === idKey(b);
}

/** The last segment of an id (a resource's or child's name); '' for nothing. */
export function nameOf(id: string | undefined): string {
  return (id ?? '').split('/').filter(Boolean).pop() ?? '';
}

/** The id of a subscription: the scope of subscription-level role definitions and assignments. */
export function subscriptionScope(subscriptionId: string): string {
  return `/subscriptions/${subscriptionId}`;
}

/**
 * The top-level resource a child id belongs to (a subnet's virtual network, a frontend's load balancer),
 * as given (not normalised); the id itself when it names no child or is not an ARM id.
 */
export function topLevelIdOf(id: string): string {
  const m = /^(\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+)/i.exec(id);
  return m?.[1] ?? id;
}

/** Strips a trailing child pair: `…/loadBalancers/lb/frontendIPConfigurations/fe` → `…/loadBalancers/lb`. */
export function parentIdOf(id: string, childCollection: string): string | undefined {
  const re = new RegExp(`/${childCollection}/[^/]+$`, 'i');
  return re.test(id) ? id.replace(re, '') : undefined;
}

export interface SubnetRef {
  subscriptionId: string;
  resourceGroup: string;
  vnetName: string;
  subnetName: string;
  /** Canonical ids. */
  vnetId: string;
  subnetId: string;
}

/** The parts of a subnet id, or null when the id does not name a subnet. */
export function parseSubnetId(id: string | undefined): SubnetRef | null {
  const p = tryParseArmId(id);
  const [vnetName, subnetName] = p?.names ?? [];
  if (
    !p?.resourceGroup ||
    p.type?.toLowerCase() !== 'microsoft.network/virtualnetworks/subnets' ||
    !vnetName ||
    !subnetName
  )
    return null;
  const vnetId = `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${vnetName}`;
  return {
    subscriptionId: p.subscriptionId,
    resourceGroup: p.resourceGroup,
    vnetName,
    subnetName,
    vnetId,
    subnetId: p.id,
  };
}

/** The inverse of lib/routes.ts templatePagePath for the page's catch-all segments (decoded or not). */
export function pathToArmId(segments: readonly string[]): string {
  const decoded = segments.map((s) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  });
  return normalizeArmId(`/${decoded.join('/')}`);
}

export const IMAGE_TEMPLATE_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates';

/** The id of an image template from its parts. */
export function imageTemplateId(subscriptionId: string, resourceGroup: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/${IMAGE_TEMPLATE_TYPE}/${name}`;
}

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ARM resource group names: letters, digits, `_ - . ( )`, 1–90 characters, not ending in a period. */
const RESOURCE_GROUP_RE = /^[-\p{L}\p{N}_.()]{0,89}[-\p{L}\p{N}_()]$/u;
/** Image template names as AIB accepts them: letters, digits, `- _ .`, not starting or ending in a period. */
const TEMPLATE_NAME_RE = /^[A-Za-z0-9_-](?:[A-Za-z0-9_.-]{0,62}[A-Za-z0-9_-])?$/;

/**
 * An image template id in exactly ARM's shape, or undefined: a GUID subscription, a resource group and
 * a template name of the allowed characters, nothing else. Dot segments (`.`, `..`), empty segments,
 * slashes or escapes inside names are refused — for code that builds ARM or blob paths from a
 * client-supplied id (the log route).
 */
export function strictImageTemplateId(id: string): ParsedArmId | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.VirtualMachineImages\/imageTemplates\/([^/]+)$/i.exec(
      id,
    );
  const [, sub, rg, name] = m ?? [];
  if (!sub || !rg || !name) return undefined;
  if (!GUID_RE.test(sub) || !RESOURCE_GROUP_RE.test(rg) || !TEMPLATE_NAME_RE.test(name)) return undefined;
  return parseArmId(id);
}
