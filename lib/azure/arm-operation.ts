// An ARM operation as the REST specification (Azure/azure-rest-api-specs) names it. Every module in
// lib/*/api declares the operations it calls with these descriptors, by the spec's operationId, and
// every local Azure route declares the operationId it implements; emulator/agreement/operations.test.ts
// checks that each operation the app calls has a local route with the same method, path template and
// api-version. One name from the button to local Azure and back.

export interface ArmOperation {
  /** The operationId in the REST spec, e.g. `VirtualMachineImageTemplates_Run`. */
  operationId: string;
  method: 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';
  /** The spec's path template, parameters in braces (their names do not matter for matching). */
  path: string;
  /** The api-version the SDK client sends. */
  apiVersion: string;
}

/** The api-version @azure/arm-imagebuilder 5 sends. */
export const IMAGE_BUILDER_API_VERSION = '2025-10-01';

const TEMPLATE =
  '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.VirtualMachineImages/imageTemplates/{imageTemplateName}';

/** Microsoft.VirtualMachineImages operations, by their spec names. */
export const IMAGE_TEMPLATE_OPERATIONS = {
  list: {
    operationId: 'VirtualMachineImageTemplates_List',
    method: 'GET',
    path: '/subscriptions/{subscriptionId}/providers/Microsoft.VirtualMachineImages/imageTemplates',
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

/** Resources_ListByResourceGroup as @azure/arm-resources 7 sends it. */
export const RESOURCES_LIST_BY_RESOURCE_GROUP = {
  operationId: 'Resources_ListByResourceGroup',
  method: 'GET',
  path: '/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/resources',
  apiVersion: '2025-04-01',
} as const satisfies ArmOperation;
