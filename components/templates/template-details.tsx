'use client';
// What a template is made of: source, customizers in order, optimize/validate, distribution targets,
// VM profile, identity, staging resource group, tags; run outputs; the raw JSON.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { isValidElement, type ReactNode, useState } from 'react';
import { networkLayoutLabel, templateNetworkLayout } from '@/lib/aib/network-layout';
import { toArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { useImageTemplateRaw } from '@/lib/templates/api/get-image-template-raw';
import { useRunOutputs } from '@/lib/templates/api/list-run-outputs';
import { sourceInWords } from '@/lib/templates/model/source';
import { ArmErrorText } from '@/components/shell/states';
import { armText } from '@/components/ui/arm-text';
import { ArmValue, RevealedText } from '@/components/ui/arm-value';
import { Skeleton } from '@/components/ui/skeleton';

type Rec = Record<string, unknown>;

function asRec(v: unknown): Rec {
  return typeof v === 'object' && v !== null ? (v as Rec) : {};
}

/** An array from ARM as records (anything else: empty). */
function list(v: unknown): Rec[] {
  return Array.isArray(v) ? v.map(asRec) : [];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== ''
    ? v
    : typeof v === 'number' || typeof v === 'boolean'
      ? String(v)
      : undefined;
}

export function Card({ title, children, id }: { title: string; children: ReactNode; id?: string }) {
  return (
    <section
      aria-labelledby={id ?? undefined}
      aria-label={id ? undefined : title}
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id={id} className="mb-3 text-base font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}

/** A cell: Kiln's own elements as they are; any value from ARM as text (whatever its shape). */
function cell(v: unknown): ReactNode {
  if (isValidElement(v) || (Array.isArray(v) && v.every((x) => isValidElement(x)))) return v as ReactNode;
  return <ArmValue value={v} />;
}

function Fields({ rows }: { rows: [string, unknown][] }) {
  const shown = rows.filter(([, v]) => v !== undefined && v !== null && v !== '');
  if (shown.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">Not set.</p>;
  return (
    <dl className="grid grid-cols-1 gap-x-4 gap-y-2 text-sm sm:grid-cols-[minmax(8rem,max-content)_1fr]">
      {shown.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-slate-600 dark:text-slate-300">{k}</dt>
          <dd className="min-w-0 break-words">{cell(v)}</dd>
        </div>
      ))}
    </dl>
  );
}

function Mono({ children }: { children: unknown }) {
  return (
    <code className="font-mono text-xs break-all">
      <ArmValue value={children} />
    </code>
  );
}

function customizerSummary(c: Rec): ReactNode {
  const type = str(c.type) ?? '?';
  const inline = Array.isArray(c.inline) ? (c.inline as unknown[]).map(armText) : undefined;
  const parts: ReactNode[] = [];
  if (str(c.scriptUri)) parts.push(<Mono key="u">{str(c.scriptUri)}</Mono>);
  if (str(c.sourceUri))
    parts.push(<Mono key="s">{`${str(c.sourceUri) ?? ''} → ${str(c.destination) ?? ''}`}</Mono>);
  if (inline?.length) {
    parts.push(
      <pre
        key="i"
        className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-slate-800"
      >
        <RevealedText text={inline.join('\n')} />
      </pre>,
    );
  }
  if (type === 'WindowsUpdate') parts.push(<span key="w">Search: {str(c.searchCriteria) ?? 'default'}</span>);
  if (type === 'WindowsRestart' && str(c.restartTimeout))
    parts.push(<span key="r">Timeout {str(c.restartTimeout)}</span>);
  return parts.length ? <div className="flex flex-col gap-1">{parts}</div> : null;
}

function StepList({ items, empty }: { items: Rec[]; empty: string }) {
  if (items.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">{empty}</p>;
  return (
    <ol className="flex flex-col gap-3">
      {items.map((c, i) => (
        <li key={i} className="flex gap-3 text-sm">
          <span className="grid size-6 shrink-0 place-items-center rounded-full bg-slate-100 text-xs font-semibold dark:bg-slate-800">
            {i + 1}
          </span>
          <div className="min-w-0 flex-1">
            <div>
              <span className="font-medium">
                <ArmValue value={str(c.name) ?? '(unnamed)'} />
              </span>{' '}
              <span className="text-slate-600 dark:text-slate-300">
                · <ArmValue value={str(c.type)} />
              </span>
            </div>
            {customizerSummary(c)}
          </div>
        </li>
      ))}
    </ol>
  );
}

/** Tags as ARM returned them: any value shape, long values cut (the whole value on demand). */
function Tags({ tags }: { tags: unknown }) {
  const entries = Object.entries(asRec(tags));
  if (entries.length === 0) return <p className="text-sm text-slate-600 dark:text-slate-300">No tags.</p>;
  return (
    <ul className="flex flex-wrap gap-2" data-testid="tags">
      {entries.map(([k, v]) => (
        <li
          key={k}
          className="max-w-full min-w-0 rounded-md bg-slate-100 px-2 py-1 text-xs dark:bg-slate-800"
        >
          <span className="font-medium">
            <ArmValue value={k} limit={120} />
          </span>
          : <ArmValue value={v} />
        </li>
      ))}
    </ul>
  );
}

export function TemplateDetails({ template }: { template: ImageTemplate }) {
  const t = template;
  const src = asRec(t.source);
  const layout = templateNetworkLayout(t);
  const vnet = t.vmProfile?.vnetConfig;
  const identities = Object.keys(asRec(t.identity?.userAssignedIdentities));
  const staging = t.exactStagingResourceGroup || t.stagingResourceGroup;
  const validators = list(t.validate?.inVMValidations);
  const customizers = list(t.customize);
  const distribute = list(t.distribute);
  const buildIdentities = Array.isArray(t.vmProfile?.userAssignedIdentities)
    ? (t.vmProfile.userAssignedIdentities as unknown[]).map(armText)
    : [];
  return (
    <div className="grid grid-cols-1 gap-4 xl:grid-cols-2">
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
      <Card title={`Customizers (${customizers.length}, in order)`}>
        <StepList items={customizers} empty="No customizers: the image is built from the source as is." />
      </Card>
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
      <Card title={`Distribution (${distribute.length})`}>
        {distribute.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-300">No distribution targets.</p>
        ) : (
          <ul className="flex flex-col gap-3 text-sm">
            {distribute.map((r, i) => {
              const d = { runOutputName: r.runOutputName };
              const target = str(r.galleryImageId) ?? str(r.imageId) ?? str(r.uri);
              const regions = Array.isArray(r.targetRegions)
                ? (r.targetRegions as unknown[]).map((x) => str(asRec(x).name))
                : Array.isArray(r.replicationRegions)
                  ? (r.replicationRegions as unknown[]).map(str)
                  : [];
              return (
                <li key={`${i}:${armText(d.runOutputName)}`} className="flex flex-col gap-1">
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
            })}
          </ul>
        )}
      </Card>
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
      <Card title="Tags">
        <Tags tags={t.tags as unknown} />
      </Card>
    </div>
  );
}

function parseArmIdSafe(id: unknown): string {
  try {
    return parseArmId(armText(id)).resourceGroup ?? armText(id);
  } catch {
    return armText(id);
  }
}

function lastSegment(id: string): string {
  try {
    return parseArmId(id).name ?? id;
  } catch {
    return id;
  }
}

export function RunOutputs({ template }: { template: ImageTemplate }) {
  const run = template.lastRunStatus;
  const finished =
    run?.runState === 'Succeeded' || run?.runState === 'PartiallySucceeded' || run?.runState === 'Failed';
  const q = useRunOutputs(
    template.id ?? '',
    `${run?.runState ?? 'none'}:${String(run?.endTime ?? '')}`,
    Boolean(run),
  );
  if (!run) return null;
  return (
    <Card title="Run outputs">
      {q.isPending ? (
        <Skeleton className="h-5 w-2/3" />
      ) : q.isError ? (
        <ArmErrorText error={toArmError(q.error)} />
      ) : q.data.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">
          {finished
            ? 'The last run produced no artifacts.'
            : 'Artifacts appear here when the build distributes them.'}
        </p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {q.data.map((o) => (
            <li key={armText(o.name)}>
              <span className="font-medium">
                <ArmValue value={o.name} />
              </span>{' '}
              <span className="text-slate-600 dark:text-slate-300">
                (<ArmValue value={o.provisioningState} />)
              </span>
              {o.artifactId ? (
                <div>
                  Artifact id: <Mono>{o.artifactId}</Mono>
                </div>
              ) : null}
              {o.artifactUri ? (
                <div>
                  Artifact URI: <Mono>{o.artifactUri}</Mono>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

export function RawJson({ template }: { template: ImageTemplate }) {
  const [open, setOpen] = useState(false);
  const version = `${template.lastRunStatus?.runState ?? ''}:${template.lastRunStatus?.runSubState ?? ''}:${template.provisioningState ?? ''}`;
  const q = useImageTemplateRaw(template.id ?? '', open, version);
  return (
    <details
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
      onToggle={(e) => setOpen(e.currentTarget.open)}
    >
      <summary className="cursor-pointer text-base font-semibold">
        Raw JSON (as Resource Manager returns it)
      </summary>
      <div className="mt-3">
        {q.isError ? (
          <ArmErrorText error={toArmError(q.error)} />
        ) : q.data === undefined ? (
          <Skeleton className="h-40 w-full" />
        ) : (
          <pre
            data-testid="raw-json"
            className="max-h-[32rem] overflow-auto rounded bg-slate-100 p-3 font-mono text-xs dark:bg-slate-800"
          >
            <RevealedText text={JSON.stringify(q.data, null, 2) ?? ''} />
          </pre>
        )}
      </div>
    </details>
  );
}
