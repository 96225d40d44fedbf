'use client';
// "Build network" on the template page: where the build runs, the checks for the template's current
// network, and (on demand) the chooser: three layouts, pickers, the checks for the choice with their
// fixes, and "Apply and build".
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useMemo, useState } from 'react';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { networkLayoutInfo, type NetworkLayout } from '@/lib/aib/network-layout';
import { nameOf, parseArmId, parseSubnetId } from '@/lib/azure/ids';
import { useNetworkChecks } from '@/lib/networking/api/network-checks';
import { canChangeTemplate, choiceFromTemplate, type NetworkChoice } from '@/lib/networking/model/layout';
import { ApplyAndBuild, type TemplateUpdate } from './apply-and-build';
import { CheckList, CURRENT_CHECKS_PREFIX } from './check-list';
import { LayoutOptions } from './layout-options';
import { LayoutPicture } from './layout-picture';
import { NetworkPickers } from './network-pickers';

export interface BuildNetworkSectionProps {
  template: ImageTemplate;
  onStartBuild: () => void;
  startBuildDisabledReason?: string;
  /** The template PATCH "Apply and build" sends (the templates capability's, from the page). */
  updateTemplate: TemplateUpdate;
}

function CurrentNetwork({ template }: { template: ImageTemplate }) {
  const current = useMemo(() => choiceFromTemplate(template), [template]);
  const info = networkLayoutInfo(current.layout);
  const { results } = useNetworkChecks(template);
  const vnetId = current.vnetId ?? parseSubnetId(current.subnetId)?.vnetId;
  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-col gap-3 sm:flex-row sm:items-start">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <p className="text-sm">
            <span className="text-slate-600 dark:text-slate-400">Current layout: </span>
            <span className="font-semibold">
              {info.number}. {info.label}
            </span>
          </p>
          <p className="text-sm text-slate-700 dark:text-slate-300">{info.sentence}</p>
          {current.subnetId ? (
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm">
              <dt className="text-slate-600 dark:text-slate-400">Virtual network</dt>
              <dd className="break-all">{nameOf(vnetId)}</dd>
              <dt className="text-slate-600 dark:text-slate-400">Build subnet</dt>
              <dd className="break-all">{nameOf(current.subnetId)}</dd>
              {current.containerInstanceSubnetId ? (
                <>
                  <dt className="text-slate-600 dark:text-slate-400">Container instance subnet</dt>
                  <dd className="break-all">{nameOf(current.containerInstanceSubnetId)}</dd>
                </>
              ) : null}
              {current.proxyVmSize ? (
                <>
                  <dt className="text-slate-600 dark:text-slate-400">Proxy VM size</dt>
                  <dd>{current.proxyVmSize}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </div>
        <LayoutPicture layout={current.layout} />
      </div>
      <CheckList
        results={results}
        vnetId={vnetId}
        anchorPrefix={CURRENT_CHECKS_PREFIX}
        label="Checks for the template’s current network"
      />
    </div>
  );
}

function Chooser({
  template,
  onStartBuild,
  startBuildDisabledReason,
  updateTemplate,
  onClose,
}: BuildNetworkSectionProps & { onClose: () => void }) {
  const current = useMemo(() => choiceFromTemplate(template), [template]);
  const [choice, setChoice] = useState<NetworkChoice>(current);
  const { results } = useNetworkChecks(template, choice);
  const subscriptionId = template.id ? parseArmId(template.id).subscriptionId : '';
  const vnetId = choice.vnetId ?? parseSubnetId(choice.subnetId)?.vnetId;
  const block = canChangeTemplate(template);

  const setLayout = (layout: NetworkLayout) => {
    if (layout === current.layout) {
      setChoice(current);
      return;
    }
    const next: NetworkChoice = { layout };
    if (layout !== 'aib-network') {
      if (choice.vnetId) next.vnetId = choice.vnetId;
      if (choice.subnetId) next.subnetId = choice.subnetId;
      if (layout === 'own-subnets' && choice.containerInstanceSubnetId)
        next.containerInstanceSubnetId = choice.containerInstanceSubnetId;
    }
    setChoice(next);
  };

  return (
    <div className="flex flex-col gap-4 rounded-lg border border-slate-200 p-4 dark:border-slate-700">
      <div className="flex items-center justify-between gap-2">
        <h3 className="text-base font-semibold">Choose where the build runs</h3>
        <Button size="sm" variant="ghost" onClick={onClose}>
          Close
        </Button>
      </div>
      {!block.ok ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950/40 dark:text-amber-100">
          The network cannot be changed now: {block.reason}
        </p>
      ) : null}
      <LayoutOptions value={choice.layout} current={current.layout} onChange={setLayout} />
      {choice.layout !== 'aib-network' ? (
        <NetworkPickers
          subscriptionId={subscriptionId}
          location={template.location ?? ''}
          choice={choice}
          onChange={setChoice}
        />
      ) : null}
      <section aria-label="Checks for this choice" className="flex flex-col gap-2">
        <h4 className="text-sm font-semibold">Checks before the build</h4>
        <CheckList
          results={results}
          vnetId={vnetId}
          anchorPrefix="build-network-choice"
          label="Checks for the chosen network"
        />
      </section>
      <ApplyAndBuild
        template={template}
        choice={choice}
        results={results}
        onStartBuild={() => {
          onStartBuild();
          onClose();
        }}
        {...(startBuildDisabledReason ? { startBuildDisabledReason } : {})}
        update={updateTemplate}
      />
    </div>
  );
}

/** "Build network": choose one of the three AIB networking layouts, check it, fix it, apply and build. */
export function BuildNetworkSection({
  template,
  onStartBuild,
  startBuildDisabledReason,
  updateTemplate,
}: BuildNetworkSectionProps) {
  const [choosing, setChoosing] = useState(false);
  const block = canChangeTemplate(template);
  return (
    <section
      id="build-network"
      aria-labelledby="build-network-heading"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id="build-network-heading" className="flex items-center gap-2 text-lg font-semibold">
          Build network
          {networkLayoutInfo(choiceFromTemplate(template).layout).recommended ? (
            <Badge tone="success">Recommended layout</Badge>
          ) : null}
        </h2>
        {!choosing ? (
          <div className="flex items-center gap-2">
            {!block.ok ? (
              <span id="build-network-change-reason" className="text-xs text-slate-600 dark:text-slate-400">
                {block.reason}
              </span>
            ) : null}
            <Button
              onClick={() => setChoosing(true)}
              aria-describedby={!block.ok ? 'build-network-change-reason' : undefined}
            >
              Change network…
            </Button>
          </div>
        ) : null}
      </div>
      <CurrentNetwork template={template} />
      {choosing ? (
        <Chooser
          template={template}
          onStartBuild={onStartBuild}
          updateTemplate={updateTemplate}
          onClose={() => setChoosing(false)}
          {...(startBuildDisabledReason ? { startBuildDisabledReason } : {})}
        />
      ) : null}
    </section>
  );
}
