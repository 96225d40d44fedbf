'use client';
// What the last run produced (managed image, gallery version, VHD URI), read once the run has ended:
// AIB writes run outputs as it distributes, so there is nothing to show while a build runs.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { toArmError } from '@/lib/azure/errors';
import { useRunOutputs } from '@/lib/templates/api/list-run-outputs';
import { ArmErrorText } from '@/components/shell/states';
import { armText } from '@/components/ui/arm-text';
import { ArmValue } from '@/components/ui/arm-value';
import { Skeleton } from '@/components/ui/skeleton';
import { Card } from './card';
import { Mono } from './template-fields';

export function RunOutputs({ template }: { template: ImageTemplate }) {
  const run = template.lastRunStatus;
  const finished =
    run?.runState === 'Succeeded' || run?.runState === 'PartiallySucceeded' || run?.runState === 'Failed';
  const q = useRunOutputs(
    template.id ?? '',
    `${run?.runState ?? 'none'}:${String(run?.endTime ?? '')}`,
    finished,
  );
  // While a build runs (or none has) there is nothing to list: the card would only take the space the
  // running build's topology and log need.
  if (!run || !finished) return null;
  return (
    <Card title="Run outputs">
      {q.isPending ? (
        <Skeleton className="h-5 w-2/3" />
      ) : q.isError ? (
        <ArmErrorText error={toArmError(q.error)} />
      ) : q.data.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-300">The last run produced no artifacts.</p>
      ) : (
        <ul className="flex flex-col gap-2 text-sm">
          {q.data.map((o) => (
            <li key={armText(o.name)}>
              <span className="font-medium">
                <ArmValue value={o.name} />
              </span>{' '}
              <span className="text-slate-600 dark:text-slate-300">
                (<ArmValue value={o.provisioningState} />)
              </span>
              {o.artifactId ? (
                <div>
                  Artifact id: <Mono>{o.artifactId}</Mono>
                </div>
              ) : null}
              {o.artifactUri ? (
                <div>
                  Artifact URI: <Mono>{o.artifactUri}</Mono>
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
