// What the build's phases (phases/*.ts) see of the one build they belong to: its clock, log, staging
// resources and status, plus the failure kinds that end it. Build (build.ts) implements it and runs the
// phases in order.
import type { ArmResource, ProviderDeps } from '../core/types.ts';
import type { BuildNames, Rand } from '../providers/imagebuilder/naming.ts';
import type { Rec } from '../core/rec.ts';
import type { OsType } from './plan.ts';
import type { Staging } from './staging.ts';
import type { Placement } from '../shapes/common.ts';

export const CONTAINER_NAME = 'packerizer';
export const NEVER = '0001-01-01T00:00:00Z';

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

/** A staging resource the build made (cleaned up at the end). */
export interface Created {
  id: string;
  type: string;
  /** Part of the build VM group (kept on abort). */
  buildVm: boolean;
}

export interface CreateOptions {
  /** Part of the build VM group (kept on abort). */
  buildVm?: boolean;
  /** The provisioning state while it is made (default: Updating for networking, else Creating). */
  transient?: string;
  /** Fail with this after the wait instead of succeeding. */
  fail?: BuildFailure;
  /** A distribution output, not a staging resource: once made, cleanup leaves it. */
  output?: boolean;
}

export type LogFile = 'customization.log' | 'validation.log';

/** A running build as saved with the world (build.ts explains the replay that restores it). */
export interface SavedBuild {
  templateId: string;
  operationId: string;
  caller: string;
  runGuid: string;
  scriptFault: number | null;
  /** JSON values the build drew or decided once (`memo`). */
  memo: Record<string, unknown>;
  /** Waits begun; whether the build was in the last of them; Azure ms of that wait already waited. */
  waits: number;
  inWait: boolean;
  waitedMs: number;
  /** Effects outside the world made so far (log lines, Activity Log records, blob writes, statuses). */
  effects: number;
  /** Where a cancel reached the build (its waits begun, and whether it was in one), if it was canceled. */
  canceledAt: { waits: number; inWait: boolean } | null;
}

export interface BuildRun {
  readonly deps: ProviderDeps;
  readonly rand: Rand;
  readonly templateId: string;
  readonly operationId: string;
  readonly runGuid: string;
  /** Aborted by cancel and by stop. */
  readonly signal: AbortSignal;
  /** The staging resources made so far, oldest first. */
  readonly created: readonly Created[];
  staging: Staging | undefined;
  names: BuildNames;
  os: OsType;
  identity: { id: string; principalId: string; clientId: string } | undefined;
  /** The container group running Packer, while it exists (its log follows the build log). */
  containerId: string | undefined;
  /** Exit code the first customizer's script ends with in this build (control API); undefined: as planned. */
  readonly scriptFault: number | undefined;
  template(): ArmResource;
  props(): Rec;
  /** Waits Azure seconds on the scaled clock; past the template's build timeout the build fails. */
  sleep(azureSeconds: number): Promise<void>;
  /** Enters a phase: lastRunStatus shows it, and a hold on it (control API) waits here. */
  phase(p: Phase): Promise<void>;
  log(text: string, err?: boolean, file?: LogFile): void;
  logAll(lines: string[], err?: boolean): void;
  /** The packerlogs URL of a log file ('' before the staging account exists). */
  logUrl(file?: LogFile): string;
  /** The same log as an ARM path below the staging storage account. */
  armLogPath(file?: LogFile): string;
  /** Where a staging resource goes: the staging group, the template's location and managed tags. */
  placement(name: string): Placement;
  /** Puts a resource in its transient state, waits, then Succeeded (or the given failure). */
  create(r: ArmResource, seconds: number, opts?: CreateOptions): Promise<void>;
  /** Deletes a staging resource the way AIB does (Deleting, a wait, gone). */
  remove(c: Created, signal?: AbortSignal): Promise<void>;
  /** AIB acts as the template identity: a missing permission fails the build with the RP's 403. */
  requirePermission(action: string, scope: string, client: string): void;
  /** Packer's failure, pointing at the customization log. */
  failPacker(keep?: boolean): BuildFailure;
  /**
   * `make()` once per build: a value drawn at random, or read from a world the build changes later, that a
   * restored build (which replays its phases) must see again as it was. JSON values only.
   */
  memo<T>(key: string, make: () => T): T;
}

export interface BuildHost {
  deps: ProviderDeps;
  rand: Rand;
  /** Resolves when no hold applies to (template, phase). */
  waitForHold(templateId: string, phase: Phase | 'Canceling', signal: AbortSignal): Promise<void>;
  /** The script fault set for the template's next build, taken (it applies once); undefined when none. */
  takeScriptFault(templateId: string): number | undefined;
}
