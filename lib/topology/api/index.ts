export {
  useStagingResources,
  listStagingResources,
  stagingResourcesQuery,
  forgetStaging,
  STAGING_POLL_MS,
  STAGING_POLL_FACTOR,
  type StagingState,
} from './list-staging-resources';
export {
  useReplayEvents,
  listReplayEvents,
  replayEventsQuery,
  type ReplayEvents,
} from './list-activity-logs';
export { recordPhase, usePhaseMarks, type PhaseMark } from './phase-marks';
