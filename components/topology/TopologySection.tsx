'use client';

import type { ImageTemplate } from '@azure/arm-imagebuilder';

export function TopologySection(props: { template: ImageTemplate }) {
  return (
    <section aria-label="Topology">
      <h2 className="text-lg font-semibold">Topology</h2>
      <p className="text-sm text-gray-500">Staging resource group: {props.template.exactStagingResourceGroup ?? '—'}</p>
    </section>
  );
}
