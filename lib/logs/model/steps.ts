// A build's customization.log cut into steps with their start, end and state, from Packer's own markers
// and timestamps (docs/azure/image-builder.md, "The build log"). The reader is streaming: it takes the log
// in chunks of bytes or text, keeps only the steps and a short tail, so a 50 MB log is read in bounded
// memory; CRLF line ends, ANSI colour codes and UTF-8 characters split across chunks are handled.

export type StepKind =
  'deploy' | 'connect' | 'customizer' | 'deprovision' | 'capture' | 'distribute' | 'cleanup';

export type StepState = 'running' | 'succeeded' | 'failed';

export interface LogStep {
  kind: StepKind;
  /** Display name: the customizer's name once named (see `nameCustomizerSteps`), else Packer's provisioner. */
  name: string;
  /** Packer's provisioner type for customizer steps (`shell`, `powershell`, `windows-restart`…). */
  provisioner?: string;
  /** Epoch ms of the step's first timestamped line (or the last timestamp seen before it). */
  startedAt?: number;
  /** Epoch ms of the last timestamp seen while the step was open. */
  endedAt?: number;
  state: StepState;
  /** 1-based line numbers of the step in the whole log. */
  firstLine: number;
  lastLine: number;
  /** Error lines of the step (at most `MAX_ERRORS_PER_STEP`). */
  errors: string[];
}

export interface StepsResult {
  steps: LogStep[];
  /** The last lines of the log (at most `TAIL_LINES`), ANSI removed. */
  tail: string[];
  lines: number;
  /** Packer reported the build finished (success) or errored. */
  outcome: 'succeeded' | 'failed' | 'unknown';
}

export const TAIL_LINES = 40;
const MAX_ERRORS_PER_STEP = 5;
const MAX_LINE = 16_384; // a single line longer than this is cut; its rest is skipped

// Packer's log timestamps: `2024/03/01 10:00:02` (UTC) as in `PACKER ERR 2024/03/01 10:00:02 [INFO] …`,
// or an ISO time at the start of the message.
const PACKER_TIME_RE = /(?:^|\s)(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\s|$)/;
const ISO_TIME_RE = /(?:^|\s)(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z)(?:\s|$)/;
const ANSI_RE = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`, 'g'); // colour codes

const START_RE = /\(telemetry\) Starting provisioner\s+(\S+)/;
const END_RE = /\(telemetry\) ending\s+(\S+)/;
const FINALIZING_RE = /\(telemetry\) Finalizing\./;
const DEPLOY_RE = /Deploying deployment template|Running builder \.\.\./;
const CONNECT_RE = /Waiting for (?:SSH to become available|WinRM)/;
const DEPROVISION_RE = /DeprovisioningScript/;
const CAPTURE_RE = /Querying the machine's properties|Powering off machine|Capturing image/;
const DISTRIBUTE_RE = /==> azure-arm: Distributing to |Distributing (?:the )?image/i;
const CLEANUP_RE =
  /Deleting individual resources|Cleanup requested|Deleting resource group|not created by Packer, not deleting/;
const ERRORED_RE = /Build '[^']*' errored|Some builds didn't complete successfully/;
const FINISHED_RE = /Build '[^']*' finished/;
const ERROR_RE =
  /\[ERROR\]|\bERROR:|Build '.*' errored|exit status [1-9]|exited with non-zero|Script exited with|context deadline exceeded|Timeout waiting for|IMAGE_STATE_UNDEPLOYABLE/;
const NOISE_RE = /PublicIPAddressCannotBeDeleted|InUseNetworkSecurityGroupCannotBeDeleted/;

const STEP_TITLES: Record<Exclude<StepKind, 'customizer'>, string> = {
  deploy: 'Deploy the build VM',
  connect: 'Connect to the build VM',
  deprovision: 'Deprovision (generalize)',
  capture: 'Capture the image',
  distribute: 'Distribute',
  cleanup: 'Clean up',
};

/** Epoch ms of a line's own timestamp, if it carries one. */
export function lineTime(line: string): number | undefined {
  const p = PACKER_TIME_RE.exec(line);
  if (p) {
    const [, y, mo, d, h, mi, s] = p;
    const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    return Number.isFinite(t) ? t : undefined;
  }
  const iso = ISO_TIME_RE.exec(line);
  if (iso?.[1]) {
    const t = Date.parse(iso[1]);
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

/** Reads a log in chunks; `result()` may be called at any time (a live log) or after `end()`. */
export class LogStepReader {
  private readonly decoder = new TextDecoder('utf-8');
  private partial = '';
  private skippingLongLine = false;
  private readonly steps: LogStep[] = [];
  private readonly tail: string[] = [];
  private lineNo = 0;
  private lastTime: number | undefined;
  private finalizing = false;
  private outcome: StepsResult['outcome'] = 'unknown';

  push(chunk: Uint8Array | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    this.consume(text);
  }

  /**
   * The whole log has been pushed. `live`: it is still being written (a running build), so a step still
   * open stays running unless Packer already said how the build ended; otherwise the open step is closed.
   */
  end(live = false): StepsResult {
    const rest = this.decoder.decode();
    this.consume(rest);
    if (this.partial || this.skippingLongLine) this.line(this.partial);
    this.partial = '';
    this.skippingLongLine = false;
    return this.result(!live);
  }

  result(ended = false): StepsResult {
    const steps = this.steps.map((s) => ({ ...s, errors: [...s.errors] }));
    const last = steps[steps.length - 1];
    if (last && last.state === 'running' && (ended || this.outcome !== 'unknown')) {
      const blamed = this.outcome === 'failed' && !steps.some((s) => s.state === 'failed');
      last.state = blamed || last.errors.length > 0 ? 'failed' : 'succeeded';
    }
    return { steps, tail: [...this.tail], lines: this.lineNo, outcome: this.outcome };
  }

  private consume(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      this.appendPartial(text.slice(start, nl));
      this.line(this.partial);
      this.partial = '';
      this.skippingLongLine = false;
      start = nl + 1;
    }
    this.appendPartial(text.slice(start));
  }

  private appendPartial(piece: string): void {
    if (this.skippingLongLine) return;
    this.partial += piece;
    if (this.partial.length > MAX_LINE) {
      this.partial = this.partial.slice(0, MAX_LINE);
      this.skippingLongLine = true;
    }
  }

  private line(raw: string): void {
    this.lineNo += 1;
    const text = raw.replace(/\r$/, '').replace(ANSI_RE, '');
    this.tail.push(text);
    if (this.tail.length > TAIL_LINES) this.tail.shift();
    const t = lineTime(text);
    if (t !== undefined) this.lastTime = t;
    this.mark(text);
    const cur = this.steps[this.steps.length - 1];
    if (!cur || (cur.state !== 'running' && cur.lastLine !== this.lineNo)) return;
    cur.lastLine = this.lineNo;
    if (this.lastTime !== undefined) {
      cur.startedAt ??= this.lastTime;
      cur.endedAt = this.lastTime;
    }
    if (ERROR_RE.test(text) && !NOISE_RE.test(text) && cur.errors.length < MAX_ERRORS_PER_STEP)
      cur.errors.push(text.trim());
  }

  /** Opens, closes or names steps from this line's marker. */
  private mark(text: string): void {
    if (ERRORED_RE.test(text)) this.outcome = 'failed';
    else if (FINISHED_RE.test(text) && this.outcome === 'unknown') this.outcome = 'succeeded';
    const start = START_RE.exec(text);
    if (start?.[1] && !this.finalizing) {
      this.open('customizer', start[1]);
      return;
    }
    const end = END_RE.exec(text);
    const cur = this.steps[this.steps.length - 1];
    if (end && cur?.kind === 'customizer' && cur.state === 'running') {
      cur.lastLine = this.lineNo; // the closing marker belongs to the step
      this.close(cur);
      return;
    }
    if (FINALIZING_RE.test(text)) this.finalizing = true;
    const kind = this.kindOf(text);
    if (kind && (!cur || (cur.kind !== kind && order(kind) > order(cur.kind)))) this.open(kind);
  }

  private kindOf(text: string): Exclude<StepKind, 'customizer'> | undefined {
    if (CLEANUP_RE.test(text)) return 'cleanup';
    if (DISTRIBUTE_RE.test(text)) return 'distribute';
    if (CAPTURE_RE.test(text)) return 'capture';
    if (DEPROVISION_RE.test(text) || FINALIZING_RE.test(text)) return 'deprovision';
    if (CONNECT_RE.test(text)) return 'connect';
    if (DEPLOY_RE.test(text) || this.steps.length === 0) return 'deploy';
    return undefined;
  }

  private open(kind: StepKind, provisioner?: string): void {
    const cur = this.steps[this.steps.length - 1];
    if (cur && cur.state === 'running') {
      this.close(cur);
      if (this.lastTime !== undefined) cur.endedAt = this.lastTime; // a step ends where the next begins
    }
    const name = kind === 'customizer' ? (provisioner ?? 'customizer') : STEP_TITLES[kind];
    this.steps.push({
      kind,
      name,
      ...(provisioner ? { provisioner } : {}),
      ...(this.lastTime !== undefined ? { startedAt: this.lastTime, endedAt: this.lastTime } : {}),
      state: 'running',
      firstLine: this.lineNo,
      lastLine: this.lineNo,
      errors: [],
    });
  }

  private close(step: LogStep): void {
    step.state = step.errors.length > 0 ? 'failed' : 'succeeded';
  }
}

const ORDER: Record<StepKind, number> = {
  deploy: 0,
  connect: 1,
  customizer: 2,
  deprovision: 3,
  capture: 4,
  distribute: 5,
  cleanup: 6,
};
const order = (k: StepKind): number => ORDER[k];

/** The steps of a whole log held in memory (tests, small logs). */
export function readLogSteps(text: string): StepsResult {
  const r = new LogStepReader();
  r.push(text);
  return r.end();
}

export interface CustomizerRef {
  name?: string;
  type: string;
}

const PROVISIONER_OF: Record<string, string> = {
  Shell: 'shell',
  PowerShell: 'powershell',
  File: 'file',
  WindowsRestart: 'windows-restart',
  WindowsUpdate: 'windows-update',
};

/**
 * Names customizer steps after the template's customizers: the n-th provisioner whose type matches the
 * next customizer takes its name (AIB runs them in order; it may add provisioners of its own, which keep
 * Packer's name).
 */
export function nameCustomizerSteps(steps: LogStep[], customizers: CustomizerRef[]): LogStep[] {
  let next = 0;
  return steps.map((s) => {
    if (s.kind !== 'customizer') return s;
    const c = customizers[next];
    if (!c || PROVISIONER_OF[c.type] !== s.provisioner) return s;
    next += 1;
    return { ...s, name: c.name?.trim() ? c.name : `${c.type} #${next}` };
  });
}

/** Duration of a step in ms, when both ends are known. */
export function stepDuration(step: LogStep): number | undefined {
  return step.startedAt !== undefined && step.endedAt !== undefined
    ? Math.max(0, step.endedAt - step.startedAt)
    : undefined;
}
