// Microsoft.Network: virtual networks, subnets, NSGs and security rules (read and write, as the
// dashboard fixes a subnet), NICs, load balancers, Private Link Services, private endpoints, NAT
// gateways, route tables and public IPs (read and delete), and the RP's operation-status endpoints.
// One handler per ARM operation, named after its operationId. Writes answer like the network RP:
// 201 (new) / 200 (update) with `provisioningState: Updating` and `Azure-AsyncOperation`; the
// resource turns Succeeded a few (simulated) seconds later. Deletes answer 202 with both headers.
//
// Storage: a VNet is one world resource with its subnets inline; an NSG holds its rules inline.
// Back-references are recomputed on read (network-refs.ts).
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';
import type { ArmResource, ArmResponse, ProviderDeps, RouteContext, RouteDef, World } from '../core/types.ts';
import { ArmError, badRequest, notFound } from '../core/errors.ts';
import { armId, normalizeId } from '../core/ids.ts';
import {
  NETWORK_TYPES as T,
  networkSecurityGroup,
  subnet,
  virtualNetwork,
  type SecurityRuleInput,
  type SubnetInput,
} from '../shapes/network.ts';
import { newGuid, weakEtag } from '../shapes/common.ts';
import {
  RG,
  SUB,
  bodyObject,
  checkPreconditions,
  collection,
  implement,
  later,
  LRO_SUCCEEDED,
  registerLroJobs,
  objectOf,
  operation,
  operationStatusRoutes,
  requireLocation,
  requireResourceGroup,
  stringOf,
  tagsOf,
} from '../shapes/provider-kit.ts';
import {
  buildNetworkIndex,
  findSubnet,
  subnetUsers,
  viewNetworkResource,
  type NetworkIndex,
} from './network-refs.ts';
import {
  checkRuleConflicts,
  checkSubnetRanges,
  parsePrefixes,
  ruleInputOf,
  sameId,
  securityRuleFrom,
  subnetInputFrom,
  subnetInputOf,
} from './network-validate.ts';

export { findSubnet, buildNetworkIndex, viewNetworkResource };

/** The versions the REST specs publish for a Microsoft.Network type (emulator/src/api-versions/published.md). */
function versionsOf(segment: string): readonly string[] {
  const type = `Microsoft.Network/${segment}`;
  return type in PUBLISHED_API_VERSIONS
    ? PUBLISHED_API_VERSIONS[type as keyof typeof PUBLISHED_API_VERSIONS]
    : PUBLISHED_API_VERSIONS['Microsoft.Network/virtualNetworks'];
}

/** Virtual networks, subnets, NSGs and the operation status routes: every published version. */
export const NETWORK_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Network/virtualNetworks'];

const NS = 'Microsoft.Network';
/** Simulated time a network write stays `Updating`. */
const WRITE_MS = 3_000;
const RETRY_AFTER_S = 10;

type Handler = (ctx: RouteContext) => ArmResponse;
/** A route's operationId and handler (see provider-kit `implement` / `operation`). */
type Implemented = { operationId: string; handle: Handler };
type Props = Record<string, unknown>;

const propsOf = (r: ArmResource): Props => (r.properties ??= {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const sub = (ctx: RouteContext): string => ctx.params.subscriptionId ?? '';
const rg = (ctx: RouteContext): string => ctx.params.resourceGroupName ?? '';
const idIn = (ctx: RouteContext, rest: string): string => armId(sub(ctx), rg(ctx), `${NS}/${rest}`);

function view(world: World, r: ArmResource, ix?: NetworkIndex): ArmResource {
  return viewNetworkResource(ix ?? buildNetworkIndex(world, r.id.split('/')[2] ?? ''), r);
}

/** Sets one etag on a resource and on every inline child that carries one (the NRP way). */
function stampEtag(r: ArmResource, etag: string): void {
  r.etag = etag;
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else {
      const o = objectOf(v);
      if (!o) return;
      if (typeof o.etag === 'string') o.etag = etag;
      for (const x of Object.values(o)) if (typeof x === 'object') visit(x);
    }
  };
  visit(r.properties);
}

/** Sets provisioningState on a resource and all inline children. */
function setState(r: ArmResource, state: string): void {
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else {
      const o = objectOf(v);
      if (!o) return;
      const p = objectOf(o.properties);
      if (p && typeof p.provisioningState === 'string') p.provisioningState = state;
      for (const [k, x] of Object.entries(o)) if (k !== 'properties' && typeof x === 'object') visit(x);
      if (p) for (const x of Object.values(p)) if (typeof x === 'object') visit(x);
    }
  };
  visit(r);
}

function asyncHeaders(
  ctx: RouteContext,
  location: string,
  withLocation: boolean,
): { id: string; headers: Record<string, string> } {
  return ctx.lro.start({
    statusPath: `/subscriptions/${sub(ctx)}/providers/${NS}/locations/${location}/operations`,
    apiVersion: ctx.req.apiVersion,
    baseUrl: ctx.req.baseUrl,
    location: withLocation,
    retryAfterAzureSeconds: RETRY_AFTER_S,
  });
}

/**
 * Stores `r` as Updating, answers 201/200 with Azure-AsyncOperation, and flips the stored resource
 * (or, for a subnet, the subnet inside the VNet) to Succeeded after WRITE_MS.
 */
function acceptWrite(ctx: RouteContext, stored: ArmResource, isNew: boolean, body: ArmResource): ArmResponse {
  ctx.world.put(stored);
  const op = asyncHeaders(ctx, stored.location ?? 'westeurope', false);
  const subnet = body.type === T.subnet ? body.name : null;
  later(ctx, WRITE_MS, WRITTEN, { id: stored.id, subnet, opId: op.id });
  return { status: isNew ? 201 : 200, body: view(ctx.world, body), headers: op.headers };
}

/** The end of a write: the resource (or the subnet inside its VNet) is Succeeded. A job: it survives a restart. */
const WRITTEN = 'network.written';

function registerJobs(deps: ProviderDeps): void {
  registerLroJobs(deps);
  deps.clock.handle(WRITTEN, (a) => {
    const cur = deps.world.get(String(a.id));
    const subnetName = typeof a.subnet === 'string' ? a.subnet : undefined;
    if (cur) {
      if (subnetName) {
        const s = arr(propsOf(cur).subnets).find(
          (x) => stringOf(objectOf(x)?.name)?.toLowerCase() === subnetName.toLowerCase(),
        );
        if (s) setState(s as ArmResource, 'Succeeded');
        const p = propsOf(cur);
        if (p.provisioningState === 'Updating') p.provisioningState = 'Succeeded';
      } else setState(cur, 'Succeeded');
      deps.world.put(cur);
    }
    deps.lro.complete(String(a.opId), 'Succeeded');
  });
}

/** Deletes now and answers 202 with both headers; the operation completes shortly after. */
function acceptDelete(ctx: RouteContext, location: string, remove: () => void): ArmResponse {
  remove();
  const op = asyncHeaders(ctx, location, true);
  later(ctx, WRITE_MS, LRO_SUCCEEDED, { opId: op.id });
  return { status: 202, headers: op.headers };
}

function resourceNotFound(ctx: RouteContext, type: string, name: string): ArmError {
  return notFound(type, name, rg(ctx));
}

/** The network RP's own 404 for a missing child resource (subnet, rule). */
function childNotFound(id: string): ArmError {
  return new ArmError(404, 'NotFound', `Resource ${id} not found.`);
}

/**
 * Linked access checks, as ARM does when a write references another resource
 * (403 LinkedAuthorizationFailed).
 */
function checkLinked(
  ctx: RouteContext,
  action: string,
  scope: string,
  links: Array<[string, string | undefined]>,
): void {
  const missing = links.filter(([a, id]) => id && !ctx.can(a, id)) as Array<[string, string]>;
  if (!missing.length) return;
  throw new ArmError(
    403,
    'LinkedAuthorizationFailed',
    `The client '${ctx.caller.displayName}' with object id '${ctx.caller.objectId}' has permission to perform action '${action}' on scope '${scope}'; however, it does not have permission to perform action(s) '${missing.map(([a]) => a).join(',')}' on the linked scope(s) '${missing.map(([, id]) => id).join(',')}' (respectively) or the linked scope(s) are invalid.`,
  );
}

function subnetLinks(
  before: SubnetInput | undefined,
  after: SubnetInput,
): Array<[string, string | undefined]> {
  const changed = (a: string | undefined, b: string | undefined): string | undefined =>
    b && !sameId(a, b) ? b : undefined;
  return [
    [
      `${NS}/networkSecurityGroups/join/action`,
      changed(before?.networkSecurityGroupId, after.networkSecurityGroupId),
    ],
    [`${NS}/routeTables/join/action`, changed(before?.routeTableId, after.routeTableId)],
    [`${NS}/natGateways/join/action`, changed(before?.natGatewayId, after.natGatewayId)],
  ];
}

function prefixesOf(s: SubnetInput): string[] {
  return s.addressPrefixes?.length ? s.addressPrefixes : s.addressPrefix ? [s.addressPrefix] : [];
}

function inUseSubnet(name: string, users: string[]): ArmError {
  return badRequest(
    'InUseSubnetCannotBeDeleted',
    `Subnet ${name} is in use by ${users.join(', ')} and cannot be deleted. In order to delete the subnet, delete all the resources within the subnet. See aka.ms/deletesubnet.`,
  );
}

/** Rules that only an RP with live resources in the subnet enforces. */
function checkSubnetUpdate(
  ix: NetworkIndex,
  subnetId: string,
  before: SubnetInput | undefined,
  after: SubnetInput,
): void {
  const groups = ix.containerGroupsBySubnet.get(normalizeId(subnetId)) ?? [];
  const svc = (s: SubnetInput | undefined): string[] =>
    (s?.delegations ?? []).map((d) => (typeof d === 'string' ? d : d.serviceName));
  if (groups.length && svc(before).join() !== svc(after).join())
    throw badRequest(
      'SubnetDelegationsCannotChangeWhenSubnetUsedByResource',
      `Delegations of subnet ${subnetId} cannot be changed from [${svc(before).join(', ')}] to [${svc(after).join(', ')}] because it is being used by the resource ${subnetId}/serviceAssociationLinks/acisal.`,
    );
  const plsConfigs = (ix.ipConfigsBySubnet.get(normalizeId(subnetId)) ?? []).filter((id) =>
    /\/privateLinkServices\//i.test(id),
  );
  if (plsConfigs.length && (after.privateLinkServiceNetworkPolicies ?? 'Enabled') === 'Enabled')
    throw badRequest(
      'PrivateLinkServiceNetworkPoliciesCannotBeEnabledOnPrivateLinkServiceSubnet',
      `Private link service network policies cannot be enabled on private link service subnet ${subnetId}.`,
    );
}

// ---------------------------------------------------------------------------------------------
// Virtual networks

/**
 * The routes of a top-level type, in this order: list (subscription), list (resource group), get, then
 * create-or-update and delete when given; actions `<type>/read|write|delete`.
 */
function topLevelRoutes(
  segment: string,
  param: string,
  apiVersions: readonly string[],
  h: { listAll: Implemented; list: Implemented; get: Implemented; put?: Implemented; del?: Implemented },
): RouteDef[] {
  const type = `${NS}/${segment}`;
  const path = `${RG}/providers/${type}/{${param}}`;
  const defs: RouteDef[] = [
    { method: 'GET', path: `${SUB}/providers/${type}`, apiVersions, action: null, ...h.listAll },
    { method: 'GET', path: `${RG}/providers/${type}`, apiVersions, action: null, ...h.list },
    { method: 'GET', path, apiVersions, action: `${type}/read`, ...h.get },
  ];
  if (h.put) defs.push({ method: 'PUT', path, apiVersions, action: `${type}/write`, ...h.put });
  if (h.del) defs.push({ method: 'DELETE', path, apiVersions, action: `${type}/delete`, ...h.del });
  return defs;
}

const vnetIdOf = (ctx: RouteContext): string =>
  idIn(ctx, `virtualNetworks/${ctx.params.virtualNetworkName ?? ''}`);

/** A VNet PUT's address space: present, each prefix a valid aligned CIDR. */
function vnetPrefixes(id: string, props: Record<string, unknown>): string[] {
  const space = objectOf(props.addressSpace)?.addressPrefixes;
  const prefixes = Array.isArray(space) ? space.filter((x): x is string => typeof x === 'string') : [];
  if (!prefixes.length)
    throw badRequest(
      'InvalidRequestFormat',
      `Cannot parse the request. Virtual network ${id} must have an address space.`,
    );
  parsePrefixes(id, prefixes);
  return prefixes;
}

/**
 * A VNet PUT's subnets, each validated against what it was (a subnet in use keeps its links) and the
 * ones dropped checked as unused.
 */
function vnetSubnetInputs(
  ctx: RouteContext,
  id: string,
  location: string,
  props: Record<string, unknown>,
  existing: ArmResource | undefined,
): SubnetInput[] {
  if (props.subnets !== undefined && !Array.isArray(props.subnets))
    throw badRequest('InvalidRequestFormat', "Cannot parse the request. 'subnets' must be an array.");
  const ix = buildNetworkIndex(ctx.world, sub(ctx));
  const before = new Map(
    arr(existing ? propsOf(existing).subnets : []).map((s) => {
      const input = subnetInputOf(s);
      return [input?.name.toLowerCase() ?? '', input] as const;
    }),
  );
  const inputs: SubnetInput[] = [];
  for (const s of arr(props.subnets)) {
    const o = objectOf(s) ?? {};
    const sname = stringOf(o.name);
    if (!sname)
      throw badRequest('InvalidRequestFormat', 'Cannot parse the request. Every subnet needs a name.');
    const sid = `${id}/subnets/${sname}`;
    const input = subnetInputFrom(ctx.world, sid, sname, o, location);
    const prev = before.get(sname.toLowerCase());
    checkSubnetUpdate(ix, sid, prev, input);
    checkLinked(ctx, `${NS}/virtualNetworks/write`, id, subnetLinks(prev, input));
    inputs.push({ ...input, provisioningState: 'Updating' });
  }
  const kept = new Set(inputs.map((s) => s.name.toLowerCase()));
  for (const [key, prev] of before) {
    if (!prev || kept.has(key)) continue;
    const users = subnetUsers(ix, `${id}/subnets/${prev.name}`);
    if (users.length) throw inUseSubnet(prev.name, users);
  }
  return inputs;
}

function vnetOps(deps: ProviderDeps) {
  const listView = (ctx: RouteContext, items: ArmResource[]): ArmResponse => {
    const ix = buildNetworkIndex(ctx.world, sub(ctx));
    return collection(ctx, deps, items, `${NS}/virtualNetworks/read`, (r) => viewNetworkResource(ix, r));
  };
  return {
    VirtualNetworks_ListAll(ctx) {
      return listView(ctx, ctx.world.list(`/subscriptions/${sub(ctx)}`, T.vnet));
    },
    VirtualNetworks_List(ctx) {
      requireResourceGroup(ctx.world, ctx.params);
      return listView(ctx, ctx.world.list(`/subscriptions/${sub(ctx)}/resourceGroups/${rg(ctx)}`, T.vnet));
    },
    VirtualNetworks_Get(ctx) {
      requireResourceGroup(ctx.world, ctx.params);
      const r = ctx.world.get(vnetIdOf(ctx));
      if (!r) throw resourceNotFound(ctx, T.vnet, ctx.params.virtualNetworkName ?? '');
      return { status: 200, body: view(ctx.world, r) };
    },
    VirtualNetworks_CreateOrUpdate(ctx) {
      requireResourceGroup(ctx.world, ctx.params);
      const name = ctx.params.virtualNetworkName ?? '';
      const id = vnetIdOf(ctx);
      const body = bodyObject(ctx);
      const location = requireLocation(body);
      const existing = ctx.world.get(id);
      checkPreconditions(ctx, existing);
      if (existing?.location && existing.location !== location)
        throw badRequest(
          'InvalidResourceLocation',
          `The resource '${name}' already exists in location '${existing.location}' in resource group '${rg(ctx)}'. A resource with the same name cannot be created in location '${location}'. Please select a new resource name.`,
        );
      const props = objectOf(body.properties) ?? {};
      const prefixes = vnetPrefixes(id, props);
      const inputs = vnetSubnetInputs(ctx, id, location, props, existing);
      checkSubnetRanges(
        name,
        prefixes,
        inputs.map((s) => ({ name: s.name, prefixes: prefixesOf(s) })),
      );
      const dns = objectOf(props.dhcpOptions)?.dnsServers;
      const tags = tagsOf(body.tags);
      const resourceGuid = stringOf(existing ? propsOf(existing).resourceGuid : undefined);
      const vnet = virtualNetwork({
        subscriptionId: sub(ctx),
        resourceGroup: rg(ctx),
        name,
        location,
        ...(tags ? { tags } : {}),
        addressPrefixes: prefixes,
        subnets: inputs,
        ...(Array.isArray(dns) ? { dnsServers: dns.filter((x): x is string => typeof x === 'string') } : {}),
        provisioningState: 'Updating',
        ...(resourceGuid ? { resourceGuid } : {}),
      });
      stampEtag(vnet, weakEtag());
      return acceptWrite(ctx, vnet, !existing, vnet);
    },
    VirtualNetworks_Delete(ctx) {
      requireResourceGroup(ctx.world, ctx.params);
      const id = vnetIdOf(ctx);
      const existing = ctx.world.get(id);
      if (!existing) return { status: 204 };
      const ix = buildNetworkIndex(ctx.world, sub(ctx));
      for (const s of arr(propsOf(existing).subnets)) {
        const sid = stringOf(objectOf(s)?.id) ?? '';
        const users = subnetUsers(ix, sid);
        if (users.length) throw inUseSubnet(stringOf(objectOf(s)?.name) ?? '', users);
      }
      return acceptDelete(ctx, existing.location ?? 'westeurope', () => ctx.world.delete(id));
    },
  } satisfies Record<string, Handler>;
}

function vnetRoutes(deps: ProviderDeps, apiVersions: readonly string[]): RouteDef[] {
  const ops = vnetOps(deps);
  return topLevelRoutes('virtualNetworks', 'virtualNetworkName', apiVersions, {
    listAll: implement(ops, 'VirtualNetworks_ListAll'),
    list: implement(ops, 'VirtualNetworks_List'),
    get: implement(ops, 'VirtualNetworks_Get'),
    put: implement(ops, 'VirtualNetworks_CreateOrUpdate'),
    del: implement(ops, 'VirtualNetworks_Delete'),
  });
}

// ---------------------------------------------------------------------------------------------
// Subnets

function vnetOf(ctx: RouteContext): ArmResource {
  requireResourceGroup(ctx.world, ctx.params);
  const name = ctx.params.virtualNetworkName ?? '';
  const r = ctx.world.get(idIn(ctx, `virtualNetworks/${name}`));
  if (!r) throw resourceNotFound(ctx, T.vnet, name);
  return r;
}

const subnetIndexIn = (vnet: ArmResource, name: string): number =>
  arr(propsOf(vnet).subnets).findIndex(
    (x) => stringOf(objectOf(x)?.name)?.toLowerCase() === name.toLowerCase(),
  );

function subnetOps(deps: ProviderDeps) {
  const read = `${NS}/virtualNetworks/subnets/read`;
  return {
    Subnets_List(ctx) {
      const vnet = vnetOf(ctx);
      const ix = buildNetworkIndex(ctx.world, sub(ctx));
      const items = arr(propsOf(vnet).subnets) as ArmResource[];
      return collection(ctx, deps, items, read, (s) => viewNetworkResource(ix, s), 'asStored');
    },
    Subnets_Get(ctx) {
      const vnet = vnetOf(ctx);
      const i = subnetIndexIn(vnet, ctx.params.subnetName ?? '');
      const s = arr(propsOf(vnet).subnets)[i] as ArmResource | undefined;
      if (!s) throw childNotFound(`${vnet.id}/subnets/${ctx.params.subnetName ?? ''}`);
      return { status: 200, body: view(ctx.world, s) };
    },
    Subnets_CreateOrUpdate(ctx) {
      const vnet = vnetOf(ctx);
      const name = ctx.params.subnetName ?? '';
      const sid = `${vnet.id}/subnets/${name}`;
      const body = bodyObject(ctx);
      const subnets = arr(propsOf(vnet).subnets);
      const i = subnetIndexIn(vnet, name);
      const current = subnets[i] as ArmResource | undefined;
      checkPreconditions(ctx, current);
      const input = subnetInputFrom(ctx.world, sid, current?.name ?? name, body, vnet.location ?? '');
      const prev = current ? subnetInputOf(current) : undefined;
      const ix = buildNetworkIndex(ctx.world, sub(ctx));
      checkSubnetUpdate(ix, sid, prev, input);
      checkLinked(ctx, `${NS}/virtualNetworks/subnets/write`, sid, subnetLinks(prev, input));
      const space = objectOf(propsOf(vnet).addressSpace)?.addressPrefixes;
      const others = subnets
        .filter((_, j) => j !== i)
        .map((x) => subnetInputOf(x))
        .filter((x): x is SubnetInput => !!x);
      checkSubnetRanges(
        vnet.name,
        Array.isArray(space) ? space.filter((x): x is string => typeof x === 'string') : [],
        [...others, input].map((s) => ({ name: s.name, prefixes: prefixesOf(s) })),
      );
      const built = subnet(vnet.id, { ...input, provisioningState: 'Updating' });
      if (i >= 0) subnets[i] = built;
      else subnets.push(built);
      propsOf(vnet).subnets = subnets;
      stampEtag(vnet, weakEtag());
      return acceptWrite(ctx, vnet, i < 0, built);
    },
    Subnets_Delete(ctx) {
      const vnet = vnetOf(ctx);
      const name = ctx.params.subnetName ?? '';
      const i = subnetIndexIn(vnet, name);
      if (i < 0) return { status: 204 };
      const users = subnetUsers(buildNetworkIndex(ctx.world, sub(ctx)), `${vnet.id}/subnets/${name}`);
      if (users.length) throw inUseSubnet(name, users);
      return acceptDelete(ctx, vnet.location ?? 'westeurope', () => {
        const subnets = arr(propsOf(vnet).subnets);
        subnets.splice(i, 1);
        stampEtag(vnet, weakEtag());
        ctx.world.put(vnet);
      });
    },
  } satisfies Record<string, Handler>;
}

function subnetRoutes(deps: ProviderDeps, apiVersions: readonly string[]): RouteDef[] {
  const vnetPath = `${RG}/providers/${NS}/virtualNetworks/{virtualNetworkName}`;
  const path = `${vnetPath}/subnets/{subnetName}`;
  const read = `${NS}/virtualNetworks/subnets/read`;
  const ops = subnetOps(deps);
  return [
    {
      method: 'GET',
      path: `${vnetPath}/subnets`,
      apiVersions,
      action: null,
      ...implement(ops, 'Subnets_List'),
    },
    { method: 'GET', path, apiVersions, action: read, ...implement(ops, 'Subnets_Get') },
    {
      method: 'PUT',
      path,
      apiVersions,
      action: `${NS}/virtualNetworks/subnets/write`,
      ...implement(ops, 'Subnets_CreateOrUpdate'),
    },
    {
      method: 'DELETE',
      path,
      apiVersions,
      action: `${NS}/virtualNetworks/subnets/delete`,
      ...implement(ops, 'Subnets_Delete'),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Network security groups and rules

const nsgIdOf = (ctx: RouteContext): string =>
  idIn(ctx, `networkSecurityGroups/${ctx.params.networkSecurityGroupName ?? ''}`);

function nsgOf(ctx: RouteContext): ArmResource {
  requireResourceGroup(ctx.world, ctx.params);
  const r = ctx.world.get(nsgIdOf(ctx));
  if (!r) throw resourceNotFound(ctx, T.nsg, ctx.params.networkSecurityGroupName ?? '');
  return r;
}

const rulesOf = (nsg: ArmResource): SecurityRuleInput[] =>
  arr(propsOf(nsg).securityRules)
    .map(ruleInputOf)
    .filter((x): x is SecurityRuleInput => !!x);

/** Rebuilds an NSG from rules, keeping its resourceGuid, location and tags. */
function rebuildNsg(
  ctx: RouteContext,
  name: string,
  location: string,
  rules: SecurityRuleInput[],
  prev?: ArmResource,
  tags?: Record<string, string>,
): ArmResource {
  const guid = prev ? stringOf(propsOf(prev).resourceGuid) : undefined;
  const t = tags ?? prev?.tags;
  // Rules that existed before keep Succeeded; the NSG itself is Updating until the operation ends.
  return networkSecurityGroup({
    subscriptionId: sub(ctx),
    resourceGroup: rg(ctx),
    name,
    location,
    ...(t ? { tags: t } : {}),
    securityRules: rules,
    provisioningState: 'Updating',
    ...(guid ? { resourceGuid: guid } : {}),
  });
}

const ruleName = (ctx: RouteContext): string => ctx.params.securityRuleName ?? '';

function findRule(
  nsg: ArmResource,
  key: 'securityRules' | 'defaultSecurityRules',
  name: string,
): ArmResource | undefined {
  return arr(propsOf(nsg)[key]).find(
    (x) => stringOf(objectOf(x)?.name)?.toLowerCase() === name.toLowerCase(),
  ) as ArmResource | undefined;
}

/** The rules in an NSG PUT body: an array, each with a name. */
function rulesFromBody(props: Record<string, unknown>): SecurityRuleInput[] {
  if (props.securityRules !== undefined && !Array.isArray(props.securityRules))
    throw badRequest('InvalidRequestFormat', "Cannot parse the request. 'securityRules' must be an array.");
  return arr(props.securityRules).map((x) => {
    const o = objectOf(x) ?? {};
    const n = stringOf(o.name);
    if (!n)
      throw badRequest('InvalidRequestFormat', 'Cannot parse the request. Every security rule needs a name.');
    return securityRuleFrom(n, o);
  });
}

function nsgOps(deps: ProviderDeps) {
  const listView = (ctx: RouteContext, items: ArmResource[]): ArmResponse => {
    const ix = buildNetworkIndex(ctx.world, sub(ctx));
    return collection(ctx, deps, items, `${NS}/networkSecurityGroups/read`, (r) =>
      viewNetworkResource(ix, r),
    );
  };
  return {
    NetworkSecurityGroups_ListAll(ctx) {
      return listView(ctx, ctx.world.list(`/subscriptions/${sub(ctx)}`, T.nsg));
    },
    NetworkSecurityGroups_List(ctx) {
      requireResourceGroup(ctx.world, ctx.params);
      return listView(ctx, ctx.world.list(`/subscriptions/${sub(ctx)}/resourceGroups/${rg(ctx)}`, T.nsg));
    },
    NetworkSecurityGroups_Get(ctx) {
      return { status: 200, body: view(ctx.world, nsgOf(ctx)) };
    },
    NetworkSecurityGroups_CreateOrUpdate(ctx) {
      requireResourceGroup(ctx.world, ctx.params);
      const name = ctx.params.networkSecurityGroupName ?? '';
      const body = bodyObject(ctx);
      const location = requireLocation(body);
      const existing = ctx.world.get(nsgIdOf(ctx));
      checkPreconditions(ctx, existing);
      const rules = rulesFromBody(objectOf(body.properties) ?? {});
      checkRuleConflicts(rules);
      const nsg = rebuildNsg(ctx, name, location, rules, existing, tagsOf(body.tags));
      return acceptWrite(ctx, nsg, !existing, nsg);
    },
    NetworkSecurityGroups_Delete(ctx) {
      requireResourceGroup(ctx.world, ctx.params);
      const existing = ctx.world.get(nsgIdOf(ctx));
      if (!existing) return { status: 204 };
      const v = view(ctx.world, existing);
      const users = [...arr(propsOf(v).subnets), ...arr(propsOf(v).networkInterfaces)]
        .map((x) => stringOf(objectOf(x)?.id))
        .filter((x): x is string => !!x);
      if (users.length)
        throw badRequest(
          'InUseNetworkSecurityGroupCannotBeDeleted',
          `Network security group ${existing.id} cannot be deleted because it is in use by the following resources: ${users.join(', ')}. In order to delete the Network security group, remove the association with the resource(s). To learn how to do this, see aka.ms/deletensg.`,
        );
      return acceptDelete(ctx, existing.location ?? 'westeurope', () => ctx.world.delete(existing.id));
    },
  } satisfies Record<string, Handler>;
}

/** After a rule PUT: only the written rule shows Updating; the others and the NSG keep Succeeded. */
function markWrittenRule(next: ArmResource, name: string): void {
  for (const r of arr(propsOf(next).securityRules)) {
    const o = r as ArmResource;
    propsOf(o).provisioningState = o.name.toLowerCase() === name.toLowerCase() ? 'Updating' : 'Succeeded';
  }
  for (const r of arr(propsOf(next).defaultSecurityRules))
    propsOf(r as ArmResource).provisioningState = 'Succeeded';
  propsOf(next).provisioningState = 'Succeeded';
}

function securityRuleOps(deps: ProviderDeps) {
  return {
    SecurityRules_List(ctx) {
      const nsg = nsgOf(ctx);
      return collection(
        ctx,
        deps,
        arr(propsOf(nsg).securityRules) as ArmResource[],
        `${NS}/networkSecurityGroups/securityRules/read`,
        undefined,
        'asStored',
      );
    },
    SecurityRules_Get(ctx) {
      const nsg = nsgOf(ctx);
      const r = findRule(nsg, 'securityRules', ruleName(ctx));
      if (!r) throw childNotFound(`${nsg.id}/securityRules/${ruleName(ctx)}`);
      return { status: 200, body: r };
    },
    SecurityRules_CreateOrUpdate(ctx) {
      const nsg = nsgOf(ctx);
      const body = bodyObject(ctx);
      const existing = findRule(nsg, 'securityRules', ruleName(ctx));
      checkPreconditions(ctx, existing);
      const name = existing?.name ?? ruleName(ctx);
      const rule = securityRuleFrom(name, body);
      const others = rulesOf(nsg).filter((r) => r.name.toLowerCase() !== name.toLowerCase());
      checkRuleConflicts([...others, rule]);
      const rules = existing
        ? rulesOf(nsg).map((r) => (r.name.toLowerCase() === name.toLowerCase() ? rule : r))
        : [...rulesOf(nsg), rule];
      const next = rebuildNsg(ctx, nsg.name, nsg.location ?? 'westeurope', rules, nsg);
      markWrittenRule(next, name);
      const written = findRule(next, 'securityRules', name);
      return acceptWrite(ctx, next, !existing, written ?? next);
    },
    SecurityRules_Delete(ctx) {
      const nsg = nsgOf(ctx);
      const existing = findRule(nsg, 'securityRules', ruleName(ctx));
      if (!existing) return { status: 204 };
      return acceptDelete(ctx, nsg.location ?? 'westeurope', () => {
        propsOf(nsg).securityRules = arr(propsOf(nsg).securityRules).filter((r) => r !== existing);
        stampEtag(nsg, weakEtag());
        ctx.world.put(nsg);
      });
    },
  } satisfies Record<string, Handler>;
}

function defaultSecurityRuleOps(deps: ProviderDeps) {
  return {
    DefaultSecurityRules_List(ctx) {
      const nsg = nsgOf(ctx);
      return collection(
        ctx,
        deps,
        arr(propsOf(nsg).defaultSecurityRules) as ArmResource[],
        `${NS}/networkSecurityGroups/defaultSecurityRules/read`,
        undefined,
        'asStored',
      );
    },
    DefaultSecurityRules_Get(ctx) {
      const nsg = nsgOf(ctx);
      const name = ctx.params.defaultSecurityRuleName ?? '';
      const r = findRule(nsg, 'defaultSecurityRules', name);
      if (!r) throw childNotFound(`${nsg.id}/defaultSecurityRules/${name}`);
      return { status: 200, body: r };
    },
  } satisfies Record<string, Handler>;
}

function nsgRoutes(deps: ProviderDeps, apiVersions: readonly string[]): RouteDef[] {
  const path = `${RG}/providers/${NS}/networkSecurityGroups/{networkSecurityGroupName}`;
  const ops = { ...nsgOps(deps), ...securityRuleOps(deps), ...defaultSecurityRuleOps(deps) };
  const rulePath = `${path}/securityRules/{securityRuleName}`;
  const defaultPath = `${path}/defaultSecurityRules`;
  return [
    ...topLevelRoutes('networkSecurityGroups', 'networkSecurityGroupName', apiVersions, {
      listAll: implement(ops, 'NetworkSecurityGroups_ListAll'),
      list: implement(ops, 'NetworkSecurityGroups_List'),
      get: implement(ops, 'NetworkSecurityGroups_Get'),
      put: implement(ops, 'NetworkSecurityGroups_CreateOrUpdate'),
      del: implement(ops, 'NetworkSecurityGroups_Delete'),
    }),
    {
      method: 'GET',
      path: `${path}/securityRules`,
      apiVersions,
      action: null,
      ...implement(ops, 'SecurityRules_List'),
    },
    {
      method: 'GET',
      path: rulePath,
      apiVersions,
      action: `${NS}/networkSecurityGroups/securityRules/read`,
      ...implement(ops, 'SecurityRules_Get'),
    },
    {
      method: 'PUT',
      path: rulePath,
      apiVersions,
      action: `${NS}/networkSecurityGroups/securityRules/write`,
      ...implement(ops, 'SecurityRules_CreateOrUpdate'),
    },
    {
      method: 'DELETE',
      path: rulePath,
      apiVersions,
      action: `${NS}/networkSecurityGroups/securityRules/delete`,
      ...implement(ops, 'SecurityRules_Delete'),
    },
    {
      method: 'GET',
      path: defaultPath,
      apiVersions,
      action: null,
      ...implement(ops, 'DefaultSecurityRules_List'),
    },
    {
      method: 'GET',
      path: `${defaultPath}/{defaultSecurityRuleName}`,
      apiVersions,
      action: `${NS}/networkSecurityGroups/defaultSecurityRules/read`,
      ...implement(ops, 'DefaultSecurityRules_Get'),
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// Read (and delete) only: NICs, load balancers, PLS, private endpoints, NAT gateways, route tables, public IPs

interface ReadOnlySpec {
  /** Operation-id prefix, e.g. `NetworkInterfaces`. */
  op: string;
  /** Path segment and type, e.g. `networkInterfaces`. */
  segment: string;
  param: string;
  /** Suffix of the subscription-wide list operation (`ListAll` or `ListBySubscription`). */
  listAll: 'ListAll' | 'ListBySubscription';
  /** Why a delete is refused (400), or undefined. */
  inUse?: (world: World, r: ArmResource, ix: NetworkIndex) => ArmError | undefined;
}

const READ_ONLY: ReadOnlySpec[] = [
  {
    op: 'NetworkInterfaces',
    segment: 'networkInterfaces',
    param: 'networkInterfaceName',
    listAll: 'ListAll',
    inUse(_world, r) {
      const p = propsOf(r);
      const vm = stringOf(objectOf(p.virtualMachine)?.id);
      if (vm)
        return badRequest(
          'NicInUse',
          `Network Interface ${r.id} is used by existing resource ${vm}. In order to delete the network interface, it must be dissociated from the resource. To learn more, see aka.ms/deletenic.`,
        );
      const pe = stringOf(objectOf(p.privateEndpoint)?.id);
      if (pe)
        return badRequest(
          'NicInUseWithPrivateEndpoint',
          `Network interface ${r.id} cannot be deleted because it is currently in use with an private endpoint (${pe}).`,
        );
      return undefined;
    },
  },
  { op: 'LoadBalancers', segment: 'loadBalancers', param: 'loadBalancerName', listAll: 'ListAll' },
  {
    op: 'PrivateLinkServices',
    segment: 'privateLinkServices',
    param: 'serviceName',
    listAll: 'ListBySubscription',
  },
  {
    op: 'PrivateEndpoints',
    segment: 'privateEndpoints',
    param: 'privateEndpointName',
    listAll: 'ListBySubscription',
  },
  {
    op: 'NatGateways',
    segment: 'natGateways',
    param: 'natGatewayName',
    listAll: 'ListAll',
    inUse(_w, r, ix) {
      const subnets = ix.subnetsByNat.get(normalizeId(r.id)) ?? [];
      return subnets.length
        ? badRequest(
            'InUseNatGatewayCannotBeDeleted',
            `Nat Gateway ${r.id} cannot be deleted because it is in use by the following resources: ${subnets.join(', ')}. In order to delete the Nat Gateway, remove the association with the resource(s).`,
          )
        : undefined;
    },
  },
  {
    op: 'RouteTables',
    segment: 'routeTables',
    param: 'routeTableName',
    listAll: 'ListAll',
    inUse(_w, r, ix) {
      const subnets = ix.subnetsByRouteTable.get(normalizeId(r.id)) ?? [];
      return subnets.length
        ? badRequest(
            'InUseRouteTableCannotBeDeleted',
            `Route table ${r.id} is in use and cannot be deleted. In order to delete the route table, remove the association with the resource(s): ${subnets.join(', ')}.`,
          )
        : undefined;
    },
  },
  {
    op: 'PublicIPAddresses',
    segment: 'publicIPAddresses',
    param: 'publicIpAddressName',
    listAll: 'ListAll',
    inUse(_w, r) {
      const cfg =
        stringOf(objectOf(propsOf(r).ipConfiguration)?.id) ?? stringOf(objectOf(propsOf(r).natGateway)?.id);
      return cfg
        ? badRequest(
            'PublicIPAddressCannotBeDeleted',
            `Public IP address ${r.id} can not be deleted since it is still allocated to resource ${cfg}. In order to delete the public IP, disassociate/detach the Public IP address from the resource. To learn how to do this, see aka.ms/deletepublicip.`,
          )
        : undefined;
    },
  },
];

function readOnlyRoutes(deps: ProviderDeps, apiVersions: readonly string[], spec: ReadOnlySpec): RouteDef[] {
  const type = `${NS}/${spec.segment}`;
  const read = `${type}/read`;
  const idOf = (ctx: RouteContext): string => idIn(ctx, `${spec.segment}/${ctx.params[spec.param] ?? ''}`);
  const listView = (ctx: RouteContext, items: ArmResource[]): ArmResponse => {
    const ix = buildNetworkIndex(ctx.world, sub(ctx));
    return collection(ctx, deps, items, read, (r) => viewNetworkResource(ix, r));
  };
  const handlers: Record<'listAll' | 'list' | 'get' | 'del', Handler> = {
    listAll: (ctx) => listView(ctx, ctx.world.list(`/subscriptions/${sub(ctx)}`, type)),
    list: (ctx) => {
      requireResourceGroup(ctx.world, ctx.params);
      return listView(ctx, ctx.world.list(`/subscriptions/${sub(ctx)}/resourceGroups/${rg(ctx)}`, type));
    },
    get: (ctx) => {
      requireResourceGroup(ctx.world, ctx.params);
      const r = ctx.world.get(idOf(ctx));
      if (!r) throw resourceNotFound(ctx, type, ctx.params[spec.param] ?? '');
      return { status: 200, body: view(ctx.world, r) };
    },
    del: (ctx) => {
      requireResourceGroup(ctx.world, ctx.params);
      const r = ctx.world.get(idOf(ctx));
      if (!r) return { status: 204 };
      const refused = spec.inUse?.(ctx.world, r, buildNetworkIndex(ctx.world, sub(ctx)));
      if (refused) throw refused;
      return acceptDelete(ctx, r.location ?? 'westeurope', () => ctx.world.delete(r.id));
    },
  };
  return topLevelRoutes(spec.segment, spec.param, apiVersions, {
    listAll: operation(`${spec.op}_${spec.listAll}`, handlers.listAll),
    list: operation(`${spec.op}_List`, handlers.list),
    get: operation(`${spec.op}_Get`, handlers.get),
    del: operation(`${spec.op}_Delete`, handlers.del),
  });
}

/** Microsoft.Network routes. */
export function routes(deps: ProviderDeps): RouteDef[] {
  registerJobs(deps);
  const v = NETWORK_API_VERSIONS;
  return [
    ...vnetRoutes(deps, v),
    ...subnetRoutes(deps, v),
    ...nsgRoutes(deps, v),
    ...READ_ONLY.flatMap((spec) => readOnlyRoutes(deps, versionsOf(spec.segment), spec)),
    ...operationStatusRoutes(NS, v, (op) => ({
      status: op.status,
      ...(op.error ? { error: op.error } : {}),
    })),
  ];
}

export { newGuid };
