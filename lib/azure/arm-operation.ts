// An ARM operation as the REST specification (Azure/azure-rest-api-specs) names it. Every module in
// lib/*/api declares the operations it calls with these descriptors, by the spec's operationId (an
// `OPERATIONS` list), and every local Azure route declares the operationId it implements;
// emulator/agreement/operations.test.ts checks that each operation the app calls has a local route with
// the same name, method, path template and api-version, and local ARM's request log prints that name.
// One name from the button to local Azure and back. docs/guides/add-an-arm-operation.md walks through it.
//
// The api-versions are the ones the SDK clients in lib/azure/clients.ts send (their package defaults);
// a thin call (lib/azure/arm-get.ts) sends the version its descriptor names.

export interface ArmOperation {
  /** The operationId in the REST spec, e.g. `VirtualMachineImageTemplates_Run`. */
  operationId: string;
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** The spec's path template, parameters in braces (their names do not matter for matching). */
  path: string;
  /** The api-version the SDK client sends. */
  apiVersion: string;
  /**
   * Sent by Kiln's own server route on the user's behalf (with the user's ARM token), not from the
   * browser: e.g. `/api/logs`.
   */
  via?: string;
}

/** A call a module makes that is no ARM operation, and what it is instead. */
export interface NotArm {
  notArm: string;
}

/** What a lib/*\/api module declares as `OPERATIONS`: every call it makes, by name. */
export type Operations = readonly (ArmOperation | NotArm)[];

/** The same operations, sent by Kiln's server route `route` on the user's behalf. */
export function sentBy(route: string, operations: readonly ArmOperation[]): ArmOperation[] {
  return operations.map((o) => ({ ...o, via: route }));
}

const SUB = '/subscriptions/{subscriptionId}';
const RG = `${SUB}/resourceGroups/{resourceGroupName}`;

// ---------------------------------------------------------------------------------------------
// Microsoft.VirtualMachineImages (@azure/arm-imagebuilder 5)

/** The api-version @azure/arm-imagebuilder 5 sends. */
export const IMAGE_BUILDER_API_VERSION = '2025-10-01';

const TEMPLATE = `${RG}/providers/Microsoft.VirtualMachineImages/imageTemplates/{imageTemplateName}`;

/** Microsoft.VirtualMachineImages operations, by their spec names. */
export const IMAGE_TEMPLATE_OPERATIONS = {
  list: {
    operationId: 'VirtualMachineImageTemplates_List',
    method: 'GET',
    path: `${SUB}/providers/Microsoft.VirtualMachineImages/imageTemplates`,
    apiVersion: IMAGE_BUILDER_API_VERSION,
  },
  get: {
    operationId: 'VirtualMachineImageTemplates_Get',
    method: 'GET',
    path: TEMPLATE,
    apiVersion: IMAGE_BUILDER_API_VERSION,
  },
  update: {
    operationId: 'VirtualMachineImageTemplates_Update',
    method: 'PATCH',
    path: TEMPLATE,
    apiVersion: IMAGE_BUILDER_API_VERSION,
  },
  delete: {
    operationId: 'VirtualMachineImageTemplates_Delete',
    method: 'DELETE',
    path: TEMPLATE,
    apiVersion: IMAGE_BUILDER_API_VERSION,
  },
  run: {
    operationId: 'VirtualMachineImageTemplates_Run',
    method: 'POST',
    path: `${TEMPLATE}/run`,
    apiVersion: IMAGE_BUILDER_API_VERSION,
  },
  cancel: {
    operationId: 'VirtualMachineImageTemplates_Cancel',
    method: 'POST',
    path: `${TEMPLATE}/cancel`,
    apiVersion: IMAGE_BUILDER_API_VERSION,
  },
  listRunOutputs: {
    operationId: 'VirtualMachineImageTemplates_ListRunOutputs',
    method: 'GET',
    path: `${TEMPLATE}/runOutputs`,
    apiVersion: IMAGE_BUILDER_API_VERSION,
  },
} as const satisfies Record<string, ArmOperation>;

// ---------------------------------------------------------------------------------------------
// Microsoft.Resources (@azure/arm-resources 7, @azure/arm-resources-subscriptions 2)

/** The api-version @azure/arm-resources 7 sends. */
export const RESOURCES_API_VERSION = '2025-04-01';

/** Resources_ListByResourceGroup as @azure/arm-resources 7 sends it. */
export const RESOURCES_LIST_BY_RESOURCE_GROUP = {
  operationId: 'Resources_ListByResourceGroup',
  method: 'GET',
  path: `${RG}/resources`,
  apiVersion: RESOURCES_API_VERSION,
} as const satisfies ArmOperation;

export const RESOURCE_GROUPS_DELETE = {
  operationId: 'ResourceGroups_Delete',
  method: 'DELETE',
  path: '/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}',
  apiVersion: RESOURCES_API_VERSION,
} as const satisfies ArmOperation;

/** Subscriptions_List as @azure/arm-resources-subscriptions 2 sends it. */
export const SUBSCRIPTIONS_LIST = {
  operationId: 'Subscriptions_List',
  method: 'GET',
  path: '/subscriptions',
  apiVersion: '2022-12-01',
} as const satisfies ArmOperation;

// ---------------------------------------------------------------------------------------------
// Microsoft.ResourceGraph (@azure/arm-resourcegraph 5)

/** The one Resource Graph operation: a KQL query across subscriptions (its operationId is `Resources`). */
export const RESOURCE_GRAPH_QUERY = {
  operationId: 'Resources',
  method: 'POST',
  path: '/providers/Microsoft.ResourceGraph/resources',
  apiVersion: '2024-04-01',
} as const satisfies ArmOperation;

// ---------------------------------------------------------------------------------------------
// Microsoft.Authorization (@azure/arm-authorization 9)

/** The api-version @azure/arm-authorization 9 sends for roles, assignments and permissions. */
export const AUTHORIZATION_API_VERSION = '2022-04-01';

const AUTHZ = '/{scope}/providers/Microsoft.Authorization';

export const AUTHORIZATION_OPERATIONS = {
  permissionsForResourceGroup: {
    operationId: 'Permissions_ListForResourceGroup',
    method: 'GET',
    path: `${SUB}/resourcegroups/{resourceGroupName}/providers/Microsoft.Authorization/permissions`,
    apiVersion: AUTHORIZATION_API_VERSION,
  },
  permissionsForResource: {
    operationId: 'Permissions_ListForResource',
    method: 'GET',
    path: `${SUB}/resourcegroups/{resourceGroupName}/providers/{resourceProviderNamespace}/{parentResourcePath}/{resourceType}/{resourceName}/providers/Microsoft.Authorization/permissions`,
    apiVersion: AUTHORIZATION_API_VERSION,
  },
  roleAssignmentsForScope: {
    operationId: 'RoleAssignments_ListForScope',
    method: 'GET',
    path: `${AUTHZ}/roleAssignments`,
    apiVersion: AUTHORIZATION_API_VERSION,
  },
  createRoleAssignment: {
    operationId: 'RoleAssignments_Create',
    method: 'PUT',
    path: `${AUTHZ}/roleAssignments/{roleAssignmentName}`,
    apiVersion: AUTHORIZATION_API_VERSION,
  },
  listRoleDefinitions: {
    operationId: 'RoleDefinitions_List',
    method: 'GET',
    path: `${AUTHZ}/roleDefinitions`,
    apiVersion: AUTHORIZATION_API_VERSION,
  },
  /** `{roleId}` is a whole role definition id (`x-ms-skip-url-encoding`). */
  getRoleDefinitionById: {
    operationId: 'RoleDefinitions_GetById',
    method: 'GET',
    path: '/{roleId}',
    apiVersion: AUTHORIZATION_API_VERSION,
  },
  createOrUpdateRoleDefinition: {
    operationId: 'RoleDefinitions_CreateOrUpdate',
    method: 'PUT',
    path: `${AUTHZ}/roleDefinitions/{roleDefinitionId}`,
    apiVersion: AUTHORIZATION_API_VERSION,
  },
} as const satisfies Record<string, ArmOperation>;

// ---------------------------------------------------------------------------------------------
// Microsoft.Network (@azure/arm-network 36; the reads go through lib/azure/arm-get.ts)

/** The api-version @azure/arm-network 36 sends (and the thin network reads name). */
export const NETWORK_API_VERSION = '2025-05-01';

const NET = `${RG}/providers/Microsoft.Network`;

export const NETWORK_OPERATIONS = {
  listAllVirtualNetworks: {
    operationId: 'VirtualNetworks_ListAll',
    method: 'GET',
    path: `${SUB}/providers/Microsoft.Network/virtualNetworks`,
    apiVersion: NETWORK_API_VERSION,
  },
  getVirtualNetwork: {
    operationId: 'VirtualNetworks_Get',
    method: 'GET',
    path: `${NET}/virtualNetworks/{virtualNetworkName}`,
    apiVersion: NETWORK_API_VERSION,
  },
  getSubnet: {
    operationId: 'Subnets_Get',
    method: 'GET',
    path: `${NET}/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}`,
    apiVersion: NETWORK_API_VERSION,
  },
  createOrUpdateSubnet: {
    operationId: 'Subnets_CreateOrUpdate',
    method: 'PUT',
    path: `${NET}/virtualNetworks/{virtualNetworkName}/subnets/{subnetName}`,
    apiVersion: NETWORK_API_VERSION,
  },
  getNetworkSecurityGroup: {
    operationId: 'NetworkSecurityGroups_Get',
    method: 'GET',
    path: `${NET}/networkSecurityGroups/{networkSecurityGroupName}`,
    apiVersion: NETWORK_API_VERSION,
  },
  createOrUpdateSecurityRule: {
    operationId: 'SecurityRules_CreateOrUpdate',
    method: 'PUT',
    path: `${NET}/networkSecurityGroups/{networkSecurityGroupName}/securityRules/{securityRuleName}`,
    apiVersion: NETWORK_API_VERSION,
  },
  getRouteTable: {
    operationId: 'RouteTables_Get',
    method: 'GET',
    path: `${NET}/routeTables/{routeTableName}`,
    apiVersion: NETWORK_API_VERSION,
  },
  getNatGateway: {
    operationId: 'NatGateways_Get',
    method: 'GET',
    path: `${NET}/natGateways/{natGatewayName}`,
    apiVersion: NETWORK_API_VERSION,
  },
} as const satisfies Record<string, ArmOperation>;

// ---------------------------------------------------------------------------------------------
// Microsoft.Insights (@azure/arm-monitor 7)

export const ACTIVITY_LOGS_LIST = {
  operationId: 'ActivityLogs_List',
  method: 'GET',
  path: `${SUB}/providers/Microsoft.Insights/eventtypes/management/values`,
  apiVersion: '2015-04-01',
} as const satisfies ArmOperation;

// ---------------------------------------------------------------------------------------------
// Microsoft.ContainerInstance (@azure/arm-containerinstance 9) and Microsoft.Storage (@azure/arm-storage 20)

const CONTAINER_GROUP = `${RG}/providers/Microsoft.ContainerInstance/containerGroups/{containerGroupName}`;

export const CONTAINER_INSTANCE_OPERATIONS = {
  getContainerGroup: {
    operationId: 'ContainerGroups_Get',
    method: 'GET',
    path: CONTAINER_GROUP,
    apiVersion: '2023-05-01',
  },
  listLogs: {
    operationId: 'Containers_ListLogs',
    method: 'GET',
    path: `${CONTAINER_GROUP}/containers/{containerName}/logs`,
    apiVersion: '2023-05-01',
  },
} as const satisfies Record<string, ArmOperation>;

const STORAGE_ACCOUNT = `${RG}/providers/Microsoft.Storage/storageAccounts/{accountName}`;

export const STORAGE_OPERATIONS = {
  getProperties: {
    operationId: 'StorageAccounts_GetProperties',
    method: 'GET',
    path: STORAGE_ACCOUNT,
    apiVersion: '2025-08-01',
  },
  listKeys: {
    operationId: 'StorageAccounts_ListKeys',
    method: 'POST',
    path: `${STORAGE_ACCOUNT}/listKeys`,
    apiVersion: '2025-08-01',
  },
} as const satisfies Record<string, ArmOperation>;

// ---------------------------------------------------------------------------------------------
// Kiln's server routes that call ARM on the user's behalf

/**
 * What /api/logs and /api/runs send, in order, with the signed-in user's ARM token (lib/azure/blob-log.ts):
 * the template (for its staging group), the staging group's storage account, its blob endpoint and a key.
 */
export const PACKER_LOG_OPERATIONS: readonly ArmOperation[] = [
  IMAGE_TEMPLATE_OPERATIONS.get,
  RESOURCES_LIST_BY_RESOURCE_GROUP,
  STORAGE_OPERATIONS.getProperties,
  STORAGE_OPERATIONS.listKeys,
];

/** What those routes read after ARM: the packerlogs container, with the key listKeys gave. */
export const PACKER_LOG_BLOBS: NotArm = {
  notArm: "Blob storage: the staging account's packerlogs container, read server-side with the account key",
};
