'use client';
// The Runs section, composed: the builds capability's history, with the network capability's fixes for a
// failure it recognises and the logs capability's text for a step two runs disagree on.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import dynamic from 'next/dynamic';
import type { KilnFix } from '@/lib/builds/model/failures';
import type { CheckId } from '@/lib/networking/model/checks/result';
import { useCustomizationLog } from '@/lib/logs/api/get-customization-log';
import { RunsSection } from '@/components/builds/runs-section';
import type { StepRef } from '@/components/builds/compare-runs';
import { FixesForCheck } from '@/components/networking/fixes-for-check';

// Below the runs, and only for people who want mail: its code loads after the page's first JS.
const BuildNotifications = dynamic(
  () => import('@/components/builds/build-notifications').then((m) => m.BuildNotifications),
  { ssr: false },
);

/** Which pre-flight check carries Kiln's fix for each failure signature that has one. */
const CHECK_FOR_FIX: Record<KilnFix, CheckId> = {
  'aci-delegation': 'aci-delegation',
  'pls-network-policies': 'private-link-policies',
  'nsg-private-link-ports': 'nsg-private-link',
  'nsg-ssh-winrm': 'nsg-build-vm-access',
  'identity-network-role': 'identity-permissions',
};

function StepLog({ templateId, at, label }: { templateId: string; at: StepRef; label: string }) {
  const q = useCustomizationLog(templateId, at.folder, undefined, true);
  const text =
    q.data?.kind === 'ok'
      ? q.data.content
          .split(/\r?\n/)
          .slice(at.step.firstLine - 1, at.step.lastLine)
          .join('\n')
      : q.data?.kind === 'problem'
        ? q.data.message
        : 'Reading the log…';
  return (
    <figure className="flex min-w-0 flex-1 flex-col gap-1">
      <figcaption className="text-sm font-medium">
        {label}: {at.step.name} ({at.step.state})
      </figcaption>
      <pre className="max-h-80 overflow-auto rounded bg-slate-950 p-2 text-xs break-words whitespace-pre-wrap text-slate-100">
        {text}
      </pre>
    </figure>
  );
}

export function RunsTab({ template }: { template: ImageTemplate }) {
  const id = template.id ?? '';
  const v = template.vmProfile?.vnetConfig;
  const identity = Object.keys(template.identity?.userAssignedIdentities ?? {})[0];
  const parts = id.split('/');
  return (
    <div className="flex flex-col gap-6">
      <RunsSection
        template={template}
        commandContext={{
          templateName: template.name,
          resourceGroup: parts[4],
          subnetId: v?.subnetId,
          containerSubnetId: v?.containerInstanceSubnetId,
          vnetId: v?.subnetId?.replace(/\/subnets\/[^/]+$/i, ''),
          identityId: identity,
          identityPrincipalId: identity
            ? template.identity?.userAssignedIdentities?.[identity]?.principalId
            : undefined,
          stagingResourceGroup: template.exactStagingResourceGroup?.split('/').pop(),
          location: template.location,
        }}
        renderFix={(fix) => <FixesForCheck template={template} check={CHECK_FOR_FIX[fix]} />}
        renderStepLogs={(older, newer) => (
          <div className="flex flex-col gap-2 lg:flex-row">
            <StepLog templateId={id} at={older} label="Older run" />
            <StepLog templateId={id} at={newer} label="Newer run" />
          </div>
        )}
      />
      <BuildNotifications template={template} />
    </div>
  );
}
