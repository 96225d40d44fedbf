// Microsoft.Compute: virtual machines and disks (list/get), managed images (list/get/PUT/DELETE),
// galleries, gallery images and gallery image versions (list/get), and the RP's operation-status
// endpoints. One handler per ARM operation, named after its operationId. Image PUT answers like
// Compute: 201/200 with `provisioningState: Creating|Updating` and `Azure-AsyncOperation`; DELETE
// 202 with `Azure-AsyncOperation` and `Location`.
import { PUBLISHED_API_VERSIONS } from '../api-versions/published.ts';
import type { ArmResource, ProviderDeps, RouteContext, RouteDef } from '../core/types.ts';
import { ArmError, badRequest, notFound } from '../core/errors.ts';
import { armId } from '../core/ids.ts';
import { COMPUTE_TYPES, image, type ImageInput, type OsType } from '../shapes/compute.ts';
import {
  RG,
  bodyObject,
  collection,
  later,
  LRO_SUCCEEDED,
  registerLroJobs,
  operation,
  objectOf,
  operationStatusRoutes,
  readRoutes,
  requireLocation,
  requireResourceGroup,
  stringOf,
  tagsOf,
} from '../shapes/provider-kit.ts';

const NS = 'Microsoft.Compute';

/** Every version the REST specs publish for virtual machines (emulator/src/api-versions/published.md). */
export const COMPUTE_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Compute/virtualMachines'];
/** Managed images: from 2016-04-30-preview (published.md). */
export const IMAGE_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Compute/images'];
/** Disks: their own version line (disk.json, YYYY-MM-02 from 2022; published.md). */
export const DISK_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Compute/disks'];
/** Every version the REST specs publish for galleries (emulator/src/api-versions/published.md). */
export const GALLERY_API_VERSIONS = PUBLISHED_API_VERSIONS['Microsoft.Compute/galleries'];

const CREATE_MS = 10_000;

function asyncOp(
  ctx: RouteContext,
  location: string,
  withLocation: boolean,
): { id: string; headers: Record<string, string> } {
  return ctx.lro.start({
    statusPath: `/subscriptions/${ctx.params.subscriptionId ?? ''}/providers/${NS}/locations/${location}/operations`,
    apiVersion: ctx.req.apiVersion,
    baseUrl: ctx.req.baseUrl,
    location: withLocation,
    retryAfterAzureSeconds: 10,
  });
}

const imageIdOfCtx = (ctx: RouteContext): string =>
  armId(
    ctx.params.subscriptionId ?? '',
    ctx.params.resourceGroupName ?? '',
    `${COMPUTE_TYPES.image}/${ctx.params.imageName ?? ''}`,
  );

/** The OS of the VM an image is captured from (which the caller must be able to read). */
function sourceVmOsType(ctx: RouteContext, sourceVm: string): OsType {
  const vm = ctx.world.get(sourceVm);
  if (!vm)
    throw new ArmError(404, 'NotFound', `The entity '${sourceVm}' was not found in this Azure location.`);
  ctx.authorize(`${NS}/virtualMachines/read`, sourceVm);
  const os = stringOf(objectOf(objectOf(objectOf(vm.properties)?.storageProfile)?.osDisk)?.osType);
  return os === 'Windows' ? 'Windows' : 'Linux';
}

/** An image PUT's body as the shape's input: a source VM or an OS disk (with its OS type), and options. */
function imageInputFrom(
  ctx: RouteContext,
  body: Record<string, unknown>,
  location: string,
  existing: ArmResource | undefined,
): ImageInput {
  const props = objectOf(body.properties) ?? {};
  const sourceVm = stringOf(objectOf(props.sourceVirtualMachine)?.id);
  const osDisk = objectOf(objectOf(props.storageProfile)?.osDisk);
  if (!sourceVm && !osDisk)
    throw badRequest(
      'InvalidParameter',
      "Required parameter 'storageProfile.osDisk' or 'sourceVirtualMachine' is missing (null).",
      'storageProfile',
    );
  const osType = sourceVm ? sourceVmOsType(ctx, sourceVm) : undefined;
  const declared = stringOf(osDisk?.osType);
  if (osDisk && declared !== 'Linux' && declared !== 'Windows')
    throw badRequest(
      'InvalidParameter',
      "Required parameter 'osDisk.osType' is missing (null).",
      'osDisk.osType',
    );
  const input: ImageInput = {
    subscriptionId: ctx.params.subscriptionId ?? '',
    resourceGroup: ctx.params.resourceGroupName ?? '',
    name: ctx.params.imageName ?? '',
    location,
    osType: (declared as OsType | undefined) ?? osType ?? 'Linux',
    provisioningState: existing ? 'Updating' : 'Creating',
  };
  const tags = tagsOf(body.tags);
  if (tags) input.tags = tags;
  if (sourceVm) input.sourceVirtualMachineId = sourceVm;
  const blob = stringOf(osDisk?.blobUri);
  if (blob) input.osDiskBlobUri = blob;
  const md = stringOf(objectOf(osDisk?.managedDisk)?.id);
  if (md) input.osDiskManagedDiskId = md;
  const size = osDisk?.diskSizeGB;
  if (typeof size === 'number') input.diskSizeGB = size;
  const hv = stringOf(props.hyperVGeneration);
  if (hv === 'V1' || hv === 'V2') input.hyperVGeneration = hv;
  return input;
}

/** Images_CreateOrUpdate: Creating/Updating at once, Succeeded when the operation ends. */
function putImage(ctx: RouteContext) {
  requireResourceGroup(ctx.world, ctx.params);
  const body = bodyObject(ctx);
  const location = requireLocation(body);
  const id = imageIdOfCtx(ctx);
  const existing = ctx.world.get(id);
  const r = image(imageInputFrom(ctx, body, location, existing));
  ctx.world.put(r);
  const op = asyncOp(ctx, location, false);
  later(ctx, CREATE_MS, IMAGE_WRITTEN, { id, opId: op.id });
  return { status: existing ? 200 : 201, body: r, headers: op.headers };
}

/** The end of Images_CreateOrUpdate: the image is Succeeded (a job, so it survives a restart). */
const IMAGE_WRITTEN = 'compute.image-written';

function registerJobs(deps: ProviderDeps): void {
  registerLroJobs(deps);
  deps.clock.handle(IMAGE_WRITTEN, (a) => {
    const cur = deps.world.get(String(a.id));
    if (cur?.properties) {
      cur.properties.provisioningState = 'Succeeded';
      deps.world.put(cur);
    }
    deps.lro.complete(String(a.opId), 'Succeeded');
  });
}

function imageRoutes(deps: ProviderDeps): RouteDef[] {
  const apiVersions = IMAGE_API_VERSIONS;
  const path = `${RG}/providers/${COMPUTE_TYPES.image}/{imageName}`;
  return [
    ...readRoutes(deps, {
      namespace: NS,
      segment: 'images',
      param: 'imageName',
      apiVersions,
      ops: { listAll: 'Images_List', list: 'Images_ListByResourceGroup', get: 'Images_Get' },
    }),
    {
      method: 'PUT',
      path,
      apiVersions,
      action: `${NS}/images/write`,
      ...operation('Images_CreateOrUpdate', putImage),
    },
    {
      method: 'DELETE',
      path,
      apiVersions,
      action: `${NS}/images/delete`,
      ...operation('Images_Delete', (ctx) => {
        requireResourceGroup(ctx.world, ctx.params);
        const r = ctx.world.get(imageIdOfCtx(ctx));
        if (!r) return { status: 204 };
        ctx.world.delete(r.id);
        const op = asyncOp(ctx, r.location ?? 'westeurope', true);
        later(ctx, 2_000, LRO_SUCCEEDED, { opId: op.id });
        return { status: 202, headers: op.headers };
      }),
    },
  ];
}

// Gallery children: ids from the route's parameters, and the 404s for a missing parent.
const rgId = (ctx: RouteContext): string =>
  `/subscriptions/${ctx.params.subscriptionId ?? ''}/resourceGroups/${ctx.params.resourceGroupName ?? ''}`;
const galleryId = (ctx: RouteContext): string =>
  `${rgId(ctx)}/providers/${COMPUTE_TYPES.gallery}/${ctx.params.galleryName ?? ''}`;
const imageIdOf = (ctx: RouteContext): string =>
  `${galleryId(ctx)}/images/${ctx.params.galleryImageName ?? ''}`;
const missingGalleryChild = (ctx: RouteContext, rest: string): ArmError =>
  notFound(
    COMPUTE_TYPES.gallery,
    `${ctx.params.galleryName ?? ''}${rest}`,
    ctx.params.resourceGroupName ?? '',
  );
const requireGallery = (ctx: RouteContext): void => {
  requireResourceGroup(ctx.world, ctx.params);
  if (!ctx.world.get(galleryId(ctx))) throw missingGalleryChild(ctx, '');
};
const requireImage = (ctx: RouteContext): void => {
  requireGallery(ctx);
  if (!ctx.world.get(imageIdOf(ctx)))
    throw missingGalleryChild(ctx, `/images/${ctx.params.galleryImageName ?? ''}`);
};
/** Direct children only (not the versions below an image). */
const children = (ctx: RouteContext, parent: string, type: string): ArmResource[] =>
  ctx.world.list(parent, type).filter((r) => r.id.split('/').length === parent.split('/').length + 2);

/** Child collections of a gallery: images of a gallery, versions of an image. */
function galleryChildRoutes(deps: ProviderDeps): RouteDef[] {
  const apiVersions = GALLERY_API_VERSIONS;
  const galleryPath = `${RG}/providers/${COMPUTE_TYPES.gallery}/{galleryName}`;
  const imagePath = `${galleryPath}/images/{galleryImageName}`;
  const versionPath = `${imagePath}/versions/{galleryImageVersionName}`;
  return [
    {
      method: 'GET',
      path: `${galleryPath}/images`,
      apiVersions,
      action: null,
      ...operation('GalleryImages_ListByGallery', (ctx) => {
        requireGallery(ctx);
        return collection(
          ctx,
          deps,
          children(ctx, galleryId(ctx), COMPUTE_TYPES.galleryImage),
          `${NS}/galleries/images/read`,
        );
      }),
    },
    {
      method: 'GET',
      path: imagePath,
      apiVersions,
      action: `${NS}/galleries/images/read`,
      ...operation('GalleryImages_Get', (ctx) => {
        requireImage(ctx);
        return { status: 200, body: ctx.world.get(imageIdOf(ctx)) };
      }),
    },
    {
      method: 'GET',
      path: `${imagePath}/versions`,
      apiVersions,
      action: null,
      ...operation('GalleryImageVersions_ListByGalleryImage', (ctx) => {
        requireImage(ctx);
        return collection(
          ctx,
          deps,
          children(ctx, imageIdOf(ctx), COMPUTE_TYPES.galleryImageVersion),
          `${NS}/galleries/images/versions/read`,
        );
      }),
    },
    {
      method: 'GET',
      path: versionPath,
      apiVersions,
      action: `${NS}/galleries/images/versions/read`,
      ...operation('GalleryImageVersions_Get', (ctx) => {
        requireImage(ctx);
        const v = ctx.params.galleryImageVersionName ?? '';
        const r = ctx.world.get(`${imageIdOf(ctx)}/versions/${v}`);
        if (!r) throw missingGalleryChild(ctx, `/images/${ctx.params.galleryImageName ?? ''}/versions/${v}`);
        return { status: 200, body: r };
      }),
    },
  ];
}

/** Microsoft.Compute routes. */
export function routes(deps: ProviderDeps): RouteDef[] {
  registerJobs(deps);
  return [
    ...readRoutes(deps, {
      namespace: NS,
      segment: 'virtualMachines',
      param: 'vmName',
      apiVersions: COMPUTE_API_VERSIONS,
      ops: { listAll: 'VirtualMachines_ListAll', list: 'VirtualMachines_List', get: 'VirtualMachines_Get' },
    }),
    ...readRoutes(deps, {
      namespace: NS,
      segment: 'disks',
      param: 'diskName',
      apiVersions: DISK_API_VERSIONS,
      ops: { listAll: 'Disks_List', list: 'Disks_ListByResourceGroup', get: 'Disks_Get' },
    }),
    ...imageRoutes(deps),
    ...readRoutes(deps, {
      namespace: NS,
      segment: 'galleries',
      param: 'galleryName',
      apiVersions: GALLERY_API_VERSIONS,
      ops: { listAll: 'Galleries_List', list: 'Galleries_ListByResourceGroup', get: 'Galleries_Get' },
    }),
    ...galleryChildRoutes(deps),
    ...operationStatusRoutes(
      NS,
      [...new Set([...COMPUTE_API_VERSIONS, ...DISK_API_VERSIONS, ...GALLERY_API_VERSIONS])],
      (op) => ({
        startTime: op.startTime,
        ...(op.endTime ? { endTime: op.endTime } : {}),
        status: op.status,
        ...(op.error ? { error: op.error } : {}),
        name: op.name.toLowerCase(),
      }),
    ),
  ];
}
