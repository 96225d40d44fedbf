// Packer's output as AIB's customization.log shows it (docs/azure/image-builder.md, Logs): deployment of the build VM,
// the wait for SSH/WinRM, one telemetry block per customizer, the hidden deprovisioning step, capture
// and cleanup.
import type { ArmResource } from '../core/types.ts';
import type { BuildNames } from '../providers/imagebuilder/naming.ts';
import type { OsType, StepPlan } from './plan.ts';
import type { Staging } from './staging.ts';

const A = '==> azure-arm:';

/** Packer's debug-log time stamp, `2026/12/03 20:15:07` (UTC). */
export function packerStamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

// Packer writes its telemetry to the debug log (stderr, time-stamped), and the plugin logs a debug line
// as each stage begins: the stamps are what a reader of the log times the steps by.
const STAGE_MARKERS: [RegExp, string][] = [
  [/Deploying deployment template/, 'packer-plugin-azure: deploying the build VM template'],
  [/Waiting for (?:SSH to become available|WinRM)/, 'packer-plugin-azure: waiting for the communicator'],
  [/Querying the machine's properties/, 'packer-plugin-azure: capturing the image'],
  [/Distributing to /, 'image builder: distributing'],
  [/Deleting individual resources/, 'packer-plugin-azure: cleaning up'],
];

/**
 * The lines Packer writes for one UI line at `now`: telemetry goes to the time-stamped debug log
 * (`PACKER ERR <stamp> [INFO] (telemetry) …`); a stage's first UI line is preceded by a stamped debug line.
 */
export function packerOutput(text: string, err: boolean, now: Date): { text: string; err: boolean }[] {
  if (text.startsWith('(telemetry)')) return [{ text: `${packerStamp(now)} [INFO] ${text}`, err: true }];
  const stage = STAGE_MARKERS.find(([re]) => re.test(text));
  const line = { text, err };
  return stage ? [{ text: `${packerStamp(now)} [INFO] ${stage[1]}`, err: true }, line] : [line];
}

/** Packer's provisioner name for a customizer type (WindowsUpdate runs as `windows-update`). */
const PROVISIONERS: Record<string, string> = {
  Shell: 'shell',
  PowerShell: 'powershell',
  File: 'file',
  WindowsRestart: 'windows-restart',
};
const provisionerOf = (step: StepPlan): string => PROVISIONERS[step.type] ?? 'windows-update';

export const packerLines = {
  start(n: BuildNames, st: Staging | undefined, t: ArmResource, os: OsType): string[] {
    const rg = st?.name ?? '';
    const sub = st?.subscriptionId ?? '';
    return [
      `Packer version: 1.10.3 (image template '${t.name}')`,
      'azure-arm: output will be in this color.',
      '',
      `${A} Running builder ...`,
      `${A} Getting tokens using Managed Identity for Azure Resources`,
      os === 'Windows'
        ? `${A} Getting the certificate's URL ...`
        : `${A} Creating a temporary SSH key for the build VM ...`,
      `Azure request method="POST" request="https://management.azure.com/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.Storage/storageAccounts/${st?.account ?? ''}/listKeys?api-version=2023-01-01"`,
      `${A} Using existing resource group ...`,
      `${A}  -> ResourceGroupName : '${rg}'`,
      `${A}  -> Location          : '${t.location ?? ''}'`,
      `${A} Validating deployment template ...`,
      `${A}  -> ResourceGroupName : '${rg}'`,
      `${A}  -> DeploymentName    : '${n.deployment}'`,
      `${A} Deploying deployment template ...`,
      `${A}  -> ResourceGroupName : '${rg}'`,
      `${A}  -> DeploymentName    : '${n.deployment}'`,
      `Azure request method="GET" request="https://management.azure.com/subscriptions/${sub}/resourcegroups/${rg}/providers/Microsoft.Resources/deployments/${n.deployment}/operationStatuses/08584${String(Date.now()).slice(-12)}?api-version=2022-09-01"`,
      `${A} Getting the VM's IP address ...`,
      `${A}  -> ResourceGroupName   : '${rg}'`,
      `${A}  -> PublicIPAddressName : ''`,
      `${A}  -> NicName             : '${n.nic}'`,
      `${A}  -> Network Connection  : 'PrivateEndpoint'`,
    ];
  },
  connectWait(os: OsType): string[] {
    return os === 'Windows'
      ? [`${A} Waiting for WinRM, up to timeout: 10m0s`]
      : [`${A} Waiting for SSH to become available...`];
  },
  connected(os: OsType): string[] {
    return os === 'Windows'
      ? [`${A} WinRM connected.`, `${A} Connected to WinRM!`]
      : [`${A} Connected to SSH!`];
  },
  connectTimeout(os: OsType, ip: string): string[] {
    return os === 'Windows'
      ? [
          `${A} [ERROR] WinRM connection err: unknown error Post "https://${ip}:5986/wsman": context deadline exceeded`,
          `${A} Timeout waiting for WinRM.`,
          "Build 'azure-arm' errored after 10 minutes: Timeout waiting for WinRM.",
        ]
      : [
          `${A} Timeout waiting for SSH.`,
          "Build 'azure-arm' errored after 20 minutes: Timeout waiting for SSH.",
        ];
  },
  stepStart(step: StepPlan, os: OsType): string[] {
    const provisioner = provisionerOf(step);
    const lines = [`(telemetry) Starting provisioner ${provisioner}`];
    if (step.type === 'Shell')
      lines.push(`${A} Provisioning with shell script: /tmp/script_${1000 + step.index}.sh`);
    if (step.type === 'PowerShell')
      lines.push(`${A} Provisioning with powershell script: C:/Windows/Temp/script-${step.index}.ps1`);
    if (step.type === 'WindowsRestart')
      lines.push(`${A} Restarting Machine`, `${A} Waiting for machine to restart...`);
    if (step.type === 'WindowsUpdate')
      lines.push(`${A} Uploading the Windows update elevated script...`, `${A} Running Windows update...`);
    if (step.type === 'File')
      lines.push(`${A} Uploading ${step.name} => ${os === 'Windows' ? 'C:\\' : '/tmp/'}${step.name}`);
    return lines;
  },
  stepEnd(step: StepPlan): string[] {
    const provisioner = provisionerOf(step);
    return [
      ...(step.type === 'WindowsRestart' ? [`${A} Machine successfully restarted, moving on`] : []),
      `(telemetry) ending ${provisioner}`,
    ];
  },
  stepFailed(step: StepPlan): string[] {
    const allowed = '[0]';
    return [
      `${A} Script exited with non-zero exit status: ${step.failExit ?? 1}. Allowed exit codes are: ${allowed}`,
      `(telemetry) ending ${step.type === 'PowerShell' ? 'powershell' : 'shell'}`,
      `Build 'azure-arm' errored after ${Math.max(1, Math.round(step.duration / 60))} minutes: Script exited with non-zero exit status: ${step.failExit ?? 1}. Allowed exit codes are: ${allowed}`,
      '',
      "==> Some builds didn't complete successfully and had errors:",
      `--> azure-arm: Script exited with non-zero exit status: ${step.failExit ?? 1}. Allowed exit codes are: ${allowed}`,
    ];
  },
  noOutbound(subnetId: string): string[] {
    return [
      `${A} E: Failed to fetch http://azure.archive.ubuntu.com/ubuntu/dists/jammy/InRelease  Could not connect to azure.archive.ubuntu.com:80 (connection timed out)`,
      `${A} curl: (28) Failed to connect to packages.microsoft.com port 443 after 130000 ms: Connection timed out`,
      `${A} The build VM has no outbound internet access: subnet '${subnetId}' has defaultOutboundAccess false and no NAT gateway or route to a firewall.`,
      `${A} Script exited with non-zero exit status: 100. Allowed exit codes are: [0]`,
    ];
  },
  deprovision(os: OsType): string[] {
    // AIB's hidden last step: not a telemetry block of its own, it belongs to the finalize stage.
    return os === 'Windows'
      ? [
          `${A} Provisioning with powershell script: c:\\DeprovisioningScript.ps1`,
          `${A} IMAGE_STATE_COMPLETE`,
        ]
      : [
          `${A} Provisioning with shell script: /tmp/DeprovisioningScript.sh`,
          `${A} WARNING! The waagent service will be stopped.`,
          `${A} WARNING! Cached DHCP leases will be deleted.`,
          `${A} WARNING! root password will be disabled. You will not be able to login as root.`,
          `${A} WARNING! /etc/resolv.conf will be deleted.`,
          `${A} WARNING! packer account and entire home directory will be deleted.`,
        ];
  },
  capture(os: OsType): string[] {
    return [
      `${A} Querying the machine's properties ...`,
      `${A} Powering off machine ...`,
      `${A} Generalizing machine ...`,
      `${A} Capturing image ...`,
      ...(os === 'Windows'
        ? [`${A}  -> Compute OS Type       : 'Windows'`]
        : [`${A}  -> Compute OS Type       : 'Linux'`]),
    ];
  },
  finished(): string[] {
    return [
      "Build 'azure-arm' finished after some time.",
      '',
      '==> Wait completed after some time',
      '',
      '==> Builds finished but no artifacts were created.',
      `${A} Skipping image creation...`,
    ];
  },
};
