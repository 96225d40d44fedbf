// Role definitions: Azure's built-in roles Kiln meets (real GUIDs, real actions/notActions) and the
// custom "Azure Image Builder Service Networking Role" that AIB's docs have you create.

export const ROLE_IDS = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  networkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7',
  managedIdentityOperator: 'f1a07417-d97a-45cb-824c-7a7467783830',
  storageAccountContributor: '17d1049b-9a84-46fb-8f53-869881c3d3ab',
  /** Custom role (a fixed GUID of this world): Microsoft.Network/virtualNetworks/read + subnets/join/action. */
  aibNetworking: '6f2e9b1c-3a5d-4c8e-9f70-1b2c3d4e5f60',
} as const;

export const AIB_NETWORKING_ROLE_NAME = 'Azure Image Builder Service Networking Role';

export interface Permission {
  actions: string[];
  notActions: string[];
  dataActions: string[];
  notDataActions: string[];
}

export interface RoleDefinitionProperties {
  roleName: string;
  type: 'BuiltInRole' | 'CustomRole';
  description: string;
  assignableScopes: string[];
  permissions: Permission[];
  createdOn?: string;
  updatedOn?: string;
  createdBy?: string | null;
  updatedBy?: string | null;
}

const perm = (actions: string[], notActions: string[] = [], dataActions: string[] = []): Permission => ({
  actions,
  notActions,
  dataActions,
  notDataActions: [],
});

export const BUILT_IN_ROLES: Record<string, RoleDefinitionProperties> = {
  [ROLE_IDS.owner]: {
    roleName: 'Owner',
    type: 'BuiltInRole',
    description:
      'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    assignableScopes: ['/'],
    permissions: [perm(['*'])],
  },
  [ROLE_IDS.contributor]: {
    roleName: 'Contributor',
    type: 'BuiltInRole',
    description:
      'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    assignableScopes: ['/'],
    permissions: [
      perm(
        ['*'],
        [
          'Microsoft.Authorization/*/Delete',
          'Microsoft.Authorization/*/Write',
          'Microsoft.Authorization/elevateAccess/Action',
          'Microsoft.Blueprint/blueprintAssignments/write',
          'Microsoft.Blueprint/blueprintAssignments/delete',
          'Microsoft.Compute/galleries/share/action',
          'Microsoft.Purview/consents/write',
          'Microsoft.Purview/consents/delete',
          'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
          'Microsoft.Subscription/cancel/action',
          'Microsoft.Subscription/enable/action',
        ],
      ),
    ],
  },
  [ROLE_IDS.reader]: {
    roleName: 'Reader',
    type: 'BuiltInRole',
    description: 'View all resources, but does not allow you to make any changes.',
    assignableScopes: ['/'],
    permissions: [perm(['*/read'])],
  },
  [ROLE_IDS.userAccessAdministrator]: {
    roleName: 'User Access Administrator',
    type: 'BuiltInRole',
    description: 'Lets you manage user access to Azure resources.',
    assignableScopes: ['/'],
    permissions: [perm(['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*'])],
  },
  [ROLE_IDS.networkContributor]: {
    roleName: 'Network Contributor',
    type: 'BuiltInRole',
    description: 'Lets you manage networks, but not access to them.',
    assignableScopes: ['/'],
    permissions: [
      perm([
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Network/*',
        'Microsoft.ResourceHealth/availabilityStatuses/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Support/*',
      ]),
    ],
  },
  [ROLE_IDS.managedIdentityOperator]: {
    roleName: 'Managed Identity Operator',
    type: 'BuiltInRole',
    description: 'Read and Assign User Assigned Identity',
    assignableScopes: ['/'],
    permissions: [
      perm([
        'Microsoft.ManagedIdentity/userAssignedIdentities/*/read',
        'Microsoft.ManagedIdentity/userAssignedIdentities/*/assign/action',
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Support/*',
      ]),
    ],
  },
  [ROLE_IDS.storageAccountContributor]: {
    roleName: 'Storage Account Contributor',
    type: 'BuiltInRole',
    description:
      'Lets you manage storage accounts, including accessing storage account keys which provide full access to storage account data.',
    assignableScopes: ['/'],
    permissions: [
      perm([
        'Microsoft.Authorization/*/read',
        'Microsoft.Insights/alertRules/*',
        'Microsoft.Insights/diagnosticSettings/*',
        'Microsoft.Network/virtualNetworks/subnets/joinViaServiceEndpoint/action',
        'Microsoft.ResourceHealth/availabilityStatuses/read',
        'Microsoft.Resources/deployments/*',
        'Microsoft.Resources/subscriptions/resourceGroups/read',
        'Microsoft.Storage/storageAccounts/*',
        'Microsoft.Support/*',
      ]),
    ],
  },
};

/** The custom networking role AIB's documentation asks for (assignable in the given subscriptions). */
export function aibNetworkingRole(assignableScopes: string[]): RoleDefinitionProperties {
  return {
    roleName: AIB_NETWORKING_ROLE_NAME,
    type: 'CustomRole',
    description: 'Image Builder access to create resources for the image build',
    assignableScopes,
    permissions: [
      perm([
        'Microsoft.Network/virtualNetworks/read',
        'Microsoft.Network/virtualNetworks/subnets/join/action',
      ]),
    ],
  };
}
