// Microsoft.Network resource shapes (api-version 2025-05-01, the @azure/arm-network 36 default), built
// as the network RP returns them: child resources inline (subnets in the VNet, rules in the NSG, IP
// configurations in the NIC, …) with their own id, name, type and etag; every resource carries
// `etag` (W/"guid"), `properties.provisioningState` and, for top-level ones, `properties.resourceGuid`.
// Back-references (subnet.ipConfigurations, nsg.subnets, natGateway.subnets, …) can be given here; the
// network provider recomputes them from the world on read.
import { createHash } from 'node:crypto';
import type { ArmResource } from '../core/types.ts';
import { envelope, newGuid, ref, weakEtag, type Placement, type Ref } from './common.ts';

export type NetworkProvisioningState = 'Succeeded' | 'Updating' | 'Deleting' | 'Failed';
export type PolicyState = 'Enabled' | 'Disabled';

/** Common optional inputs of every network builder. */
export interface NetworkCommon {
  provisioningState?: NetworkProvisioningState;
  /** GUID inside the etag; random when omitted (give one for a deterministic seed). */
  etagGuid?: string;
  /** `properties.resourceGuid` of top-level resources; random when omitted. */
  resourceGuid?: string;
}

const T = {
  vnet: 'Microsoft.Network/virtualNetworks',
  subnet: 'Microsoft.Network/virtualNetworks/subnets',
  delegation: 'Microsoft.Network/virtualNetworks/subnets/delegations',
  nsg: 'Microsoft.Network/networkSecurityGroups',
  rule: 'Microsoft.Network/networkSecurityGroups/securityRules',
  defaultRule: 'Microsoft.Network/networkSecurityGroups/defaultSecurityRules',
  nic: 'Microsoft.Network/networkInterfaces',
  nicIpConfig: 'Microsoft.Network/networkInterfaces/ipConfigurations',
  lb: 'Microsoft.Network/loadBalancers',
  lbFrontend: 'Microsoft.Network/loadBalancers/frontendIPConfigurations',
  lbPool: 'Microsoft.Network/loadBalancers/backendAddressPools',
  lbRule: 'Microsoft.Network/loadBalancers/loadBalancingRules',
  lbProbe: 'Microsoft.Network/loadBalancers/probes',
  pls: 'Microsoft.Network/privateLinkServices',
  plsIpConfig: 'Microsoft.Network/privateLinkServices/ipConfigurations',
  plsConnection: 'Microsoft.Network/privateLinkServices/privateEndpointConnections',
  pe: 'Microsoft.Network/privateEndpoints',
  peConnection: 'Microsoft.Network/privateEndpoints/privateLinkServiceConnections',
  nat: 'Microsoft.Network/natGateways',
  routeTable: 'Microsoft.Network/routeTables',
  route: 'Microsoft.Network/routeTables/routes',
  pip: 'Microsoft.Network/publicIPAddresses',
} as const;
export const NETWORK_TYPES = T;

export const ACI_DELEGATION_SERVICE = 'Microsoft.ContainerInstance/containerGroups';

/** The actions the network RP fills in for well-known delegation services. */
const DELEGATION_ACTIONS: Record<string, string[]> = {
  'microsoft.containerinstance/containergroups': ['Microsoft.Network/virtualNetworks/subnets/action'],
  'microsoft.web/serverfarms': ['Microsoft.Network/virtualNetworks/subnets/action'],
  'microsoft.app/environments': ['Microsoft.Network/virtualNetworks/subnets/join/action'],
  'microsoft.dbforpostgresql/flexibleservers': ['Microsoft.Network/virtualNetworks/subnets/join/action'],
};

export function delegationActionsFor(serviceName: string): string[] {
  return [...(DELEGATION_ACTIONS[serviceName.toLowerCase()] ?? [])];
}

const child = (parentId: string, segment: string, name: string): string => `${parentId}/${segment}/${name}`;

function top(p: Placement, type: string, c: NetworkCommon, properties: Record<string, unknown>): ArmResource {
  const e = envelope(p, type);
  return {
    name: e.name,
    id: e.id,
    etag: weakEtag(c.etagGuid),
    type: e.type,
    location: e.location,
    ...(e.tags ? { tags: e.tags } : {}),
    properties: {
      provisioningState: c.provisioningState ?? 'Succeeded',
      resourceGuid: c.resourceGuid ?? newGuid(),
      ...properties,
    },
  };
}

function sub(
  parentId: string,
  segment: string,
  type: string,
  name: string,
  properties: Record<string, unknown>,
  state: NetworkProvisioningState = 'Succeeded',
): ArmResource {
  return {
    name,
    id: child(parentId, segment, name),
    etag: weakEtag(),
    type,
    properties: { provisioningState: state, ...properties },
  };
}

// ---------------------------------------------------------------------------------------------
// Virtual networks and subnets

export interface DelegationInput {
  /** Defaults to the last segment of the service name with dots removed, e.g. `Microsoft.ContainerInstance.containerGroups`. */
  name?: string;
  serviceName: string;
  /** Defaults to what the network RP fills in for the service. */
  actions?: string[];
}

export interface SubnetInput extends NetworkCommon {
  name: string;
  addressPrefix?: string;
  addressPrefixes?: string[];
  networkSecurityGroupId?: string;
  routeTableId?: string;
  natGatewayId?: string;
  /** Service names or full delegation inputs. */
  delegations?: Array<string | DelegationInput>;
  /** Defaults: `Disabled` (since 2023 the RP's default for PE policies) and `Enabled` (PLS policies). */
  privateEndpointNetworkPolicies?: PolicyState | 'NetworkSecurityGroupEnabled' | 'RouteTableEnabled';
  privateLinkServiceNetworkPolicies?: PolicyState;
  /** Present only when set (the RP omits it when the caller never set it). */
  defaultOutboundAccess?: boolean;
  /** Ids of NIC / LB / PLS IP configurations in this subnet (back-references). */
  ipConfigurationIds?: string[];
  serviceEndpoints?: Array<{ service: string; locations?: string[] }>;
}

export function delegation(subnetId: string, d: string | DelegationInput): ArmResource {
  const input: DelegationInput = typeof d === 'string' ? { serviceName: d } : d;
  const name = input.name ?? input.serviceName.replace(/\//g, '.');
  return sub(subnetId, 'delegations', T.delegation, name, {
    serviceName: input.serviceName,
    actions: input.actions ?? delegationActionsFor(input.serviceName),
  });
}

export function subnet(vnetId: string, s: SubnetInput): ArmResource {
  const id = child(vnetId, 'subnets', s.name);
  const props: Record<string, unknown> = { provisioningState: s.provisioningState ?? 'Succeeded' };
  // The RP echoes whichever form the caller used.
  if (s.addressPrefix) props.addressPrefix = s.addressPrefix;
  else props.addressPrefixes = [...(s.addressPrefixes ?? [])];
  if (s.networkSecurityGroupId) props.networkSecurityGroup = ref(s.networkSecurityGroupId);
  if (s.routeTableId) props.routeTable = ref(s.routeTableId);
  if (s.natGatewayId) props.natGateway = ref(s.natGatewayId);
  if (s.serviceEndpoints?.length)
    props.serviceEndpoints = s.serviceEndpoints.map((e) => ({
      provisioningState: 'Succeeded',
      service: e.service,
      locations: e.locations ?? ['*'],
    }));
  if (s.ipConfigurationIds?.length) props.ipConfigurations = s.ipConfigurationIds.map(ref);
  props.delegations = (s.delegations ?? []).map((d) => delegation(id, d));
  if (s.defaultOutboundAccess !== undefined) props.defaultOutboundAccess = s.defaultOutboundAccess;
  props.privateEndpointNetworkPolicies = s.privateEndpointNetworkPolicies ?? 'Disabled';
  props.privateLinkServiceNetworkPolicies = s.privateLinkServiceNetworkPolicies ?? 'Enabled';
  return { name: s.name, id, etag: weakEtag(s.etagGuid), properties: props, type: T.subnet };
}

export interface VirtualNetworkInput extends Placement, NetworkCommon {
  addressPrefixes: string[];
  subnets?: SubnetInput[];
  dnsServers?: string[];
}

export function virtualNetwork(v: VirtualNetworkInput): ArmResource {
  const r = top(v, T.vnet, v, {
    addressSpace: { addressPrefixes: [...v.addressPrefixes] },
    ...(v.dnsServers ? { dhcpOptions: { dnsServers: [...v.dnsServers] } } : {}),
    subnets: [] as ArmResource[],
    virtualNetworkPeerings: [],
    enableDdosProtection: false,
    privateEndpointVNetPolicies: 'Disabled',
  });
  const subnets = (v.subnets ?? []).map((s) => subnet(r.id, s));
  // Subnets share the VNet's etag, as the RP returns them inline.
  for (const s of subnets) s.etag = r.etag;
  (r.properties as Record<string, unknown>).subnets = subnets;
  return r;
}

// ---------------------------------------------------------------------------------------------
// Network security groups

export type Direction = 'Inbound' | 'Outbound';
export type Access = 'Allow' | 'Deny';
export type RuleProtocol = 'Tcp' | 'Udp' | 'Icmp' | 'Esp' | 'Ah' | '*';

export interface SecurityRuleInput {
  name: string;
  priority: number;
  direction: Direction;
  access: Access;
  protocol: RuleProtocol;
  description?: string;
  sourceAddressPrefix?: string;
  sourceAddressPrefixes?: string[];
  destinationAddressPrefix?: string;
  destinationAddressPrefixes?: string[];
  sourcePortRange?: string;
  sourcePortRanges?: string[];
  destinationPortRange?: string;
  destinationPortRanges?: string[];
  provisioningState?: NetworkProvisioningState;
}

/** Builds the properties the RP returns for a rule: singular or plural forms, the other one empty. */
export function securityRuleProperties(r: Omit<SecurityRuleInput, 'name'>): Record<string, unknown> {
  const props: Record<string, unknown> = { provisioningState: r.provisioningState ?? 'Succeeded' };
  if (r.description !== undefined) props.description = r.description;
  props.protocol = r.protocol;
  if (r.sourcePortRanges?.length) props.sourcePortRanges = [...r.sourcePortRanges];
  else props.sourcePortRange = r.sourcePortRange ?? '*';
  if (r.destinationPortRanges?.length) props.destinationPortRanges = [...r.destinationPortRanges];
  else props.destinationPortRange = r.destinationPortRange ?? '*';
  if (r.sourceAddressPrefixes?.length) props.sourceAddressPrefixes = [...r.sourceAddressPrefixes];
  else props.sourceAddressPrefix = r.sourceAddressPrefix ?? '*';
  if (r.destinationAddressPrefixes?.length)
    props.destinationAddressPrefixes = [...r.destinationAddressPrefixes];
  else props.destinationAddressPrefix = r.destinationAddressPrefix ?? '*';
  props.access = r.access;
  props.priority = r.priority;
  props.direction = r.direction;
  props.sourcePortRanges ??= [];
  props.destinationPortRanges ??= [];
  props.sourceAddressPrefixes ??= [];
  props.destinationAddressPrefixes ??= [];
  return props;
}

export function securityRule(nsgId: string, r: SecurityRuleInput, etag?: string): ArmResource {
  return {
    name: r.name,
    id: child(nsgId, 'securityRules', r.name),
    etag: etag ?? weakEtag(),
    type: T.rule,
    properties: securityRuleProperties(r),
  };
}

/** The six rules every NSG has, exactly as the RP returns them. */
export const DEFAULT_SECURITY_RULES: readonly SecurityRuleInput[] = [
  {
    name: 'AllowVnetInBound',
    description: 'Allow inbound traffic from all VMs in VNET',
    protocol: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'VirtualNetwork',
    access: 'Allow',
    priority: 65000,
    direction: 'Inbound',
  },
  {
    name: 'AllowAzureLoadBalancerInBound',
    description: 'Allow inbound traffic from azure load balancer',
    protocol: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: 'AzureLoadBalancer',
    destinationAddressPrefix: '*',
    access: 'Allow',
    priority: 65001,
    direction: 'Inbound',
  },
  {
    name: 'DenyAllInBound',
    description: 'Deny all inbound traffic',
    protocol: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    access: 'Deny',
    priority: 65500,
    direction: 'Inbound',
  },
  {
    name: 'AllowVnetOutBound',
    description: 'Allow outbound traffic from all VMs to all VMs in VNET',
    protocol: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'VirtualNetwork',
    access: 'Allow',
    priority: 65000,
    direction: 'Outbound',
  },
  {
    name: 'AllowInternetOutBound',
    description: 'Allow outbound traffic from all VMs to Internet',
    protocol: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: 'Internet',
    access: 'Allow',
    priority: 65001,
    direction: 'Outbound',
  },
  {
    name: 'DenyAllOutBound',
    description: 'Deny all outbound traffic',
    protocol: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    access: 'Deny',
    priority: 65500,
    direction: 'Outbound',
  },
];

export function defaultSecurityRules(nsgId: string, etag: string): ArmResource[] {
  return DEFAULT_SECURITY_RULES.map((r) => ({
    name: r.name,
    id: child(nsgId, 'defaultSecurityRules', r.name),
    etag,
    type: T.defaultRule,
    properties: securityRuleProperties(r),
  }));
}

export interface NetworkSecurityGroupInput extends Placement, NetworkCommon {
  securityRules?: SecurityRuleInput[];
  subnetIds?: string[];
  networkInterfaceIds?: string[];
}

export function networkSecurityGroup(n: NetworkSecurityGroupInput): ArmResource {
  const r = top(n, T.nsg, n, {});
  const etag = r.etag as string;
  const props = r.properties as Record<string, unknown>;
  props.securityRules = (n.securityRules ?? []).map((s) => securityRule(r.id, s, etag));
  props.defaultSecurityRules = defaultSecurityRules(r.id, etag);
  if (n.subnetIds?.length) props.subnets = n.subnetIds.map(ref);
  if (n.networkInterfaceIds?.length) props.networkInterfaces = n.networkInterfaceIds.map(ref);
  return r;
}

/** The rule AIB asks for (docs/azure/networking.md): LB → proxy VM on 60000-60001. */
export const AIB_NSG_RULE: SecurityRuleInput = {
  name: 'AzureImageBuilderNsgRule',
  description: 'Allow Image Builder Private Link Access to Proxy VM',
  priority: 400,
  direction: 'Inbound',
  access: 'Allow',
  protocol: 'Tcp',
  sourceAddressPrefix: 'AzureLoadBalancer',
  destinationAddressPrefix: 'VirtualNetwork',
  sourcePortRange: '*',
  destinationPortRange: '60000-60001',
};

// ---------------------------------------------------------------------------------------------
// NICs

export interface IpConfigurationInput {
  /** Defaults to `ipconfig1`. */
  name?: string;
  subnetId: string;
  privateIPAddress: string;
  /** Defaults to Dynamic. */
  privateIPAllocationMethod?: 'Dynamic' | 'Static';
  primary?: boolean;
  loadBalancerBackendAddressPoolIds?: string[];
  publicIPAddressId?: string;
}

export interface NetworkInterfaceInput extends Placement, NetworkCommon {
  ipConfigurations: IpConfigurationInput[];
  networkSecurityGroupId?: string;
  virtualMachineId?: string;
  /** Set on NICs the RP creates for a private endpoint / Private Link Service. */
  privateEndpointId?: string;
  privateLinkServiceId?: string;
  macAddress?: string;
  enableAcceleratedNetworking?: boolean;
}

export function networkInterface(n: NetworkInterfaceInput): ArmResource {
  const r = top(n, T.nic, n, {});
  const etag = r.etag as string;
  const props = r.properties as Record<string, unknown>;
  props.ipConfigurations = n.ipConfigurations.map((c, i) => {
    const ip: Record<string, unknown> = {
      provisioningState: n.provisioningState ?? 'Succeeded',
      privateIPAddress: c.privateIPAddress,
      privateIPAllocationMethod: c.privateIPAllocationMethod ?? 'Dynamic',
      subnet: ref(c.subnetId),
      primary: c.primary ?? i === 0,
      privateIPAddressVersion: 'IPv4',
    };
    if (c.publicIPAddressId) ip.publicIPAddress = ref(c.publicIPAddressId);
    if (c.loadBalancerBackendAddressPoolIds?.length)
      ip.loadBalancerBackendAddressPools = c.loadBalancerBackendAddressPoolIds.map(ref);
    const name = c.name ?? (i === 0 ? 'ipconfig1' : `ipconfig${i + 1}`);
    return { name, id: child(r.id, 'ipConfigurations', name), etag, type: T.nicIpConfig, properties: ip };
  });
  props.dnsSettings = { dnsServers: [], appliedDnsServers: [] };
  if (n.macAddress) props.macAddress = n.macAddress;
  props.enableAcceleratedNetworking = n.enableAcceleratedNetworking ?? false;
  props.vnetEncryptionSupported = false;
  props.enableIPForwarding = false;
  props.disableTcpStateTracking = false;
  if (n.networkSecurityGroupId) props.networkSecurityGroup = ref(n.networkSecurityGroupId);
  if (n.virtualMachineId) {
    props.primary = true;
    props.virtualMachine = ref(n.virtualMachineId);
  }
  if (n.privateEndpointId) props.privateEndpoint = ref(n.privateEndpointId);
  if (n.privateLinkServiceId) props.privateLinkService = ref(n.privateLinkServiceId);
  props.hostedWorkloads = [];
  props.tapConfigurations = [];
  props.nicType = 'Standard';
  props.allowPort25Out = false;
  props.auxiliaryMode = 'None';
  props.auxiliarySku = 'None';
  return { ...r, kind: 'Regular' };
}

// ---------------------------------------------------------------------------------------------
// Load balancers (internal, Standard)

export interface LoadBalancerInput extends Placement, NetworkCommon {
  frontends: Array<{ name: string; subnetId: string; privateIPAddress: string }>;
  backendPools: Array<{ name: string; backendIPConfigurationIds?: string[] }>;
  probes?: Array<{ name: string; protocol?: 'Tcp' | 'Http' | 'Https'; port: number }>;
  rules: Array<{
    name: string;
    /** Frontend and backend pool names (defaults: the first of each). */
    frontend?: string;
    backendPool?: string;
    probe?: string;
    protocol?: 'Tcp' | 'Udp' | 'All';
    frontendPort: number;
    backendPort: number;
  }>;
}

export function loadBalancer(l: LoadBalancerInput): ArmResource {
  const r = top(l, T.lb, l, {});
  const etag = r.etag as string;
  const state = l.provisioningState ?? 'Succeeded';
  const feId = (n: string): string => child(r.id, 'frontendIPConfigurations', n);
  const poolId = (n: string): string => child(r.id, 'backendAddressPools', n);
  const ruleId = (n: string): string => child(r.id, 'loadBalancingRules', n);
  const probeId = (n: string): string => child(r.id, 'probes', n);
  const firstFe = l.frontends[0]?.name ?? 'frontend';
  const firstPool = l.backendPools[0]?.name ?? 'backend';
  const rules = l.rules.map((x) => ({ ...x, fe: x.frontend ?? firstFe, pool: x.backendPool ?? firstPool }));
  const props = r.properties as Record<string, unknown>;
  props.frontendIPConfigurations = l.frontends.map((f) => ({
    name: f.name,
    id: feId(f.name),
    etag,
    type: T.lbFrontend,
    properties: {
      provisioningState: state,
      privateIPAddress: f.privateIPAddress,
      privateIPAllocationMethod: 'Dynamic',
      subnet: ref(f.subnetId),
      privateIPAddressVersion: 'IPv4',
      loadBalancingRules: rules.filter((x) => x.fe === f.name).map((x) => ref(ruleId(x.name))),
    },
  }));
  props.backendAddressPools = l.backendPools.map((p) => ({
    name: p.name,
    id: poolId(p.name),
    etag,
    type: T.lbPool,
    properties: {
      provisioningState: state,
      backendIPConfigurations: (p.backendIPConfigurationIds ?? []).map(ref),
      loadBalancingRules: rules.filter((x) => x.pool === p.name).map((x) => ref(ruleId(x.name))),
    },
  }));
  props.loadBalancingRules = rules.map((x) => ({
    name: x.name,
    id: ruleId(x.name),
    etag,
    type: T.lbRule,
    properties: {
      provisioningState: state,
      frontendIPConfiguration: ref(feId(x.fe)),
      frontendPort: x.frontendPort,
      backendPort: x.backendPort,
      enableFloatingIP: false,
      idleTimeoutInMinutes: 4,
      protocol: x.protocol ?? 'Tcp',
      enableDestinationServiceEndpoint: false,
      enableTcpReset: false,
      allowBackendPortConflict: false,
      loadDistribution: 'Default',
      disableOutboundSnat: false,
      backendAddressPool: ref(poolId(x.pool)),
      backendAddressPools: [ref(poolId(x.pool))],
      ...(x.probe ? { probe: ref(probeId(x.probe)) } : {}),
    },
  }));
  props.probes = (l.probes ?? []).map((p) => ({
    name: p.name,
    id: probeId(p.name),
    etag,
    type: T.lbProbe,
    properties: {
      provisioningState: state,
      protocol: p.protocol ?? 'Tcp',
      port: p.port,
      intervalInSeconds: 5,
      numberOfProbes: 1,
      probeThreshold: 1,
      loadBalancingRules: rules.filter((x) => x.probe === p.name).map((x) => ref(ruleId(x.name))),
    },
  }));
  props.inboundNatRules = [];
  props.outboundRules = [];
  props.inboundNatPools = [];
  return { ...r, sku: { name: 'Standard', tier: 'Regional' } };
}

// ---------------------------------------------------------------------------------------------
// Private Link Service and private endpoint

export interface PrivateEndpointConnectionInput {
  /** Defaults to `<peName>.<guid>` as the RP names them. */
  name?: string;
  privateEndpointId: string;
  status?: 'Approved' | 'Pending' | 'Rejected' | 'Disconnected';
  description?: string;
}

export interface PrivateLinkServiceInput extends Placement, NetworkCommon {
  loadBalancerFrontendIpConfigurationIds: string[];
  ipConfigurations: Array<{ name: string; subnetId: string; privateIPAddress?: string }>;
  networkInterfaceIds?: string[];
  privateEndpointConnections?: PrivateEndpointConnectionInput[];
  enableProxyProtocol?: boolean;
}

export function privateLinkService(s: PrivateLinkServiceInput): ArmResource {
  const r = top(s, T.pls, s, {});
  const etag = r.etag as string;
  const state = s.provisioningState ?? 'Succeeded';
  const props = r.properties as Record<string, unknown>;
  props.fqdns = [];
  // PLS and private endpoints have no resourceGuid; the alias carries a GUID instead.
  props.alias = `${s.name}.${(props.resourceGuid as string).slice(0, 8)}.${s.location}.azure.privatelinkservice`;
  delete props.resourceGuid;
  props.visibility = { subscriptions: [] };
  props.autoApproval = { subscriptions: [] };
  props.enableProxyProtocol = s.enableProxyProtocol ?? false;
  props.loadBalancerFrontendIpConfigurations = s.loadBalancerFrontendIpConfigurationIds.map(ref);
  props.ipConfigurations = s.ipConfigurations.map((c, i) => ({
    name: c.name,
    id: child(r.id, 'ipConfigurations', c.name),
    etag,
    type: T.plsIpConfig,
    properties: {
      provisioningState: state,
      ...(c.privateIPAddress ? { privateIPAddress: c.privateIPAddress } : {}),
      privateIPAllocationMethod: 'Dynamic',
      subnet: ref(c.subnetId),
      primary: i === 0,
      privateIPAddressVersion: 'IPv4',
    },
  }));
  props.privateEndpointConnections = (s.privateEndpointConnections ?? []).map((c) =>
    privateLinkServiceConnection(r.id, etag, c),
  );
  props.networkInterfaces = (s.networkInterfaceIds ?? []).map(ref);
  return r;
}

/** An entry of a PLS's `privateEndpointConnections`. */
export function privateLinkServiceConnection(
  plsId: string,
  etag: string,
  c: PrivateEndpointConnectionInput,
): ArmResource {
  const peName = c.privateEndpointId.split('/').pop() ?? 'pe';
  const name = c.name ?? `${peName}.${newGuid()}`;
  return {
    name,
    id: child(plsId, 'privateEndpointConnections', name),
    etag,
    type: T.plsConnection,
    properties: {
      provisioningState: 'Succeeded',
      privateEndpoint: ref(c.privateEndpointId),
      privateLinkServiceConnectionState: {
        status: c.status ?? 'Approved',
        description: c.description ?? 'Auto Approved',
        actionsRequired: 'None',
      },
      linkIdentifier: String(
        parseInt(createHash('sha1').update(c.privateEndpointId.toLowerCase()).digest('hex').slice(0, 8), 16),
      ),
    },
  };
}

export interface PrivateEndpointInput extends Placement, NetworkCommon {
  subnetId: string;
  privateLinkServiceId: string;
  /** Defaults to the endpoint's name. */
  connectionName?: string;
  networkInterfaceIds?: string[];
  status?: 'Approved' | 'Pending' | 'Rejected' | 'Disconnected';
  /** Manual connections are listed under `manualPrivateLinkServiceConnections`. */
  manual?: boolean;
}

export function privateEndpoint(p: PrivateEndpointInput): ArmResource {
  const r = top(p, T.pe, p, {});
  const etag = r.etag as string;
  const connName = p.connectionName ?? p.name;
  const conn = {
    name: connName,
    id: child(r.id, 'privateLinkServiceConnections', connName),
    etag,
    type: T.peConnection,
    properties: {
      provisioningState: p.provisioningState ?? 'Succeeded',
      privateLinkServiceId: p.privateLinkServiceId,
      groupIds: [],
      privateLinkServiceConnectionState: {
        status: p.status ?? 'Approved',
        description: p.status === 'Pending' ? 'Awaiting approval' : 'Auto Approved',
        actionsRequired: 'None',
      },
    },
  };
  const props = r.properties as Record<string, unknown>;
  delete props.resourceGuid;
  props.privateLinkServiceConnections = p.manual ? [] : [conn];
  props.manualPrivateLinkServiceConnections = p.manual ? [conn] : [];
  props.customNetworkInterfaceName = '';
  props.subnet = ref(p.subnetId);
  props.ipConfigurations = [];
  props.networkInterfaces = (p.networkInterfaceIds ?? []).map(ref);
  props.customDnsConfigs = [];
  props.isIPv6EnabledPrivateEndpoint = false;
  return r;
}

// ---------------------------------------------------------------------------------------------
// NAT gateways, route tables, public IPs

export interface NatGatewayInput extends Placement, NetworkCommon {
  publicIpAddressIds?: string[];
  subnetIds?: string[];
  idleTimeoutInMinutes?: number;
}

export function natGateway(n: NatGatewayInput): ArmResource {
  const r = top(n, T.nat, n, {
    idleTimeoutInMinutes: n.idleTimeoutInMinutes ?? 4,
    publicIpAddresses: (n.publicIpAddressIds ?? []).map(ref),
  });
  if (n.subnetIds?.length) (r.properties as Record<string, unknown>).subnets = n.subnetIds.map(ref);
  return { ...r, sku: { name: 'Standard' } };
}

export type NextHopType = 'VirtualNetworkGateway' | 'VnetLocal' | 'Internet' | 'VirtualAppliance' | 'None';

export interface RouteInput {
  name: string;
  addressPrefix: string;
  nextHopType: NextHopType;
  nextHopIpAddress?: string;
}

export function route(routeTableId: string, x: RouteInput, etag: string): ArmResource {
  return {
    name: x.name,
    id: child(routeTableId, 'routes', x.name),
    etag,
    type: T.route,
    properties: {
      provisioningState: 'Succeeded',
      addressPrefix: x.addressPrefix,
      nextHopType: x.nextHopType,
      ...(x.nextHopIpAddress ? { nextHopIpAddress: x.nextHopIpAddress } : {}),
      hasBgpOverride: false,
    },
  };
}

export interface RouteTableInput extends Placement, NetworkCommon {
  routes?: RouteInput[];
  subnetIds?: string[];
  disableBgpRoutePropagation?: boolean;
}

export function routeTable(t: RouteTableInput): ArmResource {
  const r = top(t, T.routeTable, t, { disableBgpRoutePropagation: t.disableBgpRoutePropagation ?? false });
  const props = r.properties as Record<string, unknown>;
  props.routes = (t.routes ?? []).map((x) => route(r.id, x, r.etag as string));
  if (t.subnetIds?.length) props.subnets = t.subnetIds.map(ref);
  return r;
}

export interface PublicIPAddressInput extends Placement, NetworkCommon {
  ipAddress?: string;
  ipConfigurationId?: string;
  natGatewayId?: string;
}

export function publicIPAddress(p: PublicIPAddressInput): ArmResource {
  const r = top(p, T.pip, p, {
    ...(p.ipAddress ? { ipAddress: p.ipAddress } : {}),
    publicIPAddressVersion: 'IPv4',
    publicIPAllocationMethod: 'Static',
    idleTimeoutInMinutes: 4,
    ipTags: [],
    ddosSettings: { protectionMode: 'VirtualNetworkInherited' },
    ...(p.ipConfigurationId ? { ipConfiguration: ref(p.ipConfigurationId) } : {}),
    ...(p.natGatewayId ? { natGateway: ref(p.natGatewayId) } : {}),
  });
  return { ...r, sku: { name: 'Standard', tier: 'Regional' } };
}

export type { Ref };
