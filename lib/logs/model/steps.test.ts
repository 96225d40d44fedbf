import { describe, expect, it } from 'vitest';
import { LogStepReader, lineTime, nameCustomizerSteps, readLogSteps, stepDuration } from './steps';

const ID = '[4c1f0a3e-9b7d-4a55-8c1e-2f9a6b3d7e10]';
const at = (hhmmss: string, msg: string) => `${ID} PACKER ERR 2026/11/30 ${hhmmss} ${msg}`;
const out = (msg: string) => `${ID} PACKER OUT ${msg}`;

const LOG = [
  at('10:00:00', '[INFO] Packer version: 1.10.3'),
  out('==> azure-arm: Running builder ...'),
  out('==> azure-arm: Deploying deployment template ...'),
  at('10:02:00', '[INFO] deployment done'),
  out('==> azure-arm: Waiting for SSH to become available...'),
  at('10:03:30', '[INFO] ssh up'),
  out('==> azure-arm: Connected to SSH!'),
  at('10:03:30', '[INFO] (telemetry) Starting provisioner shell'),
  out('==> azure-arm: Provisioning with shell script: /tmp/script_1000.sh'),
  at('10:08:30', '[INFO] (telemetry) ending shell'),
  at('10:08:30', '[INFO] (telemetry) Starting provisioner file'),
  at('10:09:00', '[INFO] (telemetry) ending file'),
  at('10:09:00', '[INFO] (telemetry) Finalizing.'),
  out('==> azure-arm: Provisioning with shell script: /tmp/DeprovisioningScript.sh'),
  at('10:10:00', '[INFO] deprovisioned'),
  out("==> azure-arm: Querying the machine's properties ..."),
  out('==> azure-arm: Capturing image ...'),
  at('10:12:00', '[INFO] captured'),
  out('==> azure-arm: Deleting individual resources ...'),
  at('10:13:00', '[INFO] cleaned'),
  out("Build 'azure-arm' finished after 13 minutes."),
];

describe('log steps', () => {
  it('cuts a successful log into steps with durations from the log’s own timestamps', () => {
    const r = readLogSteps(LOG.join('\n'));
    expect(r.outcome).toBe('succeeded');
    expect(r.steps.map((s) => [s.kind, s.name, s.state, stepDuration(s)])).toEqual([
      ['deploy', 'Deploy the build VM', 'succeeded', 120_000],
      ['connect', 'Connect to the build VM', 'succeeded', 90_000],
      ['customizer', 'shell', 'succeeded', 300_000],
      ['customizer', 'file', 'succeeded', 30_000],
      ['deprovision', 'Deprovision (generalize)', 'succeeded', 60_000],
      ['capture', 'Capture the image', 'succeeded', 120_000],
      ['cleanup', 'Clean up', 'succeeded', 60_000],
    ]);
  });

  it('marks the failing customizer and keeps its error lines', () => {
    const failing = [
      ...LOG.slice(0, 9),
      out('==> azure-arm: Script exited with non-zero exit status: 2. Allowed exit codes are: [0]'),
      at('10:05:00', '[INFO] (telemetry) ending shell'),
      out("Build 'azure-arm' errored after 5 minutes: Script exited with non-zero exit status: 2."),
      out('==> azure-arm: Deleting individual resources ...'),
      at('10:06:00', '[INFO] cleaned'),
    ];
    const r = readLogSteps(failing.join('\r\n'));
    expect(r.outcome).toBe('failed');
    const shell = r.steps.find((s) => s.kind === 'customizer');
    expect(shell?.state).toBe('failed');
    expect(shell?.errors[0]).toContain('non-zero exit status: 2');
    expect(r.steps.at(-1)).toMatchObject({ kind: 'cleanup', state: 'succeeded' });
    expect(r.tail.at(-1)).toContain('[INFO] cleaned');
    expect(r.tail.every((l) => !l.endsWith('\r'))).toBe(true);
  });

  it('blames the open step when Packer errors without an error line of its own', () => {
    const r = readLogSteps(
      [...LOG.slice(0, 5), out("Build 'azure-arm' errored after 20 minutes: something")].join('\n'),
    );
    expect(r.steps.at(-1)).toMatchObject({ kind: 'connect', state: 'failed' });
  });

  it('leaves the open step running in a live log', () => {
    const reader = new LogStepReader();
    reader.push(LOG.slice(0, 9).join('\n') + '\n');
    const live = reader.result();
    expect(live.steps.at(-1)).toMatchObject({ kind: 'customizer', state: 'running' });
    expect(live.outcome).toBe('unknown');
  });

  it('a live log read to its end (the running build’s) keeps its open step running; a finished one closes it', () => {
    const text = LOG.slice(0, 9).join('\n') + '\n';
    const live = new LogStepReader();
    live.push(text);
    expect(live.end(true).steps.at(-1)).toMatchObject({ kind: 'customizer', state: 'running' });
    const done = new LogStepReader();
    done.push(text);
    expect(done.end().steps.at(-1)).toMatchObject({ kind: 'customizer', state: 'succeeded' });
    // Packer has said how it ended: the open step closes even in a live read.
    const errored = new LogStepReader();
    errored.push(text + out("Build 'azure-arm' errored after 5 minutes: boom") + '\n');
    expect(errored.end(true).steps.at(-1)).toMatchObject({ kind: 'customizer', state: 'failed' });
  });

  it('strips ANSI colours and CRLF, and joins UTF-8 characters split across chunks', () => {
    const text = `\u001b[1;32m${out('==> azure-arm: Provisioning with shell script: café ☕')}\u001b[0m\r\n`;
    const bytes = new TextEncoder().encode(text);
    const reader = new LogStepReader();
    const cut = bytes.indexOf(0xe2) + 1; // inside the three bytes of ☕
    reader.push(bytes.slice(0, cut));
    reader.push(bytes.slice(cut));
    const r = reader.end();
    expect(r.tail).toEqual([out('==> azure-arm: Provisioning with shell script: café ☕')]);
  });

  it('reads Packer and ISO timestamps as UTC', () => {
    expect(lineTime('PACKER ERR 2026/11/30 10:00:02 [INFO] x')).toBe(Date.UTC(2026, 10, 30, 10, 0, 2));
    expect(lineTime('2026-11-30T10:00:02.5Z starting')).toBe(Date.parse('2026-11-30T10:00:02.5Z'));
    expect(lineTime('no time here')).toBeUndefined();
  });

  it('names customizer steps after the template’s customizers, in order', () => {
    const { steps } = readLogSteps(LOG.join('\n'));
    const named = nameCustomizerSteps(steps, [
      { name: 'install-nginx', type: 'Shell' },
      { name: 'config', type: 'File' },
    ]);
    expect(named.filter((s) => s.kind === 'customizer').map((s) => s.name)).toEqual([
      'install-nginx',
      'config',
    ]);
  });

  it('reads a 50 MB log in bounded memory', () => {
    const reader = new LogStepReader();
    const chunkLines = Array.from({ length: 10_000 }, (_, i) =>
      out(`==> azure-arm: apt line ${i} ${'x'.repeat(60)}`),
    );
    const chunk = new TextEncoder().encode(chunkLines.join('\n') + '\n');
    reader.push(LOG.slice(0, 9).join('\n') + '\n');
    const before = process.memoryUsage().heapUsed;
    let total = 0;
    while (total < 50 * 1024 * 1024) {
      reader.push(chunk);
      total += chunk.byteLength;
    }
    reader.push(LOG.slice(9).join('\n'));
    const r = reader.end();
    const grown = process.memoryUsage().heapUsed - before;
    expect(r.lines).toBeGreaterThan(350_000);
    expect(r.steps.find((s) => s.kind === 'customizer')?.lastLine).toBeGreaterThan(350_000);
    expect(r.tail.length).toBeLessThanOrEqual(40);
    // The reader keeps steps and a tail, not the log: what it holds is tiny, and the heap grows far
    // less than the 50 MB it read (held as JS strings, the log would take about 100 MB).
    expect(JSON.stringify(r).length).toBeLessThan(64 * 1024);
    expect(grown).toBeLessThan(40 * 1024 * 1024);
  }, 120_000);

  it('cuts an endless line instead of holding it', () => {
    const reader = new LogStepReader();
    for (let i = 0; i < 100; i++) reader.push('y'.repeat(100_000));
    reader.push('\nnext line\n');
    const r = reader.end();
    expect(r.lines).toBe(2);
    expect(r.tail[0]?.length).toBeLessThanOrEqual(16_384);
  });
});
