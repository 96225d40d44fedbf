'use client';
// The build log's text and where it comes from: the container instance's log while the build runs (read
// only while the log is on screen), the blob `customization.log` after it; parsed into sections.
import { type RefObject, useMemo, useRef } from 'react';
import type { ImageTemplate } from '@azure/arm-imagebuilder';
import { isUnsetTime } from '@/lib/aib/times';
import { useKilnConfig } from '@/lib/azure/config';
import { finalizeSections, logPathFromMessage, parseLog, type ParsedLog } from '@/lib/logs/model/parse';
import {
  containerLogsQueryOptions,
  LOG_POLL_FACTOR,
  useContainerLogs,
} from '@/lib/logs/api/list-container-logs';
import { useCustomizationLog } from '@/lib/logs/api/get-customization-log';
import { useReadStatus, type ReadStatus } from '@/lib/query/read-status';
import { useOnScreen } from '@/components/ui/use-on-screen';

export interface BuildLog {
  /** The log's outer box: the live log is read only while it is on screen. */
  box: RefObject<HTMLDivElement | null>;
  status: ImageTemplate['lastRunStatus'];
  running: boolean;
  finished: boolean;
  live: ReturnType<typeof useContainerLogs>;
  liveStatus: ReadStatus;
  blob: ReturnType<typeof useCustomizationLog>;
  source: { kind: 'live' | 'blob'; text: string } | undefined;
  parsed: ParsedLog | undefined;
}

export function useBuildLog(template: ImageTemplate): BuildLog {
  const config = useKilnConfig();
  const status = template.lastRunStatus;
  const running = Boolean(status && /^(running|canceling)$/i.test(status.runState ?? ''));
  const finished = Boolean(status && !running && status.runState);
  const stagingRgId = template.exactStagingResourceGroup || undefined;
  const box = useRef<HTMLDivElement>(null);
  // The live log follows the build only while it is on screen, at half the
  // status poll's pace; scrolled away, the last lines stay and reading resumes when it is back.
  const onScreen = useOnScreen(box);
  const logPollMs = config.pollIntervalMs * LOG_POLL_FACTOR;
  const live = useContainerLogs(stagingRgId, running && onScreen, logPollMs);
  const liveStatus = useReadStatus(
    containerLogsQueryOptions(stagingRgId ?? '', running && onScreen, logPollMs).queryKey,
    live,
    logPollMs,
  );
  const runFolder = logPathFromMessage(status?.message)?.run;
  const endTime =
    status && !isUnsetTime(status.endTime)
      ? new Date(status.endTime as Date | string).toISOString()
      : undefined;
  const blob = useCustomizationLog(template.id, runFolder, endTime, finished);

  const source: { kind: 'live' | 'blob'; text: string } | undefined =
    running && live.data?.kind === 'ok'
      ? { kind: 'live', text: live.data.content }
      : finished && blob.data?.kind === 'ok'
        ? { kind: 'blob', text: blob.data.content }
        : undefined;
  const text = source?.text;
  const runState = status?.runState;
  const parsed = useMemo(
    () => (text !== undefined ? finalizeSections(parseLog(text), runState) : undefined),
    [text, runState],
  );
  return { box, status, running, finished, live, liveStatus, blob, source, parsed };
}
