'use client';
// The template page's "Topology" section. Tiny on purpose: React Flow, the layout worker and ELK load
// only when this section renders (dynamic import), never on the template list.
import { memo } from 'react';
import dynamic from 'next/dynamic';
import type { ImageTemplate } from '@azure/arm-imagebuilder';

const TopologyView = dynamic(
  () => {
    // React Flow is a chunk of its own (see ./diagram); ask for it now, beside the view, not after it.
    // Its framework-free half (@xyflow/system with d3's zoom, drag and selection), asked for on its own
    // too, becomes a chunk of its own: the browser compiles each of the two (about 100 KB apiece) in a
    // task of 30–40 ms, where the one 190-KB chunk took 70–100 ms, a long task on the running build's
    // page (Lighthouse's blocking time).
    void import('@xyflow/system');
    void import('./diagram-flow');
    return import('./topology-view');
  },
  {
    ssr: false,
    loading: () => (
      <p
        role="status"
        className="h-[360px] rounded-lg border border-slate-200 p-4 text-sm text-slate-600 dark:text-slate-400 dark:border-slate-700"
      >
        Loading the topology…
      </p>
    ),
  },
);

/** Memoised: the sections render again when the page's Start build changes, not this template. */
export const TopologySection = memo(function TopologySection(props: { template: ImageTemplate }) {
  return (
    <section aria-labelledby="topology-heading" className="flex flex-col gap-2">
      <h2 id="topology-heading" className="text-lg font-semibold">
        Topology
      </h2>
      {/* Above the view, which is taller than its loading note: nothing below it on screen moves when
          it arrives. */}
      <p className="text-xs text-slate-600 dark:text-slate-300">
        What Azure VM Image Builder creates in the staging resource group while it builds: drawn from the
        resources themselves, live while the build runs.
      </p>
      <TopologyView template={props.template} />
    </section>
  );
});
