// Pure builders of real ARM resource shapes for Microsoft.Network, Compute, ContainerInstance and
// Storage. Used by the providers (PUT bodies → stored resources) and by the build simulator and the
// seed world (staging resources, VNets, NSGs).
export * from './common.ts';
export * from './network.ts';
export * from './compute.ts';
export * from './containerinstance.ts';
export * from './storage.ts';
