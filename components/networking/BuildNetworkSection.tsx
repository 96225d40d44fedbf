'use client';

import type { ImageTemplate } from '@azure/arm-imagebuilder';

export interface BuildNetworkSectionProps {
  template: ImageTemplate;
  onStartBuild: () => void;
  startBuildDisabledReason?: string;
}

/** "Build network": choose one of the three AIB networking layouts, check it, fix it, apply and build. */
export function BuildNetworkSection({ template }: BuildNetworkSectionProps) {
  return (
    <section
      aria-labelledby="build-network-heading"
      className="rounded-lg border border-zinc-200 p-4 dark:border-zinc-700"
    >
      <h2 id="build-network-heading" className="text-lg font-semibold">
        Build network
      </h2>
      <p className="text-sm text-zinc-600 dark:text-zinc-400">{template.name ?? ''}</p>
    </section>
  );
}
