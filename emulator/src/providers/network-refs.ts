// Back-references of Microsoft.Network resources, recomputed from the world on every read, so the
// simulator and the seed only ever write forward references (NIC → subnet, PE → PLS, container group
// → subnetIds, subnet → NSG …) and what the RP reports stays consistent:
//   subnet.ipConfigurations / privateEndpoints / serviceAssociationLinks, nsg.subnets / networkInterfaces,
//   natGateway.subnets, routeTable.subnets, LB backendAddressPools[].backendIPConfigurations,
//   PLS privateEndpointConnections (one per private endpoint that targets it).
import { createHash } from 'node:crypto';
import type { ArmResource, World } from '../core/types.ts';
import { normalizeId, parseId } from '../core/ids.ts';
import { NETWORK_TYPES as T, privateLinkServiceConnection } from '../shapes/network.ts';
import { CONTAINER_GROUP_TYPE } from '../shapes/containerinstance.ts';
import { objectOf, refIds, stringOf } from '../shapes/provider-kit.ts';

type Props = Record<string, unknown>;

const propsOf = (r: unknown): Props => objectOf(objectOf(r)?.properties) ?? {};
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const idOfRef = (v: unknown): string | undefined => stringOf(objectOf(v)?.id);

function push(map: Map<string, string[]>, key: string | undefined, value: string): void {
  if (!key) return;
  const k = normalizeId(key);
  const list = map.get(k);
  if (list) {
    if (!list.includes(value)) list.push(value);
  } else map.set(k, [value]);
}

export interface NetworkIndex {
  ipConfigsBySubnet: Map<string, string[]>;
  privateEndpointsBySubnet: Map<string, string[]>;
  containerGroupsBySubnet: Map<string, string[]>;
  subnetsByNsg: Map<string, string[]>;
  nicsByNsg: Map<string, string[]>;
  subnetsByNat: Map<string, string[]>;
  subnetsByRouteTable: Map<string, string[]>;
  ipConfigsByPool: Map<string, string[]>;
  privateEndpointsByPls: Map<string, ArmResource[]>;
}

/** Scans the subscription once for every forward reference. */
export function buildNetworkIndex(world: World, subscriptionId: string): NetworkIndex {
  const scope = `/subscriptions/${subscriptionId}`;
  const ix: NetworkIndex = {
    ipConfigsBySubnet: new Map(),
    privateEndpointsBySubnet: new Map(),
    containerGroupsBySubnet: new Map(),
    subnetsByNsg: new Map(),
    nicsByNsg: new Map(),
    subnetsByNat: new Map(),
    subnetsByRouteTable: new Map(),
    ipConfigsByPool: new Map(),
    privateEndpointsByPls: new Map(),
  };
  for (const vnet of world.list(scope, T.vnet)) {
    for (const s of arr(propsOf(vnet).subnets)) {
      const sid = stringOf(objectOf(s)?.id);
      if (!sid) continue;
      const p = propsOf(s);
      push(ix.subnetsByNsg, idOfRef(p.networkSecurityGroup), sid);
      push(ix.subnetsByNat, idOfRef(p.natGateway), sid);
      push(ix.subnetsByRouteTable, idOfRef(p.routeTable), sid);
    }
  }
  for (const nic of world.list(scope, T.nic)) {
    const p = propsOf(nic);
    push(ix.nicsByNsg, idOfRef(p.networkSecurityGroup), nic.id);
    for (const c of arr(p.ipConfigurations)) {
      const cid = stringOf(objectOf(c)?.id);
      if (!cid) continue;
      const cp = propsOf(c);
      push(ix.ipConfigsBySubnet, idOfRef(cp.subnet), cid);
      for (const pool of refIds(cp.loadBalancerBackendAddressPools)) push(ix.ipConfigsByPool, pool, cid);
    }
  }
  for (const lb of world.list(scope, T.lb))
    for (const f of arr(propsOf(lb).frontendIPConfigurations)) {
      const fid = stringOf(objectOf(f)?.id);
      if (fid) push(ix.ipConfigsBySubnet, idOfRef(propsOf(f).subnet), fid);
    }
  for (const pls of world.list(scope, T.pls))
    for (const c of arr(propsOf(pls).ipConfigurations)) {
      const cid = stringOf(objectOf(c)?.id);
      if (cid) push(ix.ipConfigsBySubnet, idOfRef(propsOf(c).subnet), cid);
    }
  for (const pe of world.list(scope, T.pe)) {
    const p = propsOf(pe);
    push(ix.privateEndpointsBySubnet, idOfRef(p.subnet), pe.id);
    const conns = [...arr(p.privateLinkServiceConnections), ...arr(p.manualPrivateLinkServiceConnections)];
    for (const c of conns) {
      const pls = stringOf(propsOf(c).privateLinkServiceId);
      if (!pls) continue;
      const k = normalizeId(pls);
      ix.privateEndpointsByPls.set(k, [...(ix.privateEndpointsByPls.get(k) ?? []), pe]);
    }
  }
  for (const cg of world.list(scope, CONTAINER_GROUP_TYPE))
    for (const sid of refIds(propsOf(cg).subnetIds)) push(ix.containerGroupsBySubnet, sid, cg.id);
  return ix;
}

/** A GUID-shaped name derived from an id, so a derived connection keeps its name across reads. */
function stableGuid(id: string): string {
  const h = createHash('sha1').update(normalizeId(id)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const get = (m: Map<string, string[]>, id: string): string[] => m.get(normalizeId(id)) ?? [];

function setRefs(p: Props, key: string, ids: string[]): void {
  if (ids.length) p[key] = ids.map((id) => ({ id }));
  else Reflect.deleteProperty(p, key);
}

/** A subnet (inline or alone) with its back-references filled in. Mutates and returns `s`. */
export function viewSubnet(ix: NetworkIndex, s: ArmResource): ArmResource {
  const p = propsOf(s);
  if (!s.properties) return s;
  setRefs(p, 'ipConfigurations', get(ix.ipConfigsBySubnet, s.id));
  setRefs(p, 'privateEndpoints', get(ix.privateEndpointsBySubnet, s.id));
  const groups = get(ix.containerGroupsBySubnet, s.id);
  if (groups.length)
    p.serviceAssociationLinks = [
      {
        name: 'acisal',
        id: `${s.id}/serviceAssociationLinks/acisal`,
        etag: s.etag,
        type: 'Microsoft.Network/virtualNetworks/subnets/serviceAssociationLinks',
        properties: {
          provisioningState: 'Succeeded',
          linkedResourceType: CONTAINER_GROUP_TYPE,
          allowDelete: false,
          locations: [],
        },
      },
    ];
  else delete p.serviceAssociationLinks;
  return s;
}

/** Any Microsoft.Network resource with back-references recomputed. */
export function viewNetworkResource(ix: NetworkIndex, r: ArmResource): ArmResource {
  const type = r.type.toLowerCase();
  const p = propsOf(r);
  if (!r.properties) return r;
  if (type === T.vnet.toLowerCase()) {
    for (const s of arr(p.subnets)) viewSubnet(ix, s as ArmResource);
  } else if (type === T.subnet.toLowerCase()) {
    viewSubnet(ix, r);
  } else if (type === T.nsg.toLowerCase()) {
    setRefs(p, 'subnets', get(ix.subnetsByNsg, r.id));
    setRefs(p, 'networkInterfaces', get(ix.nicsByNsg, r.id));
  } else if (type === T.nat.toLowerCase()) {
    setRefs(p, 'subnets', get(ix.subnetsByNat, r.id));
  } else if (type === T.routeTable.toLowerCase()) {
    setRefs(p, 'subnets', get(ix.subnetsByRouteTable, r.id));
  } else if (type === T.lb.toLowerCase()) {
    for (const pool of arr(p.backendAddressPools)) {
      const id = stringOf(objectOf(pool)?.id);
      const pp = objectOf(objectOf(pool)?.properties);
      if (id && pp) pp.backendIPConfigurations = get(ix.ipConfigsByPool, id).map((x) => ({ id: x }));
    }
  } else if (type === T.pls.toLowerCase()) {
    const stored = arr(p.privateEndpointConnections);
    const known = new Set(stored.map((c) => normalizeId(idOfRef(propsOf(c).privateEndpoint) ?? '')));
    const derived = (ix.privateEndpointsByPls.get(normalizeId(r.id)) ?? [])
      .filter((pe) => !known.has(normalizeId(pe.id)))
      .map((pe) =>
        privateLinkServiceConnection(r.id, String(r.etag ?? ''), {
          name: `${pe.name}.${stableGuid(pe.id)}`,
          privateEndpointId: pe.id,
        }),
      );
    p.privateEndpointConnections = [...stored, ...derived];
  }
  return r;
}

/** Finds a subnet by id in its VNet (as stored inline), with back-references; undefined when absent. */
export function findSubnet(world: World, subnetId: string): ArmResource | undefined {
  const parsed = parseId(subnetId);
  const [vnetName, subnetName] = parsed.names;
  if (!parsed.subscriptionId || !vnetName || !subnetName) return undefined;
  const vnetId = subnetId.replace(/\/subnets\/[^/]+\/?$/i, '');
  const vnet = world.get(vnetId);
  if (!vnet) return undefined;
  const s = arr(propsOf(vnet).subnets).find(
    (x) => stringOf(objectOf(x)?.name)?.toLowerCase() === subnetName.toLowerCase(),
  );
  return s ? viewSubnet(buildNetworkIndex(world, parsed.subscriptionId), s as ArmResource) : undefined;
}

/** Everything that keeps a subnet from being deleted (ip configurations, endpoints, container groups). */
export function subnetUsers(ix: NetworkIndex, subnetId: string): string[] {
  return [
    ...get(ix.ipConfigsBySubnet, subnetId),
    ...get(ix.privateEndpointsBySubnet, subnetId),
    ...get(ix.containerGroupsBySubnet, subnetId).map(() => `${subnetId}/serviceAssociationLinks/acisal`),
  ];
}
