'use client';

import { memo } from 'react';
import dynamic from 'next/dynamic';
import type { ImageTemplate } from '@azure/arm-imagebuilder';

const BuildLogView = dynamic(() => import('./build-log-view'), {
  ssr: false,
  loading: () => (
    <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
      Loading the build log…
    </p>
  ),
});

/** Memoised: the sections render again when the page's Start build changes, not this template. */
export const BuildLogSection = memo(function BuildLogSection(props: { template: ImageTemplate }) {
  return (
    <section aria-labelledby="build-log-heading" className="flex flex-col gap-2">
      <h2 id="build-log-heading" className="text-lg font-semibold">
        Build log
      </h2>
      <BuildLogView template={props.template} />
    </section>
  );
});
