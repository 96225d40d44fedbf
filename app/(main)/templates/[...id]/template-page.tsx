'use client';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { IntentLink } from '@/components/ui/intent-link';
import { memo, type ReactNode, useCallback, useDeferredValue } from 'react';
import { useRouter } from 'next/navigation';
import { toArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { useKilnConfig } from '@/lib/azure/config';
import { imageTemplateKeys } from '@/lib/query/keys';
import { useReadStatus } from '@/lib/query/read-status';
import { useStartBuild } from '@/lib/builds/api/run-image-template';
import { isTemplateChanging, useImageTemplate } from '@/lib/templates/api/get-image-template';
import { useSubscriptions } from '@/lib/subscriptions/api/list-subscriptions';
import { CancelBuildButton } from '@/components/builds/cancel-build-button';
import { CopyCommandMenu } from '@/components/builds/copy-command-menu';
import { BuildEta } from '@/components/builds/build-eta';
import { useBuildSignals } from '@/components/builds/build-signals';
import { LastRunPanel } from '@/components/builds/last-run-panel';
import { StartBuildButton } from '@/components/builds/start-build-button';
import { NetworkCheckBadge } from '@/components/networking/network-check-badge';
import { ReadStatusNote } from '@/components/shell/read-status-note';
import { SectionTabsProvider } from '@/components/shell/section-tabs';
import { EmptyState, ErrorState } from '@/components/shell/states';
import { DeleteTemplateButton } from '@/components/templates/delete-template-button';
import { RunStateBadge } from '@/components/templates/run-state-badge';
import { RunOutputs } from '@/components/templates/run-outputs';
import { armText } from '@/components/ui/arm-text';
import { ArmValue } from '@/components/ui/arm-value';
import { Skeleton } from '@/components/ui/skeleton';
import { TEMPLATE_SECTIONS, TemplateSections } from './template-sections';

export function TemplatePage({ id }: { id: string }) {
  const q = useImageTemplate(id);
  const { pollIntervalMs } = useKilnConfig();
  const status = useReadStatus(imageTemplateKeys.one(id), q, pollIntervalMs);
  const p = parseArmId(id);
  // The page's first render with the template is deferred: React renders it in the background, in
  // slices, and runs its effects (a dozen reads and their timers) in a task of their own, instead of the
  // whole page in the task that received the template (90–210 ms under Lighthouse). Later templates
  // render at once.
  const arrived = useDeferredValue(q.data !== undefined);
  if (q.isPending || (!arrived && !q.isError)) {
    return (
      <div role="status" aria-label="Loading the template" className="flex flex-col gap-4">
        <Skeleton className="h-8 w-80" />
        <Skeleton className="h-5 w-[32rem] max-w-full" />
        <Skeleton className="h-32 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  // A failed refresh keeps the last good template on screen (state, Cancel, the live log) with a note;
  // only a template that is gone, or one never read, replaces the page.
  if (q.isError && (q.data === undefined || toArmError(q.error).status === 404)) {
    const e = toArmError(q.error);
    if (e.status === 404) {
      return (
        <EmptyState title={`No template ${p.name ?? ''} here`}>
          <p>
            Resource Manager has no image template {p.name} in resource group {p.resourceGroup}. It may have
            been deleted.{' '}
            <IntentLink href="/" className="underline">
              Back to all templates
            </IntentLink>
          </p>
        </EmptyState>
      );
    }
    return <ErrorState title="The template could not be read" error={e} onRetry={() => void q.refetch()} />;
  }
  const freshness = (
    <ReadStatusNote
      status={status}
      polling={isTemplateChanging(q.data)}
      what="the template"
      onRetry={() => void q.refetch()}
    />
  );
  // The page's id and name stand in for missing ones (everything below builds ARM ids from them).
  const template =
    typeof q.data.id === 'string' && typeof q.data.name === 'string'
      ? q.data
      : { ...q.data, id, name: typeof q.data.name === 'string' ? q.data.name : (p.name ?? '') };
  return <TemplateView template={template} freshness={freshness} />;
}

function TemplateView({ template: fromArm, freshness }: { template: ImageTemplate; freshness: ReactNode }) {
  const router = useRouter();
  const onDeleted = useCallback(() => router.push('/'), [router]);
  const build = useStartBuild(fromArm);
  const template = build.template;
  useBuildSignals(template);
  const deferred = useDeferredValue(template);
  const deferredReason = useDeferredValue(build.disabledReason);
  const deferredStart = useDeferredValue(build.start);
  const subs = useSubscriptions();
  const p = parseArmId(template.id ?? '');
  const subName = subs.data?.find(
    (s) => s.subscriptionId.toLowerCase() === p.subscriptionId.toLowerCase(),
  )?.displayName;
  return (
    <SectionTabsProvider tabs={TEMPLATE_SECTIONS}>
      <div className="flex flex-col gap-4">
        <nav aria-label="Breadcrumb" className="text-sm">
          <IntentLink href="/" className="text-sky-800 underline dark:text-sky-300">
            Image templates
          </IntentLink>{' '}
          <span aria-hidden>/</span> <ArmValue value={template.name} limit={120} />
        </nav>
        <header className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <div className="flex flex-wrap items-center gap-3">
              <h1 className="text-2xl font-semibold tracking-tight break-all">
                <ArmValue value={template.name} limit={120} />
              </h1>
              <RunStateBadge status={template.lastRunStatus} />
            </div>
            <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">
              {/* The subscription last: its name replaces its id when the subscriptions are in. */}
              {p.resourceGroup} · {armText(template.location)} · {subName ?? p.subscriptionId}
            </p>
            {freshness}
          </div>
          <div className="flex flex-wrap items-start gap-2">
            <StartBuildButton build={build} template={template} />
            <TemplateActions template={template} onDeleted={onDeleted} />
          </div>
        </header>
        <RunAtAGlance template={template} />
        <TemplateSections
          template={deferred}
          onStartBuild={deferredStart}
          startBuildDisabledReason={deferredReason}
        />
      </div>
    </SectionTabsProvider>
  );
}

// The parts of the page drawn from the template alone are memoised: the page renders again when the
// user's permissions or the subscriptions' names arrive, or when a poll starts and ends, and these then
// keep what they drew instead of rendering again (each such render is synchronous: a query's answer).

/** The header's actions beside Start build. */
const TemplateActions = memo(function TemplateActions({
  template,
  onDeleted,
}: {
  template: ImageTemplate;
  onDeleted: () => void;
}) {
  return (
    <>
      <NetworkCheckBadge template={template} />
      <CancelBuildButton template={template} />
      <CopyCommandMenu templateId={template.id ?? ''} />
      <DeleteTemplateButton template={template} onDeleted={onDeleted} />
    </>
  );
});

/** The run at a glance on every tab: phases and time against the timeout beside the estimate, outputs. */
const RunAtAGlance = memo(function RunAtAGlance({ template }: { template: ImageTemplate }) {
  return (
    <>
      <div className="flex flex-col gap-4 xl:flex-row">
        <div className="min-w-0 flex-[3]">
          <LastRunPanel template={template} />
        </div>
        <BuildEta template={template} className="min-w-0 flex-[2]" />
      </div>
      <RunOutputs template={template} />
    </>
  );
});
