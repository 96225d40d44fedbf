// Building, part three: the container group that runs AIB's code and Packer, then Packer's build VM (NIC,
// OS disk, VM), then Packer connecting to it over SSH (22) or WinRM over HTTPS (5986) — which fails, after
// Packer's timeout, when NSG rules block the container's (or the proxy's) path to the VM.
import type { ArmResource } from '../../core/types.ts';
import { isRec, type Rec } from '../../core/rec.ts';
import { ACI_DELEGATION_SERVICE, networkInterface } from '../../shapes/network.ts';
import { containerGroup } from '../../shapes/containerinstance.ts';
import { disk, virtualMachine, type ImageReference, type OsType as ShapeOs } from '../../shapes/compute.ts';
import { DURATIONS, type Layout, type OsType } from '../plan.ts';
import { addressIn, hasOutbound, isDelegatedTo, subnetAllows, subnetPrefixes } from '../network.ts';
import * as M from '../messages.ts';
import { packerLines } from '../logs.ts';
import { BuildFailure, CONTAINER_NAME, type BuildRun } from '../build-run.ts';
import type { Provisioned } from './provision.ts';
import { linkNicToVm, type BuildSubnets } from './staging-network.ts';

export function setContainerState(run: BuildRun, state: 'Running' | 'Terminated'): void {
  if (!run.containerId) return;
  const cg = run.deps.world.get(run.containerId);
  const props = isRec(cg?.properties) ? cg.properties : undefined;
  if (!cg || !props || !Array.isArray(props.containers)) return;
  const now = run.deps.clock.now().toISOString();
  for (const c of props.containers) {
    if (!isRec(c) || !isRec(c.properties)) continue;
    const iv = isRec(c.properties.instanceView) ? c.properties.instanceView : {};
    const cur = isRec(iv.currentState) ? iv.currentState : {};
    c.properties.instanceView = {
      ...iv,
      currentState:
        state === 'Running'
          ? { state: 'Running', startTime: now, detailStatus: '' }
          : {
              state: 'Terminated',
              startTime: cur.startTime ?? now,
              finishTime: now,
              exitCode: 0,
              detailStatus: 'Completed',
            },
    };
  }
  props.instanceView = { events: [], state: state === 'Running' ? 'Running' : 'Succeeded' };
  run.deps.world.put(cg);
}

/** In layout 3 the container fails when the user's subnet lacks the ACI delegation or outbound access. */
function containerFailure(run: BuildRun, p: Provisioned, net: BuildSubnets): BuildFailure | undefined {
  const sub = net.aciSubnet;
  if (p.layout !== 3 || !sub) return undefined;
  const name = run.names.container;
  if (!isDelegatedTo(sub, ACI_DELEGATION_SERVICE))
    return new BuildFailure('SubnetMissingRequiredDelegation', M.deploymentFailed(M.missingDelegation(name)));
  if (!hasOutbound(run.deps.world, sub))
    return new BuildFailure('InaccessibleImage', M.deploymentFailed(M.noOutboundAci(name, net.aciSubnetId)));
  return undefined;
}

async function packerContainer(run: BuildRun, p: Provisioned, net: BuildSubnets): Promise<void> {
  const cg = containerGroup({
    ...run.placement(run.names.container),
    containers: [
      {
        name: CONTAINER_NAME,
        image: 'mcr.microsoft.com/azurevmimagebuilder/packerizer:latest',
        cpu: 4,
        memoryInGB: 16,
        state: 'Waiting',
        detailStatus: 'ContainerCreating',
      },
    ],
    subnetIds: [net.aciSubnetId],
    privateIPAddress: addressIn(net.aciSubnet, 0),
    restartPolicy: 'Never',
    provisioningState: 'Succeeded',
  });
  const fail = containerFailure(run, p, net);
  await run.create(cg, DURATIONS.containerGroup, { transient: 'Creating', ...(fail ? { fail } : {}) });
  run.containerId = cg.id;
  setContainerState(run, 'Running');
}

function vmSizing(props: Rec, os: OsType): { vmSize: string; diskSize: number } {
  const vmProfile = isRec(props.vmProfile) ? props.vmProfile : {};
  const vmSize =
    typeof vmProfile.vmSize === 'string' && vmProfile.vmSize
      ? vmProfile.vmSize
      : os === 'Windows'
        ? 'Standard_D2ds_v4'
        : 'Standard_D1_v2';
  const diskSize =
    typeof vmProfile.osDiskSizeGB === 'number' && vmProfile.osDiskSizeGB > 0
      ? vmProfile.osDiskSizeGB
      : os === 'Windows'
        ? 127
        : 30;
  return { vmSize, diskSize };
}

function imageReferenceOf(props: Rec): ImageReference {
  const src = isRec(props.source) ? props.source : {};
  return src.type === 'PlatformImage'
    ? {
        publisher: String(src.publisher),
        offer: String(src.offer),
        sku: String(src.sku),
        version: String(src.version),
      }
    : { id: String(src.imageId ?? src.imageVersionId ?? '') };
}

/** Packer's build VM: NIC, OS disk, VM (the "build VM group" kept on abort). Returns the VM's id. */
async function packerVm(run: BuildRun, p: Provisioned, net: BuildSubnets): Promise<string> {
  const { names, os } = run;
  const nic = networkInterface({
    ...run.placement(names.nic),
    ipConfigurations: [
      { name: 'ipconfig', subnetId: net.vmSubnetId, privateIPAddress: addressIn(net.vmSubnet, 1) },
    ],
  });
  await run.create(nic, DURATIONS.nic, { buildVm: true });
  const { vmSize, diskSize } = vmSizing(p.props, os);
  const vmId = `${nic.id.split('/providers/')[0] ?? ''}/providers/Microsoft.Compute/virtualMachines/${names.vm}`;
  const osDisk = disk({
    ...run.placement(names.osDisk),
    osType: os as ShapeOs,
    diskSizeGB: diskSize,
    managedBy: vmId,
  });
  await run.create(osDisk, 20, { buildVm: true });
  const vm = virtualMachine({
    ...run.placement(names.vm),
    vmSize,
    osType: os as ShapeOs,
    osDiskName: names.osDisk,
    osDiskId: osDisk.id,
    osDiskSizeGB: diskSize,
    networkInterfaceIds: [nic.id],
    imageReference: imageReferenceOf(p.props),
  });
  await run.create(vm, DURATIONS.vm[os], { buildVm: true });
  linkNicToVm(run, nic.id, vm.id);
  return vm.id;
}

/** True when the container (or the proxy) cannot reach the build VM: NSG evaluation of the real flows. */
function connectivityProblem(
  run: BuildRun,
  layout: Layout,
  vmSubnet: ArmResource | undefined,
  aciSubnet: ArmResource | undefined,
): boolean {
  const world = run.deps.world;
  if (layout === 1 || !vmSubnet) return false;
  const port = run.os === 'Windows' ? 5986 : 22;
  const vmPrefixes = subnetPrefixes(vmSubnet);
  const tcpTo = (prefixes: string[], p: number) => ({
    destination: { prefixes },
    port: p,
    protocol: 'Tcp' as const,
  });
  if (layout === 2) {
    const lbPort = run.os === 'Windows' ? 60000 : 60001;
    const probe = subnetAllows(world, vmSubnet, {
      direction: 'Inbound',
      source: { tag: 'AzureLoadBalancer' },
      ...tcpTo(vmPrefixes, lbPort),
    });
    if (probe.access === 'Deny') return true;
    const proxyToVm = subnetAllows(world, vmSubnet, {
      direction: 'Inbound',
      source: { prefixes: vmPrefixes },
      ...tcpTo(vmPrefixes, port),
    });
    return proxyToVm.access === 'Deny';
  }
  if (!aciSubnet) return false;
  const aciPrefixes = subnetPrefixes(aciSubnet);
  const flow = { source: { prefixes: aciPrefixes }, ...tcpTo(vmPrefixes, port) };
  const out = subnetAllows(world, aciSubnet, { direction: 'Outbound', ...flow });
  const inb = subnetAllows(world, vmSubnet, { direction: 'Inbound', ...flow });
  return out.access === 'Deny' || inb.access === 'Deny';
}

/** Packer connects to the build VM, or times out (a Packer failure) when the NSGs block it. */
async function connect(run: BuildRun, p: Provisioned, net: BuildSubnets): Promise<void> {
  const { os } = run;
  run.logAll(packerLines.connectWait(os));
  if (connectivityProblem(run, p.layout, net.vmSubnet, net.aciSubnet)) {
    await run.sleep(DURATIONS.connectTimeout[os]);
    run.logAll(packerLines.connectTimeout(os, addressIn(net.vmSubnet, 1)), true);
    throw run.failPacker();
  }
  await run.sleep(DURATIONS.connect[os]);
  run.logAll(packerLines.connected(os));
}

/** The container, the build VM and the connection to it. Returns the build VM's id. */
export async function buildVm(run: BuildRun, p: Provisioned, net: BuildSubnets): Promise<string> {
  await packerContainer(run, p, net);
  run.logAll(packerLines.start(run.names, run.staging, run.template(), run.os));
  const vmId = await packerVm(run, p, net);
  await connect(run, p, net);
  return vmId;
}
