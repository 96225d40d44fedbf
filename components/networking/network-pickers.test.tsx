// @vitest-environment jsdom
// The network pickers in a React tree with fake Azure answers: the user picks a virtual network, then a
// subnet, and the page receives the subnet's id; every subnet says whether (and to what) it is
// delegated. Azure is replaced where Kiln reaches it (lib/azure/clients for the VNet list, the thin GET
// of lib/azure/arm-get for one VNet), so the real queries and hooks run.
import type { Subnet, VirtualNetwork } from '@azure/arm-network';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NetworkChoice } from '@/lib/networking/model/layout';
import { NetworkPickers } from './network-pickers';

const SUB = '00000000-0000-0000-0000-000000000002';
const VNET = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/build-vnet`;
const OTHER_VNET = `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/other-vnet`;
const subnetId = (name: string) => `${VNET}/subnets/${name}`;

const subnets: Subnet[] = [
  { id: subnetId('build'), name: 'build', addressPrefix: '10.0.1.0/24' },
  {
    id: subnetId('aci'),
    name: 'aci',
    addressPrefix: '10.0.2.0/24',
    delegations: [{ name: 'aci', serviceName: 'Microsoft.ContainerInstance/containerGroups' }],
  },
  {
    id: subnetId('web'),
    name: 'web',
    addressPrefix: '10.0.3.0/24',
    delegations: [{ name: 'web', serviceName: 'Microsoft.Web/serverFarms' }],
  },
];
const vnets: VirtualNetwork[] = [
  { id: VNET, name: 'build-vnet', location: 'eastus', addressSpace: { addressPrefixes: ['10.0.0.0/16'] } },
  {
    id: OTHER_VNET,
    name: 'other-vnet',
    location: 'eastus',
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
  },
  // Another region: not offered.
  {
    id: `/subscriptions/${SUB}/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/west`,
    name: 'west',
    location: 'westus',
  },
];

async function* listed<T>(items: T[]): AsyncIterable<T> {
  for (const item of items) yield await Promise.resolve(item);
}

vi.mock('@/lib/azure/clients', () => ({
  networkClient: () => Promise.resolve({ virtualNetworks: { listAll: () => listed(vnets) } }),
}));
vi.mock('@/lib/azure/arm-get', () => ({
  armGet: (path: string) =>
    path.toLowerCase() === VNET.toLowerCase()
      ? Promise.resolve({ ...vnets[0], subnets })
      : Promise.resolve({ id: path, name: path.split('/').at(-1), location: 'eastus', subnets: [] }),
}));

afterEach(() => {
  cleanup();
});

/** The page's side: holds the choice, as the build network section does, and reports each change. */
function Harness({ initial, onChange }: { initial: NetworkChoice; onChange: (c: NetworkChoice) => void }) {
  const [choice, setChoice] = useState(initial);
  return (
    <NetworkPickers
      subscriptionId={SUB}
      location="eastus"
      choice={choice}
      onChange={(c) => {
        setChoice(c);
        onChange(c);
      }}
    />
  );
}

function renderPickers(initial: NetworkChoice) {
  const onChange = vi.fn<(c: NetworkChoice) => void>();
  const qc = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={qc}>
      <Harness initial={initial} onChange={onChange} />
    </QueryClientProvider>,
  );
  return { onChange };
}

function disabled(el: HTMLElement): boolean {
  return (el as HTMLSelectElement).disabled;
}

/** The options of a select, as the user reads them. */
function optionTexts(select: HTMLElement): string[] {
  return within(select)
    .getAllByRole('option')
    .map((o) => o.textContent ?? '');
}

describe('NetworkPickers', () => {
  it('picking a virtual network, then a subnet, hands the page the subnet id', async () => {
    const { onChange } = renderPickers({ layout: 'private-link' });
    const vnetSelect = screen.getByRole('combobox', { name: 'Virtual network' });
    await waitFor(() => expect(disabled(vnetSelect)).toBe(false));
    expect(optionTexts(vnetSelect)).toEqual([
      'Choose a virtual network',
      'build-vnet (10.0.0.0/16)',
      'other-vnet (10.1.0.0/16)',
    ]);
    const subnetSelect = screen.getByRole('combobox', { name: 'Build subnet' });
    expect(disabled(subnetSelect)).toBe(true);

    fireEvent.change(vnetSelect, { target: { value: VNET } });
    expect(onChange).toHaveBeenLastCalledWith({ layout: 'private-link', vnetId: VNET });
    await waitFor(() => expect(disabled(subnetSelect)).toBe(false));

    fireEvent.change(subnetSelect, { target: { value: subnetId('build') } });
    expect(onChange).toHaveBeenLastCalledWith({
      layout: 'private-link',
      vnetId: VNET,
      subnetId: subnetId('build'),
    });
    expect((subnetSelect as HTMLSelectElement).value).toBe(subnetId('build'));
  });

  it('marks each subnet delegated to container instances, to something else, or not delegated', async () => {
    renderPickers({ layout: 'own-subnets', vnetId: VNET, subnetId: subnetId('build') });
    const build = screen.getByRole('combobox', { name: 'Build subnet' });
    await waitFor(() => expect(disabled(build)).toBe(false));
    expect(optionTexts(build)).toEqual([
      'Choose a subnet',
      'aci (10.0.2.0/24 — delegated to container instances)',
      'build (10.0.1.0/24 — not delegated)',
      'web (10.0.3.0/24 — delegated to Microsoft.Web/serverFarms)',
    ]);
    // The container instance subnet: every other subnet of the VNet, the build subnet left out.
    const aci = screen.getByRole('combobox', { name: 'Container instance subnet' });
    expect(optionTexts(aci)).toEqual([
      'Choose a subnet',
      'aci (10.0.2.0/24 — delegated to container instances)',
      'web (10.0.3.0/24 — delegated to Microsoft.Web/serverFarms)',
    ]);
  });
});
