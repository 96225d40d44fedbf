// What the checks read: each resource as a `Fetched` value (the api layer fetches them; a value that could
// not be read makes the checks that need it say "cannot verify" and why).
import type { RoleAssignment, RoleDefinition } from '@azure/arm-authorization';
import type {
  NatGateway,
  NetworkSecurityGroup,
  RouteTable,
  Subnet,
  VirtualNetwork,
} from '@azure/arm-network';
import type { NetworkChoice } from '../layout';

export type Fetched<T> =
  { state: 'loading' } | { state: 'ok'; value: T } | { state: 'error'; reason: string; code?: string };

export const loading = { state: 'loading' } as const;
export function ok<T>(value: T): Fetched<T> {
  return { state: 'ok', value };
}
export function failed<T>(reason: string, code?: string): Fetched<T> {
  return code ? { state: 'error', reason, code } : { state: 'error', reason };
}

export interface SubnetInputs {
  subnet: Fetched<Subnet>;
  /** The subnet's NSG; ok(undefined) when it has none. */
  nsg: Fetched<NetworkSecurityGroup | undefined>;
  /** The subnet's route table; ok(undefined) when it has none. */
  routeTable: Fetched<RouteTable | undefined>;
  /** The subnet's NAT gateway; ok(undefined) when it has none. */
  natGateway: Fetched<NatGateway | undefined>;
}

export interface IdentityInputs {
  principalId: string;
  assignments: Fetched<RoleAssignment[]>;
  definitions: Fetched<RoleDefinition[]>;
}

export interface CheckInputs {
  templateLocation: string;
  choice: NetworkChoice;
  /** Layout 3 may carry a proxy VM size when checking a template's current config. */
  proxyVmSize?: string;
  vnet: Fetched<VirtualNetwork>;
  build?: SubnetInputs;
  aci?: SubnetInputs;
  /** Undefined when the template has no user-assigned identity. */
  identity?: IdentityInputs;
}

/** Resolves a list of fetched values: the first loading or error wins, else all values. */
export function need<T extends unknown[]>(items: { [K in keyof T]: { what: string; value: Fetched<T[K]> } }):
  { state: 'ok'; values: T } | { state: 'loading' } | { state: 'error'; what: string; reason: string } {
  for (const item of items) {
    if (item.value.state === 'error') return { state: 'error', what: item.what, reason: item.value.reason };
  }
  for (const item of items) if (item.value.state === 'loading') return { state: 'loading' };
  return { state: 'ok', values: items.map((i) => (i.value as { value: unknown }).value) as T };
}
