'use client';
// What the topology view says about the staging resource group when it cannot simply draw it: not
// known yet, not readable, gone, or a read that failed.
import type { ReadStatus } from '@/lib/query/read-status';
import { type useStagingResources } from '@/lib/topology/api/list-staging-resources';
import { ReadStatusNote } from '@/components/shell/read-status-note';
import { ErrorState, ArmErrorText } from '@/components/shell/states';

export interface StagingNoticeProps {
  stagingRgId: string | undefined;
  stagingName: string | undefined;
  staging: ReturnType<typeof useStagingResources>;
  status: ReadStatus;
  live: boolean;
}

export function StagingNotice({ stagingRgId, stagingName, staging, status, live }: StagingNoticeProps) {
  const state = staging.data;
  if (!stagingRgId) {
    return (
      <p className="text-sm text-slate-600 dark:text-slate-300">
        The staging resource group is created with the template; it is not known yet. Below is what a build
        will create.
      </p>
    );
  }
  if (state?.kind === 'forbidden') {
    return (
      <ErrorState title={`You cannot read the staging resource group ${stagingName ?? ''}.`}>
        <ArmErrorText error={state.error} />
        <p>
          Ask for Reader on that resource group (or its subscription) to see what AIB creates. The rest of
          this page works without it.
        </p>
      </ErrorState>
    );
  }
  if (state?.kind === 'missing') {
    return (
      <ErrorState title={`The staging resource group ${stagingName ?? ''} no longer exists.`}>
        <p>
          It was deleted (AIB deletes it with the template, or someone removed it). Replay still works from
          the Activity Log.
        </p>
      </ErrorState>
    );
  }
  if (staging.isError && state === undefined) {
    return (
      <ErrorState
        title="The staging resource group could not be read."
        onRetry={() => void staging.refetch()}
      >
        <p>{staging.error.message}</p>
      </ErrorState>
    );
  }
  if (staging.isError) {
    // The picture read last stays; the note says the refresh failed and when it is tried again.
    return (
      <ReadStatusNote
        status={status}
        polling={live}
        what="the staging resource group"
        onRetry={() => void staging.refetch()}
      />
    );
  }
  return null;
}
