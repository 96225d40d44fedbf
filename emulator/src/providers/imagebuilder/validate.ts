// AIB's request validation (docs/azure/image-builder.md, docs/azure/networking.md): required fields, the name pattern and the
// vnetConfig rules that can be checked from the request alone, with AIB's `ValidationFailed` texts.
// Checks that need the world (subnet delegation, NSGs, permissions) happen at build time, in the simulator.
import { ArmError } from '../../core/errors.ts';
import { parseId } from '../../core/ids.ts';
import { isRec, type Rec } from '../../core/rec.ts';

export const NAME_PATTERN = /^[A-Za-z0-9-_.]{1,64}$/;
const REVIEW =
  'Please review http://aka.ms/azvmimagebuildertmplref for details on fields requirements in the Image Builder Template.';

export const validationFailed = (text: string): ArmError =>
  new ArmError(400, 'ValidationFailed', `Validation failed: ${text}`);
const missing = (path: string, field: string, quoted = true): ArmError =>
  validationFailed(`'${path}': Missing field ${quoted ? `'${field}'` : field}. ${REVIEW}`);
const bad = (path: string, field: string, value: unknown, why = ''): ArmError =>
  validationFailed(
    `'${path}': Field '${field}' has a bad value: '${typeof value === 'string' ? value : JSON.stringify(value)}'.${why ? ' ' + why : ''} Please review  http://aka.ms/azvmimagebuildertmplref  for details on fields requirements in the Image Builder Template.`,
  );

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function validateName(
  kind: 'imageTemplateName' | 'runOutputName' | 'triggerName',
  name: string,
): void {
  if (!NAME_PATTERN.test(name))
    throw validationFailed(
      `'${kind}': Field '${kind}' has a bad value: '${name}'. The name must match the pattern '^[A-Za-z0-9-_.]{1,64}$'. ${REVIEW}`,
    );
}

function isType(id: string, type: string): boolean {
  const p = parseId(id);
  return !!p.subscriptionId && !!p.resourceGroup && p.type?.toLowerCase() === type.toLowerCase() && !!p.name;
}

export function validateIdentity(identity: unknown): void {
  if (!isRec(identity)) throw missing('ImageTemplate', 'identity');
  const type = identity.type;
  if (type !== 'UserAssigned' && type !== 'None') throw bad('ImageTemplate.identity', 'type', type ?? '');
  const uai = identity.userAssignedIdentities;
  if (type === 'None') return;
  if (!isRec(uai) || Object.keys(uai).length === 0)
    throw missing('ImageTemplate.identity', 'userAssignedIdentities');
  const keys = Object.keys(uai).filter((k) => uai[k] !== null);
  if (keys.length > 1)
    throw bad(
      'ImageTemplate.identity',
      'userAssignedIdentities',
      keys.join(','),
      'Only one user assigned identity is supported for the image template.',
    );
  for (const k of keys)
    if (!isType(k, 'Microsoft.ManagedIdentity/userAssignedIdentities'))
      throw bad('ImageTemplate.identity', 'userAssignedIdentities', k);
}

const CUSTOMIZERS = ['Shell', 'PowerShell', 'WindowsRestart', 'WindowsUpdate', 'File'];
const VALIDATORS = ['Shell', 'PowerShell', 'File'];

function validateScriptStep(
  step: Rec,
  path: string,
  types: string[],
  kind: 'Customizer' | 'Validator',
): void {
  const type = step.type;
  if (typeof type !== 'string' || !types.includes(type))
    throw bad(path, 'type', type ?? '', `Bad${kind}Type`);
  if (type === 'Shell' || type === 'PowerShell') {
    const inline = step.inline;
    const hasInline = Array.isArray(inline) ? inline.length > 0 : false;
    if (!str(step.scriptUri) && !hasInline)
      throw validationFailed(
        `'${path}': No${kind}Script: one of the fields 'scriptUri' or 'inline' must be set. ${REVIEW}`,
      );
    if (str(step.scriptUri) && hasInline)
      throw validationFailed(
        `'${path}': only one of the fields 'scriptUri' or 'inline' may be set. ${REVIEW}`,
      );
  }
  if (type === 'File') {
    if (!str(step.sourceUri)) throw missing(path, 'sourceUri');
    if (!str(step.destination)) throw missing(path, 'destination');
  }
}

export function validateDistributor(d: unknown, i: number, seen: Set<string>): void {
  const path = `ImageTemplate.properties.distribute[${i}]`;
  if (!isRec(d)) throw missing(path, 'type', false);
  const type = d.type;
  if (type !== 'ManagedImage' && type !== 'SharedImage' && type !== 'VHD')
    throw bad(path, 'type', type ?? '');
  const ron = str(d.runOutputName);
  if (!ron) throw missing(path, 'runOutputName', false);
  if (!NAME_PATTERN.test(ron)) throw bad(path, 'runOutputName', ron);
  if (seen.has(ron.toLowerCase()))
    throw bad(path, 'runOutputName', ron, 'Run output names must be unique within a template.');
  seen.add(ron.toLowerCase());
  if (type === 'ManagedImage') {
    if (!str(d.imageId)) throw missing(path, 'imageId', false);
    if (!isType(d.imageId as string, 'Microsoft.Compute/images')) throw bad(path, 'imageId', d.imageId);
    if (!str(d.location)) throw missing(path, 'location', false);
  }
  if (type === 'SharedImage') {
    if (!str(d.galleryImageId)) throw missing(path, 'galleryImageId', false);
    if (!isType(d.galleryImageId as string, 'Microsoft.Compute/galleries/images'))
      throw bad(path, 'galleryImageId', d.galleryImageId);
  }
}

export function validateDistribute(distribute: unknown): void {
  if (!Array.isArray(distribute) || distribute.length === 0)
    throw missing('ImageTemplate.properties', 'distribute');
  const seen = new Set<string>();
  distribute.forEach((d, i) => validateDistributor(d, i, seen));
}

export function subnetVnet(id: string): string | undefined {
  const p = parseId(id);
  if (
    !p.subscriptionId ||
    !p.resourceGroup ||
    p.type?.toLowerCase() !== 'microsoft.network/virtualnetworks/subnets'
  )
    return undefined;
  return `/subscriptions/${p.subscriptionId}/resourceGroups/${p.resourceGroup}/providers/Microsoft.Network/virtualNetworks/${p.names[0] ?? ''}`.toLowerCase();
}

export function validateVmProfile(vmProfile: unknown): void {
  if (vmProfile === undefined || vmProfile === null) return;
  const path = 'ImageTemplate.properties.vmProfile';
  if (!isRec(vmProfile)) throw bad('ImageTemplate.properties', 'vmProfile', vmProfile);
  const disk = vmProfile.osDiskSizeGB;
  if (disk !== undefined && (typeof disk !== 'number' || disk < 0 || !Number.isInteger(disk)))
    throw bad(path, 'osDiskSizeGB', disk);
  const uais = vmProfile.userAssignedIdentities;
  if (Array.isArray(uais))
    for (const u of uais)
      if (typeof u !== 'string' || !isType(u, 'Microsoft.ManagedIdentity/userAssignedIdentities'))
        throw bad(path, 'userAssignedIdentities', u);
  const vnet = vmProfile.vnetConfig;
  if (vnet === undefined || vnet === null) return;
  if (!isRec(vnet)) throw bad(path, 'vnetConfig', vnet);
  const vpath = `${path}.vnetConfig`;
  const subnetId = str(vnet.subnetId);
  const aciId = str(vnet.containerInstanceSubnetId);
  if (subnetId && !subnetVnet(subnetId)) throw bad(vpath, 'subnetId', subnetId);
  if (aciId && !subnetVnet(aciId)) throw bad(vpath, 'containerInstanceSubnetId', aciId);
  if (aciId && !subnetId)
    throw validationFailed(
      `'${vpath}': Field 'containerInstanceSubnetId' requires field 'subnetId': a container instance subnet can only be used together with a build VM subnet. ${REVIEW}`,
    );
  if (aciId && subnetId) {
    if (aciId.toLowerCase() === subnetId.toLowerCase())
      throw validationFailed(
        `'${vpath}': Field 'containerInstanceSubnetId' has a bad value: '${aciId}'. The container instance subnet must be different from the build VM subnet '${subnetId}'. ${REVIEW}`,
      );
    if (subnetVnet(aciId) !== subnetVnet(subnetId))
      throw validationFailed(
        `'${vpath}': Field 'containerInstanceSubnetId' has a bad value: '${aciId}'. The container instance subnet must be in the same virtual network as the build VM subnet '${subnetId}'. ${REVIEW}`,
      );
    if (str(vnet.proxyVmSize))
      throw validationFailed(
        `'${vpath}': Field 'proxyVmSize' has a bad value: '${String(vnet.proxyVmSize)}'. 'proxyVmSize' cannot be set when 'containerInstanceSubnetId' is set, because no proxy VM is deployed. ${REVIEW}`,
      );
  }
}

/** properties.source: a platform image, a managed image or a gallery image version, fully named. */
function validateSource(src: unknown): void {
  if (!isRec(src)) throw missing('ImageTemplate.properties', 'source');
  const sp = 'ImageTemplate.properties.source';
  if (src.type === 'PlatformImage') {
    for (const k of ['publisher', 'offer', 'sku', 'version']) if (!str(src[k])) throw missing(sp, k);
  } else if (src.type === 'ManagedImage') {
    if (!str(src.imageId)) throw missing(sp, 'imageId');
    if (!isType(src.imageId as string, 'Microsoft.Compute/images')) throw bad(sp, 'imageId', src.imageId);
  } else if (src.type === 'SharedImageVersion') {
    if (!str(src.imageVersionId)) throw missing(sp, 'imageVersionId');
    if (!isType(src.imageVersionId as string, 'Microsoft.Compute/galleries/images/versions'))
      throw bad(sp, 'imageVersionId', src.imageVersionId);
  } else throw bad(sp, 'type', src.type ?? '');
}

/**
 * properties.stagingResourceGroup: a resource group id in the template's subscription. The leading `/` is
 * optional: `az image builder create --staging-resource-group` sends the id without it and AIB accepts it.
 */
function validateStagingGroup(staging: unknown, subscriptionId: string | undefined): void {
  if (staging !== undefined && staging !== '') {
    const m =
      typeof staging === 'string'
        ? /^\/?subscriptions\/([^/]+)\/resourceGroups\/([-\w._()]{1,90})$/i.exec(staging)
        : null;
    if (!m)
      throw bad(
        'ImageTemplate.properties',
        'stagingResourceGroup',
        staging,
        'It must be a resource group id.',
      );
    if (subscriptionId && m[1]?.toLowerCase() !== subscriptionId.toLowerCase())
      throw bad(
        'ImageTemplate.properties',
        'stagingResourceGroup',
        staging,
        'The staging resource group must be in the same subscription as the image template.',
      );
  }
}

/** Validates a whole ImageTemplate body (PUT). */
export function validateTemplate(body: unknown, name: string, subscriptionId?: string): void {
  validateName('imageTemplateName', name);
  if (!isRec(body))
    throw new ArmError(
      400,
      'InvalidRequestContent',
      'The request content was invalid and could not be deserialized.',
    );
  if (!str(body.location)) throw missing('ImageTemplate', 'location');
  validateIdentity(body.identity);
  const props = body.properties;
  if (!isRec(props)) throw missing('ImageTemplate', 'properties');
  validateSource(props.source);
  const customize = props.customize;
  if (customize !== undefined && customize !== null) {
    if (!Array.isArray(customize)) throw bad('ImageTemplate.properties', 'customize', customize);
    customize.forEach((c, i) => {
      const path = `ImageTemplate.properties.customize[${i}]`;
      if (!isRec(c)) throw missing(path, 'type');
      validateScriptStep(c, path, CUSTOMIZERS, 'Customizer');
    });
  }
  const validate = props.validate;
  if (isRec(validate) && Array.isArray(validate.inVMValidations))
    validate.inVMValidations.forEach((c, i) => {
      const path = `ImageTemplate.properties.validate.inVMValidations[${i}]`;
      if (!isRec(c)) throw missing(path, 'type');
      validateScriptStep(c, path, VALIDATORS, 'Validator');
    });
  validateDistribute(props.distribute);
  const timeout = props.buildTimeoutInMinutes;
  if (
    timeout !== undefined &&
    (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 0 || timeout > 960)
  )
    throw bad(
      'ImageTemplate.properties',
      'buildTimeoutInMinutes',
      timeout,
      'The value must be between 0 and 960.',
    );
  const eh = props.errorHandling;
  if (isRec(eh))
    for (const k of ['onCustomizerError', 'onValidationError'])
      if (eh[k] !== undefined && eh[k] !== 'cleanup' && eh[k] !== 'abort')
        throw bad('ImageTemplate.properties.errorHandling', k, eh[k]);
  validateVmProfile(props.vmProfile);
  validateStagingGroup(props.stagingResourceGroup, subscriptionId);
}

/** PATCH of `properties.distribute` must list every existing target (docs/azure/image-builder.md). */
export function validateDistributeUpdate(existing: unknown, updated: unknown): void {
  if (!Array.isArray(updated)) throw bad('ImageTemplate.properties', 'distribute', updated);
  const seen = new Set<string>();
  updated.forEach((d, i) => validateDistributor(d, i, seen));
  const before = Array.isArray(existing) ? existing : [];
  for (const d of before) {
    const ron = isRec(d) ? str(d.runOutputName) : undefined;
    if (ron && !seen.has(ron.toLowerCase()))
      throw validationFailed(
        `Distribute target with Runoutput name ${ron} not found in the update request. Deleting a distribution target is not allowed.`,
      );
  }
}
