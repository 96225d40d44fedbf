// ARM resource ids, normalised in one place (DESIGN §4). ARM compares ids case-insensitively; AIB
// returns `resourcegroups`, other providers `resourceGroups`. Kiln's canonical form keeps the names
// as ARM gave them and fixes the casing of the fixed segments.

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

/** Case-insensitive comparison, as ARM compares ids. */
export function sameArmId(a: string, b: string): boolean {
  return normalizeArmId(a).toLowerCase() === normalizeArmId(b).toLowerCase();
}

/** A lower-case key for maps and query keys. */
export function armIdKey(id: string): string {
  return normalizeArmId(id).toLowerCase();
}

/** Kiln's page for a template: /templates + the canonical ARM id, each segment URL-encoded. */
export function armIdToPath(id: string, base = '/templates'): string {
  const seg = splitId(normalizeArmId(id));
  return `${base}/${seg.map(encodeURIComponent).join('/')}`;
}

/** The inverse of armIdToPath for the route's catch-all segments (already decoded or not). */
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
