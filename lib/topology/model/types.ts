// The topology model: what the staging resource group holds, as nodes and edges. Pure data, no UI.
import type { NetworkLayout } from '@/lib/aib/network-layout';

export type OsType = 'Linux' | 'Windows';

/**
 * One resource as Kiln knows it: the generic `resources` list entry (with `$expand=provisioningState,
 * createdTime,changedTime`), merged with its own GET for `properties` when that has been read.
 */
export interface StagingResource {
  id: string;
  name: string;
  type: string;
  location?: string;
  provisioningState?: string;
  createdTime?: string;
  changedTime?: string;
  properties?: unknown;
  sku?: unknown;
  tags?: Record<string, string>;
  /** Model-only: how to draw it (default present). Placeholders from expectedGraph are `expected`. */
  status?: NodeStatus;
}

/** A subnet of the user's own VNet that the template uses (vnetConfig.subnetId / containerInstanceSubnetId). */
export interface UserSubnet {
  id: string;
  /** Which template setting points at it. */
  use: 'build' | 'containerInstance';
  addressPrefix?: string;
}

export type IconKey =
  | 'containerGroup'
  | 'virtualMachine'
  | 'networkInterface'
  | 'privateEndpoint'
  | 'privateLinkService'
  | 'loadBalancer'
  | 'virtualNetwork'
  | 'subnet'
  | 'networkSecurityGroup'
  | 'disk'
  | 'storageAccount'
  | 'publicIp'
  | 'generic';

/** What a resource is for in an AIB build (beyond its type). */
export type Role =
  | 'buildContainer'
  | 'buildVm'
  | 'proxyVm'
  | 'nic'
  | 'privateEndpoint'
  | 'privateLinkService'
  | 'loadBalancer'
  | 'vnet'
  | 'subnet'
  | 'nsg'
  | 'disk'
  | 'logs'
  | 'publicIp'
  | 'other';

/** expected: drawn faded ("what will be created"); present: exists now; deleted: existed earlier in this view. */
export type NodeStatus = 'expected' | 'present' | 'deleted';

export interface TopoNode {
  /** Normalised (lower-case) resource id; the key of the node. */
  id: string;
  /** The id as Azure returned it (for display and links). */
  resourceId: string;
  kind: 'group' | 'resource';
  type: string;
  icon: IconKey;
  role: Role;
  name: string;
  location?: string;
  provisioningState?: string;
  status: NodeStatus;
  /** Who owns it: AIB's staging resource group, or the user's own network. */
  owner: 'aib' | 'user';
  /** The container node (subnet or VNet) this node is drawn inside. */
  parent?: string;
  /** Type-specific facts for the details panel (label → value), in display order. */
  details: Array<[string, string]>;
  /**
   * The placeholder node this real resource took the place of (withExpected's slots): the diagram keeps it
   * as the same element in that place while the new layout is computed, instead of removing one node
   * and adding another.
   */
  slot?: string;
}

export type EdgeKind = 'placement' | 'attachment' | 'traffic';

export interface TopoEdge {
  id: string;
  source: string;
  target: string;
  kind: EdgeKind;
  /** What the edge means, e.g. "in subnet", "NIC", "frontend fe1", "SSH". */
  label?: string;
  /** Ports on the traffic path, e.g. "22" or "60001". */
  ports?: string;
  /** True when the edge is part of the build's traffic path (drawn prominently). */
  onPath: boolean;
  /** Edge between two expected nodes (drawn faded). */
  expected?: boolean;
}

export interface TopoGraph {
  nodes: TopoNode[];
  edges: TopoEdge[];
  layout: NetworkLayout;
  phase?: string;
}
