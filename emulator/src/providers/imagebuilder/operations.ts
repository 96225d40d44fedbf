// GET /providers/Microsoft.VirtualMachineImages/operations (docs/azure/image-builder.md, Operations).
const P = 'Virtual Machine Image Builder';

const op = (
  name: string,
  resource: string,
  operation: string,
  description: string,
): Record<string, unknown> => ({
  name,
  display: { provider: P, resource, operation, description },
  isDataAction: false,
});

export const OPERATIONS = [
  op(
    'Microsoft.VirtualMachineImages/register/action',
    'Microsoft.VirtualMachineImages',
    'Register Virtual Machine Image Builder Resource Provider',
    'Registers the subscription for the Virtual Machine Image Builder Resource Provider',
  ),
  op(
    'Microsoft.VirtualMachineImages/unregister/action',
    'Microsoft.VirtualMachineImages',
    'Unregister Virtual Machine Image Builder Resource Provider',
    'Unregisters the subscription for the Virtual Machine Image Builder Resource Provider',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/read',
    'Image Templates',
    'Get Image Template',
    'Gets the image template',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/write',
    'Image Templates',
    'Create or Update Image Template',
    'Create an image template',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/delete',
    'Image Templates',
    'Delete Image Template',
    'Delete an image template',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/run/action',
    'Image Templates',
    'Run Image Template',
    'Run image template to produce images',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/cancel/action',
    'Image Templates',
    'Cancel Image Template Build',
    'Cancels the running image build of an image template',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/runOutputs/read',
    'Run Outputs',
    'Get Run Output',
    'Gets the run output of an image template',
  ),
  op(
    'Microsoft.VirtualMachineImages/operations/read',
    'Operations',
    'List Operations',
    'Lists the operations for the resource provider',
  ),
  op(
    'Microsoft.VirtualMachineImages/locations/operations/read',
    'Operations',
    'Get Operation',
    'Get the status of an asynchronous operation',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/triggers/write',
    'Triggers',
    'Create or Update Trigger',
    'Create a trigger for an image template',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/triggers/read',
    'Triggers',
    'Get Trigger',
    'Gets the trigger of an image template',
  ),
  op(
    'Microsoft.VirtualMachineImages/imageTemplates/triggers/delete',
    'Triggers',
    'Delete Trigger',
    'Delete a trigger of an image template',
  ),
];
