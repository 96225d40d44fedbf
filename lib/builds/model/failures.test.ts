import { describe, expect, it } from 'vitest';
import { FAILURE_SIGNATURES, explainFailure, fillCommand } from './failures';

// Azure's own texts for each failure (docs/azure/failures.md lists their sources).
const REAL_TEXTS: Record<string, { input: Parameters<typeof explainFailure>[0] }[]> = {
  'pls-network-policies': [
    {
      input: {
        errorCode: 'PrivateLinkServiceNetworkPoliciesCannotBeEnabledOnPrivateLinkServiceSubnet',
        errorMessage:
          'Private link service network policies cannot be enabled on private link service subnet /subscriptions/x/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s.',
      },
    },
  ],
  'aci-subnet-delegation': [
    {
      input: {
        message:
          "Subnet missing required delegation 'Microsoft.ContainerInstance' for container group 'vmimagebuilder-build-container-1a2b'.",
      },
    },
  ],
  'aci-subnet-in-use': [
    {
      input: {
        errorCode: 'InUseSubnetCannotBeDelegated',
        errorMessage: 'Subnet aci requires any delegation…',
      },
    },
  ],
  'nsg-private-link-ports': [
    {
      input: {
        logTail: [
          '==> azure-arm: dial tcp 10.0.1.4:60001: connect: connection timed out',
          'Check that the NSG allows 60000-60001 from AzureLoadBalancer',
        ],
      },
    },
  ],
  'nsg-ssh-winrm': [
    {
      input: {
        logTail: [
          '==> azure-arm: [ERROR] WinRM connection err: unknown error Post "https://10.4.21.11:5986/wsman": context deadline exceeded',
          '==> azure-arm: Timeout waiting for WinRM.',
        ],
      },
    },
    { input: { logTail: ["Build 'azure-arm' errored after 20 minutes: Timeout waiting for SSH."] } },
    {
      input: {
        logTail: [
          'Cancelling builder after context cancellation context canceled',
          'Remote command exited without exit status or exit signal.',
        ],
      },
    },
  ],
  'subnet-join-permission': [
    {
      input: {
        errorCode: 'LinkedAuthorizationFailed',
        errorMessage:
          "The client has permission to perform action 'Microsoft.ContainerInstance/containerGroups/write' on scope '…'; however, it does not have permission to perform action(s) 'Microsoft.Network/virtualNetworks/subnets/join/action' on the linked scope(s) '/subscriptions/x/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/v/subnets/build'.",
      },
    },
  ],
  'identity-permission': [
    {
      input: {
        message:
          'Not authorized to access the resource: /subscriptions/x/resourceGroups/images/providers/Microsoft.Compute/galleries/g. Please check the user assigned identity has the correct permissions. For more details, go to https://aka.ms/azvmimagebuilderts.',
      },
    },
    {
      input: {
        logTail: [
          "Status=403 Code=\"AuthorizationFailed\" Message=\"The client 'abc' with object id 'abc' doesn't have authorization to perform action 'Microsoft.Compute/images/read' over scope '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/images/img'\"",
        ],
      },
    },
  ],
  'identity-unusable': [
    {
      input: {
        message:
          'The assigned managed identity cannot be used. Please remove the existing one and re-assign a new identity. For more troubleshooting steps go to https://aka.ms/azvmimagebuilderts.',
      },
    },
  ],
  'no-outbound': [
    {
      input: {
        logTail: [
          '==> azure-arm: E: Failed to fetch http://azure.archive.ubuntu.com/ubuntu/dists/jammy/InRelease  Could not connect to azure.archive.ubuntu.com:80 (connection timed out)',
          '==> azure-arm: Script exited with non-zero exit status: 100. Allowed exit codes are: [0]',
        ],
      },
    },
    {
      input: {
        errorCode: 'InaccessibleImage',
        errorMessage: "The image 'mcr.microsoft.com/…' is not accessible.",
      },
    },
  ],
  'customizer-exit-code': [
    {
      input: {
        message:
          'Failed while waiting for packerizer: Microservice has failed: Failed while processing request: Error when executing packerizer: Packer build command has failed: exit status 1. During the image build, a failure has occurred, please review the build log to identify which build/customization step failed.',
        logTail: ['==> azure-arm: Script exited with non-zero exit status: 2. Allowed exit codes are: [0]'],
      },
    },
  ],
  'windows-restart': [
    {
      input: {
        logTail: [
          '==> azure-arm: A system shutdown has already been scheduled.(1190)',
          '==> azure-arm: Timeout waiting for machine to restart.',
        ],
      },
    },
  ],
  'windows-update': [{ input: { logTail: ['==> azure-arm: Windows update failed: 0x8024402c'] } }],
  sysprep: [
    {
      input: {
        logTail: ['==> azure-arm: IMAGE_STATE_UNDEPLOYABLE', '==> azure-arm: IMAGE_STATE_UNDEPLOYABLE'],
      },
    },
    { input: { logTail: ["Cannot find any service with service name 'WindowsAzureGuestAgent'."] } },
  ],
  'build-timeout': [
    {
      input: {
        message:
          "Failed while waiting for packerizer: Timeout waiting for microservice to complete: 'context deadline exceeded'",
      },
    },
    { input: { errorCode: 'BuildTimeout', errorMessage: 'The build exceeded its timeout.' } },
  ],
  quota: [
    {
      input: {
        errorCode: 'OperationNotAllowed',
        errorMessage:
          'Operation could not be completed as it results in exceeding approved standardDSv2Family Cores quota.',
      },
    },
    { input: { message: 'Azure Container Instances quota exceeded' } },
  ],
  'policy-denied': [
    {
      input: {
        logTail: [
          'ERROR: -> InvalidTemplateDeployment : The template deployment failed because of policy violation.',
        ],
      },
    },
    {
      input: {
        errorCode: 'RequestDisallowedByPolicy',
        errorMessage: "Resource 'pip' was disallowed by policy.",
      },
    },
  ],
  'storage-public-access': [
    {
      input: {
        errorCode: 'PublicAccessNotPermitted',
        errorMessage: 'Public access is not permitted on this storage account.',
      },
    },
  ],
  'image-not-found': [
    {
      input: {
        message:
          'Status=404 Code="ResourceNotFound" Message="The Resource \'Microsoft.Compute/galleries/g/images/i/versions/0.23768.4001\' under resource group \'rg\' was not found."',
      },
    },
    { input: { errorCode: 'PlatformImageNotFound', errorMessage: 'The platform image was not found.' } },
  ],
  'marketplace-terms': [
    {
      input: {
        errorCode: 'MarketplacePurchaseEligibilityFailed',
        errorMessage: 'Marketplace purchase eligibilty check returned errors.',
      },
    },
  ],
  'internal-error': [
    {
      input: {
        message:
          'Internal error occurred. This is a generic error. To identify possible causes, go to https://aka.ms/azvmimagebuilderts.',
      },
    },
  ],
};

describe('failure signatures', () => {
  it('has at least 15 signatures, each with a unique id and a real text', () => {
    expect(FAILURE_SIGNATURES.length).toBeGreaterThanOrEqual(15);
    const ids = FAILURE_SIGNATURES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(REAL_TEXTS[id], `no real text for ${id}`).toBeDefined();
  });

  for (const [id, cases] of Object.entries(REAL_TEXTS)) {
    it.each(cases.map((c, i) => [i, c.input] as const))(`${id}: real text #%i`, (_, input) => {
      expect(explainFailure(input).signature?.id).toBe(id);
    });
  }

  it('keeps an unknown failure raw', () => {
    const e = explainFailure({ message: 'Something nobody has seen', logTail: ['last line'] });
    expect(e.signature).toBeUndefined();
    expect(e.raw).toBe('Something nobody has seen\nlast line');
  });

  it('offers Kiln fixes only where Kiln has them', () => {
    const fixes = FAILURE_SIGNATURES.filter((s) => s.fix).map((s) => s.id);
    expect(fixes).toEqual([
      'pls-network-policies',
      'aci-subnet-delegation',
      'nsg-private-link-ports',
      'nsg-ssh-winrm',
      'subnet-join-permission',
    ]);
  });

  it('fills command placeholders, quoting values with spaces and marking unknowns', () => {
    expect(
      fillCommand('az x --ids {subnetId} --role {role} --n {name}', {
        subnetId: '/s/1',
        role: 'Network Contributor',
      }),
    ).toBe('az x --ids /s/1 --role "Network Contributor" --n <name>');
  });
});
