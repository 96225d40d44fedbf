// ResourceGroups_Delete for an orphaned staging group (a long-running operation; Kiln waits for ARM
// to finish). Sent once: the action client has no pipeline retry and the hook refuses a second send.
// Whether the user may: Microsoft.Authorization's permissions on the group, never guessed.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { actionClients } from '@/lib/azure/clients';
import { type ArmError, toArmError } from '@/lib/azure/errors';
import { parseArmId } from '@/lib/azure/ids';
import { permissionsAllow } from '@/lib/azure/rbac-actions';
import { resourceGroupPermissionsQueryOptions } from '@/lib/azure/permissions-api';
import { estateKeys } from './query-estate';
import { AUTHORIZATION_OPERATIONS, RESOURCE_GROUPS_DELETE, type Operations } from '@/lib/azure/arm-operation';

/** The ARM operations this module calls (checked against local Azure's routes). */
export const OPERATIONS: Operations = [
  RESOURCE_GROUPS_DELETE,
  AUTHORIZATION_OPERATIONS.permissionsForResourceGroup,
];

export const DELETE_GROUP_ACTION = 'Microsoft.Resources/subscriptions/resourceGroups/delete';
/** What to ask an administrator for when the user may not delete the group. */
export const DELETE_GROUP_ROLE = 'Contributor (or Owner) on the resource group or its subscription';

export async function deleteResourceGroup(groupId: string): Promise<void> {
  const { subscriptionId, resourceGroup } = parseArmId(groupId);
  const client = await actionClients.resources(subscriptionId);
  await client.resourceGroups.beginDeleteAndWait(resourceGroup ?? '', { updateIntervalInMs: 1000 });
}

/** May the user delete the group? `undefined` while the permissions are loading. */
export function useCanDeleteGroup(groupId: string): {
  allowed: boolean | undefined;
  error: ArmError | undefined;
} {
  const { subscriptionId, resourceGroup } = parseArmId(groupId);
  const q = useQuery(resourceGroupPermissionsQueryOptions(subscriptionId, resourceGroup ?? ''));
  return {
    allowed: q.data ? permissionsAllow(q.data, DELETE_GROUP_ACTION) : q.isError ? false : undefined,
    error: q.error ? toArmError(q.error) : undefined,
  };
}

export function useDeleteGroup(groupId: string) {
  const qc = useQueryClient();
  const sent = useRef(false);
  const [error, setError] = useState<ArmError | null>(null);
  const mutation = useMutation({
    mutationFn: () => deleteResourceGroup(groupId),
    onSuccess: () => void qc.invalidateQueries({ queryKey: estateKeys.all() }),
    onError: (e) => {
      sent.current = false;
      setError(toArmError(e));
    },
  });
  return {
    pending: mutation.isPending,
    done: mutation.isSuccess,
    error,
    send: () => {
      if (sent.current) return;
      sent.current = true;
      setError(null);
      mutation.mutate();
    },
  };
}
