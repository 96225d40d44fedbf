// Building, part one: the staging resource group, the build's names and OS, the template identity, and
// the checks AIB makes before it creates anything (the source image is readable, the subnets exist and
// the identity may join them).
import type { ArmResource } from '../../core/types.ts';
import { parseId } from '../../core/ids.ts';
import { isRec, type Rec } from '../../core/rec.ts';
import { principalCan } from '../../auth/rbac.ts';
import { buildNames } from '../../providers/imagebuilder/naming.ts';
import { DURATIONS, layoutOf, osOf, type Layout, type OsType } from '../plan.ts';
import { findSubnet } from '../network.ts';
import * as M from '../messages.ts';
import { ensureStaging, templateIdentity } from '../staging.ts';
import { BuildFailure, type BuildRun } from '../build-run.ts';

const JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';

/** What provisioning learned, for the phases after it. */
export interface Provisioned {
  /** The template's properties as the build read them once the staging group existed. */
  props: Rec;
  layout: Layout;
  subnetId: string | undefined;
  aciSubnetId: string | undefined;
  proxyVmSize: string | undefined;
  /** The user's build VM subnet (layouts 2 and 3). */
  buildSubnet: ArmResource | undefined;
  /** The user's container subnet (layout 3). */
  aciSubnet: ArmResource | undefined;
}

function sourceIdOf(props: Rec): string {
  const src = isRec(props.source) ? props.source : {};
  return typeof src.imageId === 'string'
    ? src.imageId
    : typeof src.imageVersionId === 'string'
      ? src.imageVersionId
      : '';
}

/** The OS of a managed image or gallery source, as its resource (or its image definition) says. */
function sourceOs(run: BuildRun, props: Rec): OsType | undefined {
  const id = sourceIdOf(props);
  if (!id) return undefined;
  let r = run.deps.world.get(id);
  if (r?.type.toLowerCase() === 'microsoft.compute/galleries/images/versions')
    r = run.deps.world.get(id.split('/versions/')[0] ?? '');
  const p = isRec(r?.properties) ? r.properties : {};
  const sp = isRec(p.storageProfile) ? p.storageProfile : {};
  const od = isRec(sp.osDisk) ? sp.osDisk : {};
  const os = p.osType ?? od.osType;
  return os === 'Windows' || os === 'Linux' ? os : undefined;
}

/** A staging group made anew (the old one was deleted by hand) becomes the template's exactStagingResourceGroup. */
function recordStaging(run: BuildRun, id: string): void {
  const t = run.deps.world.get(run.templateId);
  if (!t || !isRec(t.properties) || t.properties.exactStagingResourceGroup === id) return;
  t.properties.exactStagingResourceGroup = id;
  run.deps.world.put(t);
}

/** A managed image or gallery source must be readable by the template identity. */
function checkSource(run: BuildRun, props: Rec): void {
  const srcP = isRec(props.source) ? props.source : {};
  const srcId = sourceIdOf(props);
  if (!srcId) return;
  const action =
    srcP.type === 'ManagedImage'
      ? 'Microsoft.Compute/images/read'
      : 'Microsoft.Compute/galleries/images/versions/read';
  run.requirePermission(action, srcId, 'compute.ImagesClient#Get');
  if (!run.deps.world.get(srcId) && !/\/versions\/latest$/i.test(srcId))
    throw new BuildFailure(
      'ResourceNotFound',
      M.deploymentFailed(
        `Status=404 Code="ResourceNotFound" Message="The Resource '${srcId.split('/providers/')[1] ?? srcId}' under resource group '${parseId(srcId).resourceGroup ?? ''}' was not found."`,
      ),
    );
}

/**
 * @param template the template as the build found it when it was queued (its identity is the one used).
 */
export async function provision(run: BuildRun, template: ArmResource): Promise<Provisioned> {
  const { deps } = run;
  const world = deps.world;
  // Both drawn once: a restored build replays this with the staging group (maybe made here) already there.
  run.staging = run.memo('staging', () => ensureStaging(deps, run.template(), run.rand));
  recordStaging(run, run.staging.id);
  const props = run.props();
  const { layout, subnetId, aciSubnetId, proxyVmSize } = layoutOf(props);
  run.os = osOf(props, sourceOs(run, props));
  const os = run.os;
  run.names = run.memo('names', () => buildNames(run.rand, os === 'Windows', deps.clock.now()));
  const ident = templateIdentity(world, template);
  if (!ident) throw new BuildFailure('InvalidIdentity', M.IDENTITY_UNUSABLE);
  run.identity = ident;
  await run.sleep(DURATIONS.stagingPrep);
  checkSource(run, props);

  const buildSubnet = subnetId ? findSubnet(world, subnetId) : undefined;
  const aciSubnet = aciSubnetId ? findSubnet(world, aciSubnetId) : undefined;
  if (subnetId && !buildSubnet)
    throw new BuildFailure('ResourceNotFound', M.deploymentFailed(M.subnetNotFound(subnetId)));
  if (aciSubnetId && !aciSubnet)
    throw new BuildFailure('ResourceNotFound', M.deploymentFailed(M.subnetNotFound(aciSubnetId)));
  for (const s of [aciSubnetId, subnetId]) {
    if (s && !principalCan(world, ident.principalId, JOIN, s))
      throw new BuildFailure('Unauthorized', M.notAuthorized(s));
  }
  return { props, layout, subnetId, aciSubnetId, proxyVmSize, buildSubnet, aciSubnet };
}
