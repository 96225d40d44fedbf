// Microsoft.Compute resource shapes (virtualMachines/disks/images 2024-07-01 family, galleries
// 2024-03-03 family), as the compute RP returns them. Compute has no `etag` on disks, images and
// galleries; VMs carry a quoted integer etag (`"1"`, bumped per write) in recent api-versions.
import type { ArmResource } from '../core/types.ts';
import { envelope, newGuid, ref, regionDisplayName, type Placement } from './common.ts';

export type ComputeProvisioningState = 'Creating' | 'Updating' | 'Succeeded' | 'Failed' | 'Deleting';
export type OsType = 'Linux' | 'Windows';

export const COMPUTE_TYPES = {
  vm: 'Microsoft.Compute/virtualMachines',
  disk: 'Microsoft.Compute/disks',
  image: 'Microsoft.Compute/images',
  gallery: 'Microsoft.Compute/galleries',
  galleryImage: 'Microsoft.Compute/galleries/images',
  galleryImageVersion: 'Microsoft.Compute/galleries/images/versions',
} as const;
const T = COMPUTE_TYPES;

/** A platform image (`publisher/offer/sku/version`) or an image id (managed image / gallery version). */
export type ImageReference =
  { publisher: string; offer: string; sku: string; version: string; exactVersion?: string } | { id: string };

export interface Identity {
  type: 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned' | 'None';
  /** Resource ids of user-assigned identities → their principal/client ids. */
  userAssignedIdentities?: Record<string, { principalId: string; clientId: string }>;
  principalId?: string;
  tenantId?: string;
}

export interface VirtualMachineInput extends Placement {
  vmSize: string;
  osType: OsType;
  imageReference?: ImageReference;
  osDiskName: string;
  osDiskId: string;
  osDiskSizeGB?: number;
  storageAccountType?: string;
  computerName?: string;
  adminUsername?: string;
  networkInterfaceIds: string[];
  identity?: Identity;
  provisioningState?: ComputeProvisioningState;
  vmId?: string;
  timeCreated?: string;
  /** Integer etag version (rendered `"n"`); defaults to 1. */
  etagVersion?: number;
  zones?: string[];
}

export function virtualMachine(v: VirtualMachineInput): ArmResource {
  const e = envelope(v, T.vm);
  const imageReference = v.imageReference
    ? 'id' in v.imageReference
      ? { id: v.imageReference.id }
      : { ...v.imageReference, exactVersion: v.imageReference.exactVersion ?? v.imageReference.version }
    : undefined;
  const osProfile: Record<string, unknown> = {
    computerName: v.computerName ?? v.name,
    adminUsername: v.adminUsername ?? 'packer',
  };
  if (v.osType === 'Linux')
    osProfile.linuxConfiguration = {
      disablePasswordAuthentication: true,
      provisionVMAgent: true,
      patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' },
      enableVMAgentPlatformUpdates: false,
    };
  else
    osProfile.windowsConfiguration = {
      provisionVMAgent: true,
      enableAutomaticUpdates: true,
      patchSettings: { patchMode: 'AutomaticByOS', assessmentMode: 'ImageDefault' },
      enableVMAgentPlatformUpdates: false,
    };
  osProfile.secrets = [];
  osProfile.allowExtensionOperations = true;
  osProfile.requireGuestProvisionSignal = true;
  return {
    name: e.name,
    id: e.id,
    type: e.type,
    location: e.location,
    ...(e.tags ? { tags: e.tags } : {}),
    ...(v.zones ? { zones: [...v.zones] } : {}),
    ...(v.identity ? { identity: structuredClone(v.identity) } : {}),
    etag: `"${v.etagVersion ?? 1}"`,
    properties: {
      hardwareProfile: { vmSize: v.vmSize },
      provisioningState: v.provisioningState ?? 'Succeeded',
      vmId: v.vmId ?? newGuid(),
      storageProfile: {
        ...(imageReference ? { imageReference } : {}),
        osDisk: {
          osType: v.osType,
          name: v.osDiskName,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { storageAccountType: v.storageAccountType ?? 'Standard_LRS', id: v.osDiskId },
          deleteOption: 'Delete',
          diskSizeGB: v.osDiskSizeGB ?? (v.osType === 'Windows' ? 127 : 30),
        },
        dataDisks: [],
        diskControllerType: 'SCSI',
      },
      osProfile,
      networkProfile: {
        networkInterfaces: v.networkInterfaceIds.map((id, i) => ({
          id,
          properties: { primary: i === 0, deleteOption: 'Delete' },
        })),
      },
      timeCreated: v.timeCreated ?? new Date().toISOString(),
    },
  };
}

export interface DiskInput extends Placement {
  osType?: OsType;
  diskSizeGB: number;
  skuName?: string;
  /** The VM that holds it (`managedBy`); the disk is `Attached` when set. */
  managedBy?: string;
  /** `FromImage` with an image reference id, or `Empty`. */
  createOption?: 'FromImage' | 'Empty' | 'Copy' | 'Import';
  sourceImageId?: string;
  hyperVGeneration?: 'V1' | 'V2';
  provisioningState?: ComputeProvisioningState;
  timeCreated?: string;
  uniqueId?: string;
}

export function disk(d: DiskInput): ArmResource {
  const e = envelope(d, T.disk);
  const sku = d.skuName ?? 'Standard_LRS';
  return {
    name: e.name,
    id: e.id,
    type: e.type,
    location: e.location,
    ...(e.tags ? { tags: e.tags } : {}),
    ...(d.managedBy ? { managedBy: d.managedBy } : {}),
    sku: { name: sku, tier: sku.startsWith('Premium') ? 'Premium' : 'Standard' },
    properties: {
      ...(d.osType ? { osType: d.osType } : {}),
      hyperVGeneration: d.hyperVGeneration ?? 'V2',
      creationData: {
        createOption: d.createOption ?? (d.sourceImageId ? 'FromImage' : 'Empty'),
        ...(d.sourceImageId ? { imageReference: ref(d.sourceImageId) } : {}),
      },
      diskSizeGB: d.diskSizeGB,
      diskIOPSReadWrite: 500,
      diskMBpsReadWrite: 60,
      encryption: { type: 'EncryptionAtRestWithPlatformKey' },
      networkAccessPolicy: 'AllowAll',
      publicNetworkAccess: 'Enabled',
      timeCreated: d.timeCreated ?? new Date().toISOString(),
      provisioningState: d.provisioningState ?? 'Succeeded',
      diskState: d.managedBy ? 'Attached' : 'Unattached',
      diskSizeBytes: d.diskSizeGB * 1024 ** 3,
      uniqueId: d.uniqueId ?? newGuid(),
    },
  };
}

export interface ImageInput extends Placement {
  osType: OsType;
  /** Managed image source: the VM it was captured from. */
  sourceVirtualMachineId?: string;
  /** Or the OS disk's blob (VHD) / managed disk. */
  osDiskBlobUri?: string;
  osDiskManagedDiskId?: string;
  diskSizeGB?: number;
  hyperVGeneration?: 'V1' | 'V2';
  provisioningState?: ComputeProvisioningState;
}

export function image(i: ImageInput): ArmResource {
  const e = envelope(i, T.image);
  return {
    name: e.name,
    id: e.id,
    type: e.type,
    location: e.location,
    ...(e.tags ? { tags: e.tags } : {}),
    properties: {
      ...(i.sourceVirtualMachineId ? { sourceVirtualMachine: ref(i.sourceVirtualMachineId) } : {}),
      storageProfile: {
        osDisk: {
          osType: i.osType,
          osState: 'Generalized',
          diskSizeGB: i.diskSizeGB ?? (i.osType === 'Windows' ? 127 : 30),
          ...(i.osDiskManagedDiskId ? { managedDisk: ref(i.osDiskManagedDiskId) } : {}),
          ...(i.osDiskBlobUri ? { blobUri: i.osDiskBlobUri } : {}),
          caching: 'ReadWrite',
          storageAccountType: 'Standard_LRS',
        },
        dataDisks: [],
        zoneResilient: false,
      },
      provisioningState: i.provisioningState ?? 'Succeeded',
      hyperVGeneration: i.hyperVGeneration ?? 'V2',
    },
  };
}

export interface GalleryInput extends Placement {
  description?: string;
  provisioningState?: ComputeProvisioningState;
}

export function gallery(g: GalleryInput): ArmResource {
  const e = envelope(g, T.gallery);
  return {
    name: e.name,
    id: e.id,
    type: e.type,
    location: e.location,
    ...(e.tags ? { tags: e.tags } : {}),
    properties: {
      ...(g.description ? { description: g.description } : {}),
      identifier: { uniqueName: `${g.subscriptionId}-${g.name.toUpperCase()}` },
      provisioningState: g.provisioningState ?? 'Succeeded',
    },
  };
}

export interface GalleryImageInput extends Placement {
  galleryName: string;
  osType: OsType;
  osState?: 'Generalized' | 'Specialized';
  publisher: string;
  offer: string;
  sku: string;
  hyperVGeneration?: 'V1' | 'V2';
  description?: string;
  provisioningState?: ComputeProvisioningState;
}

export function galleryImage(g: GalleryImageInput): ArmResource {
  const id = `${envelope({ ...g, name: g.galleryName }, T.gallery).id}/images/${g.name}`;
  return {
    name: g.name,
    id,
    type: T.galleryImage,
    location: g.location,
    ...(g.tags ? { tags: { ...g.tags } } : {}),
    properties: {
      ...(g.description ? { description: g.description } : {}),
      hyperVGeneration: g.hyperVGeneration ?? 'V2',
      architecture: 'x64',
      osType: g.osType,
      osState: g.osState ?? 'Generalized',
      identifier: { publisher: g.publisher, offer: g.offer, sku: g.sku },
      recommended: { vCPUs: { min: 1, max: 16 }, memory: { min: 1, max: 32 } },
      provisioningState: g.provisioningState ?? 'Succeeded',
    },
  };
}

export interface GalleryImageVersionInput extends Placement {
  galleryName: string;
  imageName: string;
  /** `name` is the version, e.g. `1.0.3`. */
  targetRegions?: Array<{ location: string; replicaCount?: number; storageAccountType?: string }>;
  /** Source: a managed image, a VM or a VHD (AIB records its own source). */
  sourceId?: string;
  osDiskSizeGB?: number;
  excludeFromLatest?: boolean;
  publishedDate?: string;
  provisioningState?: ComputeProvisioningState;
  replicationState?: 'Unknown' | 'Replicating' | 'Completed' | 'Failed';
}

export function galleryImageVersion(v: GalleryImageVersionInput): ArmResource {
  const id = `${envelope({ ...v, name: v.galleryName }, T.gallery).id}/images/${v.imageName}/versions/${v.name}`;
  const regions = v.targetRegions ?? [{ location: v.location }];
  return {
    name: v.name,
    id,
    type: T.galleryImageVersion,
    location: v.location,
    ...(v.tags ? { tags: { ...v.tags } } : {}),
    properties: {
      publishingProfile: {
        targetRegions: regions.map((r) => ({
          name: regionDisplayName(r.location),
          regionalReplicaCount: r.replicaCount ?? 1,
          storageAccountType: r.storageAccountType ?? 'Standard_LRS',
        })),
        replicaCount: 1,
        excludeFromLatest: v.excludeFromLatest ?? false,
        publishedDate: v.publishedDate ?? new Date().toISOString(),
        storageAccountType: 'Standard_LRS',
      },
      storageProfile: {
        ...(v.sourceId ? { source: { id: v.sourceId } } : {}),
        osDiskImage: { sizeInGB: v.osDiskSizeGB ?? 30, hostCaching: 'ReadWrite' },
      },
      safetyProfile: { reportedForPolicyViolation: false, allowDeletionOfReplicatedLocations: true },
      provisioningState: v.provisioningState ?? 'Succeeded',
      ...(v.replicationState
        ? { replicationStatus: { aggregatedState: v.replicationState, summary: [] } }
        : {}),
    },
  };
}
