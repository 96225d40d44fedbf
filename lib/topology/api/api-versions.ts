// api-versions for the generic `resources/getById` of each staging resource type: the defaults of the
// current official SDK clients for those providers (Network 36 → 2025-05-01, ContainerInstance 9 →
// 2023-05-01, Storage 20 → 2025-06-01; Compute VMs/disks: the stable versions local Azure also serves).
// A type not listed here is shown from the list entry alone (no GET).
const BY_TYPE: Record<string, string> = {
  'microsoft.network/virtualnetworks': '2025-05-01',
  'microsoft.network/networkinterfaces': '2025-05-01',
  'microsoft.network/networksecuritygroups': '2025-05-01',
  'microsoft.network/loadbalancers': '2025-05-01',
  'microsoft.network/privatelinkservices': '2025-05-01',
  'microsoft.network/privateendpoints': '2025-05-01',
  'microsoft.network/publicipaddresses': '2025-05-01',
  'microsoft.containerinstance/containergroups': '2023-05-01',
  'microsoft.compute/virtualmachines': '2024-07-01',
  'microsoft.compute/disks': '2024-03-02',
  'microsoft.storage/storageaccounts': '2025-06-01',
};

export function apiVersionFor(type: string): string | undefined {
  return BY_TYPE[type.toLowerCase()];
}
