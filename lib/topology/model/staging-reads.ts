// The read Kiln sends for a staging resource's properties: Resources_GetById (GET {resourceId}) with the
// api-version of that type's current official SDK client (Network 36 → 2025-05-01, ContainerInstance 9
// → 2023-05-01, Storage 20 → 2025-06-01; Compute VMs/disks: the stable versions local Azure also
// serves). ARM hands a GET of an id to the type's own Get operation, so each type's entry names that
// operation (the one local Azure serves it with). A type not listed here is shown from the list entry
// alone (no GET).
import type { ArmOperation } from '@/lib/azure/arm-operation';

const RG = '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers';

function get(operationId: string, typePath: string, apiVersion: string): ArmOperation {
  return { operationId, method: 'GET', path: `${RG}/${typePath}`, apiVersion };
}

/** By lower-case resource type. */
const BY_TYPE: Record<string, ArmOperation> = {
  'microsoft.network/virtualnetworks': get(
    'VirtualNetworks_Get',
    'Microsoft.Network/virtualNetworks/{virtualNetworkName}',
    '2025-05-01',
  ),
  'microsoft.network/networkinterfaces': get(
    'NetworkInterfaces_Get',
    'Microsoft.Network/networkInterfaces/{networkInterfaceName}',
    '2025-05-01',
  ),
  'microsoft.network/networksecuritygroups': get(
    'NetworkSecurityGroups_Get',
    'Microsoft.Network/networkSecurityGroups/{networkSecurityGroupName}',
    '2025-05-01',
  ),
  'microsoft.network/loadbalancers': get(
    'LoadBalancers_Get',
    'Microsoft.Network/loadBalancers/{loadBalancerName}',
    '2025-05-01',
  ),
  'microsoft.network/privatelinkservices': get(
    'PrivateLinkServices_Get',
    'Microsoft.Network/privateLinkServices/{serviceName}',
    '2025-05-01',
  ),
  'microsoft.network/privateendpoints': get(
    'PrivateEndpoints_Get',
    'Microsoft.Network/privateEndpoints/{privateEndpointName}',
    '2025-05-01',
  ),
  'microsoft.network/publicipaddresses': get(
    'PublicIPAddresses_Get',
    'Microsoft.Network/publicIPAddresses/{publicIpAddressName}',
    '2025-05-01',
  ),
  'microsoft.containerinstance/containergroups': get(
    'ContainerGroups_Get',
    'Microsoft.ContainerInstance/containerGroups/{containerGroupName}',
    '2023-05-01',
  ),
  'microsoft.compute/virtualmachines': get(
    'VirtualMachines_Get',
    'Microsoft.Compute/virtualMachines/{vmName}',
    '2024-07-01',
  ),
  'microsoft.compute/disks': get('Disks_Get', 'Microsoft.Compute/disks/{diskName}', '2024-03-02'),
  'microsoft.storage/storageaccounts': get(
    'StorageAccounts_GetProperties',
    'Microsoft.Storage/storageAccounts/{accountName}',
    '2025-06-01',
  ),
};

/** Every staging read, one per type (what list-staging-resources declares). */
export const STAGING_READS: readonly ArmOperation[] = Object.values(BY_TYPE);

export function apiVersionFor(type: string): string | undefined {
  return BY_TYPE[type.toLowerCase()]?.apiVersion;
}
