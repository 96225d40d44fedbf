export {
  useStagingResources,
  listStagingResources,
  stagingResourcesQuery,
  forgetStaging,
  STAGING_POLL_MS,
  STAGING_POLL_FACTOR,
  type StagingState,
} from './listStagingResources';
export { useReplayEvents, listReplayEvents, replayEventsQuery, type ReplayEvents } from './listActivityLogs';
export { recordPhase, usePhaseMarks, type PhaseMark } from './phaseMarks';
