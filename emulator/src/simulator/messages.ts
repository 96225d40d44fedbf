// AIB's texts for build outcomes (docs/azure/image-builder.md). Where AIB's text was never recorded the text is
// ours and documented in emulator/README.md ("Build simulator").

export const TS = 'For more troubleshooting steps go to https://aka.ms/azvmimagebuilderts.';

/** lastRunStatus.message of a build whose Packer run failed. */
export function packerFailedMessage(logUrl: string, operationId: string): string {
  return (
    'Failed while waiting for packerizer: Microservice has failed: Failed while processing request: Error when executing packerizer: ' +
    'Packer build command has failed: exit status 1. During the image build, a failure has occurred, please review the build log to ' +
    `identify which build/customization step failed. ${TS} Image Build log location: ${logUrl}. ` +
    `OperationId: ${operationId}. Use this operationId to search packer logs.`
  );
}

/** The run LRO's error for a failed Packer build (code PackerBuildFailed). */
export function packerFailedLroMessage(armLogPath: string, operationId: string): string {
  return (
    `During the image build a failure has occurred. Packer build logs are at location ${armLogPath}. ` +
    'Please navigate to this location using portal or other tools to download logs. ' +
    `Use this operationId ${operationId} to search packer logs. ${TS}`
  );
}

export const TIMEOUT_MESSAGE =
  "Failed while waiting for packerizer: Timeout waiting for microservice to complete: 'context deadline exceeded'";

export const notAuthorized = (resource: string): string =>
  `Not authorized to access the resource: ${resource}. Please check the user assigned identity has the correct permissions. For more details, go to https://aka.ms/azvmimagebuilderts.`;

export const IDENTITY_UNUSABLE =
  'The assigned managed identity cannot be used. Please remove the existing one and re-assign a new identity. For more troubleshooting steps go to https://aka.ms/azvmimagebuilderts.';

export const deploymentFailed = (inner: string): string =>
  `Failed while waiting for packerizer: Microservice has failed: Failed while processing request: ${inner} ${TS}`;

export const missingDelegation = (container: string): string =>
  `Subnet missing required delegation 'Microsoft.ContainerInstance' for container group '${container}'.`;

export const plsPolicies = (subnetId: string): string =>
  `Private link service network policies cannot be enabled on private link service subnet ${subnetId}.`;

/** Our text for a container group in a subnet with no way out (documented choice). */
export const noOutboundAci = (container: string, subnetId: string): string =>
  `The image 'mcr.microsoft.com/azurevmimagebuilder/packerizer:latest' in container group '${container}' is not accessible: ` +
  `subnet '${subnetId}' has no outbound connectivity (defaultOutboundAccess is false and it has no NAT gateway or route to a firewall). ` +
  'Attach a NAT gateway to the subnet or route its outbound traffic through a firewall.';

export const subnetNotFound = (subnetId: string): string =>
  `Resource ${subnetId} not found. Check that the subnet exists and that the template's vnetConfig points at it.`;

export const RUN_CONFLICT = (state: string): string =>
  `Operation 'Microsoft.VirtualMachineImages/imageTemplates/run' is not allowed in provisioningState: 'provisioned', runState: '${state}'`;
