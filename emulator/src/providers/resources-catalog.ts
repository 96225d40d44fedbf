// What the Microsoft.Resources provider registry reports: every namespace and resource type local
// Azure serves, with the api-versions its routes accept. Filled in by the server from the router.
import type { RouteDef } from '../core/types.ts';

export interface ResourceTypeInfo {
  resourceType: string;
  apiVersions: string[];
}

export interface NamespaceInfo {
  namespace: string;
  resourceTypes: ResourceTypeInfo[];
}

/** Namespaces ARM knows even when local Azure serves none of their types (registration only). */
export const EXTRA_NAMESPACES = [
  'Microsoft.Resources',
  'Microsoft.Authorization',
  'Microsoft.Insights',
  'Microsoft.ManagedIdentity',
  'Microsoft.KeyVault',
  'Microsoft.Storage',
  'Microsoft.Compute',
  'Microsoft.Network',
  'Microsoft.ContainerInstance',
  'Microsoft.VirtualMachineImages',
];

/** Registered by default in every subscription (what AIB needs, as its docs ask). */
export const DEFAULT_REGISTERED = [
  'Microsoft.VirtualMachineImages',
  'Microsoft.Compute',
  'Microsoft.Network',
  'Microsoft.Storage',
  'Microsoft.KeyVault',
  'Microsoft.ContainerInstance',
  'Microsoft.ManagedIdentity',
  'Microsoft.Authorization',
  'Microsoft.Insights',
  'Microsoft.Resources',
];

export function buildCatalog(defs: readonly RouteDef[]): NamespaceInfo[] {
  const byNs = new Map<
    string,
    { name: string; types: Map<string, { name: string; versions: Set<string> }> }
  >();
  const ensure = (ns: string) => {
    let e = byNs.get(ns.toLowerCase());
    if (!e) {
      e = { name: ns, types: new Map() };
      byNs.set(ns.toLowerCase(), e);
    }
    return e;
  };
  for (const ns of EXTRA_NAMESPACES) ensure(ns);
  for (const d of defs) {
    const seg = d.path.split('/').filter(Boolean);
    for (let i = 0; i < seg.length - 1; i++) {
      const ns = seg[i + 1];
      if (seg[i]?.toLowerCase() !== 'providers' || !ns || ns.startsWith('{')) continue;
      const types: string[] = [];
      for (let j = i + 2; j < seg.length; j += 2) {
        const t = seg[j];
        if (!t || t.startsWith('{')) break;
        types.push(t);
      }
      if (types.length === 0) continue;
      const e = ensure(ns);
      const tname = types.join('/');
      let t = e.types.get(tname.toLowerCase());
      if (!t) {
        t = { name: tname, versions: new Set() };
        e.types.set(tname.toLowerCase(), t);
      }
      for (const v of d.apiVersions) if (v !== '*') t.versions.add(v);
    }
  }
  return [...byNs.values()].map((e) => ({
    namespace: e.name,
    resourceTypes: [...e.types.values()].map((t) => ({
      resourceType: t.name,
      apiVersions: [...t.versions].sort().reverse(),
    })),
  }));
}

let current: () => NamespaceInfo[] = () => buildCatalog([]);

export function setCatalog(fn: () => NamespaceInfo[]): void {
  current = fn;
}

export function catalog(): NamespaceInfo[] {
  return current();
}
