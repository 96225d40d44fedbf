// One build of one template: a state machine over the scaled clock (docs/azure/image-builder.md, docs/azure/networking.md). The staging
// resource group fills with the resources of the template's networking layout, each passing through its
// provisioning states; lastRunStatus walks Queued → Building → Customizing → (Optimizing) → (Validating) →
// Distributing; the container log and packerlogs/<run>/customization.log grow line by line; failures
// come from the world (subnets, NSGs, permissions, scripts, timeouts); everything but the storage
// account is cleaned up at the end.
//
// This class holds the build's state and the primitives its phases share (clock, log, staging resources,
// status); the phases themselves live in phases/, one module each, and steps() runs them in order.
//
// A build survives a restart of local Azure by replay (docs: emulator/README.md, "State and restarts").
// Every wait of the build (a sleep on the clock, a hold) is counted, and so is every effect it has outside
// the world (a log line, an Activity Log record, a blob write, a status change). The saved build is its
// counters, the Azure time it had waited in its current wait, and `memo`: the values it drew at random
// or read from a world it changes later (names, the staging group, a gallery version). A restored build
// runs its phases again from the start with waits that end at once and effects left out, until it reaches
// the wait it was in; from there it waits what was left and goes on as if nothing happened. The world's
// resources it wrote on the way are put back as they were saved (restore.ts), so the replay changes nothing.
import type { ArmResource, ProviderDeps } from '../core/types.ts';
import { principalCan } from '../auth/rbac.ts';
import { AIB_SERVICE_CALLER } from '../world/identities.ts';
import { guid, type BuildNames } from '../providers/imagebuilder/naming.ts';
import { DURATIONS, timeoutSeconds, type OsType } from './plan.ts';
import * as M from './messages.ts';
import type { Staging } from './staging.ts';
import { appendContainerLog, clearContainerLogs } from '../providers/containerinstance.ts';
import { packerLines, packerOutput } from './logs.ts';
import { isRec, type Rec } from '../core/rec.ts';
import type { Placement } from '../shapes/common.ts';
import {
  BuildFailure,
  CONTAINER_NAME,
  NEVER,
  Stop,
  type BuildHost,
  type BuildRun,
  type Created,
  type CreateOptions,
  type LogFile,
  type Phase,
  type RunState,
  type SavedBuild,
} from './build-run.ts';
import { provision } from './phases/provision.ts';
import { stagingNetwork } from './phases/staging-network.ts';
import { buildVm, setContainerState } from './phases/build-vm.ts';
import { customize } from './phases/customize.ts';
import { optimize, validate } from './phases/validate.ts';
import { distribute } from './phases/distribute.ts';
import { cleanUp } from './phases/clean-up.ts';

/** Azure seconds between cancel and the start of cleanup. */
export const CANCEL_SECONDS = 60;

type RunResult = { status: 'Succeeded' | 'Failed' | 'Canceled'; error?: { code: string; message: string } };

/** Where a restored build was saved, and the gate it waits at once it is back there. */
interface Resume {
  waits: number;
  inWait: boolean;
  waitedMs: number;
  gate: Promise<void>;
}

/** The wait the build is in: what it waits for, and since when (world time). */
interface CurrentWait {
  kind: 'sleep' | 'hold';
  /** Azure ms of the whole wait (as the phase asked for it). */
  fullMs: number;
  /** Azure ms already waited before a restore (0 in a build never restored). */
  offsetMs: number;
  startedAt: number;
}

export class Build implements BuildRun {
  readonly controller = new AbortController();
  /** Aborted only by stop() (reset): ends even the cleanup after a cancel or a failure, without touching the world. */
  private readonly stopper = new AbortController();
  readonly runGuid: string;
  private elapsed = 0;
  readonly created: Created[] = [];
  private logQueue: Promise<void> = Promise.resolve();
  /** stop() of a reset drops the log lines still queued; stopping to save the world writes them. */
  private dropLogs = false;
  staging: Staging | undefined;
  names!: BuildNames;
  os: OsType = 'Linux';
  containerId: string | undefined;
  readonly scriptFault: number | undefined;
  private canceled = false;
  private current: Phase = 'Queued';
  identity: { id: string; principalId: string; clientId: string } | undefined;
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  // Replay bookkeeping (see the header).
  private waits = 0;
  private wait: CurrentWait | undefined;
  private effects = 0;
  private readonly replayEffects: number;
  private readonly memos: Record<string, unknown>;
  private canceledAt: SavedBuild['canceledAt'] = null;
  private pendingCancel: SavedBuild['canceledAt'];
  private resume: Resume | undefined;
  /** Resolves when a restored build is back where it was saved (at once for a new build). */
  readonly caughtUp: Promise<void>;
  private markCaughtUp!: () => void;
  private readonly view: ProviderDeps;
  private readonly restoredFrom: SavedBuild | undefined;
  private endedInReplay: unknown;

  constructor(
    private readonly host: BuildHost,
    readonly templateId: string,
    readonly operationId: string,
    private readonly caller: string,
    saved?: { build: SavedBuild; gate: Promise<void> },
  ) {
    const b = saved?.build;
    this.restoredFrom = b;
    this.runGuid = b?.runGuid ?? guid(host.rand);
    this.scriptFault = b ? (b.scriptFault ?? undefined) : host.takeScriptFault(templateId);
    this.memos = b ? structuredClone(b.memo) : {};
    this.replayEffects = b?.effects ?? 0;
    this.pendingCancel = b?.canceledAt ?? null;
    this.done = new Promise((r) => (this.resolveDone = r));
    this.caughtUp = new Promise((r) => (this.markCaughtUp = r));
    if (b && saved && b.waits > 0)
      this.resume = { waits: b.waits, inWait: b.inWait, waitedMs: b.waitedMs, gate: saved.gate };
    else this.markCaughtUp();
    this.view = this.effectView();
  }

  /** The deps the phases see: Activity Log records and blob writes count as effects (left out in a replay). */
  get deps(): ProviderDeps {
    return this.view;
  }

  private effectView(): ProviderDeps {
    const d = this.host.deps;
    const blobs = d.blobs;
    return {
      ...d,
      activity: { record: (e) => (this.effect() ? d.activity.record(e) : undefined) },
      blobs: {
        endpointFor: (n) => blobs.endpointFor(n),
        allocateAccount: () => blobs.allocateAccount(),
        releaseAccount: (n) => blobs.releaseAccount(n),
        keyOf: (n) => blobs.keyOf(n),
        append: (a, c, p, t) => (this.effect() ? blobs.append(a, c, p, t) : Promise.resolve()),
        write: (a, c, p, t) => (this.effect() ? blobs.write(a, c, p, t) : Promise.resolve()),
      },
    };
  }

  /** Counts an effect; false while a restored build replays effects it had before it was saved. */
  private effect(): boolean {
    this.effects += 1;
    return this.effects > this.replayEffects;
  }

  memo<T>(key: string, make: () => T): T {
    if (!Object.hasOwn(this.memos, key)) this.memos[key] = make();
    return this.memos[key] as T;
  }

  /** The build as it stands, to be saved with the world and restored (see the header). */
  saved(azureTime = this.host.deps.clock.azureTime()): SavedBuild {
    // Still on its way back (a save while restoring): it is where it was.
    if (this.resume && this.restoredFrom) return structuredClone(this.restoredFrom);
    const w = this.wait;
    const waitedMs =
      w?.kind === 'sleep'
        ? w.offsetMs + Math.min(w.fullMs - w.offsetMs, Math.max(0, azureTime - w.startedAt))
        : 0;
    return {
      templateId: this.templateId,
      operationId: this.operationId,
      caller: this.caller,
      runGuid: this.runGuid,
      scriptFault: this.scriptFault ?? null,
      memo: structuredClone(this.memos),
      waits: this.waits,
      inWait: w !== undefined,
      waitedMs,
      effects: this.effects,
      canceledAt: this.canceledAt,
    };
  }

  get rand(): BuildHost['rand'] {
    return this.host.rand;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  template(): ArmResource {
    const t = this.deps.world.get(this.templateId);
    if (!t) throw new Stop('template gone');
    return t;
  }

  props(): Rec {
    const p = this.template().properties;
    return isRec(p) ? p : {};
  }

  private setStatus(s: { runState: RunState; runSubState?: Phase; message?: string; end?: boolean }): void {
    if (this.stopper.signal.aborted) return;
    // A replay leaves out the statuses it had shown; an end it reaches on the way (a world that changed
    // while local Azure was down) is written all the same.
    if (!this.effect() && !s.end) return;
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
    if (s.end && this.resume) this.endedInReplay = t.properties.lastRunStatus;
  }

  /**
   * After a restore the world is put back as saved, and with it the template of a build whose replay ended
   * early (see run()): its end status is written again, or the template would show it running for ever.
   */
  afterRestore(): void {
    const end = this.endedInReplay;
    const t = end ? this.host.deps.world.get(this.templateId) : undefined;
    if (!end || !t || !isRec(t.properties)) return;
    t.properties.lastRunStatus = end;
    this.host.deps.world.put(t);
  }

  /** Canceling, as the cancel call sets it (no runSubState). */
  markCanceling(): void {
    this.canceled = true;
    this.canceledAt = { waits: this.waits, inWait: this.wait !== undefined };
    this.setStatus({ runState: 'Canceling', message: 'Canceling image build' });
    this.controller.abort(new Stop('cancel'));
  }

  /**
   * A replayed cancel: the build is aborted where the cancel reached it before, i.e. in the wait it was in,
   * or (when it came between two waits) at the next place that looks: a phase's start or the next wait.
   */
  private replayCancel(atWaitStart: boolean): void {
    const c = this.pendingCancel;
    if (!c) return;
    const due = this.waits > c.waits || (this.waits === c.waits && (!atWaitStart || c.inWait));
    if (!due) return;
    this.pendingCancel = null;
    this.canceled = true;
    this.canceledAt = c;
    this.effect(); // the Canceling status markCanceling showed
    this.controller.abort(new Stop('cancel'));
  }

  /**
   * Ends the build; resolves once no log write of it is left in flight. A reset (`keepLogs` false) drops the
   * lines still queued, as it empties storage next; saving the world writes them (they happened).
   */
  stop(keepLogs = false): Promise<void> {
    if (!keepLogs) this.dropLogs = true;
    this.stopper.abort(new Stop('stop'));
    this.controller.abort(new Stop('stop'));
    return this.logQueue;
  }

  /** Every wait goes through here: counted, and in a replay over at once until the build is back. */
  private async waitFor(
    kind: CurrentWait['kind'],
    azureMs: number,
    signal: AbortSignal,
    on?: Phase | 'Canceling',
  ): Promise<void> {
    this.waits += 1;
    const r = this.resume;
    let offsetMs = 0;
    if (r) {
      this.replayCancel(true);
      if (this.waits < r.waits || !r.inWait) {
        if (signal.aborted) throw signal.reason instanceof Error ? signal.reason : new Stop('stop');
        if (this.waits === r.waits) await this.goLive();
        return;
      }
      await this.goLive();
      if (kind === 'sleep') offsetMs = Math.min(azureMs, r.waitedMs);
    }
    const clock = this.host.deps.clock;
    this.wait = { kind, fullMs: azureMs, offsetMs, startedAt: clock.azureTime() };
    try {
      if (kind === 'sleep') await clock.sleep(azureMs - offsetMs, signal);
      else await this.host.waitForHold(this.templateId, on ?? this.current, signal);
    } finally {
      this.wait = undefined;
    }
  }

  /** The replay is back where the build was saved: it waits for the other builds, then goes on for real. */
  private async goLive(): Promise<void> {
    const r = this.resume;
    if (!r) return;
    this.resume = undefined;
    this.markCaughtUp();
    await r.gate;
  }

  async sleep(azureSeconds: number): Promise<void> {
    const limit = timeoutSeconds(this.props());
    if (this.elapsed + azureSeconds > limit) {
      const rest = Math.max(0, limit - this.elapsed);
      await this.waitFor('sleep', rest * 1000, this.controller.signal);
      this.elapsed = limit;
      this.log('==> azure-arm: Build was cancelled: context deadline exceeded', true);
      throw new BuildFailure('BuildTimeout', M.TIMEOUT_MESSAGE);
    }
    await this.waitFor('sleep', azureSeconds * 1000, this.controller.signal);
    this.elapsed += azureSeconds;
  }

  async phase(p: Phase): Promise<void> {
    this.replayCancel(false);
    if (this.controller.signal.aborted) throw this.controller.signal.reason;
    this.current = p;
    this.setStatus({ runState: 'Running', runSubState: p });
    await this.waitFor('hold', 0, this.controller.signal, p);
  }

  // ---------------------------------------------------------------------------------------------
  // Logs

  logUrl(file: LogFile = 'customization.log'): string {
    return this.staging?.account
      ? `${this.deps.blobs.endpointFor(this.staging.account)}packerlogs/${this.runGuid}/${file}`
      : '';
  }

  armLogPath(file: LogFile = 'customization.log'): string {
    return this.staging?.account
      ? `${this.staging.id}/providers/Microsoft.Storage/storageAccounts/${this.staging.account}/blobServices/default/containers/packerlogs/${this.runGuid}/${file}`
      : '';
  }

  log(text: string, err = false, file: LogFile = 'customization.log'): void {
    for (const l of packerOutput(text, err, this.deps.clock.now())) this.writeLine(l.text, l.err, file);
  }

  private writeLine(text: string, err: boolean, file: LogFile): void {
    if (this.stopper.signal.aborted || !this.effect()) return;
    const line = `[${this.operationId.toLowerCase()}] PACKER ${err ? 'ERR' : 'OUT'} ${text}\n`;
    if (this.containerId) appendContainerLog(this.containerId, CONTAINER_NAME, line);
    const account = this.staging?.account;
    if (!account) return;
    const path = `${this.runGuid}/${file}`;
    const blobs = this.host.deps.blobs;
    this.logQueue = this.logQueue
      // A build stopped by a reset writes nothing more: its folder would outlive the reset.
      .then(() => (this.dropLogs ? undefined : blobs.append(account, 'packerlogs', path, line)))
      .catch(() => undefined);
  }

  logAll(lines: string[], err = false): void {
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

  placement(name: string): Placement {
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

  async create(r: ArmResource, seconds: number, opts: CreateOptions = {}): Promise<void> {
    const finalState = isRec(r.properties) ? r.properties.provisioningState : undefined;
    const transient = opts.transient ?? (r.type.startsWith('Microsoft.Network/') ? 'Updating' : 'Creating');
    if (isRec(r.properties)) r.properties.provisioningState = transient;
    this.record(`${r.type}/write`, r.id, 'Started');
    this.deps.world.put(r);
    const entry: Created = { id: r.id, type: r.type, buildVm: !!opts.buildVm };
    this.created.push(entry);
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
    // Outputs are cleaned up with the staging resources only while they are being made.
    if (opts.output) this.created.splice(this.created.indexOf(entry), 1);
  }

  async remove(c: Created, signal?: AbortSignal): Promise<void> {
    const cur = this.deps.world.get(c.id);
    if (!cur) return;
    if (isRec(cur.properties)) {
      cur.properties.provisioningState = 'Deleting';
      this.deps.world.put(cur);
    }
    this.record(`${c.type}/delete`, c.id, 'Started');
    const secs =
      c.type === 'Microsoft.Compute/virtualMachines' ? DURATIONS.deleteVm : DURATIONS.deleteResource;
    await this.waitFor('sleep', secs * 1000, signal ?? new AbortController().signal);
    this.deps.world.delete(c.id);
    if (c.type === 'Microsoft.ContainerInstance/containerGroups') {
      clearContainerLogs(c.id);
      this.containerId = undefined;
    }
    this.record(`${c.type}/delete`, c.id, 'Succeeded');
  }

  requirePermission(action: string, scope: string, client: string): void {
    const ident = this.identity;
    if (!ident || principalCan(this.deps.world, ident.principalId, action, scope)) return;
    throw new BuildFailure(
      'AuthorizationFailed',
      M.deploymentFailed(
        `${client}: Failure sending request: StatusCode=403 -- Original Error: Code="AuthorizationFailed" Message="The client '${ident.clientId}' with object id '${ident.principalId}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials."`,
      ),
    );
  }

  failPacker(keep = false): BuildFailure {
    const op = this.operationId.toLowerCase();
    return new BuildFailure(
      'PackerBuildFailed',
      M.packerFailedMessage(this.logUrl(), op),
      M.packerFailedLroMessage(this.armLogPath(), op),
      keep,
    );
  }

  // ---------------------------------------------------------------------------------------------
  // The run

  async run(): Promise<RunResult> {
    try {
      return await this.runInner();
    } finally {
      // A replay that ended before it was back where it was saved (the world changed meanwhile) ends here.
      if (this.resume)
        console.warn(
          `local Azure: the build of ${this.templateId} ended while it was being restored (the world changed while local Azure was down)`,
        );
      this.resume = undefined;
      this.markCaughtUp();
      await this.logQueue;
      this.resolveDone();
    }
  }

  /** The phases in order; each module under phases/ says what its phase creates, checks and logs. */
  private async steps(): Promise<void> {
    // The identity is the one the template had when the build was queued.
    const queued = this.template();
    await this.phase('Queued');
    await this.sleep(DURATIONS.queued);

    await this.phase('Building');
    const provisioned = await provision(this, queued); // staging group, identity, source and subnet checks
    const subnets = await stagingNetwork(this, provisioned); // the layout's NSGs, VNet, private link path
    const vmId = await buildVm(this, provisioned, subnets); // Packer's container, build VM, connection

    await customize(this, provisioned, subnets); // Customizing
    await optimize(this, provisioned); // Optimizing, when configured
    await validate(this, provisioned); // Validating, when configured
    await distribute(this, provisioned, vmId); // Distributing: capture, then each target

    setContainerState(this, 'Terminated');
    await cleanUp(this, false, this.controller.signal);
    this.logAll(packerLines.finished());
  }

  private async runInner(): Promise<RunResult> {
    try {
      await this.steps();
    } catch (e) {
      const reason = this.controller.signal.reason as unknown;
      if (e instanceof Stop || (this.controller.signal.aborted && reason instanceof Stop)) {
        const why = reason instanceof Stop ? reason.message : e instanceof Stop ? e.message : 'stop';
        return why === 'cancel' ? this.canceledRun() : { status: 'Canceled' };
      }
      return this.failedRun(e);
    }
    await this.logQueue;
    this.setStatus({ runState: 'Succeeded', message: '', end: true });
    return { status: 'Succeeded' };
  }

  /** After a cancel: AIB takes a while to stop the build, then cleans up. */
  private async canceledRun(): Promise<RunResult> {
    try {
      // A hold on `Canceling` keeps the build stuck in Canceling (a known AIB failure mode) until released.
      await this.waitFor('hold', 0, this.stopper.signal, 'Canceling');
      await this.waitFor('sleep', CANCEL_SECONDS * 1000, this.stopper.signal);
      await cleanUp(this, false, this.stopper.signal);
    } catch {
      if (this.stopper.signal.aborted) return { status: 'Canceled' };
    }
    await this.logQueue;
    this.setStatus({ runState: 'Canceled', message: '', end: true });
    return { status: 'Canceled' };
  }

  /** After a failure: the log says why, cleanup runs (keeping the build VM on abort), the status ends Failed. */
  private async failedRun(e: unknown): Promise<RunResult> {
    const f =
      e instanceof BuildFailure
        ? e
        : new BuildFailure(
            'InternalOperationError',
            'Internal error occurred. This is a generic error. To identify possible causes, go to https://aka.ms/azvmimagebuilderts.',
          );
    this.log(`Build 'azure-arm' errored: ${f.statusMessage}`, true);
    try {
      // A failure mid-way still cleans up (quickly, at the current speed).
      await cleanUp(this, f.keep, this.stopper.signal);
    } catch {
      // world changed under us (template deleted); nothing to clean
    }
    if (this.canceled) return { status: 'Canceled' };
    // The log is complete before the status says the build ended.
    await this.logQueue;
    this.setStatus({ runState: 'Failed', runSubState: this.current, message: f.statusMessage, end: true });
    return { status: 'Failed', error: { code: f.code, message: f.lroMessage } };
  }
}
