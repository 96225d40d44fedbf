import { describe, expect, it } from 'vitest';
import { finalizeSections, logPathFromMessage, parseLog } from './parse';

const OP = 'a7623644-1b2c-4d5e-8f90-123456789abc';
const out = (s: string) => `[${OP}] PACKER OUT ${s}`;
const err = (s: string) => `[${OP}] PACKER ERR ${s}`;

const LOG = [
  out('==> azure-arm: Deploying deployment template ...'),
  out('==> azure-arm: Waiting for SSH to become available...'),
  out('==> azure-arm: Connected to SSH!'),
  out('==> azure-arm: (telemetry) Starting provisioner shell'),
  out('    azure-arm: Installing nginx'),
  out('==> azure-arm: (telemetry) ending shell'),
  out('==> azure-arm: (telemetry) Starting provisioner file'),
  out('    azure-arm: Uploading config'),
  out('==> azure-arm: (telemetry) ending file'),
  out('==> azure-arm: (telemetry) Finalizing. - This means the build has completed'),
  out('==> azure-arm: (telemetry) Starting provisioner shell'),
  out('==> azure-arm: Provisioning with shell script: /tmp/DeprovisioningScript.sh'),
  out('==> azure-arm: (telemetry) ending shell'),
  out('==> azure-arm: Deleting individual resources ...'),
  err('==> azure-arm: Error deleting resource. Will retry. PublicIPAddressCannotBeDeleted'),
  out('Builds finished but no artifacts were created.'),
].join('\n');

describe('parseLog', () => {
  it('splits Packer markers into setup, connect, one section per customizer and finalize', () => {
    const p = parseLog(LOG);
    expect(p.operationId).toBe(OP);
    expect(p.sections.map((s) => [s.kind, s.title])).toEqual([
      ['setup', 'Deploying the build VM'],
      ['connect', 'Connecting to the build VM'],
      ['customizer', 'shell'],
      ['customizer', 'file'],
      ['finalize', 'Deprovision, capture and cleanup'],
    ]);
    expect(p.sections.filter((s) => s.kind === 'customizer').every((s) => s.status === 'done')).toBe(true);
    // the deprovision provisioner after Finalizing stays in the finalize section
    expect(p.sections.at(-1)?.lines.some((l) => l.message.includes('DeprovisioningScript'))).toBe(true);
    expect(p.connected).toBe(true);
    expect(p.finished).toBe(true);
  });

  it('does not count the documented harmless cleanup noise as an error', () => {
    expect(parseLog(LOG).errors).toHaveLength(0);
  });

  it('marks a failing customizer and lists its error lines', () => {
    const failing = [
      out('==> azure-arm: (telemetry) Starting provisioner shell'),
      err('==> azure-arm: Script exited with non-zero exit status: 1. Allowed exit codes are: [0]'),
      out(
        "==> azure-arm: Build 'azure-arm' errored after 2 minutes: Script exited with non-zero exit status: 1",
      ),
    ].join('\n');
    const p = finalizeSections(parseLog(failing), 'Failed');
    const shell = p.sections.find((s) => s.customizer === 'shell');
    expect(shell?.status).toBe('failed');
    expect(p.errors.map((e) => e.n)).toEqual([2, 3]);
    expect(p.errors[0]?.stream).toBe('err');
  });

  it('a live (growing) log keeps the current customizer running', () => {
    const p = parseLog(
      [out('==> azure-arm: (telemetry) Starting provisioner powershell'), out('  working')].join('\n'),
    );
    expect(p.sections.at(-1)?.status).toBe('running');
    expect(finalizeSections(p, 'Running').sections.at(-1)?.status).toBe('running');
    expect(finalizeSections(p, 'Succeeded').sections.at(-1)?.status).toBe('done');
  });

  it('reads lines without the Packer prefix', () => {
    const p = parseLog('plain text\r\nmore');
    expect(p.lines.map((l) => [l.stream, l.message])).toEqual([
      ['other', 'plain text'],
      ['other', 'more'],
    ]);
  });
});

describe('logPathFromMessage', () => {
  it('reads both the URL and the ARM path forms', () => {
    expect(
      logPathFromMessage(
        '… Image Build log location: https://xkzlyccln2x4qrzk8r60s8oc.blob.core.windows.net/packerlogs/01a41885-aaaa/customization.log. OperationId: x',
      ),
    ).toEqual({ account: 'xkzlyccln2x4qrzk8r60s8oc', run: '01a41885-aaaa' });
    expect(
      logPathFromMessage(
        'Packer build logs are at location /subscriptions/s/resourceGroups/IT_x/providers/Microsoft.Storage/storageAccounts/abc123/blobServices/default/containers/packerlogs/run-1/customization.log. Please',
      ),
    ).toEqual({ account: 'abc123', run: 'run-1' });
    expect(
      logPathFromMessage(
        'Image Build log location: https://127.0.0.1:10000/vfrqyq4aj9rv7dfndtzp9f25/packerlogs/756f6629-eff9/customization.log. OperationId: x',
      ),
    ).toEqual({ account: 'vfrqyq4aj9rv7dfndtzp9f25', run: '756f6629-eff9' });
    expect(logPathFromMessage('nothing')).toBeUndefined();
  });
});
