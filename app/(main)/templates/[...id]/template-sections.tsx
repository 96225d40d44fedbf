'use client';
// The template page below the run's phases: its sections as tabs (the choice in `?section=`), each
// panel's code loaded when it is first shown. The first, shown by default, is the build as it happens —
// the staging group drawn live beside the log's tail — so on a 1440×900 screen the phases, the time
// against the timeout, the topology and the log are visible together without scrolling.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import dynamic from 'next/dynamic';
import { memo, type ReactNode } from 'react';
import { SectionTabs, type SectionTab } from '@/components/shell/section-tabs';
import { Skeleton } from '@/components/ui/skeleton';
import { Card } from '@/components/templates/card';
import { NETWORK_SECTION } from '@/components/networking/network-check-badge';
import { useUpdateImageTemplate } from '@/lib/templates/api/update-image-template';
import { BuildLogSection } from '@/components/logs/build-log-section';
import { TopologySection } from '@/components/topology/topology-section';

const loading = () => (
  <div role="status" aria-label="Loading the section" className="flex flex-col gap-3">
    <Skeleton className="h-6 w-64" />
    <Skeleton className="h-40 w-full" />
  </div>
);
const BuildNetworkSection = dynamic(
  () => import('@/components/networking/build-network-section').then((m) => m.BuildNetworkSection),
  { ssr: false, loading },
);
const RunsTab = dynamic(() => import('./runs-tab').then((m) => m.RunsTab), { ssr: false, loading });
const TemplateDetails = dynamic(
  () => import('@/components/templates/template-details').then((m) => m.TemplateDetails),
  { ssr: false, loading },
);
const RawJson = dynamic(() => import('@/components/templates/raw-json').then((m) => m.RawJson), {
  ssr: false,
  loading,
});

export const TEMPLATE_SECTIONS: SectionTab[] = [
  { key: 'live', label: 'Topology and log', hashes: (h) => h === 'topology' || h === 'build-log' },
  {
    key: NETWORK_SECTION,
    label: 'Build network',
    hashes: (h) => h === 'build-network' || h.startsWith('build-network-'),
  },
  { key: 'runs', label: 'Runs', hashes: (h) => h === 'runs' },
  { key: 'details', label: 'Details', hashes: (h) => h === 'details' },
  { key: 'json', label: 'Raw JSON', hashes: (h) => h === 'raw-json' },
];

/** "Apply and build" PATCHes the template: a templates operation, handed to the networking section. */
function NetworkPanel(props: {
  template: ImageTemplate;
  onStartBuild: () => void;
  startBuildDisabledReason: string | undefined;
}) {
  const updateTemplate = useUpdateImageTemplate(props.template.id ?? '');
  return <BuildNetworkSection {...props} updateTemplate={updateTemplate} />;
}

// The sections follow the template one render later (useDeferredValue in the page + memo), so a click on
// Start build shows Queued at once instead of waiting for the topology or network picture to redraw.
export const TemplateSections = memo(function TemplateSections({
  template,
  onStartBuild,
  startBuildDisabledReason,
}: {
  template: ImageTemplate;
  onStartBuild: () => void;
  startBuildDisabledReason: string | undefined;
}) {
  const panels: Record<string, () => ReactNode> = {
    live: () => (
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
        <TopologySection template={template} />
        <BuildLogSection template={template} />
      </div>
    ),
    [NETWORK_SECTION]: () => (
      <NetworkPanel
        template={template}
        onStartBuild={onStartBuild}
        startBuildDisabledReason={startBuildDisabledReason}
      />
    ),
    runs: () => (
      <Card title="Runs" id="runs">
        <RunsTab template={template} />
      </Card>
    ),
    details: () => <TemplateDetails template={template} />,
    json: () => <RawJson template={template} />,
  };
  return (
    <SectionTabs
      tabs={TEMPLATE_SECTIONS}
      label="Template sections"
      render={(key) => panels[key]?.() ?? null}
    />
  );
});
