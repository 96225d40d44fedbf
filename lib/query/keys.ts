// Query keys mirror ARM resource ids (docs/architecture.md): the key of a resource is its
// lower-cased id split into segments, so invalidating a subscription, a resource group or a resource
// is a prefix match. Every key in Kiln comes from here.
import { armIdKey } from '@/lib/azure/ids';

export type QueryKey = readonly string[];

function segments(id: string): string[] {
  return armIdKey(id).split('/').filter(Boolean);
}

export const armKeys = {
  /** Everything from ARM. */
  all: ['arm'] as const,
  /** The subscriptions the user can see. */
  subscriptions: () => ['arm', 'subscriptions', '$list'] as const,
  /** Prefix of everything under one subscription. */
  subscription: (subscriptionId: string) => ['arm', 'subscriptions', subscriptionId.toLowerCase()] as const,
  /** Prefix of everything under a resource group. */
  resourceGroup: (subscriptionId: string, resourceGroup: string) =>
    [
      'arm',
      'subscriptions',
      subscriptionId.toLowerCase(),
      'resourcegroups',
      resourceGroup.toLowerCase(),
    ] as const,
  /** One resource (any ARM id: subscription, group, resource, child resource). */
  resource: (id: string): QueryKey => ['arm', ...segments(id)],
  /** A list of resources of `type` under the scope `scopeId` (a subscription or resource group id). */
  list: (scopeId: string, type: string): QueryKey => [
    'arm',
    ...segments(scopeId),
    '$list',
    type.toLowerCase(),
  ],
  /** Something derived from a resource (its permissions, run outputs, logs, staging resources …). */
  aspect: (id: string, aspect: string, ...rest: string[]): QueryKey => [
    'arm',
    ...segments(id),
    `$${aspect}`,
    ...rest,
  ],
};

const imageTemplateGraphLists: QueryKey = ['arm', '$graph', 'microsoft.virtualmachineimages/imagetemplates'];

/** Keys of AIB image templates (used by the templates and builds capabilities alike). */
export const imageTemplateKeys = {
  /** One template's GET. */
  one: (id: string): QueryKey => armKeys.resource(id),
  /** The template id (armIdKey) whose GET `key` is (the inverse of `one`), or undefined for any other key. */
  idOfOne: (key: readonly unknown[]): string | undefined =>
    key.length === 9 &&
    key[0] === 'arm' &&
    key[6] === 'microsoft.virtualmachineimages' &&
    key[7] === 'imagetemplates'
      ? `/${key.slice(1).join('/')}`
      : undefined,
  /** All templates of one subscription (VirtualMachineImageTemplates_List, every page). */
  list: (subscriptionId: string): QueryKey =>
    armKeys.list(`/subscriptions/${subscriptionId}`, 'Microsoft.VirtualMachineImages/imageTemplates'),
  /** Prefix of every template list. */
  anyList: (subscriptionId: string): QueryKey => [...armKeys.subscription(subscriptionId), '$list'],
  /** Every template in a set of subscriptions through Resource Graph (one query, every page). */
  graphList: (subscriptionIds: readonly string[]): QueryKey => [
    ...imageTemplateGraphLists,
    subscriptionIds
      .map((s) => s.toLowerCase())
      .sort()
      .join(','),
  ],
  /** Prefix of every Resource Graph template list (to patch or invalidate them all). */
  anyGraphList: (): QueryKey => imageTemplateGraphLists,
};
