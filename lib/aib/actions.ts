// The RBAC actions of Microsoft.VirtualMachineImages that Kiln checks before offering a button.

export const AIB_ACTIONS = {
  read: 'Microsoft.VirtualMachineImages/imageTemplates/read',
  run: 'Microsoft.VirtualMachineImages/imageTemplates/run/action',
  cancel: 'Microsoft.VirtualMachineImages/imageTemplates/cancel/action',
  delete: 'Microsoft.VirtualMachineImages/imageTemplates/delete',
  write: 'Microsoft.VirtualMachineImages/imageTemplates/write',
} as const;
