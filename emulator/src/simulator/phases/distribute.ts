// Distributing: the build VM is captured, then each distribution target gets its artifact (a managed
// image, a gallery image version, or a VHD in the staging account) and a runOutput on the template.
import type { ArmResource } from '../../core/types.ts';
import { parseId } from '../../core/ids.ts';
import { isRec, type Rec } from '../../core/rec.ts';
import { galleryImageVersion, image, type OsType as ShapeOs } from '../../shapes/compute.ts';
import { DURATIONS } from '../plan.ts';
import * as M from '../messages.ts';
import { packerLines } from '../logs.ts';
import { BuildFailure, type BuildRun } from '../build-run.ts';
import type { Provisioned } from './provision.ts';
import { atLeast, createdWithVersion } from '../../providers/imagebuilder/versions.ts';

type Artifact = { artifactId?: string; artifactUri?: string };

function tagsOf(d: Rec): { tags?: Record<string, string> } {
  const tags = isRec(d.artifactTags) ? (d.artifactTags as Record<string, string>) : undefined;
  return tags && Object.keys(tags).length ? { tags } : {};
}

async function toManagedImage(run: BuildRun, d: Rec, t: ArmResource, vmId: string): Promise<Artifact> {
  const id = String(d.imageId);
  run.requirePermission('Microsoft.Compute/images/write', id, 'compute.ImagesClient#CreateOrUpdate');
  const p = parseId(id);
  const rg = run.deps.world.get(
    `/subscriptions/${p.subscriptionId ?? ''}/resourceGroups/${p.resourceGroup ?? ''}`,
  );
  if (!rg)
    throw new BuildFailure(
      'DistributeFailed',
      M.deploymentFailed(
        `Resource group '${p.resourceGroup ?? ''}' could not be found while distributing to '${id}'.`,
      ),
    );
  const img = image({
    subscriptionId: p.subscriptionId ?? '',
    resourceGroup: rg.name,
    name: p.name ?? 'image',
    location: typeof d.location === 'string' ? d.location : (t.location ?? 'westus'),
    ...tagsOf(d),
    osType: run.os as ShapeOs,
    sourceVirtualMachineId: vmId,
  });
  await run.create(img, DURATIONS.distribute.ManagedImage ?? 90, { transient: 'Creating', output: true });
  return { artifactId: img.id };
}

function regionsOf(
  d: Rec,
  t: ArmResource,
): { location: string; replicaCount?: number; storageAccountType?: string }[] {
  if (Array.isArray(d.targetRegions))
    return d.targetRegions.filter(isRec).map((r) => ({
      location: String(r.name),
      replicaCount: typeof r.replicaCount === 'number' ? r.replicaCount : 1,
      storageAccountType: typeof r.storageAccountType === 'string' ? r.storageAccountType : 'Standard_LRS',
    }));
  if (Array.isArray(d.replicationRegions)) return d.replicationRegions.map((r) => ({ location: String(r) }));
  return [{ location: t.location ?? 'westus' }];
}

async function toGallery(run: BuildRun, d: Rec, t: ArmResource, now: Date): Promise<Artifact> {
  const gi = String(d.galleryImageId);
  run.requirePermission(
    'Microsoft.Compute/galleries/images/versions/write',
    `${gi}/versions/0.0.0`,
    'compute.GalleryImageVersionsClient#CreateOrUpdate',
  );
  const def = run.deps.world.get(gi);
  if (!def)
    throw new BuildFailure(
      'DistributeFailed',
      M.deploymentFailed(`Status=404 Code="ResourceNotFound" Message="The Resource '${gi}' was not found."`),
    );
  const p = parseId(gi);
  const v = galleryImageVersion({
    subscriptionId: p.subscriptionId ?? '',
    resourceGroup: p.resourceGroup ?? '',
    galleryName: p.names[0] ?? '',
    imageName: p.names[1] ?? '',
    // Read once: after a restore, the world already holds the version this build made.
    name: run.memo(`galleryVersion:${gi}`, () => nextVersion(run, gi, d, now)),
    location: def.location ?? t.location ?? 'westus',
    ...tagsOf(d),
    targetRegions: regionsOf(d, t),
    excludeFromLatest: d.excludeFromLatest === true,
    replicationState: 'Completed',
  });
  await run.create(v, DURATIONS.distribute.SharedImage ?? 420, { transient: 'Creating', output: true });
  return { artifactId: v.id };
}

async function toVhd(run: BuildRun, d: Rec, t: ArmResource, now: Date): Promise<Artifact> {
  const account = run.staging?.account ?? '';
  const name = `${t.name}_${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}.vhd`;
  await run.sleep(DURATIONS.distribute.VHD ?? 150);
  if (typeof d.uri === 'string' && d.uri) return { artifactUri: d.uri };
  const { blobs } = run.deps;
  await blobs
    .write(account, 'vhds', name, `VHD image of ${t.name} (local Azure placeholder)`)
    .catch(() => undefined);
  return { artifactUri: `${blobs.endpointFor(account)}vhds/${name}` };
}

/** The next gallery image version: the Latest scheme's patch bump, or AIB's date-based default. */
function nextVersion(run: BuildRun, galleryImageId: string, d: Rec, now: Date): string {
  const versioning = isRec(d.versioning) ? d.versioning : undefined;
  const existing = run.deps.world
    .list(galleryImageId, 'Microsoft.Compute/galleries/images/versions')
    .map((v) => v.name.split('.').map(Number))
    .filter((v) => v.length === 3 && v.every((n) => Number.isFinite(n)));
  // From 2022-07-01 a gallery target without `versioning` gets the Latest scheme (recorded: 1.0.0 first);
  // templates created with an older version keep AIB's date-based default.
  const latest =
    versioning?.scheme === 'Latest' ||
    (!versioning && atLeast(createdWithVersion(run.deps.world, run.templateId), '2022-07-01'));
  if (latest) {
    const major =
      typeof versioning?.major === 'number' && versioning.major >= 0 ? versioning.major : undefined;
    const pool = existing.filter((v) => major === undefined || v[0] === major);
    pool.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0));
    const top = pool[pool.length - 1];
    if (!top) return `${major ?? 1}.0.0`;
    return `${top[0] ?? 0}.${top[1] ?? 0}.${(top[2] ?? 0) + 1}`;
  }
  // AIB's default: 0.<yyddd>.<seconds of the day, scaled to five digits>
  const start = Date.UTC(now.getUTCFullYear(), 0, 0);
  const day = Math.floor((now.getTime() - start) / 86_400_000);
  const yy = String(now.getUTCFullYear() % 100);
  const secs = now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds();
  return `0.${yy}${String(day).padStart(3, '0')}.${secs}`;
}

export async function distribute(run: BuildRun, p: Provisioned, vmId: string): Promise<void> {
  await run.phase('Distributing');
  run.logAll(packerLines.capture(run.os));
  await run.sleep(DURATIONS.capture);
  const t = run.template();
  const list = Array.isArray(p.props.distribute) ? p.props.distribute.filter(isRec) : [];
  const now = new Date(run.memo('distributedAt', () => run.deps.clock.now().toISOString()));
  for (const d of list) {
    const type = String(d.type);
    const ron = String(d.runOutputName);
    run.log(`==> azure-arm: Distributing to ${type} '${ron}' ...`);
    const artifact =
      type === 'ManagedImage'
        ? await toManagedImage(run, d, t, vmId)
        : type === 'SharedImage'
          ? await toGallery(run, d, t, now)
          : await toVhd(run, d, t, now);
    run.deps.world.put({
      id: `${run.templateId}/runOutputs/${ron}`,
      name: ron,
      type: 'Microsoft.VirtualMachineImages/imageTemplates/runOutputs',
      properties: { ...artifact, provisioningState: 'Succeeded' },
    });
  }
}
