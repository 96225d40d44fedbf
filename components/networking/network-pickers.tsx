'use client';
// "Virtual network", "Build subnet", "Container instance subnet" (and the optional proxy VM size): what
// the user can see in the template's subscription and region. The container instance list offers only
// other subnets of the same VNet and marks which are delegated.
import type { Subnet, VirtualNetwork } from '@azure/arm-network';
import { useId } from 'react';
import { ArmErrorText } from '@/components/shell/states';
import { toArmError } from '@/lib/azure/errors';
import { useVirtualNetwork } from '@/lib/networking/api/get-virtual-network';
import { useVirtualNetworks } from '@/lib/networking/api/list-virtual-networks';
import { isDelegatedToAci } from '@/lib/networking/model/checks/subnet';
import { nameOf, sameArmId } from '@/lib/azure/ids';
import type { NetworkChoice } from '@/lib/networking/model/layout';

const SELECT =
  'h-9 w-full rounded-md border border-slate-300 bg-white px-2 text-sm text-slate-900 disabled:opacity-60 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100';

function subnetNote(s: Subnet): string {
  const prefix = s.addressPrefix ?? s.addressPrefixes?.join(', ') ?? '';
  const delegated = (s.delegations ?? []).map((d) => d.serviceName).filter(Boolean);
  let note = prefix;
  if (isDelegatedToAci(s)) note += ' — delegated to container instances';
  else if (delegated.length) note += ` — delegated to ${delegated.join(', ')}`;
  else note += ' — not delegated';
  return note;
}

function Field({
  label,
  hint,
  children,
  id,
}: {
  label: string;
  hint?: string;
  children: React.ReactNode;
  id: string;
}) {
  return (
    <div className="flex flex-col gap-1 text-sm">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="text-xs text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

export function NetworkPickers({
  subscriptionId,
  location,
  choice,
  onChange,
  disabled,
}: {
  subscriptionId: string;
  location: string;
  choice: NetworkChoice;
  onChange: (choice: NetworkChoice) => void;
  disabled?: boolean;
}) {
  const base = useId();
  const vnets = useVirtualNetworks(subscriptionId, location);
  const vnet = useVirtualNetwork(choice.vnetId);
  const subnets: Subnet[] = [...(vnet.data?.subnets ?? [])].sort((a, b) =>
    (a.name ?? '').localeCompare(b.name ?? ''),
  );
  const vnetOptions: VirtualNetwork[] = [...(vnets.data ?? [])];
  if (choice.vnetId && !vnetOptions.some((v) => sameArmId(v.id, choice.vnetId))) {
    // The template's current VNet, even when it is not listed (another region, or not visible in the list).
    vnetOptions.unshift({
      id: choice.vnetId,
      name: nameOf(choice.vnetId),
      location: vnet.data?.location ?? '',
    });
  }
  const aciOptions = subnets.filter((s) => !sameArmId(s.id, choice.subnetId));
  const set = (patch: Partial<NetworkChoice>) => onChange({ ...choice, ...patch });

  return (
    <div className="grid gap-4 md:grid-cols-2">
      <Field
        id={`${base}-vnet`}
        label="Virtual network"
        hint={`Virtual networks in this subscription in ${location}.`}
      >
        <select
          id={`${base}-vnet`}
          className={SELECT}
          aria-describedby={`${base}-vnet-hint`}
          disabled={disabled || vnets.isPending}
          value={vnetOptions.find((v) => sameArmId(v.id, choice.vnetId))?.id ?? ''}
          onChange={(e) => {
            const next: NetworkChoice = { layout: choice.layout };
            if (e.target.value) next.vnetId = e.target.value;
            if (choice.proxyVmSize) next.proxyVmSize = choice.proxyVmSize;
            onChange(next);
          }}
        >
          <option value="">{vnets.isPending ? 'Loading…' : 'Choose a virtual network'}</option>
          {vnetOptions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.name} ({v.addressSpace?.addressPrefixes?.join(', ') ?? v.location})
            </option>
          ))}
        </select>
        {vnets.isError ? (
          <p role="alert" className="text-xs text-red-800 dark:text-red-300">
            <ArmErrorText error={toArmError(vnets.error)} />
          </p>
        ) : null}
        {vnets.isSuccess && vnetOptions.length === 0 ? (
          <p className="text-xs text-amber-800 dark:text-amber-300">
            You can see no virtual network in {location}.
          </p>
        ) : null}
      </Field>

      <Field
        id={`${base}-build`}
        label="Build subnet"
        hint="Where the build VM (and, in layout 2, the proxy VM) runs."
      >
        <select
          id={`${base}-build`}
          className={SELECT}
          aria-describedby={`${base}-build-hint`}
          disabled={disabled || !choice.vnetId || vnet.isPending}
          value={subnets.find((s) => sameArmId(s.id, choice.subnetId))?.id ?? ''}
          onChange={(e) => {
            const patch: Partial<NetworkChoice> = { subnetId: e.target.value || undefined };
            if (sameArmId(e.target.value, choice.containerInstanceSubnetId))
              patch.containerInstanceSubnetId = undefined;
            set(patch);
          }}
        >
          <option value="">{choice.vnetId && vnet.isPending ? 'Loading…' : 'Choose a subnet'}</option>
          {subnets.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({subnetNote(s)})
            </option>
          ))}
        </select>
        {vnet.isError ? (
          <p role="alert" className="text-xs text-red-800 dark:text-red-300">
            <ArmErrorText error={toArmError(vnet.error)} />
          </p>
        ) : null}
      </Field>

      {choice.layout === 'own-subnets' ? (
        <Field
          id={`${base}-aci`}
          label="Container instance subnet"
          hint="Another subnet of the same virtual network, delegated to Microsoft.ContainerInstance/containerGroups."
        >
          <select
            id={`${base}-aci`}
            className={SELECT}
            aria-describedby={`${base}-aci-hint`}
            disabled={disabled || !choice.vnetId || vnet.isPending}
            value={aciOptions.find((s) => sameArmId(s.id, choice.containerInstanceSubnetId))?.id ?? ''}
            onChange={(e) => set({ containerInstanceSubnetId: e.target.value || undefined })}
          >
            <option value="">Choose a subnet</option>
            {aciOptions.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({subnetNote(s)})
              </option>
            ))}
          </select>
        </Field>
      ) : null}

      {choice.layout === 'private-link' ? (
        <Field
          id={`${base}-proxy`}
          label="Proxy VM size (optional)"
          hint="Empty means Image Builder’s default, Standard_A1_v2."
        >
          <input
            id={`${base}-proxy`}
            className={SELECT}
            aria-describedby={`${base}-proxy-hint`}
            disabled={disabled}
            value={choice.proxyVmSize ?? ''}
            placeholder="Standard_A1_v2"
            onChange={(e) => set({ proxyVmSize: e.target.value.trim() || undefined })}
          />
        </Field>
      ) : null}
    </div>
  );
}
