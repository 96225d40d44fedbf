'use client';
// The network fix for one pre-flight check, where something else (a failed run's explanation) needs it:
// re-runs the template's checks on fresh reads and offers the failing check's fixes, or says the check
// passes now.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { useNetworkChecks } from '@/lib/networking/api/network-checks';
import { useFixPermissions } from '@/lib/networking/api/fix-permissions';
import type { CheckId } from '@/lib/networking/model/checks/result';
import { FixButton } from './fix-button';

export function FixesForCheck({ template, check }: { template: ImageTemplate; check: CheckId }) {
  const { results, inputs } = useNetworkChecks(template);
  const result = results.find((r) => r.id === check);
  const fixes = result?.status === 'fail' ? (result.fixes ?? []) : [];
  const vnetId = inputs.vnet.state === 'ok' ? inputs.vnet.value.id : undefined;
  const perms = useFixPermissions(fixes, vnetId ?? '/subscriptions/none');
  if (!result || result.status === 'pending') return <p className="text-sm">Checking the network…</p>;
  if (result.status === 'pass')
    return <p className="text-sm">The network check “{result.title}” passes now: build again.</p>;
  if (fixes.length === 0) return <p className="text-sm">{result.advice ?? result.reason}</p>;
  return (
    <div className="flex flex-col gap-2">
      <p className="text-sm">{result.reason}</p>
      {fixes.map((f, i) => (
        <FixButton key={i} fix={f} permission={perms[i] ?? { state: 'loading' }} />
      ))}
    </div>
  );
}
