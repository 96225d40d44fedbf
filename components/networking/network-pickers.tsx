'use client';
// "Virtual network", "Build subnet", "Container instance subnet" (and the optional proxy VM size): what
// the user can see in the template's subscription and region. The container instance list offers only
// other subnets of the same VNet and marks which are delegated.
import type { Subnet } from '@azure/arm-network';
import { useId } from 'react';
import { ArmErrorText } from '@/components/shell/states';
import { toArmError } from '@/lib/azure/errors';
import { isDelegatedToAci } from '@/lib/networking/model/checks/subnet';
import { sameArmId } from '@/lib/azure/ids';
import type { NetworkChoice } from '@/lib/networking/model/layout';
import { useNetworkOptions, type NetworkOptions } from './use-network-options';

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

interface PickerProps {
  id: string;
  choice: NetworkChoice;
  options: NetworkOptions;
  disabled: boolean | undefined;
}

function SubnetOptions({ subnets }: { subnets: Subnet[] }) {
  return subnets.map((s) => (
    <option key={s.id} value={s.id}>
      {s.name} ({subnetNote(s)})
    </option>
  ));
}

function VnetPicker({
  id,
  choice,
  options: { vnets, vnetOptions },
  disabled,
  location,
  onChange,
}: PickerProps & { location: string; onChange: (choice: NetworkChoice) => void }) {
  return (
    <Field id={id} label="Virtual network" hint={`Virtual networks in this subscription in ${location}.`}>
      <select
        id={id}
        className={SELECT}
        aria-describedby={`${id}-hint`}
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
  );
}

function BuildSubnetPicker({
  id,
  choice,
  options: { vnet, subnets },
  disabled,
  set,
}: PickerProps & { set: (patch: Partial<NetworkChoice>) => void }) {
  return (
    <Field id={id} label="Build subnet" hint="Where the build VM (and, in layout 2, the proxy VM) runs.">
      <select
        id={id}
        className={SELECT}
        aria-describedby={`${id}-hint`}
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
        <SubnetOptions subnets={subnets} />
      </select>
      {vnet.isError ? (
        <p role="alert" className="text-xs text-red-800 dark:text-red-300">
          <ArmErrorText error={toArmError(vnet.error)} />
        </p>
      ) : null}
    </Field>
  );
}

function AciSubnetPicker({
  id,
  choice,
  options: { vnet, aciOptions },
  disabled,
  set,
}: PickerProps & { set: (patch: Partial<NetworkChoice>) => void }) {
  return (
    <Field
      id={id}
      label="Container instance subnet"
      hint="Another subnet of the same virtual network, delegated to Microsoft.ContainerInstance/containerGroups."
    >
      <select
        id={id}
        className={SELECT}
        aria-describedby={`${id}-hint`}
        disabled={disabled || !choice.vnetId || vnet.isPending}
        value={aciOptions.find((s) => sameArmId(s.id, choice.containerInstanceSubnetId))?.id ?? ''}
        onChange={(e) => set({ containerInstanceSubnetId: e.target.value || undefined })}
      >
        <option value="">Choose a subnet</option>
        <SubnetOptions subnets={aciOptions} />
      </select>
    </Field>
  );
}

function ProxyVmSizeField({
  id,
  choice,
  disabled,
  set,
}: Omit<PickerProps, 'options'> & { set: (patch: Partial<NetworkChoice>) => void }) {
  return (
    <Field
      id={id}
      label="Proxy VM size (optional)"
      hint="Empty means Image Builder’s default, Standard_A1_v2."
    >
      <input
        id={id}
        className={SELECT}
        aria-describedby={`${id}-hint`}
        disabled={disabled}
        value={choice.proxyVmSize ?? ''}
        placeholder="Standard_A1_v2"
        onChange={(e) => set({ proxyVmSize: e.target.value.trim() || undefined })}
      />
    </Field>
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
  const options = useNetworkOptions(subscriptionId, location, choice);
  const set = (patch: Partial<NetworkChoice>) => onChange({ ...choice, ...patch });
  const common = { choice, options, disabled };

  return (
    <div className="grid gap-4 md:grid-cols-2">
      <VnetPicker id={`${base}-vnet`} {...common} location={location} onChange={onChange} />
      <BuildSubnetPicker id={`${base}-build`} {...common} set={set} />
      {choice.layout === 'own-subnets' ? <AciSubnetPicker id={`${base}-aci`} {...common} set={set} /> : null}
      {choice.layout === 'private-link' ? (
        <ProxyVmSizeField id={`${base}-proxy`} choice={choice} disabled={disabled} set={set} />
      ) : null}
    </div>
  );
}
