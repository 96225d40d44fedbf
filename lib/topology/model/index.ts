export * from './types';
export { buildGraph, portsFor, resourceDetails, type BuildGraphOptions } from './build-graph';
export { expectedGraph, expectedResources, withExpected } from './expected';
export { iconFor, typeLabel } from './classify';
export { normId, lastSegment, resourceGroupOf } from './ids';
export * from './replay';
export { layoutOf } from './layout-of';
export {
  osOfTemplate,
  userSubnetsOf,
  layoutOfTemplate,
  runInfo,
  type TemplateLike,
  type RunInfo,
  type RunPhase,
} from './template';
