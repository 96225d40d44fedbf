// One build of one template: a state machine over the scaled clock (aib-facts §3.1, §4). The staging
// resource group fills with the resources of the template's networking layout, each passing through its
// provisioning states; lastRunStatus walks Queued → Building → Customizing → (Optimizing) → (Validating) →
// Distributing; the container log and packerlogs/<run>/customization.log grow line by line; failures
// come from the world (subnets, NSGs, permissions, scripts, timeouts); everything but the storage
// account is cleaned up at the end.
import type { ArmResource, ProviderDeps } from '../core/types.ts';
import { parseId } from '../core/ids.ts';
import {
  ACI_DELEGATION_SERVICE,
  containerGroup,
  disk,
  galleryImageVersion,
  image,
  loadBalancer,
  networkInterface,
  networkSecurityGroup,
  privateEndpoint,
  privateLinkService,
  virtualMachine,
  virtualNetwork,
  type OsType as ShapeOs,
} from '../shapes/index.ts';
import { principalCan } from '../auth/rbac.ts';
import { AIB_SERVICE_CALLER } from '../world/identities.ts';
import { buildNames, guid, type BuildNames, type Rand } from '../providers/imagebuilder/naming.ts';
import {
  DURATIONS,
  errorHandling,
  layoutOf,
  optimizeConfigured,
  osOf,
  planCustomizers,
  planValidators,
  timeoutSeconds,
  validateConfigured,
  type Layout,
  type OsType,
  type StepPlan,
} from './plan.ts';
import {
  addressIn,
  findSubnet,
  hasOutbound,
  isDelegatedTo,
  plsPoliciesEnabled,
  subnetAllows,
  subnetPrefixes,
} from './network.ts';
import * as M from './messages.ts';
import { ensureStaging, templateIdentity, type Staging } from './staging.ts';
import { appendContainerLog, clearContainerLogs } from '../providers/containerinstance.ts';
import { packerLines } from './logs.ts';
import { isRec, type Rec } from '../core/rec.ts';

export const CONTAINER_NAME = 'packerizer';
/** Azure seconds between cancel and the start of cleanup. */
export const CANCEL_SECONDS = 60;
export const NEVER = '0001-01-01T00:00:00Z';
const JOIN = 'Microsoft.Network/virtualNetworks/subnets/join/action';

export type RunState = 'Running' | 'Canceling' | 'Succeeded' | 'PartiallySucceeded' | 'Failed' | 'Canceled';
export type Phase = 'Queued' | 'Building' | 'Customizing' | 'Optimizing' | 'Validating' | 'Distributing';

/** How a build failed: the lastRunStatus message and the run LRO's error. */
export class BuildFailure extends Error {
  constructor(
    readonly code: string,
    readonly statusMessage: string,
    readonly lroMessage: string = statusMessage,
    /** Keep the build VM and its network (errorHandling abort). */
    readonly keep = false,
  ) {
    super(statusMessage);
  }
}

export class Stop extends Error {}

export interface BuildHost {
  deps: ProviderDeps;
  rand: Rand;
  /** Resolves when no hold applies to (template, phase). */
  waitForHold(templateId: string, phase: Phase | 'Canceling', signal: AbortSignal): Promise<void>;
}

interface Created {
  id: string;
  type: string;
  /** Part of the build VM group (kept on abort). */
  buildVm: boolean;
}

export class Build {
  readonly controller = new AbortController();
  /** Aborted only by stop() (reset): ends even the cleanup after a cancel or a failure, without touching the world. */
  private readonly stopper = new AbortController();
  readonly runGuid: string;
  private elapsed = 0;
  private readonly created: Created[] = [];
  private logQueue: Promise<void> = Promise.resolve();
  private staging: Staging | undefined;
  private names!: BuildNames;
  private os: OsType = 'Linux';
  private containerId: string | undefined;
  private canceled = false;
  private current: Phase = 'Queued';
  private identity: { id: string; principalId: string; clientId: string } | undefined;
  readonly done: Promise<void>;
  private resolveDone!: () => void;

  constructor(
    private readonly host: BuildHost,
    readonly templateId: string,
    readonly operationId: string,
    private readonly caller: string,
  ) {
    this.runGuid = guid(host.rand);
    this.done = new Promise((r) => (this.resolveDone = r));
  }

  private get deps(): ProviderDeps {
    return this.host.deps;
  }

  private template(): ArmResource {
    const t = this.deps.world.get(this.templateId);
    if (!t) throw new Stop('template gone');
    return t;
  }

  private props(): Rec {
    const p = this.template().properties;
    return isRec(p) ? p : {};
  }

  private setStatus(s: { runState: RunState; runSubState?: Phase; message?: string; end?: boolean }): void {
    if (this.stopper.signal.aborted) return;
    const t = this.deps.world.get(this.templateId);
    if (!t || !isRec(t.properties)) return;
    const prev = isRec(t.properties.lastRunStatus) ? t.properties.lastRunStatus : {};
    t.properties.lastRunStatus = {
      startTime: prev.startTime ?? this.deps.clock.now().toISOString(),
      endTime: s.end ? this.deps.clock.now().toISOString() : NEVER,
      runState: s.runState,
      ...(s.runSubState ? { runSubState: s.runSubState } : {}),
      message: s.message ?? '',
    };
    this.deps.world.put(t);
  }

  /** Canceling, as the cancel call sets it (no runSubState). */
  markCanceling(): void {
    this.canceled = true;
    this.setStatus({ runState: 'Canceling', message: 'Canceling image build' });
    this.controller.abort(new Stop('cancel'));
  }

  stop(): void {
    this.stopper.abort(new Stop('stop'));
    this.controller.abort(new Stop('stop'));
  }

  private async sleep(azureSeconds: number): Promise<void> {
    const limit = timeoutSeconds(this.props());
    if (this.elapsed + azureSeconds > limit) {
      const rest = Math.max(0, limit - this.elapsed);
      await this.deps.clock.sleep(rest * 1000, this.controller.signal);
      this.elapsed = limit;
      this.log('==> azure-arm: Build was cancelled: context deadline exceeded', true);
      throw new BuildFailure('BuildTimeout', M.TIMEOUT_MESSAGE);
    }
    await this.deps.clock.sleep(azureSeconds * 1000, this.controller.signal);
    this.elapsed += azureSeconds;
  }

  private async phase(p: Phase): Promise<void> {
    if (this.controller.signal.aborted) throw this.controller.signal.reason;
    this.current = p;
    this.setStatus({ runState: 'Running', runSubState: p });
    await this.host.waitForHold(this.templateId, p, this.controller.signal);
  }

  // ---------------------------------------------------------------------------------------------
  // Logs

  private logUrl(): string {
    return this.staging?.account
      ? `${this.deps.blobs.endpointFor(this.staging.account)}packerlogs/${this.runGuid}/customization.log`
      : '';
  }

  private armLogPath(): string {
    return this.staging?.account
      ? `${this.staging.id}/providers/Microsoft.Storage/storageAccounts/${this.staging.account}/blobServices/default/containers/packerlogs/${this.runGuid}/customization.log`
      : '';
  }

  log(text: string, err = false, file: 'customization.log' | 'validation.log' = 'customization.log'): void {
    const line = `[${this.operationId.toLowerCase()}] PACKER ${err ? 'ERR' : 'OUT'} ${text}\n`;
    if (this.containerId) appendContainerLog(this.containerId, CONTAINER_NAME, line);
    const account = this.staging?.account;
    if (!account) return;
    const path = `${this.runGuid}/${file}`;
    this.logQueue = this.logQueue
      .then(() => this.deps.blobs.append(account, 'packerlogs', path, line))
      .catch(() => undefined);
  }

  private logAll(lines: string[], err = false): void {
    for (const l of lines) this.log(l, err);
  }

  // ---------------------------------------------------------------------------------------------
  // Staging resources

  private record(
    operation: string,
    id: string,
    status: 'Started' | 'Succeeded' | 'Failed',
    body?: ArmResource,
  ): void {
    this.deps.activity.record({
      operationName: operation,
      resourceId: id,
      caller: AIB_SERVICE_CALLER,
      status,
      correlationId: this.operationId.toLowerCase(),
      // As Azure often records it: the resource as written, so a past build can be replayed with its links.
      ...(body ? { properties: { responseBody: JSON.stringify(body) } } : {}),
    });
  }

  private placement(name: string): {
    subscriptionId: string;
    resourceGroup: string;
    name: string;
    location: string;
    tags?: Record<string, string>;
  } {
    const t = this.template();
    const p = this.props();
    const tags = isRec(p.managedResourceTags) ? (p.managedResourceTags as Record<string, string>) : undefined;
    return {
      subscriptionId: this.staging?.subscriptionId ?? '',
      resourceGroup: this.staging?.name ?? '',
      name,
      location: t.location ?? 'westus',
      ...(tags && Object.keys(tags).length ? { tags } : {}),
    };
  }

  /** Puts a resource in its transient state, waits, then Succeeded (or the given failure). */
  private async create(
    r: ArmResource,
    seconds: number,
    opts: { buildVm?: boolean; transient?: string; fail?: BuildFailure } = {},
  ): Promise<void> {
    const finalState = isRec(r.properties) ? r.properties.provisioningState : undefined;
    const transient = opts.transient ?? (r.type.startsWith('Microsoft.Network/') ? 'Updating' : 'Creating');
    if (isRec(r.properties)) r.properties.provisioningState = transient;
    this.record(`${r.type}/write`, r.id, 'Started');
    this.deps.world.put(r);
    this.created.push({ id: r.id, type: r.type, buildVm: !!opts.buildVm });
    await this.sleep(seconds);
    const cur = this.deps.world.get(r.id);
    if (opts.fail) {
      if (cur && isRec(cur.properties)) {
        cur.properties.provisioningState = 'Failed';
        this.deps.world.put(cur);
      }
      this.record(`${r.type}/write`, r.id, 'Failed');
      throw opts.fail;
    }
    if (cur && isRec(cur.properties)) {
      cur.properties.provisioningState = finalState ?? 'Succeeded';
      this.deps.world.put(cur);
    }
    this.record(`${r.type}/write`, r.id, 'Succeeded', cur ?? r);
  }

  private async remove(c: Created, signal?: AbortSignal): Promise<void> {
    const cur = this.deps.world.get(c.id);
    if (!cur) return;
    if (isRec(cur.properties)) {
      cur.properties.provisioningState = 'Deleting';
      this.deps.world.put(cur);
    }
    this.record(`${c.type}/delete`, c.id, 'Started');
    const secs =
      c.type === 'Microsoft.Compute/virtualMachines' ? DURATIONS.deleteVm : DURATIONS.deleteResource;
    await this.deps.clock.sleep(secs * 1000, signal);
    this.deps.world.delete(c.id);
    if (c.type === 'Microsoft.ContainerInstance/containerGroups') {
      clearContainerLogs(c.id);
      this.containerId = undefined;
    }
    this.record(`${c.type}/delete`, c.id, 'Succeeded');
  }

  private async cleanup(keepBuildVm: boolean, signal?: AbortSignal): Promise<void> {
    this.log('==> azure-arm: Deleting individual resources ...');
    const order = [...this.created].reverse();
    // Packer removes the build VM first, then its NIC and disk; AIB then removes the container and the network.
    const rank = (c: Created): number =>
      c.type === 'Microsoft.Compute/virtualMachines' && c.buildVm
        ? 0
        : c.buildVm
          ? 1
          : c.type === 'Microsoft.ContainerInstance/containerGroups'
            ? 2
            : c.type === 'Microsoft.Network/privateEndpoints'
              ? 3
              : c.type === 'Microsoft.Network/privateLinkServices'
                ? 4
                : 5;
    order.sort((a, b) => rank(a) - rank(b));
    for (const c of order) {
      if (keepBuildVm && (c.buildVm || c.type.startsWith('Microsoft.Network/'))) continue;
      if (c.type === 'Microsoft.Network/networkInterfaces' && c.buildVm)
        this.log(`==> azure-arm:  -> NetworkInterface '${c.id.split('/').pop() ?? ''}'`);
      await this.remove(c, signal);
    }
    this.log('==> azure-arm: The resource group was not created by Packer, not deleting ...');
  }

  // ---------------------------------------------------------------------------------------------
  // The run

  async run(): Promise<{
    status: 'Succeeded' | 'Failed' | 'Canceled';
    error?: { code: string; message: string };
  }> {
    try {
      return await this.runInner();
    } finally {
      await this.logQueue;
      this.resolveDone();
    }
  }

  private async runInner(): Promise<{
    status: 'Succeeded' | 'Failed' | 'Canceled';
    error?: { code: string; message: string };
  }> {
    let keep = false;
    try {
      await this.steps();
    } catch (e) {
      const reason = this.controller.signal.reason as unknown;
      if (e instanceof Stop || (this.controller.signal.aborted && reason instanceof Stop)) {
        const why = reason instanceof Stop ? reason.message : e instanceof Stop ? e.message : 'stop';
        if (why !== 'cancel') return { status: 'Canceled' };
        // AIB takes a while to stop the build before it cleans up.
        try {
          // A hold on `Canceling` keeps the build stuck in Canceling (a known AIB failure mode) until released.
          await this.host.waitForHold(this.templateId, 'Canceling', this.stopper.signal);
          await this.deps.clock.sleep(CANCEL_SECONDS * 1000, this.stopper.signal);
          await this.cleanup(false, this.stopper.signal);
        } catch {
          if (this.stopper.signal.aborted) return { status: 'Canceled' };
        }
        await this.logQueue;
        this.setStatus({ runState: 'Canceled', message: '', end: true });
        return { status: 'Canceled' };
      }
      const f =
        e instanceof BuildFailure
          ? e
          : new BuildFailure(
              'InternalOperationError',
              'Internal error occurred. This is a generic error. To identify possible causes, go to https://aka.ms/azvmimagebuilderts.',
            );
      keep = f.keep;
      this.log(`Build 'azure-arm' errored: ${f.statusMessage}`, true);
      try {
        // A failure mid-way still cleans up (quickly, at the current speed).
        await this.cleanup(keep, this.stopper.signal);
      } catch {
        // world changed under us (template deleted); nothing to clean
      }
      if (this.canceled) return { status: 'Canceled' };
      // The log is complete before the status says the build ended.
      await this.logQueue;
      this.setStatus({ runState: 'Failed', runSubState: this.current, message: f.statusMessage, end: true });
      return { status: 'Failed', error: { code: f.code, message: f.lroMessage } };
    }
    await this.logQueue;
    this.setStatus({ runState: 'Succeeded', message: '', end: true });
    return { status: 'Succeeded' };
  }

  private failPacker(keep = false): BuildFailure {
    return new BuildFailure(
      'PackerBuildFailed',
      M.packerFailedMessage(this.logUrl(), this.operationId.toLowerCase()),
      M.packerFailedLroMessage(this.armLogPath(), this.operationId.toLowerCase()),
      keep,
    );
  }

  private async steps(): Promise<void> {
    const deps = this.deps;
    const world = deps.world;
    const t0 = this.template();
    const props0 = this.props();
    // Queued
    await this.phase('Queued');
    await this.sleep(DURATIONS.queued);

    // Building
    await this.phase('Building');
    this.staging = ensureStaging(deps, this.template(), this.host.rand);
    this.recordStaging(this.staging.id);
    const props = this.props();
    const { layout, subnetId, aciSubnetId, proxyVmSize } = layoutOf(props);
    const sourceOs = this.sourceOs(props);
    this.os = osOf(props, sourceOs);
    this.names = buildNames(this.host.rand, this.os === 'Windows', deps.clock.now());
    const ident = templateIdentity(world, t0);
    if (!ident) throw new BuildFailure('InvalidIdentity', M.IDENTITY_UNUSABLE);
    this.identity = ident;
    await this.sleep(DURATIONS.stagingPrep);
    // A managed image or gallery source must be readable by the template identity.
    const srcP = isRec(props.source) ? props.source : {};
    const srcId =
      typeof srcP.imageId === 'string'
        ? srcP.imageId
        : typeof srcP.imageVersionId === 'string'
          ? srcP.imageVersionId
          : '';
    if (srcId) {
      const action =
        srcP.type === 'ManagedImage'
          ? 'Microsoft.Compute/images/read'
          : 'Microsoft.Compute/galleries/images/versions/read';
      this.requirePermission(action, srcId, 'compute.ImagesClient#Get');
      if (!world.get(srcId) && !/\/versions\/latest$/i.test(srcId))
        throw new BuildFailure(
          'ResourceNotFound',
          M.deploymentFailed(
            `Status=404 Code="ResourceNotFound" Message="The Resource '${srcId.split('/providers/')[1] ?? srcId}' under resource group '${parseId(srcId).resourceGroup ?? ''}' was not found."`,
          ),
        );
    }

    const buildSubnet = subnetId ? findSubnet(world, subnetId) : undefined;
    const aciSubnetUser = aciSubnetId ? findSubnet(world, aciSubnetId) : undefined;
    if (subnetId && !buildSubnet)
      throw new BuildFailure('ResourceNotFound', M.deploymentFailed(M.subnetNotFound(subnetId)));
    if (aciSubnetId && !aciSubnetUser)
      throw new BuildFailure('ResourceNotFound', M.deploymentFailed(M.subnetNotFound(aciSubnetId)));
    for (const s of [aciSubnetId, subnetId]) {
      if (s && !principalCan(world, ident.principalId, JOIN, s))
        throw new BuildFailure('Unauthorized', M.notAuthorized(s));
    }

    // Network resources per layout
    let vmSubnetId = subnetId ?? '';
    let aciSubnet = aciSubnetId ?? '';
    let vmSubnetRes = buildSubnet;
    let aciSubnetRes = aciSubnetUser;
    if (layout === 1 || layout === 2) {
      const nsgAci = networkSecurityGroup({ ...this.placement(this.names.aciNsg) });
      const second = layout === 1 ? this.names.vmNsg : `${this.names.aciNsg.replace('aci', 'pe')}`;
      const nsgVm = networkSecurityGroup({ ...this.placement(second) });
      await this.create(nsgAci, DURATIONS.nsg);
      await this.create(nsgVm, DURATIONS.nsg);
      const vnet = virtualNetwork({
        ...this.placement(this.names.vnet),
        addressPrefixes: ['10.0.0.0/16'],
        subnets: [
          {
            name: this.names.aciSubnet,
            addressPrefix: '10.0.1.0/24',
            networkSecurityGroupId: nsgAci.id,
            delegations: [ACI_DELEGATION_SERVICE],
          },
          {
            name: layout === 1 ? this.names.vmSubnet : this.names.peSubnet,
            addressPrefix: '10.0.2.0/24',
            networkSecurityGroupId: nsgVm.id,
            ...(layout === 2 ? { privateLinkServiceNetworkPolicies: 'Disabled' as const } : {}),
          },
        ],
      });
      await this.create(vnet, DURATIONS.vnet);
      const subs = (vnet.properties?.subnets ?? []) as ArmResource[];
      aciSubnetRes = subs[0];
      aciSubnet = subs[0]?.id ?? '';
      if (layout === 1) {
        vmSubnetRes = subs[1];
        vmSubnetId = subs[1]?.id ?? '';
      } else await this.privateLinkPath(subs[1], proxyVmSize);
    }

    // The container that runs AIB's code and Packer
    const cgPlacement = this.placement(this.names.container);
    const cg = containerGroup({
      ...cgPlacement,
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
      subnetIds: [aciSubnet],
      privateIPAddress: addressIn(aciSubnetRes, 0),
      restartPolicy: 'Never',
      provisioningState: 'Succeeded',
    });
    let cgFail: BuildFailure | undefined;
    if (layout === 3 && aciSubnetRes && !isDelegatedTo(aciSubnetRes, ACI_DELEGATION_SERVICE))
      cgFail = new BuildFailure(
        'SubnetMissingRequiredDelegation',
        M.deploymentFailed(M.missingDelegation(this.names.container)),
      );
    else if (layout === 3 && aciSubnetRes && !hasOutbound(world, aciSubnetRes))
      cgFail = new BuildFailure(
        'InaccessibleImage',
        M.deploymentFailed(M.noOutboundAci(this.names.container, aciSubnet)),
      );
    await this.create(cg, DURATIONS.containerGroup, {
      transient: 'Creating',
      ...(cgFail ? { fail: cgFail } : {}),
    });
    this.containerId = cg.id;
    this.setContainerState('Running');

    // Packer: the build VM
    this.logAll(packerLines.start(this.names, this.staging, this.template(), this.os));
    const nic = networkInterface({
      ...this.placement(this.names.nic),
      ipConfigurations: [
        { name: 'ipconfig', subnetId: vmSubnetId, privateIPAddress: addressIn(vmSubnetRes, 1) },
      ],
    });
    await this.create(nic, DURATIONS.nic, { buildVm: true });
    const vmProfile = isRec(props.vmProfile) ? props.vmProfile : {};
    const vmSize =
      typeof vmProfile.vmSize === 'string' && vmProfile.vmSize
        ? vmProfile.vmSize
        : this.os === 'Windows'
          ? 'Standard_D2ds_v4'
          : 'Standard_D1_v2';
    const diskSize =
      typeof vmProfile.osDiskSizeGB === 'number' && vmProfile.osDiskSizeGB > 0
        ? vmProfile.osDiskSizeGB
        : this.os === 'Windows'
          ? 127
          : 30;
    const vmId = `${nic.id.split('/providers/')[0] ?? ''}/providers/Microsoft.Compute/virtualMachines/${this.names.vm}`;
    const osDisk = disk({
      ...this.placement(this.names.osDisk),
      osType: this.os as ShapeOs,
      diskSizeGB: diskSize,
      managedBy: vmId,
    });
    await this.create(osDisk, 20, { buildVm: true });
    const src = isRec(props.source) ? props.source : {};
    const vm = virtualMachine({
      ...this.placement(this.names.vm),
      vmSize,
      osType: this.os as ShapeOs,
      osDiskName: this.names.osDisk,
      osDiskId: osDisk.id,
      osDiskSizeGB: diskSize,
      networkInterfaceIds: [nic.id],
      ...(src.type === 'PlatformImage'
        ? {
            imageReference: {
              publisher: String(src.publisher),
              offer: String(src.offer),
              sku: String(src.sku),
              version: String(src.version),
            },
          }
        : { imageReference: { id: String(src.imageId ?? src.imageVersionId ?? '') } }),
    });
    await this.create(vm, DURATIONS.vm[this.os], { buildVm: true });
    this.linkNicToVm(nic.id, vm.id);

    // Connect: SSH (22) / WinRM over HTTPS (5986)
    this.logAll(packerLines.connectWait(this.os));
    const blocked = this.connectivityProblem(layout, vmSubnetRes, aciSubnetRes);
    if (blocked) {
      await this.sleep(DURATIONS.connectTimeout[this.os]);
      this.logAll(packerLines.connectTimeout(this.os, addressIn(vmSubnetRes, 1)), true);
      throw this.failPacker();
    }
    await this.sleep(DURATIONS.connect[this.os]);
    this.logAll(packerLines.connected(this.os));

    // Customizing
    await this.phase('Customizing');
    const eh = errorHandling(props);
    const privateBuildSubnet = layout !== 1 && vmSubnetRes && !hasOutbound(world, vmSubnetRes);
    for (const step of planCustomizers(props)) {
      this.logAll(packerLines.stepStart(step, this.os));
      if (privateBuildSubnet) {
        await this.sleep(120);
        this.logAll(packerLines.noOutbound(vmSubnetId), true);
        throw this.failPacker(eh.onCustomizerError === 'abort');
      }
      await this.runStep(step);
      if (step.failExit !== undefined) {
        this.logAll(packerLines.stepFailed(step), true);
        throw this.failPacker(eh.onCustomizerError === 'abort');
      }
      this.logAll(packerLines.stepEnd(step));
    }
    this.log('(telemetry) Finalizing. - This means VM customization has finished');
    this.logAll(packerLines.deprovision(this.os));
    await this.sleep(DURATIONS.deprovision[this.os]);

    if (optimizeConfigured(props)) {
      await this.phase('Optimizing');
      this.log('==> azure-arm: Optimizing the image for faster VM boot ...');
      await this.sleep(DURATIONS.optimize);
    }
    if (validateConfigured(props)) {
      await this.phase('Validating');
      await this.sleep(DURATIONS.validateBase);
      for (const v of planValidators(props)) {
        this.log(`(telemetry) Starting validator ${v.type} ${v.name}`, false, 'validation.log');
        await this.sleep(v.duration);
        if (v.failExit !== undefined) {
          this.log(
            `==> azure-arm: Script exited with non-zero exit status: ${v.failExit}. Allowed exit codes are: [0]`,
            true,
            'validation.log',
          );
          throw new BuildFailure(
            'ValidationFailed',
            M.packerFailedMessage(
              this.logUrl().replace('customization.log', 'validation.log'),
              this.operationId.toLowerCase(),
            ),
            M.packerFailedLroMessage(
              this.armLogPath().replace('customization.log', 'validation.log'),
              this.operationId.toLowerCase(),
            ),
            eh.onValidationError === 'abort',
          );
        }
        this.log(`(telemetry) ending validator ${v.type} ${v.name}`, false, 'validation.log');
      }
    }

    // Distributing: capture, then each target
    await this.phase('Distributing');
    this.logAll(packerLines.capture(this.os));
    await this.sleep(DURATIONS.capture);
    await this.distribute(props, vm.id);
    this.setContainerState('Terminated');
    await this.cleanup(false, this.controller.signal);
    this.logAll(packerLines.finished());
    void props0;
  }

  /** A staging group made anew (the old one was deleted by hand) becomes the template's exactStagingResourceGroup. */
  private recordStaging(id: string): void {
    const t = this.deps.world.get(this.templateId);
    if (!t || !isRec(t.properties) || t.properties.exactStagingResourceGroup === id) return;
    t.properties.exactStagingResourceGroup = id;
    this.deps.world.put(t);
  }

  /** AIB acts as the template identity: a missing permission fails the build with the RP's 403, as AIB relays it. */
  private requirePermission(action: string, scope: string, client: string): void {
    const ident = this.identity;
    if (!ident || principalCan(this.deps.world, ident.principalId, action, scope)) return;
    throw new BuildFailure(
      'AuthorizationFailed',
      M.deploymentFailed(
        `${client}: Failure sending request: StatusCode=403 -- Original Error: Code="AuthorizationFailed" Message="The client '${ident.clientId}' with object id '${ident.principalId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials."`,
      ),
    );
  }

  private sourceOs(props: Rec): OsType | undefined {
    const src = isRec(props.source) ? props.source : {};
    const id =
      typeof src.imageId === 'string'
        ? src.imageId
        : typeof src.imageVersionId === 'string'
          ? src.imageVersionId
          : '';
    if (!id) return undefined;
    let r = this.deps.world.get(id);
    if (r?.type.toLowerCase() === 'microsoft.compute/galleries/images/versions')
      r = this.deps.world.get(id.split('/versions/')[0] ?? '');
    const p = isRec(r?.properties) ? r.properties : {};
    const sp = isRec(p.storageProfile) ? p.storageProfile : {};
    const od = isRec(sp.osDisk) ? sp.osDisk : {};
    const os = p.osType ?? od.osType;
    return os === 'Windows' || os === 'Linux' ? os : undefined;
  }

  private setContainerState(state: 'Running' | 'Terminated'): void {
    if (!this.containerId) return;
    const cg = this.deps.world.get(this.containerId);
    const props = isRec(cg?.properties) ? cg.properties : undefined;
    if (!cg || !props || !Array.isArray(props.containers)) return;
    const now = this.deps.clock.now().toISOString();
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
    this.deps.world.put(cg);
  }

  private linkNicToVm(nicId: string, vmId: string): void {
    const nic = this.deps.world.get(nicId);
    if (!nic || !isRec(nic.properties)) return;
    nic.properties.virtualMachine = { id: vmId };
    nic.properties.primary = true;
    this.deps.world.put(nic);
  }

  /** Layout 2: the load balancer, proxy VM, Private Link Service and private endpoint. */
  private async privateLinkPath(peSubnet: ArmResource | undefined, proxyVmSize?: string): Promise<void> {
    const world = this.deps.world;
    const props = this.props();
    const { subnetId } = layoutOf(props);
    const userSubnet = subnetId ? findSubnet(world, subnetId) : undefined;
    if (!subnetId || !userSubnet || !peSubnet) return;
    const lbId = `/subscriptions/${this.staging?.subscriptionId ?? ''}/resourceGroups/${this.staging?.name ?? ''}/providers/Microsoft.Network/loadBalancers/${this.names.loadBalancer}`;
    const proxyNic = networkInterface({
      ...this.placement(this.names.proxyNic),
      ipConfigurations: [
        {
          name: 'ipconfig',
          subnetId,
          privateIPAddress: addressIn(userSubnet, 2),
          loadBalancerBackendAddressPoolIds: [`${lbId}/backendAddressPools/aibbackendpool`],
        },
      ],
    });
    const lb = loadBalancer({
      ...this.placement(this.names.loadBalancer),
      frontends: [{ name: 'aibfrontend', subnetId, privateIPAddress: addressIn(userSubnet, 3) }],
      backendPools: [
        { name: 'aibbackendpool', backendIPConfigurationIds: [`${proxyNic.id}/ipConfigurations/ipconfig`] },
      ],
      probes: [{ name: 'aibprobe', port: this.os === 'Windows' ? 60000 : 60001 }],
      rules: [
        { name: 'aibrule-60000', frontendPort: 60000, backendPort: 60000, probe: 'aibprobe' },
        { name: 'aibrule-60001', frontendPort: 60001, backendPort: 60001, probe: 'aibprobe' },
      ],
    });
    await this.create(lb, DURATIONS.loadBalancer);
    await this.create(proxyNic, DURATIONS.nic);
    const proxyDisk = disk({ ...this.placement(this.names.proxyDisk), osType: 'Linux', diskSizeGB: 30 });
    const proxyVm = virtualMachine({
      ...this.placement(this.names.proxyVm),
      vmSize: proxyVmSize ?? 'Standard_A1_v2',
      osType: 'Linux',
      osDiskName: this.names.proxyDisk,
      osDiskId: proxyDisk.id,
      networkInterfaceIds: [proxyNic.id],
      imageReference: {
        publisher: 'Canonical',
        offer: '0001-com-ubuntu-server-jammy',
        sku: '22_04-lts-gen2',
        version: 'latest',
      },
    });
    const dsk = this.deps.world.get(proxyDisk.id);
    void dsk;
    proxyDisk.managedBy = proxyVm.id;
    await this.create(proxyDisk, 20);
    await this.create(proxyVm, DURATIONS.proxyVm);
    this.linkNicToVm(proxyNic.id, proxyVm.id);
    const plsNicId = `/subscriptions/${this.staging?.subscriptionId ?? ''}/resourceGroups/${this.staging?.name ?? ''}/providers/Microsoft.Network/networkInterfaces/${this.names.plsNic}`;
    const pls = privateLinkService({
      ...this.placement(this.names.pls),
      loadBalancerFrontendIpConfigurationIds: [`${lb.id}/frontendIPConfigurations/aibfrontend`],
      ipConfigurations: [{ name: 'aibplsipconfig', subnetId, privateIPAddress: addressIn(userSubnet, 4) }],
      networkInterfaceIds: [plsNicId],
    });
    const fail = plsPoliciesEnabled(userSubnet)
      ? new BuildFailure(
          'PrivateLinkServiceNetworkPoliciesCannotBeEnabledOnPrivateLinkServiceSubnet',
          M.deploymentFailed(M.plsPolicies(subnetId)),
        )
      : undefined;
    await this.create(pls, DURATIONS.privateLinkService, fail ? { fail } : {});
    const plsNic = networkInterface({
      ...this.placement(this.names.plsNic),
      ipConfigurations: [{ name: 'aibplsipconfig', subnetId, privateIPAddress: addressIn(userSubnet, 4) }],
      privateLinkServiceId: pls.id,
    });
    await this.create(plsNic, 5);
    const peNicId = `/subscriptions/${this.staging?.subscriptionId ?? ''}/resourceGroups/${this.staging?.name ?? ''}/providers/Microsoft.Network/networkInterfaces/${this.names.peNic}`;
    const pe = privateEndpoint({
      ...this.placement(this.names.privateEndpoint),
      subnetId: peSubnet.id,
      privateLinkServiceId: pls.id,
      networkInterfaceIds: [peNicId],
    });
    await this.create(pe, DURATIONS.privateEndpoint);
    const peNic = networkInterface({
      ...this.placement(this.names.peNic),
      ipConfigurations: [
        { name: 'privateEndpointIpConfig', subnetId: peSubnet.id, privateIPAddress: addressIn(peSubnet, 0) },
      ],
      privateEndpointId: pe.id,
    });
    await this.create(peNic, 5);
    // The PLS now shows the endpoint's connection.
    const cur = this.deps.world.get(pls.id);
    if (cur && isRec(cur.properties)) {
      cur.properties.privateEndpointConnections = [
        {
          name: `${this.names.privateEndpoint}.${guid(this.host.rand)}`,
          id: `${pls.id}/privateEndpointConnections/${this.names.privateEndpoint}`,
          type: 'Microsoft.Network/privateLinkServices/privateEndpointConnections',
          properties: {
            provisioningState: 'Succeeded',
            privateEndpoint: { id: pe.id },
            privateLinkServiceConnectionState: {
              status: 'Approved',
              description: 'Auto Approved',
              actionsRequired: 'None',
            },
          },
        },
      ];
      this.deps.world.put(cur);
    }
  }

  /** True when the container (or the proxy) cannot reach the build VM: NSG evaluation of the real flows. */
  private connectivityProblem(
    layout: Layout,
    vmSubnet: ArmResource | undefined,
    aciSubnet: ArmResource | undefined,
  ): boolean {
    const world = this.deps.world;
    if (layout === 1 || !vmSubnet) return false;
    const port = this.os === 'Windows' ? 5986 : 22;
    const vmPrefixes = subnetPrefixes(vmSubnet);
    if (layout === 2) {
      const lbPort = this.os === 'Windows' ? 60000 : 60001;
      const probe = subnetAllows(world, vmSubnet, {
        direction: 'Inbound',
        source: { tag: 'AzureLoadBalancer' },
        destination: { prefixes: vmPrefixes },
        port: lbPort,
        protocol: 'Tcp',
      });
      if (probe.access === 'Deny') return true;
      const proxyToVm = subnetAllows(world, vmSubnet, {
        direction: 'Inbound',
        source: { prefixes: vmPrefixes },
        destination: { prefixes: vmPrefixes },
        port,
        protocol: 'Tcp',
      });
      return proxyToVm.access === 'Deny';
    }
    if (!aciSubnet) return false;
    const aciPrefixes = subnetPrefixes(aciSubnet);
    const out = subnetAllows(world, aciSubnet, {
      direction: 'Outbound',
      source: { prefixes: aciPrefixes },
      destination: { prefixes: vmPrefixes },
      port,
      protocol: 'Tcp',
    });
    const inb = subnetAllows(world, vmSubnet, {
      direction: 'Inbound',
      source: { prefixes: aciPrefixes },
      destination: { prefixes: vmPrefixes },
      port,
      protocol: 'Tcp',
    });
    return out.access === 'Deny' || inb.access === 'Deny';
  }

  private async runStep(step: StepPlan): Promise<void> {
    // Print the step's output over its duration.
    const n = Math.max(1, step.lines.length);
    const slice = step.duration / (n + 1);
    for (const l of step.lines) {
      await this.sleep(slice);
      this.log(`==> azure-arm: ${l}`);
    }
    await this.sleep(slice);
  }

  private async distribute(props: Rec, vmId: string): Promise<void> {
    const world = this.deps.world;
    const t = this.template();
    const list = Array.isArray(props.distribute) ? props.distribute.filter(isRec) : [];
    const now = this.deps.clock.now();
    for (const d of list) {
      const type = String(d.type);
      const ron = String(d.runOutputName);
      this.log(`==> azure-arm: Distributing to ${type} '${ron}' ...`);
      let artifactId: string | undefined;
      let artifactUri: string | undefined;
      const tags = isRec(d.artifactTags) ? (d.artifactTags as Record<string, string>) : undefined;
      if (type === 'ManagedImage') {
        const id = String(d.imageId);
        this.requirePermission('Microsoft.Compute/images/write', id, 'compute.ImagesClient#CreateOrUpdate');
        const p = parseId(id);
        const rg = world.get(
          `/subscriptions/${p.subscriptionId ?? ''}/resourceGroups/${p.resourceGroup ?? ''}`,
        );
        if (!rg)
          throw new BuildFailure(
            'DistributeFailed',
            M.deploymentFailed(
              `Resource group '${p.resourceGroup ?? ''}' could not be found while distributing to '${id}'.`,
            ),
          );
        const img = image({
          subscriptionId: p.subscriptionId ?? '',
          resourceGroup: rg.name,
          name: p.name ?? 'image',
          location: typeof d.location === 'string' ? d.location : (t.location ?? 'westus'),
          ...(tags && Object.keys(tags).length ? { tags } : {}),
          osType: this.os as ShapeOs,
          sourceVirtualMachineId: vmId,
        });
        await this.create(img, DURATIONS.distribute.ManagedImage ?? 90, { transient: 'Creating' });
        this.created.pop(); // outputs are not staging resources
        artifactId = img.id;
      } else if (type === 'SharedImage') {
        const gi = String(d.galleryImageId);
        this.requirePermission(
          'Microsoft.Compute/galleries/images/versions/write',
          `${gi}/versions/0.0.0`,
          'compute.GalleryImageVersionsClient#CreateOrUpdate',
        );
        const def = world.get(gi);
        if (!def)
          throw new BuildFailure(
            'DistributeFailed',
            M.deploymentFailed(
              `Status=404 Code="ResourceNotFound" Message="The Resource '${gi}' was not found."`,
            ),
          );
        const p = parseId(gi);
        const version = this.nextVersion(gi, d, now);
        const regions = Array.isArray(d.targetRegions)
          ? d.targetRegions.filter(isRec).map((r) => ({
              location: String(r.name),
              replicaCount: typeof r.replicaCount === 'number' ? r.replicaCount : 1,
              storageAccountType:
                typeof r.storageAccountType === 'string' ? r.storageAccountType : 'Standard_LRS',
            }))
          : Array.isArray(d.replicationRegions)
            ? d.replicationRegions.map((r) => ({ location: String(r) }))
            : [{ location: t.location ?? 'westus' }];
        const v = galleryImageVersion({
          subscriptionId: p.subscriptionId ?? '',
          resourceGroup: p.resourceGroup ?? '',
          galleryName: p.names[0] ?? '',
          imageName: p.names[1] ?? '',
          name: version,
          location: def.location ?? t.location ?? 'westus',
          ...(tags && Object.keys(tags).length ? { tags } : {}),
          targetRegions: regions,
          excludeFromLatest: d.excludeFromLatest === true,
          replicationState: 'Completed',
        });
        await this.create(v, DURATIONS.distribute.SharedImage ?? 420, { transient: 'Creating' });
        this.created.pop();
        artifactId = v.id;
      } else {
        const account = this.staging?.account ?? '';
        const name = `${t.name}_${now.toISOString().replace(/[-:.]/g, '').slice(0, 15)}.vhd`;
        await this.sleep(DURATIONS.distribute.VHD ?? 150);
        if (typeof d.uri === 'string' && d.uri) artifactUri = d.uri;
        else {
          await this.deps.blobs
            .write(account, 'vhds', name, `VHD image of ${t.name} (local Azure placeholder)`)
            .catch(() => undefined);
          artifactUri = `${this.deps.blobs.endpointFor(account)}vhds/${name}`;
        }
      }
      const outId = `${this.templateId}/runOutputs/${ron}`;
      world.put({
        id: outId,
        name: ron,
        type: 'Microsoft.VirtualMachineImages/imageTemplates/runOutputs',
        properties: {
          ...(artifactId ? { artifactId } : {}),
          ...(artifactUri ? { artifactUri } : {}),
          provisioningState: 'Succeeded',
        },
      });
    }
  }

  private nextVersion(galleryImageId: string, d: Rec, now: Date): string {
    const versioning = isRec(d.versioning) ? d.versioning : undefined;
    const existing = this.deps.world
      .list(galleryImageId, 'Microsoft.Compute/galleries/images/versions')
      .map((v) => v.name.split('.').map(Number))
      .filter((v) => v.length === 3 && v.every((n) => Number.isFinite(n)));
    if (versioning?.scheme === 'Latest') {
      const major =
        typeof versioning.major === 'number' && versioning.major >= 0 ? versioning.major : undefined;
      const pool = existing.filter((v) => major === undefined || v[0] === major);
      pool.sort(
        (a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0) || (a[2] ?? 0) - (b[2] ?? 0),
      );
      const top = pool[pool.length - 1];
      if (!top) return `${major ?? 1}.0.0`;
      return `${top[0] ?? 0}.${top[1] ?? 0}.${(top[2] ?? 0) + 1}`;
    }
    // AIB's default: 0.<yyddd>.<seconds of the day, scaled to five digits>
    const start = Date.UTC(now.getUTCFullYear(), 0, 0);
    const day = Math.floor((now.getTime() - start) / 86_400_000);
    const yy = String(now.getUTCFullYear() % 100);
    const secs = now.getUTCHours() * 3600 + now.getUTCMinutes() * 60 + now.getUTCSeconds();
    return `0.${yy}${String(day).padStart(3, '0')}.${secs}`;
  }
}
