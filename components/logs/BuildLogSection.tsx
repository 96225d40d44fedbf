'use client';

import type { ImageTemplate } from '@azure/arm-imagebuilder';

export function BuildLogSection(props: { template: ImageTemplate }) {
  return (
    <section aria-label="Build log">
      <h2 className="text-lg font-semibold">Build log</h2>
      <p className="text-sm text-gray-500">{props.template.name ?? ''}</p>
    </section>
  );
}
