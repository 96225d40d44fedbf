// The build simulator: owns running builds, holds, and the background halves of AIB's long-running
// operations (provisioning after PUT, updating after PATCH, deleting after DELETE). One simulator per
// World (`simulatorFor`), shared by the Image Builder provider and the control API.
import type { ArmResource, JobArgs, ProviderDeps, SimulatorControl } from '../core/types.ts';
import { normalizeId } from '../core/ids.ts';
import { AIB_SERVICE_CALLER } from '../world/identities.ts';
import { cryptoRand, type Rand } from '../providers/imagebuilder/naming.ts';
import { unindexTemplate } from '../providers/imagebuilder/template-index.ts';
import { Build } from './build.ts';
import { Stop, type Phase, type SavedBuild } from './build-run.ts';
import { IDENTITY_UNUSABLE, TS } from './messages.ts';
import { deleteStaging, ensureStaging, IDENTITY_TYPE, StagingError } from './staging.ts';
import { clearContainerLogs } from '../providers/containerinstance.ts';
import { isRec, type Rec } from '../core/rec.ts';
import { resolveLatest, subnetRefusal } from './provision-checks.ts';

export { DEFAULT_SPEED } from './plan.ts';
export type { Phase, SavedBuild } from './build-run.ts';

/** The simulator as saved with the world: running builds, holds, script faults, who started what. */
export interface SavedSimulator {
  builds: SavedBuild[];
  holds: Array<{ template: string; phase: string }>;
  scriptFaults: Array<[string, number]>;
  operations: Array<[string, Tracked]>;
}

/** Jobs on the world's clock (they survive a restart): the background halves of PUT, PATCH and DELETE. */
const PROVISIONED = 'imagebuilder.provisioned';
const UPDATED = 'imagebuilder.updated';
const REMOVED = 'imagebuilder.removed';

/** Azure seconds AIB takes to provision a template, to apply a PATCH, and to delete a template. */
export const PROVISION_SECONDS = 40;
export const UPDATE_SECONDS = 20;
export const DELETE_SECONDS = 90;

export interface Simulator extends SimulatorControl {
  /** Background half of PUT: Creating → Succeeded (staging group made) or Failed. Completes `opId`. */
  provision(templateId: string, opId: string): void;
  /** Background half of PATCH: Updating → Succeeded. */
  update(templateId: string, opId: string): void;
  /** Background half of DELETE: staging group and template removed. */
  remove(templateId: string, opId: string): void;
  /**
   * The template goes with its resource group (ARM deletes a group's resources): its build stops, and
   * its staging group (with the storage account, returned to the pool), run outputs and triggers go.
   */
  purge(templateId: string): Promise<void>;
  /** Starts a build (lastRunStatus already Running/Queued). Completes `opId` when it ends. */
  run(templateId: string, opId: string, caller: string): void;
  /** Cancels the running build; false when none runs. */
  cancel(templateId: string): boolean;
  isRunning(templateId: string): boolean;
  /** Resolves when the template's current build has ended (tests, reset). */
  settled(templateId: string): Promise<void>;
  /** Phases on hold for a template (control API introspection). */
  holds(): Array<{ template: string; phase: string }>;
  /**
   * The simulator's state, to be saved with the world (the builds go on); `azureTime` is the snapshot's one
   * reading of the world clock (default: now).
   */
  save(azureTime?: number): SavedSimulator;
  /** Stops every build without touching the world, their queued log lines still written (going down). */
  halt(): Promise<void>;
  /**
   * Takes saved builds, holds and script faults back: each build replays to where it was saved.
   * `caughtUp` resolves when all are there; they go on only after `go()` (the world is put right first).
   */
  restore(saved: SavedSimulator): { caughtUp: Promise<void>; go: () => void };
}

class Sim implements Simulator {
  private readonly builds = new Map<string, Build>();
  private readonly holdSet = new Map<string, Set<string>>();
  private readonly scriptFaults = new Map<string, number>();
  private waiters: Array<() => void> = [];

  constructor(
    private readonly deps: ProviderDeps,
    private readonly rand: Rand = cryptoRand,
  ) {
    const id = (a: JobArgs): string => String(a.id);
    const op = (a: JobArgs): string => String(a.opId);
    deps.clock.handle(PROVISIONED, (a) => this.provisioned(id(a), op(a)));
    deps.clock.handle(UPDATED, (a) => this.updated(id(a), op(a)));
    deps.clock.handle(REMOVED, (a) => this.removed(id(a), op(a)));
  }

  // ---- holds ----
  hold(templateId: string, phase: string): void {
    const key = normalizeId(templateId);
    const set = this.holdSet.get(key) ?? new Set<string>();
    set.add(phase.toLowerCase());
    this.holdSet.set(key, set);
  }

  failNextScript(templateId: string, exit: number): void {
    this.scriptFaults.set(normalizeId(templateId), exit);
  }

  private takeScriptFault = (templateId: string): number | undefined => {
    const key = normalizeId(templateId);
    const exit = this.scriptFaults.get(key);
    this.scriptFaults.delete(key);
    return exit;
  };

  releaseHolds(): void {
    this.holdSet.clear();
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  holds(): Array<{ template: string; phase: string }> {
    const out: Array<{ template: string; phase: string }> = [];
    for (const [t, ps] of this.holdSet) for (const p of ps) out.push({ template: t, phase: p });
    return out;
  }

  private held(templateId: string, phase: Phase | 'Canceling'): boolean {
    return this.holdSet.get(normalizeId(templateId))?.has(phase.toLowerCase()) ?? false;
  }

  private waitForHold = async (
    templateId: string,
    phase: Phase | 'Canceling',
    signal: AbortSignal,
  ): Promise<void> => {
    while (this.held(templateId, phase)) {
      await new Promise<void>((resolve, reject) => {
        const onAbort = (): void => reject(signal.reason instanceof Error ? signal.reason : new Stop('stop'));
        if (signal.aborted) return onAbort();
        signal.addEventListener('abort', onAbort, { once: true });
        this.waiters.push(() => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  };

  /** Stops every build; resolves when no build's log write is still in flight. (A reset drops jobs itself.) */
  async stopAll(): Promise<void> {
    const writes = [...this.builds.values()].map((b) => b.stop());
    this.builds.clear();
    this.releaseHolds();
    this.scriptFaults.clear();
    clearContainerLogs();
    await Promise.all(writes);
  }

  // ---- saved state ----
  save(azureTime = this.deps.clock.azureTime()): SavedSimulator {
    return {
      builds: [...this.builds.values()].map((b) => b.saved(azureTime)),
      holds: this.holds(),
      scriptFaults: [...this.scriptFaults],
      operations: [...(tracked.get(this.deps.world) ?? [])].map(([k, t]) => [k, { ...t }]),
    };
  }

  async halt(): Promise<void> {
    const writes = [...this.builds.values()].map((b) => b.stop(true));
    this.builds.clear();
    await Promise.all(writes);
  }

  restore(saved: SavedSimulator): { caughtUp: Promise<void>; go: () => void } {
    for (const h of saved.holds) this.hold(h.template, h.phase);
    for (const [t, exit] of saved.scriptFaults) this.scriptFaults.set(t, exit);
    for (const [opId, t] of saved.operations) trackOperation(this.deps, opId, t);
    let go!: () => void;
    const gate = new Promise<void>((r) => (go = r));
    const builds = saved.builds.map((b) => {
      const build = new Build(this.host(), b.templateId, b.operationId, b.caller, { build: b, gate });
      this.start(build);
      return build;
    });
    const caughtUp = Promise.all(builds.map((b) => b.caughtUp)).then(() => undefined);
    return {
      caughtUp,
      go: () => {
        for (const b of builds) b.afterRestore();
        go();
      },
    };
  }

  // ---- background steps ----
  private host(): ConstructorParameters<typeof Build>[0] {
    return {
      deps: this.deps,
      rand: this.rand,
      waitForHold: this.waitForHold,
      takeScriptFault: this.takeScriptFault,
    };
  }

  private fillIdentity(t: ArmResource): boolean {
    const ident = isRec(t.identity) ? t.identity : undefined;
    if (!ident || ident.type !== 'UserAssigned' || !isRec(ident.userAssignedIdentities)) return true;
    let ok = true;
    const out: Rec = {};
    for (const id of Object.keys(ident.userAssignedIdentities)) {
      const r = this.deps.world.get(id);
      const p = isRec(r?.properties) ? r.properties : {};
      if (!r || r.type.toLowerCase() !== IDENTITY_TYPE.toLowerCase()) {
        ok = false;
        out[id] = {};
      } else out[id] = { principalId: p.principalId, clientId: p.clientId };
    }
    ident.userAssignedIdentities = out;
    return ok;
  }

  provision(templateId: string, opId: string): void {
    this.deps.clock.after(PROVISION_SECONDS * 1000, PROVISIONED, { id: templateId, opId });
  }

  private provisioned(templateId: string, opId: string): void {
    const t = this.deps.world.get(templateId);
    if (!t || !isRec(t.properties))
      return completeOperation(this.deps, opId, 'Failed', {
        code: 'NotFound',
        message: 'Template was deleted.',
      });
    if (!this.fillIdentity(t)) {
      t.properties.provisioningState = 'Failed';
      t.properties.provisioningError = { provisioningErrorCode: 'Other', message: IDENTITY_UNUSABLE };
      this.deps.world.put(t);
      completeOperation(this.deps, opId, 'Failed', { code: 'InvalidIdentity', message: IDENTITY_UNUSABLE });
      return;
    }
    const refused = subnetRefusal(this.deps.world, t);
    if (refused) {
      t.properties.provisioningState = 'Failed';
      t.properties.provisioningError = { provisioningErrorCode: 'Other', message: refused.message };
      this.deps.world.put(t);
      completeOperation(this.deps, opId, 'Failed', refused);
      return;
    }
    this.deps.world.put(t);
    let st;
    try {
      st = ensureStaging(this.deps, t, this.rand);
    } catch (e) {
      const bad = e instanceof StagingError;
      const message = bad
        ? `${e.message} ${TS}`
        : `Internal error occurred while creating the staging resource group: ${e instanceof Error ? e.message : String(e)}. ${TS}`;
      t.properties.provisioningState = 'Failed';
      t.properties.provisioningError = {
        provisioningErrorCode: bad ? 'BadStagingResourceGroup' : 'ServerError',
        message,
      };
      this.deps.world.put(t);
      completeOperation(this.deps, opId, 'Failed', {
        code: bad ? 'BadStagingResourceGroup' : 'InternalOperationError',
        message,
      });
      return;
    }
    const cur = this.deps.world.get(templateId) ?? t;
    if (!isRec(cur.properties)) return;
    cur.properties.provisioningState = 'Succeeded';
    cur.properties.exactStagingResourceGroup = st.id;
    resolveLatest(cur, this.deps.clock.now());
    this.deps.world.put(cur);
    completeOperation(this.deps, opId, 'Succeeded');
    const auto = isRec(cur.properties.autoRun) ? cur.properties.autoRun.state : undefined;
    if (auto === 'Enabled') this.startAutoRun(templateId);
  }

  private startAutoRun(templateId: string): void {
    const t = this.deps.world.get(templateId);
    if (!t || !isRec(t.properties)) return;
    t.properties.lastRunStatus = {
      startTime: new Date().toISOString(),
      endTime: '0001-01-01T00:00:00Z',
      runState: 'Running',
      runSubState: 'Queued',
      message: '',
    };
    this.deps.world.put(t);
    const op = this.deps.lro.start({
      statusPath: '/',
      apiVersion: '2025-10-01',
      baseUrl: 'https://localhost',
    });
    this.run(templateId, op.id, AIB_SERVICE_CALLER);
  }

  update(templateId: string, opId: string): void {
    this.deps.clock.after(UPDATE_SECONDS * 1000, UPDATED, { id: templateId, opId });
  }

  private updated(templateId: string, opId: string): void {
    const t = this.deps.world.get(templateId);
    if (!t || !isRec(t.properties))
      return completeOperation(this.deps, opId, 'Failed', {
        code: 'NotFound',
        message: 'Template was deleted.',
      });
    const ok = this.fillIdentity(t);
    t.properties.provisioningState = ok ? 'Succeeded' : 'Failed';
    if (!ok) t.properties.provisioningError = { provisioningErrorCode: 'Other', message: IDENTITY_UNUSABLE };
    else delete t.properties.provisioningError;
    this.deps.world.put(t);
    if (ok) completeOperation(this.deps, opId, 'Succeeded');
    else
      completeOperation(this.deps, opId, 'Failed', { code: 'InvalidIdentity', message: IDENTITY_UNUSABLE });
  }

  remove(templateId: string, opId: string): void {
    this.deps.clock.after(DELETE_SECONDS * 1000, REMOVED, { id: templateId, opId });
  }

  private async removed(templateId: string, opId: string): Promise<void> {
    const t = this.deps.world.get(templateId);
    if (t) {
      await deleteStaging(this.deps, t);
      for (const child of this.deps.world.list(templateId)) this.deps.world.delete(child.id);
      this.deps.world.delete(templateId);
      unindexTemplate(this.deps.world, templateId);
    }
    completeOperation(this.deps, opId, 'Succeeded');
  }

  async purge(templateId: string): Promise<void> {
    const key = normalizeId(templateId);
    await this.builds.get(key)?.stop();
    this.builds.delete(key);
    const t = this.deps.world.get(templateId);
    if (!t) return;
    await deleteStaging(this.deps, t);
    for (const child of this.deps.world.list(templateId)) this.deps.world.delete(child.id);
    this.deps.world.delete(templateId);
    unindexTemplate(this.deps.world, templateId);
  }

  // ---- builds ----
  run(templateId: string, opId: string, caller: string): void {
    this.start(new Build(this.host(), templateId, opId, caller));
  }

  private start(b: Build): void {
    const key = normalizeId(b.templateId);
    const opId = b.operationId;
    this.builds.set(key, b);
    void b.run().then(
      (r) => {
        if (this.builds.get(key) === b) this.builds.delete(key);
        if (
          r.status === 'Canceled' &&
          b.controller.signal.reason instanceof Stop &&
          b.controller.signal.reason.message === 'stop'
        )
          return;
        completeOperation(this.deps, opId, r.status, r.error);
      },
      () => {
        if (this.builds.get(key) === b) this.builds.delete(key);
      },
    );
  }

  cancel(templateId: string): boolean {
    const b = this.builds.get(normalizeId(templateId));
    if (!b) return false;
    b.markCanceling();
    return true;
  }

  isRunning(templateId: string): boolean {
    return this.builds.has(normalizeId(templateId));
  }

  async settled(templateId: string): Promise<void> {
    await this.builds.get(normalizeId(templateId))?.done;
  }
}

const sims = new WeakMap<object, Simulator>();

export interface Tracked {
  operationName: string;
  resourceId: string;
  caller: string;
}
const tracked = new WeakMap<object, Map<string, Tracked>>();

/** Remembers who started an operation, so its end lands in the Activity Log with the same caller. */
export function trackOperation(deps: Pick<ProviderDeps, 'world'>, opId: string, t: Tracked): void {
  let m = tracked.get(deps.world);
  if (!m) {
    m = new Map();
    tracked.set(deps.world, m);
  }
  m.set(opId.toLowerCase(), t);
}

/** Completes an LRO and records the end of its Activity Log operation. */
export function completeOperation(
  deps: Pick<ProviderDeps, 'world' | 'lro' | 'activity'>,
  opId: string,
  status: 'Succeeded' | 'Failed' | 'Canceled',
  error?: { code: string; message: string },
): void {
  deps.lro.complete(opId, status, error);
  const m = tracked.get(deps.world);
  const t = m?.get(opId.toLowerCase());
  if (!t || !m) return;
  m.delete(opId.toLowerCase());
  deps.activity.record({
    operationName: t.operationName,
    resourceId: t.resourceId,
    caller: t.caller,
    correlationId: opId.toLowerCase(),
    status: status === 'Succeeded' ? 'Succeeded' : 'Failed',
    ...(status === 'Canceled' ? { subStatus: 'Canceled' } : {}),
    ...(error ? { properties: { statusCode: error.code, statusMessage: error.message } } : {}),
  });
}

/** The simulator of this world (created on first use; `rand` only for tests that need the same draws). */
export function simulatorFor(deps: ProviderDeps, rand?: Rand): Simulator {
  let s = sims.get(deps.world);
  if (!s) {
    s = new Sim(deps, rand);
    sims.set(deps.world, s);
  }
  return s;
}

/** For the platform's main/control API: the same simulator the Image Builder provider uses. */
export function createSimulator(deps: ProviderDeps): Simulator {
  return simulatorFor(deps);
}
