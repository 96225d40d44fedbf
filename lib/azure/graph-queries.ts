// Every Azure Resource Graph query Kiln sends, in one place. Each is a constant (no user text is ever
// spliced in: the subscription set travels in the request's `subscriptions`, filters apply to the
// rows), and `graph-queries.test.ts` checks each one with Microsoft's Kusto parser against Resource
// Graph's table schemas, so it is valid for the real service and not only for local Azure's subset.
// Column names follow Resource Graph: `type` is lower-case, `properties` and `tags` are dynamic.

/** Resource Graph's type of AIB image templates (lower-case, as its rows carry it). */
export const IMAGE_TEMPLATE_GRAPH_TYPE = 'microsoft.virtualmachineimages/imagetemplates';
export const RESOURCE_GROUP_GRAPH_TYPE = 'microsoft.resources/subscriptions/resourcegroups';

/**
 * The templates list: every image template with what the list shows (source, network layout, last run,
 * provisioning state, staging group). Ordered by id so pages are stable.
 */
export const IMAGE_TEMPLATES_QUERY = `Resources
| where type =~ '${IMAGE_TEMPLATE_GRAPH_TYPE}'
| extend source = properties.source, vmProfile = properties.vmProfile, lastRunStatus = properties.lastRunStatus, provisioningState = tostring(properties.provisioningState), provisioningError = properties.provisioningError, exactStagingResourceGroup = tostring(properties.exactStagingResourceGroup)
| project id, name, type, location, subscriptionId, resourceGroup, tags, source, vmProfile, lastRunStatus, provisioningState, provisioningError, exactStagingResourceGroup
| order by id asc`;

/**
 * Image Builder's staging resource groups — named `IT_…` or carrying the tags AIB puts on them — that
 * no template names as its staging group any more (a left outer join on the group's id, keeping the
 * groups the join found no template for): the candidates for orphans.
 */
export const STAGING_GROUPS_QUERY = `ResourceContainers
| where type =~ '${RESOURCE_GROUP_GRAPH_TYPE}'
| where name startswith 'IT_' or isnotempty(tags.imageTemplateName) or tags.createdBy =~ 'AzureVMImageBuilder'
| extend groupKey = tolower(id)
| join kind=leftouter (
    Resources
    | where type =~ '${IMAGE_TEMPLATE_GRAPH_TYPE}'
    | project groupKey = tolower(tostring(properties.exactStagingResourceGroup)), templateId = id
  ) on groupKey
| where isempty(templateId)
| project id, name, subscriptionId, resourceGroup, location, tags, templateId
| order by id asc`;

/** What the `IT_…` staging groups hold: one row per resource. */
export const STAGING_CONTENTS_QUERY = `Resources
| where resourceGroup startswith 'it_'
| project id, name, type, subscriptionId, resourceGroup
| order by id asc`;

/** The subscriptions the user can read, with their names and states (the estate view's filter; the list's subscriptions beyond ARM's first page). */
export const SUBSCRIPTIONS_QUERY = `ResourceContainers
| where type =~ 'microsoft.resources/subscriptions'
| extend state = tostring(properties.state)
| project id, subscriptionId, name, state
| order by name asc`;

/** Every query, by name (the unit test checks each). */
export const GRAPH_QUERIES = {
  imageTemplates: IMAGE_TEMPLATES_QUERY,
  stagingGroups: STAGING_GROUPS_QUERY,
  stagingContents: STAGING_CONTENTS_QUERY,
  subscriptions: SUBSCRIPTIONS_QUERY,
} as const;
