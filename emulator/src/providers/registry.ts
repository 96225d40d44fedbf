// The one registration file: every provider module local ARM serves, in priority order. Provider
// routes come first; the generic LRO status routes last, so a provider's own status route wins.
import type { ProviderModule } from '../core/types.ts';
import * as authorization from './authorization.ts';
import * as compute from './compute.ts';
import * as containerinstance from './containerinstance.ts';
import * as imagebuilder from './imagebuilder.ts';
import * as insights from './insights.ts';
import * as managedidentity from './managedidentity.ts';
import * as monitorAlerts from './monitor-alerts.ts';
import * as network from './network.ts';
import * as resourcegraph from './resourcegraph/routes.ts';
import * as resources from './resources.ts';
import * as storage from './storage.ts';
import * as subscriptions from './subscriptions.ts';

export const providerModules: { name: string; routes: ProviderModule }[] = [
  { name: 'Microsoft.Resources (subscriptions)', routes: subscriptions.routes },
  { name: 'Microsoft.Resources', routes: resources.routes },
  { name: 'Microsoft.Authorization', routes: authorization.routes },
  { name: 'Microsoft.Insights', routes: insights.routes },
  { name: 'Microsoft.Insights (alerts)', routes: monitorAlerts.routes },
  { name: 'Microsoft.VirtualMachineImages', routes: imagebuilder.routes },
  { name: 'Microsoft.Network', routes: network.routes },
  { name: 'Microsoft.Compute', routes: compute.routes },
  { name: 'Microsoft.ContainerInstance', routes: containerinstance.routes },
  { name: 'Microsoft.Storage', routes: storage.routes },
  { name: 'Microsoft.ManagedIdentity', routes: managedidentity.routes },
  { name: 'Microsoft.ResourceGraph', routes: resourcegraph.routes },
];
