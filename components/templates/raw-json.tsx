'use client';
// The template as Resource Manager returns it (the page's "Raw JSON" section): read when shown, again
// when the run's state changes.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { toArmError } from '@/lib/azure/errors';
import { useImageTemplateRaw } from '@/lib/templates/api/get-image-template-raw';
import { ArmErrorText } from '@/components/shell/states';
import { RevealedText } from '@/components/ui/arm-value';
import { Skeleton } from '@/components/ui/skeleton';

export function RawJson({ template }: { template: ImageTemplate }) {
  const version = `${template.lastRunStatus?.runState ?? ''}:${template.lastRunStatus?.runSubState ?? ''}:${template.provisioningState ?? ''}`;
  const q = useImageTemplateRaw(template.id ?? '', true, version);
  return (
    <section
      aria-labelledby="raw-json-heading"
      className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900"
    >
      <h2 id="raw-json-heading" className="mb-3 text-base font-semibold">
        Raw JSON (as Resource Manager returns it)
      </h2>
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
    </section>
  );
}
