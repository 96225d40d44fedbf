// Microsoft.Storage storage account shape (api-version 2025-08-01, the @azure/arm-storage 20
// default). No etag. `primaryEndpoints.blob` is the local Azurite endpoint given by the caller
// (BlobStore.endpointFor); the other endpoints are omitted because local Azure serves only blobs.
import type { ArmResource } from '../core/types.ts';
import { envelope, type Placement } from './common.ts';

export const STORAGE_ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';

export interface StorageAccountInput extends Placement {
  /** The account's blob endpoint, ending with '/'. */
  blobEndpoint: string;
  skuName?: string;
  kind?: 'StorageV2' | 'BlobStorage' | 'Storage';
  provisioningState?: 'Creating' | 'ResolvingDNS' | 'Succeeded';
  creationTime?: string;
  allowSharedKeyAccess?: boolean;
}

export function storageAccount(s: StorageAccountInput): ArmResource {
  const e = envelope(s, STORAGE_ACCOUNT_TYPE);
  const created = s.creationTime ?? new Date().toISOString();
  const skuName = s.skuName ?? 'Standard_LRS';
  return {
    sku: { name: skuName, tier: skuName.startsWith('Premium') ? 'Premium' : 'Standard' },
    kind: s.kind ?? 'StorageV2',
    id: e.id,
    name: e.name,
    type: e.type,
    location: e.location,
    ...(e.tags ? { tags: e.tags } : {}),
    properties: {
      keyCreationTime: { key1: created, key2: created },
      privateEndpointConnections: [],
      minimumTlsVersion: 'TLS1_2',
      allowBlobPublicAccess: false,
      ...(s.allowSharedKeyAccess !== undefined ? { allowSharedKeyAccess: s.allowSharedKeyAccess } : {}),
      networkAcls: { bypass: 'AzureServices', virtualNetworkRules: [], ipRules: [], defaultAction: 'Allow' },
      supportsHttpsTrafficOnly: true,
      encryption: {
        services: {
          file: { keyType: 'Account', enabled: true, lastEnabledTime: created },
          blob: { keyType: 'Account', enabled: true, lastEnabledTime: created },
        },
        keySource: 'Microsoft.Storage',
      },
      accessTier: 'Hot',
      provisioningState: s.provisioningState ?? 'Succeeded',
      creationTime: created,
      primaryEndpoints: { blob: s.blobEndpoint },
      primaryLocation: s.location,
      statusOfPrimary: 'available',
    },
  };
}
