// Clean-up: everything the build made in the staging group goes, except the storage account (it keeps the
// logs). Packer removes the build VM first, then its NIC and disk; AIB then removes the container and the
// network. With errorHandling "abort" the build VM and the network stay for inspection.
import type { BuildRun, Created } from '../build-run.ts';

/** Deletion order: lower first. */
function rank(c: Created): number {
  if (c.type === 'Microsoft.Compute/virtualMachines' && c.buildVm) return 0;
  if (c.buildVm) return 1;
  if (c.type === 'Microsoft.ContainerInstance/containerGroups') return 2;
  if (c.type === 'Microsoft.Network/privateEndpoints') return 3;
  if (c.type === 'Microsoft.Network/privateLinkServices') return 4;
  return 5;
}

export async function cleanUp(run: BuildRun, keepBuildVm: boolean, signal?: AbortSignal): Promise<void> {
  run.log('==> azure-arm: Deleting individual resources ...');
  const order = [...run.created].reverse();
  order.sort((a, b) => rank(a) - rank(b));
  for (const c of order) {
    if (keepBuildVm && (c.buildVm || c.type.startsWith('Microsoft.Network/'))) continue;
    if (c.type === 'Microsoft.Network/networkInterfaces' && c.buildVm)
      run.log(`==> azure-arm:  -> NetworkInterface '${c.id.split('/').pop() ?? ''}'`);
    await run.remove(c, signal);
  }
  run.log('==> azure-arm: The resource group was not created by Packer, not deleting ...');
}
