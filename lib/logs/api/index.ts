export { useContainerLogs, listContainerLogs, containerLogsQuery, type LiveLog } from './listContainerLogs';
export {
  useCustomizationLog,
  getCustomizationLog,
  customizationLogQuery,
  type BlobLog,
  type BlobLogProblem,
} from './getCustomizationLog';
