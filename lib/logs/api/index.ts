export { useContainerLogs, listContainerLogs, containerLogsQuery, type LiveLog } from './list-container-logs';
export {
  useCustomizationLog,
  getCustomizationLog,
  customizationLogQuery,
  type BlobLog,
  type BlobLogProblem,
} from './get-customization-log';
