// The three ways an AIB build sits on the network (docs/azure/networking.md), how a template's
// `vmProfile.vnetConfig` says which one it uses, and which vnetConfig fields each keeps. The one
// vocabulary of layouts in Kiln: every capability (list filter, template page, Build network,
// topology) names them through this module.
// Local Azure keeps its own copy (emulator/src/simulator/plan.ts); emulator/agreement checks both agree.
import type { VirtualNetworkConfig } from '@azure/arm-imagebuilder';

export type NetworkLayout = 'aib-network' | 'private-link' | 'own-subnets';

export interface NetworkLayoutInfo {
  id: NetworkLayout;
  /** 1, 2, 3 as Microsoft's documentation numbers them. */
  number: 1 | 2 | 3;
  /** The label used everywhere in Kiln. */
  label: string;
  /** One plain sentence. */
  sentence: string;
  /** What AIB creates in the staging resource group's network, for the picture's caption. */
  creates: string;
  recommended?: boolean;
}

export const NETWORK_LAYOUTS: readonly NetworkLayoutInfo[] = [
  {
    id: 'aib-network',
    number: 1,
    label: 'Image Builder network',
    sentence:
      'Image Builder makes a private network of its own for each build and deletes it afterwards; nothing to set up, but the build cannot reach your private resources.',
    creates: 'A virtual network with two subnets and their NSGs, in the staging resource group.',
  },
  {
    id: 'private-link',
    number: 2,
    label: 'Your subnet + Private Link proxy',
    sentence:
      'The build VM runs in your subnet, and Image Builder reaches it through a Private Link service, a load balancer and a proxy VM that it adds for the build.',
    creates:
      'A temporary virtual network, private endpoint, Private Link service, load balancer and proxy VM.',
  },
  {
    id: 'own-subnets',
    number: 3,
    label: 'Your subnets (build + container instance)',
    sentence:
      'Both the build VM and Image Builder’s container instance run in two subnets of your virtual network, and Image Builder creates no network of its own.',
    creates: 'No network resources: the container instance and the build VM join your two subnets.',
    recommended: true,
  },
];

export const NETWORK_LAYOUT_IDS: readonly NetworkLayout[] = NETWORK_LAYOUTS.map((l) => l.id);

export function isNetworkLayout(s: string): s is NetworkLayout {
  return (NETWORK_LAYOUT_IDS as readonly string[]).includes(s);
}

export function networkLayoutInfo(id: NetworkLayout): NetworkLayoutInfo {
  const info = NETWORK_LAYOUTS.find((l) => l.id === id);
  if (!info) throw new Error(`Unknown network layout ${String(id)}`);
  return info;
}

export function networkLayoutLabel(id: NetworkLayout): string {
  return networkLayoutInfo(id).label;
}

/** The vnetConfig fields a layout keeps: `required` are always sent, `optional` only when set. */
export const LAYOUT_FIELDS: Record<
  NetworkLayout,
  { required: readonly (keyof VirtualNetworkConfig)[]; optional: readonly (keyof VirtualNetworkConfig)[] }
> = {
  'aib-network': { required: [], optional: [] },
  'private-link': { required: ['subnetId'], optional: ['proxyVmSize'] },
  'own-subnets': { required: ['subnetId', 'containerInstanceSubnetId'], optional: [] },
};

type VnetFields = Partial<Record<keyof VirtualNetworkConfig, string | undefined>>;

/**
 * Which layout a vnetConfig describes. No subnetId (or no vnetConfig) is layout 1: AIB makes the
 * network. A subnetId alone is layout 2; with containerInstanceSubnetId as well, layout 3. Empty
 * strings count as "not set" (AIB documents "" as omitted).
 */
export function networkLayoutOf(vnetConfig: VnetFields | undefined): NetworkLayout {
  if (!vnetConfig?.subnetId) return 'aib-network';
  return vnetConfig.containerInstanceSubnetId ? 'own-subnets' : 'private-link';
}

/** The layout of a template (anything with the SDK's or ARM's `vmProfile` shape). */
export function templateNetworkLayout(t: { vmProfile?: { vnetConfig?: VnetFields } }): NetworkLayout {
  return networkLayoutOf(t.vmProfile?.vnetConfig);
}

/**
 * The vnetConfig that `layout` stands for, from the fields given: the layout's required fields ('' when
 * missing), its optional ones when set, nothing else; undefined for layout 1 (no vnetConfig at all).
 */
export function vnetConfigFor(layout: NetworkLayout, fields: VnetFields): VirtualNetworkConfig | undefined {
  if (layout === 'aib-network') return undefined;
  const { required, optional } = LAYOUT_FIELDS[layout];
  const out: VirtualNetworkConfig = {};
  for (const f of required) out[f] = fields[f] ?? '';
  for (const f of optional) {
    const v = fields[f];
    if (v) out[f] = v;
  }
  return out;
}

/** The fields of a vnetConfig that its own layout keeps (what AIB acts on), set values only. */
export function keptVnetFields(vnetConfig: VnetFields | undefined): VirtualNetworkConfig {
  const layout = networkLayoutOf(vnetConfig);
  const out: VirtualNetworkConfig = {};
  const { required, optional } = LAYOUT_FIELDS[layout];
  for (const f of [...required, ...optional]) {
    const v = vnetConfig?.[f];
    if (v) out[f] = v;
  }
  return out;
}
