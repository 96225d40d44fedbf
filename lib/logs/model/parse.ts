// Packer / AIB customization log → lines, sections (one per customizer) and errors (docs/azure/image-builder.md, Logs).

export type Stream = 'out' | 'err' | 'other';

export interface LogLine {
  /** 1-based line number in the whole log. */
  n: number;
  text: string;
  /** The text without the `[<operationId>] PACKER OUT|ERR` prefix. */
  message: string;
  stream: Stream;
  error: boolean;
}

export type SectionKind = 'setup' | 'connect' | 'customizer' | 'finalize';

export interface LogSection {
  kind: SectionKind;
  title: string;
  /** Customizer name, for `customizer` sections. */
  customizer?: string;
  lines: LogLine[];
  status: 'running' | 'done' | 'failed';
}

export interface ParsedLog {
  lines: LogLine[];
  sections: LogSection[];
  errors: LogLine[];
  /** The operation id from the line prefix, when present. */
  operationId?: string;
  connected: boolean;
  finished: boolean;
}

const PREFIX_RE = /^\s*(?:\[([0-9a-fA-F-]{8,})\]\s*)?PACKER (OUT|ERR)\s?(.*)$/;
const START_RE = /\(telemetry\) Starting provisioner\s+(.+?)\s*$/;
const END_RE = /\(telemetry\) ending\s+(.+?)\s*$/;
const FINAL_RE = /\(telemetry\) Finalizing\./;
const CONNECT_RE = /Waiting for (?:SSH to become available|WinRM)/;
const CONNECTED_RE = /Connected to SSH!|WinRM connected\./;
const ERROR_RE =
  /\bERROR\b|\[ERROR\]|errored|Build '.*' errored|exit status [1-9]|exited with non-zero|Script exited with|context deadline exceeded|\bFailed\b.*\b(?:build|provision)|Error:/;
// Harmless retry noise (docs/azure/image-builder.md, Logs) is not an error.
const NOISE_RE = /PublicIPAddressCannotBeDeleted|InUseNetworkSecurityGroupCannotBeDeleted/;

export function parseLine(text: string, n: number): LogLine {
  const m = PREFIX_RE.exec(text);
  const stream: Stream = m ? (m[2] === 'ERR' ? 'err' : 'out') : 'other';
  const message = m ? (m[3] ?? '') : text;
  const error = !NOISE_RE.test(message) && ERROR_RE.test(message);
  return { n, text, message, stream, error };
}

export function parseLog(text: string): ParsedLog {
  const raw = text.split(/\r?\n/);
  if (raw.length && raw[raw.length - 1] === '') raw.pop();
  const lines = raw.map((t, i) => parseLine(t, i + 1));
  const sections: LogSection[] = [];
  let cur: LogSection = { kind: 'setup', title: 'Deploying the build VM', lines: [], status: 'running' };
  sections.push(cur);
  let operationId: string | undefined;
  let connected = false;
  let finished = false;
  const open = (s: LogSection) => {
    if (cur.status === 'running') cur.status = cur.lines.some((l) => l.error) ? 'failed' : 'done';
    cur = s;
    sections.push(s);
  };
  for (const l of lines) {
    operationId ??= PREFIX_RE.exec(l.text)?.[1];
    const start = START_RE.exec(l.message);
    // After "(telemetry) Finalizing." the only provisioner is AIB's hidden deprovision step: it belongs
    // to the finalize section, not to the user's customizers.
    if (start?.[1] && !finished) {
      open({ kind: 'customizer', title: start[1], customizer: start[1], lines: [l], status: 'running' });
      continue;
    }
    const end = END_RE.exec(l.message);
    if (end && cur.kind === 'customizer' && !finished) {
      cur.lines.push(l);
      cur.status = cur.lines.some((x) => x.error) ? 'failed' : 'done';
      open({ kind: 'setup', title: `After ${end[1] ?? 'the customizer'}`, lines: [], status: 'running' });
      continue;
    }
    if (FINAL_RE.test(l.message)) {
      finished = true;
      open({ kind: 'finalize', title: 'Deprovision, capture and cleanup', lines: [l], status: 'running' });
      continue;
    }
    if (CONNECT_RE.test(l.message) && cur.kind === 'setup' && !connected) {
      open({ kind: 'connect', title: 'Connecting to the build VM', lines: [l], status: 'running' });
      continue;
    }
    if (CONNECTED_RE.test(l.message)) connected = true;
    cur.lines.push(l);
  }
  // Drop empty filler sections; a trailing failed run marks the open section failed.
  const kept = sections.filter((s) => s.lines.length > 0);
  const last = kept[kept.length - 1];
  if (last && last.status === 'running' && last.lines.some((l) => l.error)) last.status = 'failed';
  return {
    lines,
    sections: kept,
    errors: lines.filter((l) => l.error),
    ...(operationId ? { operationId } : {}),
    connected,
    finished,
  };
}

/** Closes every section when the build is over (status from the template's last run). */
export function finalizeSections(log: ParsedLog, runState: string | undefined): ParsedLog {
  const terminal = runState && !/^(running|canceling)$/i.test(runState);
  if (!terminal) return log;
  return {
    ...log,
    sections: log.sections.map((s) =>
      s.status === 'running'
        ? { ...s, status: s.lines.some((l) => l.error) || /failed/i.test(runState) ? 'failed' : 'done' }
        : s,
    ),
  };
}

/** `packerlogs/<run>/customization.log` path from a lastRunStatus message or LRO error (URL or ARM form). */
export function logPathFromMessage(
  message: string | undefined,
): { account?: string; run: string } | undefined {
  if (!message) return undefined;
  const url = /https:\/\/([a-z0-9]{3,24})\.blob\.[^/\s]+\/packerlogs\/([^/\s]+)\/customization\.log/i.exec(
    message,
  );
  if (url?.[1] && url[2]) return { account: url[1], run: url[2] };
  // Path-style endpoints (Azurite, custom domains): https://host[:port]/<account>/packerlogs/<run>/…
  const pathStyle = /https:\/\/[^/\s]+\/([a-z0-9]{3,24})\/packerlogs\/([^/\s]+)\/customization\.log/i.exec(
    message,
  );
  if (pathStyle?.[1] && pathStyle[2]) return { account: pathStyle[1], run: pathStyle[2] };
  const arm =
    /storageAccounts\/([a-z0-9]{3,24})\/blobServices\/default\/containers\/packerlogs\/([^/\s]+)\/customization\.log/i.exec(
      message,
    );
  if (arm?.[1] && arm[2]) return { account: arm[1], run: arm[2] };
  return undefined;
}
