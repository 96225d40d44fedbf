// Known ways an Image Builder build fails, as data: each signature matches the run's message, the
// long-running operation's error and the log's tail, and says what happened, why, and what to do.
// The texts each signature recognises are Azure's own (docs/azure/failures.md); every signature is
// unit-tested against them. Where Kiln can fix the cause itself, `fix` names Kiln's fix; otherwise
// `command` is the exact Azure CLI command to run.

/** A fix Kiln already knows how to make from the template page (see lib/networking/model/fixes.ts). */
export type KilnFix =
  | 'aci-delegation'
  | 'pls-network-policies'
  | 'nsg-private-link-ports'
  | 'nsg-ssh-winrm'
  | 'identity-network-role';

export interface FailureSignature {
  id: string;
  /** What happened, in a sentence. */
  title: string;
  /** Why it happens. */
  why: string;
  /** What to do. */
  action: string;
  /** Matched against the run message, the LRO error and the log tail joined by newlines. */
  patterns: RegExp[];
  fix?: KilnFix;
  /** A command with `{placeholders}` filled from the failure's context. */
  command?: string;
  docs: string;
}

const TS_DOCS = 'https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-troubleshoot';
const NET_DOCS = 'https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-networking';
const PERM_DOCS = 'https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-permissions-cli';

/** Order matters: the first signature that matches wins, so specific ones come before generic ones. */
export const FAILURE_SIGNATURES: readonly FailureSignature[] = [
  {
    id: 'pls-network-policies',
    title: 'The build subnet blocks the Private Link service',
    why: 'Image Builder puts a Private Link service in the build VM’s subnet; Azure refuses that while the subnet’s privateLinkServiceNetworkPolicies are Enabled.',
    action: 'Disable Private Link service network policies on the build subnet, then build again.',
    patterns: [
      /PrivateLinkServiceNetworkPoliciesCannotBeEnabledOnPrivateLinkServiceSubnet/i,
      /Private link service network policies cannot be enabled on private link service subnet/i,
    ],
    fix: 'pls-network-policies',
    command:
      'az network vnet subnet update --ids {subnetId} --private-link-service-network-policies Disabled',
    docs: NET_DOCS,
  },
  {
    id: 'aci-subnet-delegation',
    title: 'The container instance subnet is not delegated',
    why: 'The build’s container instance can only join a subnet delegated to Microsoft.ContainerInstance/containerGroups.',
    action: 'Delegate the container instance subnet to Azure Container Instances, then build again.',
    patterns: [
      /missing required delegation 'Microsoft\.ContainerInstance/i,
      /SubnetMissingRequiredDelegation/i,
      /NetworkProfileDelegat|subnet .* is not delegated/i,
    ],
    fix: 'aci-delegation',
    command:
      'az network vnet subnet update --ids {containerSubnetId} --delegations Microsoft.ContainerInstance/containerGroups',
    docs: NET_DOCS,
  },
  {
    id: 'aci-subnet-in-use',
    title: 'The container instance subnet cannot take the container',
    why: 'A subnet for container instances holds only container groups: other resources in it (or a delegation to another service) make the deployment fail.',
    action:
      'Use a subnet that holds nothing but container instances, delegated to Microsoft.ContainerInstance/containerGroups.',
    patterns: [/SubnetDelegationsCannotChangeWhenSubnetUsedByResource|InUseSubnetCannotBeDelegated/i],
    docs: NET_DOCS,
  },
  {
    id: 'nsg-private-link-ports',
    title: 'The network security group blocks Private Link to the proxy VM',
    why: 'Image Builder reaches the build VM through a load balancer and proxy VM on TCP 60000–60001; the subnet’s NSG must allow AzureLoadBalancer to reach them.',
    action: 'Allow inbound TCP 60000-60001 from AzureLoadBalancer on the build subnet’s NSG.',
    patterns: [/60000-60001|port 6000[01]\b.*(?:timed out|refused)/i],
    fix: 'nsg-private-link-ports',
    command:
      'az network nsg rule create -g {nsgResourceGroup} --nsg-name {nsgName} -n AllowImageBuilderPrivateLink --priority 400 --source-address-prefixes AzureLoadBalancer --destination-port-ranges 60000-60001 --protocol Tcp --access Allow',
    docs: NET_DOCS,
  },
  {
    id: 'nsg-ssh-winrm',
    title: 'Packer could not reach the build VM over SSH or WinRM',
    why: 'Packer connects to the build VM on TCP 22 (Linux) or 5986 (Windows) from inside the virtual network; a deny rule on the subnet’s NSG, or a script that changed the VM’s firewall, cuts it off.',
    action:
      'Allow TCP 22 and 5986 from VirtualNetwork to the build subnet, in and out, and check that no customizer changes the firewall.',
    patterns: [
      /Timeout waiting for (?:SSH|WinRM)/i,
      /WinRM connection err: .*5986.*context deadline exceeded/i,
      /Remote command exited without exit status or exit signal/i,
    ],
    fix: 'nsg-ssh-winrm',
    command:
      'az network nsg rule create -g {nsgResourceGroup} --nsg-name {nsgName} -n AllowPackerSshWinRm --priority 410 --source-address-prefixes VirtualNetwork --destination-port-ranges 22 5986 --protocol Tcp --access Allow',
    docs: TS_DOCS,
  },
  {
    id: 'subnet-join-permission',
    title: 'The template’s identity may not use the virtual network',
    why: 'The user-assigned identity needs Microsoft.Network/virtualNetworks/subnets/join/action (and read) on the build and container subnets.',
    action:
      'Give the identity a role with subnets/join/action and virtualNetworks/read on the virtual network.',
    patterns: [
      /subnets\/join\/action/i,
      /(?:LinkedAuthorizationFailed|AuthorizationFailed)[\s\S]*Microsoft\.Network\/virtualNetworks/i,
      /Not authorized to access the resource: [^\s]*\/virtualNetworks\//i,
    ],
    fix: 'identity-network-role',
    command:
      'az role assignment create --assignee {identityPrincipalId} --role "Network Contributor" --scope {vnetId}',
    docs: PERM_DOCS,
  },
  {
    id: 'identity-permission',
    title: 'The template’s identity lacks a permission it needs',
    why: 'Image Builder acts as the template’s user-assigned identity: it must be able to read the source image and write the distribution targets (image, gallery, storage).',
    action: 'Give the identity the role named in the error on the scope named in the error.',
    patterns: [
      /Not authorized to access the resource/i,
      /AuthorizationFailed.*does not have authorization to perform action/i,
      /doesn't have authorization to perform action/i,
    ],
    command:
      'az role assignment create --assignee {identityPrincipalId} --role "Contributor" --scope {scope}',
    docs: PERM_DOCS,
  },
  {
    id: 'identity-unusable',
    title: 'The assigned managed identity cannot be used',
    why: 'The identity on the template was deleted or recreated, so Image Builder can no longer get tokens for it.',
    action: 'Remove the identity from the template and assign it again (or assign a new one).',
    patterns: [/The assigned managed identity cannot be used/i],
    command:
      'az image builder identity assign -g {resourceGroup} -n {templateName} --user-assigned {identityId}',
    docs: TS_DOCS,
  },
  {
    id: 'no-outbound',
    title: 'The build had no way out to the internet',
    why: 'The subnet has no default outbound access and no NAT gateway or firewall route, so the container image or packages could not be downloaded.',
    action: 'Attach a NAT gateway to the subnet (or route 0.0.0.0/0 through a firewall), then build again.',
    patterns: [
      /no outbound (?:internet access|connectivity)/i,
      /InaccessibleImage/i,
      /Could not connect to .*connection timed out|Failed to connect to .* Connection timed out/i,
    ],
    command: 'az network vnet subnet update --ids {subnetId} --nat-gateway {natGatewayId}',
    docs: NET_DOCS,
  },
  {
    id: 'customizer-exit-code',
    title: 'A customizer script failed',
    why: 'A Shell or PowerShell customizer exited with a code the template does not allow.',
    action:
      'Open the failing step’s log, fix the script (or add the exit code to validExitCodes), then build again.',
    patterns: [
      /Script exited with non-zero exit status: \d+/i,
      /exited with non-zero exit status/i,
      /Exit code \d+ is not in the list of valid exit codes/i,
    ],
    docs: TS_DOCS,
  },
  {
    id: 'windows-restart',
    title: 'Windows did not come back from a restart',
    why: 'A restart was already scheduled or the VM took longer than the restart timeout to come back.',
    action:
      'Add a WindowsRestart customizer with a longer restartTimeout (e.g. 10m), and avoid scheduling reboots from scripts.',
    patterns: [/A system shutdown has already been scheduled|Timeout waiting for machine to restart/i],
    docs: TS_DOCS,
  },
  {
    id: 'windows-update',
    title: 'Windows Update did not finish',
    why: 'The WindowsUpdate customizer kept finding updates or restarting until the build ran out of time.',
    action:
      'Narrow the update filters or raise updateLimit / the build timeout; run Windows Update early in the customizer list.',
    patterns: [/windows-update.*(?:failed|error)|Windows update .*failed|0x8024[0-9a-f]{4}/i],
    docs: TS_DOCS,
  },
  {
    id: 'sysprep',
    title: 'Sysprep did not finish generalising the VM',
    why: 'The VM never reached IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE: often the guest agent or a pending reboot kept Sysprep from completing.',
    action:
      'Make sure nothing restarts or removes the Azure guest agent late in the customizers; add a WindowsRestart before the end.',
    patterns: [
      /IMAGE_STATE_UNDEPLOYABLE/i,
      /Cannot find any service with service name 'WindowsAzureGuestAgent'/i,
    ],
    docs: TS_DOCS,
  },
  {
    id: 'build-timeout',
    title: 'The build ran out of time',
    why: 'The build took longer than buildTimeoutInMinutes (240 minutes when unset).',
    action: 'Raise buildTimeoutInMinutes on the template, or make the customizers faster.',
    patterns: [
      /Timeout waiting for microservice to complete: 'context deadline exceeded'/i,
      /BuildTimeout/i,
      /Future#WaitForCompletion: context has been cancelled/i,
    ],
    command: 'az image builder update -g {resourceGroup} -n {templateName} --set buildTimeoutInMinutes=480',
    docs: TS_DOCS,
  },
  {
    id: 'quota',
    title: 'The subscription ran out of quota',
    why: 'The build VM size (or container instances) exceeds the region’s quota for this subscription.',
    action: 'Request more quota for the VM family in this region, or use another VM size or region.',
    patterns: [
      /QuotaExceeded|OperationNotAllowed.*quota|exceeding approved .* quota/i,
      /Azure Container Instances quota exceeded|Too many Azure Container Instances deployed/i,
    ],
    command: 'az vm list-usage --location {location} -o table',
    docs: TS_DOCS,
  },
  {
    id: 'policy-denied',
    title: 'Azure Policy denied one of the build’s resources',
    why: 'A policy assignment on the subscription or staging resource group forbids a resource Image Builder creates (public IPs, storage without a firewall, a tag or SKU rule…).',
    action:
      'Exempt the staging resource group from the policy, or pre-create it with the exemptions and set stagingResourceGroup.',
    patterns: [/RequestDisallowedByPolicy|policy violation/i],
    command:
      'az policy state list --resource-group {stagingResourceGroup} --filter "complianceState eq \'NonCompliant\'"',
    docs: TS_DOCS,
  },
  {
    id: 'storage-public-access',
    title: 'The staging storage account refused access',
    why: 'A policy or firewall turned off public network access on the staging storage account, and Image Builder writes its logs and artefacts there.',
    action:
      'Allow public network access on the staging storage account, or exempt the staging resource group from the policy that disables it.',
    patterns: [/PublicAccessNotPermitted|Public access is not permitted on this storage account/i],
    docs: TS_DOCS,
  },
  {
    id: 'image-not-found',
    title: 'The source image was not found',
    why: 'The source image, gallery version or Marketplace image does not exist in this region (or was deleted).',
    action:
      'Check the template’s source: publisher, offer, SKU and version, or the gallery image version and its replication regions.',
    patterns: [
      /ResourceNotFound[\s\S]*Microsoft\.Compute\/(?:galleries|images)/i,
      /PlatformImageNotFound|ImageNotFound|Artifact: VMImage was not found/i,
    ],
    docs: TS_DOCS,
  },
  {
    id: 'marketplace-terms',
    title: 'The Marketplace image’s terms are not accepted',
    why: 'An image with a purchase plan can only be deployed after its terms are accepted for the subscription.',
    action: 'Accept the image’s terms once for the subscription, and set planInfo on the template’s source.',
    patterns: [
      /MarketplacePurchaseEligibilityFailed|ResourcePurchaseValidationFailed|legal terms .* not accepted/i,
    ],
    command: 'az vm image terms accept --publisher {publisher} --offer {offer} --plan {sku}',
    docs: TS_DOCS,
  },
  {
    id: 'internal-error',
    title: 'Image Builder reported an internal error',
    why: 'A generic error; most often permissions of the identity or a conflict in the staging resource group.',
    action:
      'Check the identity’s roles and that the staging resource group is not used by another template, then build again.',
    patterns: [/InternalOperationError|Internal error occurred/i],
    docs: TS_DOCS,
  },
];

export interface FailureInput {
  /** lastRunStatus.message */
  message?: string;
  /** The run LRO's error (code and message). */
  errorCode?: string;
  errorMessage?: string;
  /** The log's last lines. */
  logTail?: readonly string[];
}

export interface FailureExplanation {
  signature?: FailureSignature;
  /** The text that matched (for "show the raw message"). */
  matched?: string;
  /** Everything known, raw. */
  raw: string;
}

/** The first known signature that matches the failure, or none (an unknown failure keeps its raw text). */
export function explainFailure(input: FailureInput): FailureExplanation {
  const parts = [
    input.message,
    [input.errorCode, input.errorMessage].filter(Boolean).join(': '),
    ...(input.logTail ?? []),
  ].filter((p): p is string => Boolean(p && p.trim()));
  const raw = parts.join('\n');
  for (const signature of FAILURE_SIGNATURES) {
    for (const p of signature.patterns) {
      const m = p.exec(raw);
      if (m) return { signature, matched: m[0], raw };
    }
  }
  return { raw };
}

/** Fills a signature's command placeholders; unknown ones stay visible as `<name>`. */
export function fillCommand(command: string, context: Readonly<Record<string, string | undefined>>): string {
  return command.replace(/\{(\w+)\}/g, (_, key: string) => {
    const v = context[key];
    return v ? (/[\s"']/.test(v) ? `"${v.replace(/"/g, '\\"')}"` : v) : `<${key}>`;
  });
}
