// Whether Start build / Cancel build can be used, and if not, the reason shown beside the button.
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import type { Permission } from '@azure/arm-authorization';
import { AIB_ACTIONS } from '@/lib/aib/actions';
import { permissionsAllow } from '@/lib/azure/rbac-actions';

export interface PermissionState {
  /** undefined while loading. */
  permissions: readonly Pick<Permission, 'actions' | 'notActions'>[] | undefined;
  /** The permissions call failed: let ARM decide rather than blocking. */
  failed?: boolean;
}

type T = Pick<ImageTemplate, 'provisioningState' | 'lastRunStatus'>;

/** undefined = Start build is available; otherwise why not. */
export function startBuildDisabledReason(t: T, perms: PermissionState, pending = false): string | undefined {
  if (pending) return 'Starting the build…';
  const state = t.lastRunStatus?.runState;
  if (state === 'Running') return 'A build is already running.';
  if (state === 'Canceling') return 'The last build is being canceled.';
  if (t.provisioningState === 'Deleting') return 'The template is being deleted.';
  if (t.provisioningState !== 'Succeeded') {
    return `The template is not provisioned (provisioning state: ${t.provisioningState ?? 'unknown'}).`;
  }
  if (perms.failed) return undefined;
  if (!perms.permissions) return 'Checking your permissions…';
  if (!permissionsAllow(perms.permissions, AIB_ACTIONS.run)) {
    return `You do not have permission to start builds of this template (${AIB_ACTIONS.run}).`;
  }
  return undefined;
}

export function cancelBuildDisabledReason(t: T, perms: PermissionState, pending = false): string | undefined {
  if (pending) return 'Canceling…';
  const state = t.lastRunStatus?.runState;
  if (state === 'Canceling') return 'The build is being canceled.';
  if (state !== 'Running') return 'No build is running.';
  if (perms.failed) return undefined;
  if (!perms.permissions) return 'Checking your permissions…';
  if (!permissionsAllow(perms.permissions, AIB_ACTIONS.cancel)) {
    return `You do not have permission to cancel builds of this template (${AIB_ACTIONS.cancel}).`;
  }
  return undefined;
}
