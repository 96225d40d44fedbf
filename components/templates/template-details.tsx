'use client';
// What a template is made of: source, customizers in order, optimize/validate, distribution targets,
// VM profile, identity, staging resource group, tags (the template page's "Details" section).
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { networkLayoutLabel, templateNetworkLayout } from '@/lib/aib/network-layout';
import { sourceInWords } from '@/lib/templates/model/source';
import { armText } from '@/components/ui/arm-text';
import { ArmValue } from '@/components/ui/arm-value';
import { Card } from './card';
import {
  asRec,
  Fields,
  lastSegment,
  list,
  Mono,
  parseArmIdSafe,
  type Rec,
  StepList,
  str,
  Tags,
} from './template-fields';

function SourceCard({ t }: { t: ImageTemplate }) {
  const src = asRec(t.source);
  return (
    <Card title="Source image">
      <Fields
        rows={[
          ['Image', <strong key="s">{sourceInWords(t.source)}</strong>],
          ['Type', str(src.type)],
          ['Publisher', str(src.publisher)],
          ['Offer', str(src.offer)],
          ['SKU', str(src.sku)],
          ['Version', str(src.version)],
          ['Exact version', str(src.exactVersion)],
          [
            'Gallery image version',
            str(src.imageVersionId) ? <Mono key="g">{str(src.imageVersionId)}</Mono> : undefined,
          ],
          ['Managed image', str(src.imageId) ? <Mono key="m">{str(src.imageId)}</Mono> : undefined],
        ]}
      />
    </Card>
  );
}

function BuildVmCard({ t }: { t: ImageTemplate }) {
  const layout = templateNetworkLayout(t);
  const vnet = t.vmProfile?.vnetConfig;
  const buildIdentities = Array.isArray(t.vmProfile?.userAssignedIdentities)
    ? (t.vmProfile.userAssignedIdentities as unknown[]).map(armText)
    : [];
  return (
    <Card title="Build VM">
      <Fields
        rows={[
          ['VM size', t.vmProfile?.vmSize || 'Default (Standard_D1_v2 / Standard_D2ds_v4)'],
          [
            'OS disk',
            t.vmProfile?.osDiskSizeGB
              ? `${armText(t.vmProfile.osDiskSizeGB)} GB`
              : 'Size of the source image',
          ],
          ['Network layout', networkLayoutLabel(layout)],
          ['Build subnet', vnet?.subnetId ? <Mono key="b">{vnet.subnetId}</Mono> : undefined],
          [
            'Container instance subnet',
            vnet?.containerInstanceSubnetId ? (
              <Mono key="c">{vnet.containerInstanceSubnetId}</Mono>
            ) : undefined,
          ],
          [
            'Proxy VM size',
            layout === 'private-link' ? vnet?.proxyVmSize || 'Standard_A1_v2 (default)' : undefined,
          ],
          [
            'Build timeout',
            `${t.buildTimeoutInMinutes || 240} min${t.buildTimeoutInMinutes ? '' : ' (default)'}`,
          ],
          [
            'Build VM identities',
            buildIdentities.length ? buildIdentities.map((i) => <Mono key={i}>{i}</Mono>) : undefined,
          ],
        ]}
      />
    </Card>
  );
}

function OptimizeValidateCard({ t }: { t: ImageTemplate }) {
  const validators = list(t.validate?.inVMValidations);
  return (
    <Card title="Optimize and validate">
      <Fields
        rows={[
          ['VM boot optimization', t.optimize?.vmBoot?.state ?? 'Not configured'],
          ['Workload optimization', t.optimize?.workload?.state],
          ['Source validation only', t.validate?.sourceValidationOnly ? 'Yes' : undefined],
          ['Continue distributing on failure', t.validate?.continueDistributeOnFailure ? 'Yes' : undefined],
          ['On customizer error', t.errorHandling?.onCustomizerError],
          ['On validation error', t.errorHandling?.onValidationError],
        ]}
      />
      {validators.length > 0 ? (
        <div className="mt-3">
          <h3 className="mb-2 text-sm font-medium">In-VM validations</h3>
          <StepList items={validators} empty="" />
        </div>
      ) : (
        <p className="mt-3 text-sm text-slate-600 dark:text-slate-300">No validation configured.</p>
      )}
    </Card>
  );
}

/** One distribution target: its type and run output, where the image goes, regions, location. */
function DistributionTarget({ r }: { r: Rec }) {
  const d = { runOutputName: r.runOutputName };
  const target = str(r.galleryImageId) ?? str(r.imageId) ?? str(r.uri);
  const regions = Array.isArray(r.targetRegions)
    ? (r.targetRegions as unknown[]).map((x) => str(asRec(x).name))
    : Array.isArray(r.replicationRegions)
      ? (r.replicationRegions as unknown[]).map(str)
      : [];
  return (
    <li className="flex flex-col gap-1">
      <div>
        <span className="font-medium">{str(r.type)}</span>{' '}
        <span className="text-slate-600 dark:text-slate-300">
          · run output <ArmValue value={d.runOutputName} />
        </span>
      </div>
      {target ? (
        <Mono>{target}</Mono>
      ) : r.type === 'VHD' ? (
        <span>VHD in the staging storage account</span>
      ) : null}
      {regions.length ? <span>Regions: {regions.filter(Boolean).join(', ')}</span> : null}
      {str(r.location) ? (
        <span>
          Location: <ArmValue value={str(r.location)} />
        </span>
      ) : null}
    </li>
  );
}

function DistributionCard({ t }: { t: ImageTemplate }) {
  const distribute = list(t.distribute);
  return (
    <Card title={`Distribution (${distribute.length})`}>
      {distribute.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">No distribution targets.</p>
      ) : (
        <ul className="flex flex-col gap-3 text-sm">
          {distribute.map((r, i) => (
            <DistributionTarget key={`${i}:${armText(r.runOutputName)}`} r={r} />
          ))}
        </ul>
      )}
    </Card>
  );
}

function IdentityCard({ t }: { t: ImageTemplate }) {
  const identities = Object.keys(asRec(t.identity?.userAssignedIdentities));
  const staging = t.exactStagingResourceGroup || t.stagingResourceGroup;
  return (
    <Card title="Identity and staging">
      <Fields
        rows={[
          ['Identity', t.identity?.type ?? 'None'],
          [
            'User-assigned identities',
            identities.length
              ? identities.map((i) => (
                  <div key={i}>
                    <Mono>{lastSegment(i)}</Mono>
                  </div>
                ))
              : undefined,
          ],
          [
            'Staging resource group',
            staging ? (
              <Mono key="s">{parseArmIdSafe(staging)}</Mono>
            ) : (
              'Created by Image Builder on first build'
            ),
          ],
          ['Provisioning state', t.provisioningState],
          [
            'Provisioning error',
            t.provisioningError?.message
              ? `${t.provisioningError.provisioningErrorCode ?? ''}: ${t.provisioningError.message}`
              : undefined,
          ],
          ['Auto run', t.autoRun?.state],
        ]}
      />
    </Card>
  );
}

export function TemplateDetails({ template }: { template: ImageTemplate }) {
  const t = template;
  const customizers = list(t.customize);
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
      <SourceCard t={t} />
      <BuildVmCard t={t} />
      <Card title={`Customizers (${customizers.length}, in order)`}>
        <StepList items={customizers} empty="No customizers: the image is built from the source as is." />
      </Card>
      <OptimizeValidateCard t={t} />
      <DistributionCard t={t} />
      <IdentityCard t={t} />
      <Card title="Tags">
        <Tags tags={t.tags as unknown} />
      </Card>
    </div>
  );
}
