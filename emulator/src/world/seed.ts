// The seed world (documented as a table in emulator/README.md, "Seed world"): the networking resource
// group with its subnets and NSGs, two user-assigned identities, galleries, and the templates that show
// every feature and every failure mode. Deterministic: fixed names, GUIDs from a seeded generator, past
// runs placed relative to the seed time. Users, subscriptions and the users' role assignments come from
// the platform's seed (platform-seed.ts); this file adds the identities' role assignments.
import { packerOutput } from '../simulator/logs.ts';
import type { ArmResource, ProviderDeps } from '../core/types.ts';
import { aibId } from '../core/ids.ts';
import {
  AIB_NSG_RULE,
  ACI_DELEGATION_SERVICE,
  networkInterface,
  natGateway,
  networkSecurityGroup,
  publicIPAddress,
  virtualNetwork,
  type SecurityRuleInput,
  type SubnetInput,
} from '../shapes/network.ts';
import { containerGroup } from '../shapes/containerinstance.ts';
import {
  disk,
  virtualMachine,
  gallery,
  galleryImage,
  galleryImageVersion,
  image,
} from '../shapes/compute.ts';
import { ROLE_IDS, aibNetworkingRole } from '../auth/roles.ts';
import { roleDefinitionStoreId, ROLE_ASSIGNMENT_TYPE, ROLE_DEFINITION_TYPE } from '../auth/rbac.ts';
import { userAssignedIdentity } from '../providers/managedidentity.ts';
import { buildNames, guid, seededRand, type Rand } from '../providers/imagebuilder/naming.ts';
import { layoutOf } from '../simulator/plan.ts';
import {
  indexTemplate,
  resetTemplateIndex,
  templateIdsIn,
} from '../providers/imagebuilder/template-index.ts';
import { ensureStaging, resourceGroup } from '../simulator/staging.ts';
import { packerFailedMessage } from '../simulator/messages.ts';
import { AIB_SERVICE_CALLER, SUBSCRIPTIONS, USERS } from './identities.ts';

type Deps = Pick<ProviderDeps, 'world' | 'blobs' | 'activity'>;

export const LOCATION = 'eastus';
const DEV = SUBSCRIPTIONS.dev.subscriptionId;
const PROD = SUBSCRIPTIONS.prod.subscriptionId;
const TEMPLATE_TYPE = 'Microsoft.VirtualMachineImages/imageTemplates';

/** Names of the seed world's resource groups and resources, for tests and docs. */
export const SEED = {
  networkingRg: 'rg-networking',
  identitiesRg: 'rg-identities',
  imagesRg: 'rg-images',
  teamRg: 'rg-images-team',
  prodRg: 'rg-images-prod',
  vnet: 'vnet-aib',
  vnet2: 'vnet-aib-secondary',
  subnets: {
    build: 'snet-build',
    aci: 'snet-aci',
    aciUndelegated: 'snet-aci-undelegated',
    plsEnabled: 'snet-pls-enabled',
    private: 'snet-private',
    winrmBlocked: 'snet-build-winrm-blocked',
    lbDenied: 'snet-build-lb-denied',
    aciOther: 'snet-aci-other',
  },
  identities: { networking: 'id-aib-networking', basic: 'id-aib-basic' },
} as const;

export const subnetIdOf = (name: string, vnet: string = SEED.vnet): string =>
  `/subscriptions/${DEV}/resourceGroups/${SEED.networkingRg}/providers/Microsoft.Network/virtualNetworks/${vnet}/subnets/${name}`;
export const identityIdOf = (name: string): string =>
  `/subscriptions/${DEV}/resourcegroups/${SEED.identitiesRg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`;
export const templateIdOf = (sub: string, rg: string, name: string): string =>
  aibId(sub, rg, `${TEMPLATE_TYPE}/${name}`);

const IDENTITY_IDS = {
  networking: {
    principalId: 'b7e1c2d3-1111-4a5b-9c8d-0e1f2a3b4c01',
    clientId: 'c8f2d3e4-1111-4b6c-8d9e-1f2a3b4c5d01',
  },
  basic: {
    principalId: 'b7e1c2d3-2222-4a5b-9c8d-0e1f2a3b4c02',
    clientId: 'c8f2d3e4-2222-4b6c-8d9e-1f2a3b4c5d02',
  },
};

const UBUNTU = {
  type: 'PlatformImage',
  publisher: 'Canonical',
  offer: '0001-com-ubuntu-server-jammy',
  sku: '22_04-lts-gen2',
  version: 'latest',
};
const WINDOWS = {
  type: 'PlatformImage',
  publisher: 'MicrosoftWindowsServer',
  offer: 'WindowsServer',
  sku: '2022-datacenter-azure-edition',
  version: 'latest',
};

function roleAssignment(
  deps: Deps,
  rand: Rand,
  scope: string,
  roleGuid: string,
  principalId: string,
  sub: string,
): void {
  const id = `${scope}/providers/Microsoft.Authorization/roleAssignments/${guid(rand)}`;
  deps.world.put({
    id,
    name: id.split('/').pop() ?? '',
    type: ROLE_ASSIGNMENT_TYPE,
    properties: {
      roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${roleGuid}`,
      principalId,
      principalType: 'ServicePrincipal',
      scope,
      condition: null,
      conditionVersion: null,
      description: null,
      createdBy: null,
      updatedBy: null,
      delegatedManagedIdentityResourceId: null,
    },
  });
}

function rg(deps: Deps, sub: string, name: string): void {
  if (!deps.world.get(`/subscriptions/${sub}/resourceGroups/${name}`))
    deps.world.put(resourceGroup(sub, name, LOCATION));
}

const DENY_WINRM_HTTPS_RULE: SecurityRuleInput = {
  name: 'DenyWinRMHttpsInbound',
  description: 'Blocks WinRM over HTTPS',
  priority: 300,
  direction: 'Inbound',
  access: 'Deny',
  protocol: 'Tcp',
  sourceAddressPrefix: '*',
  destinationAddressPrefix: '*',
  sourcePortRange: '*',
  destinationPortRange: '5986',
};

const DENY_ALL_INBOUND_RULES: SecurityRuleInput[] = [
  {
    name: 'AllowSshWinRmFromVnet',
    priority: 300,
    direction: 'Inbound',
    access: 'Allow',
    protocol: 'Tcp',
    sourceAddressPrefix: 'VirtualNetwork',
    destinationAddressPrefix: 'VirtualNetwork',
    sourcePortRange: '*',
    destinationPortRanges: ['22', '5986'],
  },
  {
    name: 'DenyAllInbound',
    priority: 4096,
    direction: 'Inbound',
    access: 'Deny',
    protocol: '*',
    sourceAddressPrefix: '*',
    destinationAddressPrefix: '*',
    sourcePortRange: '*',
    destinationPortRange: '*',
  },
];

type NetworkAt = { subscriptionId: string; resourceGroup: string; location: string };

/** The seed's NSGs (build, WinRM blocked, deny-all) and its NAT gateway with its public IP, put in the world. */
function seedNsgsAndNat(deps: Deps, at: NetworkAt, g: () => string) {
  const nsg = (name: string, securityRules: SecurityRuleInput[]) =>
    networkSecurityGroup({ ...at, name, etagGuid: g(), resourceGuid: g(), securityRules });
  const nsgBuild = nsg('nsg-aib-build', [AIB_NSG_RULE]);
  const nsgWinrm = nsg('nsg-block-winrm', [AIB_NSG_RULE, DENY_WINRM_HTTPS_RULE]);
  const nsgDeny = nsg('nsg-deny-all-inbound', DENY_ALL_INBOUND_RULES);
  const pipAt = { ...at, name: 'pip-nat-aib', ipAddress: '20.51.10.24' };
  const pip = publicIPAddress({ ...pipAt, etagGuid: g(), resourceGuid: g() });
  const nat = natGateway({
    ...at,
    name: 'nat-aib',
    publicIpAddressIds: [pip.id],
    etagGuid: g(),
    resourceGuid: g(),
  });
  const pipWithNat = publicIPAddress({ ...pipAt, natGatewayId: nat.id, etagGuid: g(), resourceGuid: g() });
  for (const r of [nsgBuild, nsgWinrm, nsgDeny, pipWithNat, nat]) deps.world.put(r);
  return { nsgBuild: nsgBuild.id, nsgWinrm: nsgWinrm.id, nsgDeny: nsgDeny.id, nat: nat.id };
}

/** vnet-aib's subnets: one per networking case the app shows (good, undelegated, PLS on, no outbound, …). */
function seedSubnets(ids: ReturnType<typeof seedNsgsAndNat>): Omit<SubnetInput, 'etagGuid'>[] {
  const s = SEED.subnets;
  return [
    {
      name: s.build,
      addressPrefix: '10.10.1.0/24',
      networkSecurityGroupId: ids.nsgBuild,
      natGatewayId: ids.nat,
      privateLinkServiceNetworkPolicies: 'Disabled',
      defaultOutboundAccess: false,
    },
    {
      name: s.aci,
      addressPrefix: '10.10.2.0/24',
      natGatewayId: ids.nat,
      delegations: [ACI_DELEGATION_SERVICE],
      privateLinkServiceNetworkPolicies: 'Disabled',
      defaultOutboundAccess: false,
    },
    {
      name: s.aciUndelegated,
      addressPrefix: '10.10.3.0/24',
      natGatewayId: ids.nat,
      privateLinkServiceNetworkPolicies: 'Disabled',
      defaultOutboundAccess: false,
    },
    {
      name: s.plsEnabled,
      addressPrefix: '10.10.4.0/24',
      networkSecurityGroupId: ids.nsgBuild,
      natGatewayId: ids.nat,
      privateLinkServiceNetworkPolicies: 'Enabled',
    },
    {
      name: s.private,
      addressPrefix: '10.10.5.0/24',
      networkSecurityGroupId: ids.nsgBuild,
      privateLinkServiceNetworkPolicies: 'Disabled',
      defaultOutboundAccess: false,
    },
    {
      name: s.winrmBlocked,
      addressPrefix: '10.10.6.0/24',
      networkSecurityGroupId: ids.nsgWinrm,
      natGatewayId: ids.nat,
      privateLinkServiceNetworkPolicies: 'Disabled',
    },
    {
      name: s.lbDenied,
      addressPrefix: '10.10.7.0/24',
      networkSecurityGroupId: ids.nsgDeny,
      natGatewayId: ids.nat,
      privateLinkServiceNetworkPolicies: 'Disabled',
    },
  ];
}

function seedNetwork(deps: Deps, rand: Rand): void {
  const w = deps.world;
  const at = { subscriptionId: DEV, resourceGroup: SEED.networkingRg, location: LOCATION };
  const g = (): string => guid(rand);
  const ids = seedNsgsAndNat(deps, at, g);
  const subnets = seedSubnets(ids).map((x) => ({ ...x, etagGuid: g() }) as SubnetInput);
  w.put(
    virtualNetwork({
      ...at,
      name: SEED.vnet,
      addressPrefixes: ['10.10.0.0/16'],
      subnets,
      etagGuid: g(),
      resourceGuid: g(),
    }),
  );
  w.put(
    virtualNetwork({
      ...at,
      name: SEED.vnet2,
      addressPrefixes: ['10.20.0.0/16'],
      subnets: [
        {
          name: SEED.subnets.aciOther,
          addressPrefix: '10.20.1.0/24',
          delegations: [ACI_DELEGATION_SERVICE],
          privateLinkServiceNetworkPolicies: 'Disabled',
        },
      ],
      etagGuid: g(),
      resourceGuid: g(),
    }),
  );
}

function seedIdentities(deps: Deps, rand: Rand): void {
  const w = deps.world;
  for (const key of ['networking', 'basic'] as const) {
    w.put(
      userAssignedIdentity({
        subscriptionId: DEV,
        resourceGroup: SEED.identitiesRg,
        name: SEED.identities[key],
        location: LOCATION,
        ...IDENTITY_IDS[key],
      }),
    );
  }
  // The custom networking role (put here only when the platform's seed has not defined it yet).
  const roleStore = roleDefinitionStoreId(ROLE_IDS.aibNetworking);
  if (!w.get(roleStore))
    w.put({
      id: roleStore,
      name: ROLE_IDS.aibNetworking,
      type: ROLE_DEFINITION_TYPE,
      properties: aibNetworkingRole([`/subscriptions/${DEV}`, `/subscriptions/${PROD}`]) as unknown as Record<
        string,
        unknown
      >,
    });
  const netRg = `/subscriptions/${DEV}/resourceGroups/${SEED.networkingRg}`;
  roleAssignment(deps, rand, netRg, ROLE_IDS.aibNetworking, IDENTITY_IDS.networking.principalId, DEV);
  // Both identities may write images in the image resource groups (distribution).
  for (const [sub, name] of [
    [DEV, SEED.imagesRg],
    [DEV, SEED.teamRg],
    [PROD, SEED.prodRg],
  ] as const)
    for (const p of [IDENTITY_IDS.networking.principalId, IDENTITY_IDS.basic.principalId])
      roleAssignment(
        deps,
        rand,
        `/subscriptions/${sub}/resourceGroups/${name}`,
        ROLE_IDS.contributor,
        p,
        sub,
      );
}

function seedGalleries(deps: Deps): void {
  const w = deps.world;
  for (const [sub, rgName, gal] of [
    [DEV, SEED.imagesRg, 'galKiln'],
    [PROD, SEED.prodRg, 'galKilnProd'],
  ] as const) {
    w.put(
      gallery({
        subscriptionId: sub,
        resourceGroup: rgName,
        name: gal,
        location: LOCATION,
        description: 'Kiln images',
      }),
    );
    w.put(
      galleryImage({
        subscriptionId: sub,
        resourceGroup: rgName,
        galleryName: gal,
        name: 'ubuntu-22-04',
        location: LOCATION,
        osType: 'Linux',
        publisher: 'Contoso',
        offer: 'ubuntu',
        sku: '22.04',
      }),
    );
    w.put(
      galleryImage({
        subscriptionId: sub,
        resourceGroup: rgName,
        galleryName: gal,
        name: 'windows-2022',
        location: LOCATION,
        osType: 'Windows',
        publisher: 'Contoso',
        offer: 'windows',
        sku: '2022',
      }),
    );
  }
  w.put(
    galleryImageVersion({
      subscriptionId: PROD,
      resourceGroup: SEED.prodRg,
      galleryName: 'galKilnProd',
      imageName: 'windows-2022',
      name: '1.0.0',
      location: LOCATION,
      replicationState: 'Completed',
      osDiskSizeGB: 127,
    }),
  );
}

interface TemplateSpec {
  sub: string;
  rg: string;
  name: string;
  identity: keyof typeof SEED.identities;
  source: Record<string, unknown>;
  customize: unknown[];
  distribute: (sub: string, rg: string, name: string) => unknown[];
  subnet?: string;
  aciSubnet?: string;
  timeout?: number;
  vmSize?: string;
  tags?: Record<string, string>;
  extra?: Record<string, unknown>;
}

const managedImage = (sub: string, rgName: string, name: string): unknown[] => [
  {
    type: 'ManagedImage',
    runOutputName: `${name}-image`,
    imageId: `/subscriptions/${sub}/resourceGroups/${rgName}/providers/Microsoft.Compute/images/${name}-image`,
    location: LOCATION,
    artifactTags: { source: 'kiln' },
  },
];
const sharedImage =
  (gal: string, def: string) =>
  (sub: string, rgName: string, name: string): unknown[] => [
    {
      type: 'SharedImage',
      runOutputName: `${name}-sig`,
      galleryImageId: `/subscriptions/${sub}/resourceGroups/${rgName}/providers/Microsoft.Compute/galleries/${gal}/images/${def}`,
      targetRegions: [{ name: LOCATION, replicaCount: 1, storageAccountType: 'Standard_LRS' }],
      versioning: { scheme: 'Latest', major: 1 },
      artifactTags: { source: 'kiln' },
    },
  ];
const vhd = (_s: string, _r: string, name: string): unknown[] => [
  { type: 'VHD', runOutputName: `${name}-vhd` },
];

const shell = (name: string, inline: string[]): unknown => ({ type: 'Shell', name, inline });
const ps = (name: string, inline: string[]): unknown => ({
  type: 'PowerShell',
  name,
  inline,
  runElevated: true,
  runAsSystem: true,
});

/** The seed templates: name → what a build does (mirrored in the README table). */
export const SEED_TEMPLATES: TemplateSpec[] = [
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'ubuntu2204-base',
    identity: 'networking',
    source: UBUNTU,
    subnet: SEED.subnets.build,
    aciSubnet: SEED.subnets.aci,
    customize: [
      shell('install-packages', [
        'echo Updating packages',
        'sudo apt-get update',
        'echo Installing nginx',
        'sudo apt-get install -y nginx',
      ]),
    ],
    distribute: managedImage,
    tags: { team: 'platform' },
  },
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'ubuntu2204-gallery-pl',
    identity: 'networking',
    source: UBUNTU,
    subnet: SEED.subnets.build,
    customize: [shell('harden', ['echo Applying CIS baseline', 'sleep 60', 'echo Done'])],
    distribute: sharedImage('galKiln', 'ubuntu-22-04'),
  },
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'win2022-vhd',
    identity: 'basic',
    source: WINDOWS,
    customize: [
      ps('install-features', ['Write-Host Installing IIS', 'Install-WindowsFeature -Name Web-Server']),
      { type: 'WindowsRestart', restartTimeout: '10m' },
    ],
    distribute: vhd,
    vmSize: 'Standard_D2ds_v4',
  },
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'ubuntu-script-fails',
    identity: 'basic',
    source: UBUNTU,
    customize: [
      shell('setup', ['echo Preparing', 'echo Running the installer']),
      shell('broken-step', ['echo Checking the agent', 'exit 3']),
    ],
    distribute: managedImage,
  },
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'ubuntu-pls-policies',
    identity: 'networking',
    source: UBUNTU,
    subnet: SEED.subnets.plsEnabled,
    customize: [shell('hello', ['echo hello'])],
    distribute: managedImage,
  },
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'ubuntu-private-subnet',
    identity: 'networking',
    source: UBUNTU,
    subnet: SEED.subnets.private,
    aciSubnet: SEED.subnets.aci,
    customize: [shell('install-packages', ['echo Updating packages', 'sudo apt-get update'])],
    distribute: managedImage,
  },
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'ubuntu-no-join',
    identity: 'basic',
    source: UBUNTU,
    subnet: SEED.subnets.build,
    aciSubnet: SEED.subnets.aci,
    customize: [shell('hello', ['echo hello'])],
    distribute: managedImage,
  },
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'win2022-winrm-blocked',
    identity: 'networking',
    source: WINDOWS,
    subnet: SEED.subnets.winrmBlocked,
    aciSubnet: SEED.subnets.aci,
    customize: [ps('hello', ['Write-Host hello'])],
    distribute: managedImage,
  },
  {
    sub: DEV,
    rg: SEED.imagesRg,
    name: 'ubuntu-lb-denied',
    identity: 'networking',
    source: UBUNTU,
    subnet: SEED.subnets.lbDenied,
    customize: [shell('hello', ['echo hello'])],
    distribute: managedImage,
  },
  {
    sub: DEV,
    rg: SEED.teamRg,
    name: 'team-ubuntu-move-to-l3',
    identity: 'networking',
    source: UBUNTU,
    customize: [shell('team-tools', ['echo Installing team tools', 'sleep 30'])],
    distribute: managedImage,
  },
  {
    sub: PROD,
    rg: SEED.prodRg,
    name: 'win2022-iis-prod',
    identity: 'basic',
    source: WINDOWS,
    customize: [ps('install-iis', ['Write-Host Installing IIS', 'Install-WindowsFeature -Name Web-Server'])],
    distribute: sharedImage('galKilnProd', 'windows-2022'),
    vmSize: 'Standard_D2ds_v4',
  },
  {
    sub: PROD,
    rg: SEED.prodRg,
    name: 'win2022-monthly-updates',
    identity: 'basic',
    source: WINDOWS,
    customize: [
      ps('prepare', ['Write-Host Preparing for updates']),
      {
        type: 'WindowsUpdate',
        searchCriteria: 'IsInstalled=0',
        filters: ['exclude:$_.Title -like "*Preview*"', 'include:$true'],
        updateLimit: 40,
      },
      { type: 'WindowsRestart', restartTimeout: '10m' },
      { type: 'WindowsUpdate', searchCriteria: 'IsInstalled=0', filters: ['include:$true'], updateLimit: 40 },
    ],
    distribute: managedImage,
    timeout: 180,
    vmSize: 'Standard_D4ds_v4',
  },
];

function templateResource(t: TemplateSpec): ArmResource {
  const vnetConfig =
    t.subnet !== undefined
      ? {
          subnetId: subnetIdOf(t.subnet),
          ...(t.aciSubnet ? { containerInstanceSubnetId: subnetIdOf(t.aciSubnet) } : { proxyVmSize: '' }),
        }
      : undefined;
  const idRef = identityIdOf(SEED.identities[t.identity]);
  const ids = IDENTITY_IDS[t.identity];
  return {
    id: templateIdOf(t.sub, t.rg, t.name),
    name: t.name,
    type: TEMPLATE_TYPE,
    location: LOCATION,
    ...(t.tags ? { tags: t.tags } : {}),
    identity: {
      type: 'UserAssigned',
      userAssignedIdentities: { [idRef]: { principalId: ids.principalId, clientId: ids.clientId } },
    },
    properties: {
      source: t.source,
      customize: t.customize,
      distribute: t.distribute(t.sub, t.rg, t.name),
      buildTimeoutInMinutes: t.timeout ?? 0,
      vmProfile: { vmSize: t.vmSize ?? '', osDiskSizeGB: 0, ...(vnetConfig ? { vnetConfig } : {}) },
      stagingResourceGroup: '',
      exactStagingResourceGroup: '',
      provisioningState: 'Succeeded',
      ...(t.extra ?? {}),
    },
  };
}

type Failure = { step: string; exit: number; lines: string[] };
type Place = (name: string) => {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
};

/** The staging resources a build creates: layout 1's own network, then the container, NIC, disk and VM. */
function stagedResources(
  layout: number,
  names: ReturnType<typeof buildNames>,
  place: Place,
  subnets: { vm: string; aci: string },
): ArmResource[] {
  const staged: ArmResource[] = [];
  let vmSubnet = subnets.vm;
  let aciSubnet = subnets.aci;
  if (layout === 1) {
    const nsgA = networkSecurityGroup({ ...place(names.aciNsg) });
    const nsgV = networkSecurityGroup({ ...place(names.vmNsg) });
    const vnet = virtualNetwork({
      ...place(names.vnet),
      addressPrefixes: ['10.0.0.0/16'],
      subnets: [
        {
          name: names.aciSubnet,
          addressPrefix: '10.0.1.0/24',
          networkSecurityGroupId: nsgA.id,
          delegations: [ACI_DELEGATION_SERVICE],
        },
        { name: names.vmSubnet, addressPrefix: '10.0.2.0/24', networkSecurityGroupId: nsgV.id },
      ],
    });
    staged.push(nsgA, nsgV, vnet);
    aciSubnet = `${vnet.id}/subnets/${names.aciSubnet}`;
    vmSubnet = `${vnet.id}/subnets/${names.vmSubnet}`;
  }
  const cg = containerGroup({
    ...place(names.container),
    containers: [
      {
        name: 'packerizer',
        image: 'mcr.microsoft.com/azurevmimagebuilder/packerizer:latest',
        cpu: 4,
        memoryInGB: 16,
      },
    ],
    subnetIds: [aciSubnet],
    privateIPAddress: layout === 1 ? '10.0.1.4' : '10.10.2.4',
  });
  const nic = networkInterface({
    ...place(names.nic),
    ipConfigurations: [
      { name: 'ipconfig', subnetId: vmSubnet, privateIPAddress: layout === 1 ? '10.0.2.5' : '10.10.1.5' },
    ],
  });
  const osDisk = disk({ ...place(names.osDisk), osType: 'Linux', diskSizeGB: 30 });
  const vm = virtualMachine({
    ...place(names.vm),
    vmSize: 'Standard_D1_v2',
    osType: 'Linux',
    osDiskName: names.osDisk,
    osDiskId: osDisk.id,
    networkInterfaceIds: [nic.id],
    imageReference: {
      publisher: 'Canonical',
      offer: '0001-com-ubuntu-server-jammy',
      sku: '22_04-lts-gen2',
      version: 'latest',
    },
  });
  staged.push(cg, nic, osDisk, vm);
  return staged;
}

const A = '==> azure-arm:';

/** A failed run's last lines: the failing step, its output, the exit status, Packer's summary. */
function failedRunLines(minutes: number, shellEnd: number, failure: Failure): [number, string][] {
  const exit = `Script exited with non-zero exit status: ${failure.exit}. Allowed exit codes are: [0]`;
  return [
    [shellEnd, `${A} ${failure.step}`],
    ...failure.lines.map((l): [number, string] => [shellEnd, `${A} ${l}`]),
    [shellEnd, `${A} ${exit}`],
    [shellEnd, '(telemetry) ending shell'],
    [minutes, `Build 'azure-arm' errored after ${minutes - 1} minutes: ${exit}`],
    [minutes, "==> Some builds didn't complete successfully and had errors:"],
    [minutes, `--> azure-arm: ${exit}`],
  ];
}

/** A successful run's last lines: the script's steps, then the capture and clean-up. */
function succeededRunLines(minutes: number, shellEnd: number): [number, string][] {
  return [
    [5, `${A} Updating packages`],
    [9, `${A} Installing nginx`],
    [shellEnd, '(telemetry) ending shell'],
    [shellEnd, '(telemetry) Finalizing. - This means VM customization has finished'],
    [minutes - 5, `${A} Querying the machine's properties ...`],
    [minutes - 5, `${A} Capturing image ...`],
    [minutes - 2, `${A} Deleting individual resources ...`],
    [minutes, `Build 'azure-arm' finished after ${minutes} minutes.`],
  ];
}

/**
 * A past run's customization.log. [minutes after start, line]: telemetry and each stage's start are
 * time-stamped as Packer stamps its debug log (simulator/logs.ts), so a reader times the steps of a past
 * run too.
 */
function pastRunLog(
  name: string,
  outcome: 'Succeeded' | 'Failed',
  minutes: number,
  failure: Failure,
  at: (m: number) => Date,
  opId: string,
): string {
  const shellEnd = outcome === 'Failed' ? minutes - 1 : minutes - 6;
  const timed: [number, string][] = [
    [0, `Packer version: 1.10.3 (image template '${name}')`],
    [0, `${A} Running builder ...`],
    [0.5, `${A} Deploying deployment template ...`],
    [3, `${A} Waiting for SSH to become available...`],
    [4, `${A} Connected to SSH!`],
    [4, '(telemetry) Starting provisioner shell'],
    [4, `${A} Provisioning with shell script: /tmp/script_1000.sh`],
    ...(outcome === 'Failed'
      ? failedRunLines(minutes, shellEnd, failure)
      : succeededRunLines(minutes, shellEnd)),
  ];
  return timed
    .flatMap(([m, l]) =>
      packerOutput(l, l.includes('errored') || l.includes('exit status'), at(m)).map(
        (o) => `[${opId}] PACKER ${o.err ? 'ERR' : 'OUT'} ${o.text}\n`,
      ),
    )
    .join('');
}

/** A successful run's artifact: the managed image and the template's run output naming it. */
function seedRunArtifact(deps: Deps, t: ArmResource, props: Record<string, unknown>): void {
  const d = Array.isArray(props.distribute)
    ? (props.distribute[0] as Record<string, unknown> | undefined)
    : undefined;
  if (d?.type !== 'ManagedImage' || typeof d.imageId !== 'string') return;
  const name = d.imageId.split('/').pop() ?? 'image';
  const img = image({
    subscriptionId: t.id.split('/')[2] ?? DEV,
    resourceGroup: t.id.split('/')[4] ?? '',
    name,
    location: LOCATION,
    osType: 'Linux',
  });
  deps.world.put(img);
  deps.world.put({
    id: `${t.id}/runOutputs/${String(d.runOutputName)}`,
    name: String(d.runOutputName),
    type: 'Microsoft.VirtualMachineImages/imageTemplates/runOutputs',
    properties: { artifactId: img.id, provisioningState: 'Succeeded' },
  });
}

/** The staging resources' writes (with the resource JSON, so a replay can draw the links) and deletes. */
function recordStagedLifetimes(
  deps: Deps,
  staged: ArmResource[],
  minutes: number,
  at: (m: number) => Date,
  opId: string,
): void {
  const rec = (op: string, r: ArmResource, status: 'Started' | 'Succeeded', when: Date, body?: string) =>
    deps.activity.record({
      operationName: `${r.type}/${op}`,
      resourceId: r.id,
      caller: AIB_SERVICE_CALLER,
      status,
      eventTimestamp: when,
      correlationId: opId,
      ...(body === undefined ? {} : { properties: { responseBody: body } }),
    });
  staged.forEach((r, i) => {
    rec('write', r, 'Started', at(1 + i * 0.5));
    rec('write', r, 'Succeeded', at(1.4 + i * 0.5), JSON.stringify(r));
  });
  [...staged].reverse().forEach((r, i) => {
    rec('delete', r, 'Started', at(minutes - 4 + i * 0.4));
    rec('delete', r, 'Succeeded', at(minutes - 3.8 + i * 0.4));
  });
}

/** A past run: lastRunStatus, a packerlogs folder, Activity Log events, and (on success) the artifact. */
async function seedPastRun(
  deps: Deps,
  rand: Rand,
  t: ArmResource,
  outcome: 'Succeeded' | 'Failed',
  start: Date,
  minutes: number,
  failure: Failure = { step: 'Checking the agent', exit: 3, lines: [] },
): Promise<void> {
  const w = deps.world;
  const cur = w.get(t.id);
  if (!cur?.properties) return;
  const st = ensureStaging(deps, cur, rand, new Date(start.getTime() - 86_400_000));
  cur.properties.exactStagingResourceGroup = st.id;
  const end = new Date(start.getTime() + minutes * 60_000);
  const runGuid = guid(rand);
  const opId = guid(rand);
  const logUrl = `${deps.blobs.endpointFor(st.account ?? '')}packerlogs/${runGuid}/customization.log`;
  cur.properties.lastRunStatus = {
    startTime: start.toISOString(),
    endTime: end.toISOString(),
    runState: outcome,
    ...(outcome === 'Failed' ? { runSubState: 'Customizing' } : {}),
    message: outcome === 'Failed' ? packerFailedMessage(logUrl, opId) : '',
  };
  w.put(cur);
  const at = (m: number): Date => new Date(start.getTime() + m * 60_000);
  const runAction = (status: 'Started' | 'Succeeded' | 'Failed', when: Date): void =>
    deps.activity.record({
      operationName: `${TEMPLATE_TYPE}/run/action`,
      resourceId: t.id,
      caller: USERS.owner.username,
      status,
      eventTimestamp: when,
      correlationId: opId,
    });
  runAction('Started', start);
  // The staging resources this build created and deleted, as the Activity Log recorded them.
  const names = buildNames(rand, false, start);
  const place: Place = (name) => ({
    subscriptionId: st.subscriptionId,
    resourceGroup: st.name,
    name,
    location: LOCATION,
  });
  const { layout, subnetId, aciSubnetId } = layoutOf(cur.properties);
  const staged = stagedResources(layout, names, place, { vm: subnetId ?? '', aci: aciSubnetId ?? '' });
  recordStagedLifetimes(deps, staged, minutes, at, opId);
  const text = pastRunLog(t.name, outcome, minutes, failure, at, opId);
  if (outcome === 'Succeeded') seedRunArtifact(deps, t, cur.properties);
  runAction(outcome === 'Succeeded' ? 'Succeeded' : 'Failed', end);
  if (st.account)
    await deps.blobs
      .append(st.account, 'packerlogs', `${runGuid}/customization.log`, text)
      .catch(() => undefined);
}

/**
 * Seeds the Kiln world. Expects the subscriptions (and the users' role assignments) from the platform's
 * seed; creates the resource groups it needs. Resolves once the past runs' logs are in blob storage.
 */
export async function seedWorld(deps: Deps, now: Date = new Date()): Promise<void> {
  const rand = seededRand(20261124);
  // The world was (re)built from scratch: the template index starts again from it.
  resetTemplateIndex(deps.world);
  for (const [sub, name] of [
    [DEV, SEED.networkingRg],
    [DEV, SEED.identitiesRg],
    [DEV, SEED.imagesRg],
    [DEV, SEED.teamRg],
    [PROD, SEED.prodRg],
  ] as const)
    rg(deps, sub, name);
  seedNetwork(deps, rand);
  seedIdentities(deps, rand);
  seedGalleries(deps);
  for (const spec of SEED_TEMPLATES) {
    const t = templateResource(spec);
    deps.world.put(t);
    indexTemplate(deps.world, t.id);
    // Every provisioned template has its staging group and storage account.
    const st = ensureStaging(deps, t, rand, new Date(now.getTime() - 7 * 86_400_000));
    const cur = deps.world.get(t.id);
    if (cur?.properties) {
      cur.properties.exactStagingResourceGroup = st.id;
      deps.world.put(cur);
    }
  }
  const hour = new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000);
  const ago = (h: number): Date => new Date(hour.getTime() - h * 3_600_000);
  const byName = (n: string): ArmResource | undefined => {
    const s = SEED_TEMPLATES.find((x) => x.name === n);
    return s ? deps.world.get(templateIdOf(s.sub, s.rg, s.name)) : undefined;
  };
  // History (Activity Log + one packerlogs folder per run), oldest first: the last one is lastRunStatus.
  // Each seedPastRun changes the world synchronously (in this order, so the seed stays deterministic)
  // and then writes its log; the four writes go to Azurite concurrently.
  const writes: Promise<void>[] = [];
  const ok = byName('ubuntu2204-base');
  if (ok) {
    writes.push(
      seedPastRun(deps, rand, ok, 'Failed', ago(7 * 24 + 3), 9, {
        step: 'Updating packages',
        exit: 100,
        lines: [
          "E: Failed to fetch http://azure.archive.ubuntu.com/ubuntu/dists/jammy-updates/InRelease  Temporary failure resolving 'azure.archive.ubuntu.com'",
        ],
      }),
    );
    writes.push(seedPastRun(deps, rand, ok, 'Succeeded', ago(3 * 24 + 5), 21));
    writes.push(seedPastRun(deps, rand, ok, 'Succeeded', ago(26), 19));
  }
  const failed = byName('ubuntu-script-fails');
  if (failed) writes.push(seedPastRun(deps, rand, failed, 'Failed', ago(5), 7));
  await Promise.all(writes);
}

const EXTRA_RGS_PER_SUB = 25;

/**
 * Adds `n` (≤ 10,000) extra templates spread over both subscriptions and 50 resource groups
 * (`rg-scale-00`…), with a mix of layouts, OSes and last-run states. Fast: no blob writes, staging groups
 * without storage accounts (one is allocated when such a template first builds).
 */
export function seedExtraTemplates(deps: Deps, n: number, now: Date = new Date()): number {
  const count = Math.max(0, Math.min(10_000, Math.floor(n)));
  const rand = seededRand(4242 + count);
  const subs = [DEV, PROD];
  const existing = templateIdsIn(deps.world, '/subscriptions').filter((id) =>
    id.includes('/imagetemplates/scale-'),
  ).length;
  for (let i = 0; i < count; i++) {
    const k = existing + i;
    const sub = subs[k % 2] ?? DEV;
    const rgName = `rg-scale-${String(Math.floor(k / 2) % EXTRA_RGS_PER_SUB).padStart(2, '0')}`;
    const rgId = `/subscriptions/${sub}/resourceGroups/${rgName}`;
    if (!deps.world.get(rgId)) {
      rg(deps, sub, rgName);
      // As in the demo groups: both identities may write the images they distribute here.
      for (const p of [IDENTITY_IDS.networking.principalId, IDENTITY_IDS.basic.principalId])
        roleAssignment(deps, rand, rgId, ROLE_IDS.contributor, p, sub);
    }
    const name = `scale-${k % 3 === 0 ? 'win' : 'ubuntu'}-${String(k).padStart(5, '0')}`;
    const layout = k % 3;
    const spec: TemplateSpec = {
      sub,
      rg: rgName,
      name,
      // Only the networking identity may join the user's subnets (layouts 2 and 3).
      identity: k % 4 === 0 && k % 3 === 0 ? 'basic' : 'networking',
      source: k % 3 === 0 ? WINDOWS : UBUNTU,
      customize: k % 3 === 0 ? [ps('setup', ['Write-Host setup'])] : [shell('setup', ['echo setup'])],
      distribute: k % 5 === 0 ? vhd : managedImage,
      ...(layout === 1
        ? { subnet: SEED.subnets.build }
        : layout === 2
          ? { subnet: SEED.subnets.build, aciSubnet: SEED.subnets.aci }
          : {}),
    };
    const t = templateResource(spec);
    const stName = `IT_${rgName}_${name.slice(0, 20)}_${guid(rand)}`;
    deps.world.put(
      resourceGroup(sub, stName, LOCATION, {
        createdBy: 'AzureVMImageBuilder',
        imageTemplateName: name,
        imageTemplateResourceGroupName: rgName,
      }),
    );
    if (t.properties) {
      t.properties.exactStagingResourceGroup = `/subscriptions/${sub}/resourceGroups/${stName}`;
      const state = k % 4;
      if (state > 0) {
        const start = new Date(now.getTime() - (1 + (k % 240)) * 3_600_000);
        const end = new Date(start.getTime() + (18 + (k % 30)) * 60_000);
        t.properties.lastRunStatus = {
          startTime: start.toISOString(),
          endTime: end.toISOString(),
          runState: state === 3 ? 'Failed' : 'Succeeded',
          ...(state === 3 ? { runSubState: 'Customizing' } : {}),
          message:
            state === 3
              ? packerFailedMessage(
                  `https://example.invalid/packerlogs/${guid(rand)}/customization.log`,
                  guid(rand),
                )
              : '',
        };
      }
    }
    deps.world.put(t);
    indexTemplate(deps.world, t.id);
  }
  return count;
}
