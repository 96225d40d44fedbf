// The template's staging resource group (docs/azure/image-builder.md, docs/azure/networking.md): created when the template is provisioned,
// holds the 24-character storage account whose `packerlogs` container keeps every build's log, and is
// deleted with the template (only its contents when the user supplied the group).
import type { ArmResource, BlobStore, ProviderDeps, World } from '../core/types.ts';
import { normalizeId, parseId } from '../core/ids.ts';
import { storageAccount, STORAGE_ACCOUNT_TYPE } from '../shapes/storage.ts';
import { ROLE_IDS } from '../auth/roles.ts';
import { AIB_SERVICE_CALLER } from '../world/identities.ts';
import { guid, stagingResourceGroupName, type Rand } from '../providers/imagebuilder/naming.ts';
import { isRec } from '../core/rec.ts';

export const RG_TYPE = 'Microsoft.Resources/resourceGroups';
export const IDENTITY_TYPE = 'Microsoft.ManagedIdentity/userAssignedIdentities';

export function rgId(subscriptionId: string, name: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${name}`;
}

export function resourceGroup(
  subscriptionId: string,
  name: string,
  location: string,
  tags?: Record<string, string>,
): ArmResource {
  return {
    id: rgId(subscriptionId, name),
    name,
    type: RG_TYPE,
    location,
    ...(tags ? { tags } : {}),
    properties: { provisioningState: 'Succeeded' },
  };
}

/** The template's template identity principal (first user-assigned identity), if it exists in the world. */
export function templateIdentity(
  world: World,
  template: ArmResource,
): { id: string; principalId: string; clientId: string } | undefined {
  const ident = isRec(template.identity) ? template.identity : {};
  const uai = isRec(ident.userAssignedIdentities) ? ident.userAssignedIdentities : {};
  const id = Object.keys(uai)[0];
  if (!id || ident.type !== 'UserAssigned') return undefined;
  const r = world.get(id);
  const p = isRec(r?.properties) ? r.properties : {};
  if (typeof p.principalId !== 'string' || typeof p.clientId !== 'string') return undefined;
  return { id, principalId: p.principalId, clientId: p.clientId };
}

export interface Staging {
  id: string;
  name: string;
  subscriptionId: string;
  account?: string;
  /** True when AIB created the group (deleted with the template). */
  created: boolean;
}

export function stagingOf(world: World, template: ArmResource): Staging | undefined {
  const props = isRec(template.properties) ? template.properties : {};
  const exact = typeof props.exactStagingResourceGroup === 'string' ? props.exactStagingResourceGroup : '';
  if (!exact) return undefined;
  const p = parseId(exact);
  const name = exact.split('/').pop() ?? '';
  const sub = p.subscriptionId ?? '';
  const rg = world.get(rgId(sub, name));
  const sa = world.list(rgId(sub, name), STORAGE_ACCOUNT_TYPE)[0];
  return {
    id: rgId(sub, rg?.name ?? name),
    name: rg?.name ?? name,
    subscriptionId: sub,
    ...(sa ? { account: sa.name } : {}),
    created: !(rg?.tags && 'usedBy' in rg.tags),
  };
}

/** A staging group AIB cannot use (provisioningError BadStagingResourceGroup). */
export class StagingError extends Error {}

export interface StagingEvents {
  record(operationName: string, resourceId: string, status: 'Started' | 'Succeeded', at?: Date): void;
}

type StagingDeps = Pick<ProviderDeps, 'world' | 'blobs' | 'activity'>;
type Record_ = (op: string, id: string, status: 'Started' | 'Succeeded') => void;

/** The group exists without its storage account (extra seeded templates): add one. */
function addMissingAccount(deps: StagingDeps, existing: Staging, template: ArmResource): Staging {
  const rgRes = deps.world.get(existing.id);
  const acct = deps.blobs.allocateAccount();
  const sa = storageAccount({
    subscriptionId: existing.subscriptionId,
    resourceGroup: existing.name,
    name: acct.name,
    location: rgRes?.location ?? template.location ?? 'westus',
    blobEndpoint: deps.blobs.endpointFor(acct.name),
  });
  const rec = (status: 'Started' | 'Succeeded'): void =>
    deps.activity.record({
      operationName: `${STORAGE_ACCOUNT_TYPE}/write`,
      resourceId: sa.id,
      caller: AIB_SERVICE_CALLER,
      status,
    });
  rec('Started');
  deps.world.put(sa);
  createPackerlogs(deps.blobs, acct.name);
  rec('Succeeded');
  return { ...existing, account: acct.name };
}

/**
 * A group named in stagingResourceGroup that already exists: it must be empty and nobody else's; AIB tags
 * it as used. Throws StagingError otherwise.
 */
function claimGivenGroup(
  world: StagingDeps['world'],
  prior: ArmResource,
  group: { sub: string; name: string },
  template: ArmResource,
  tplRg: string,
): void {
  const id = rgId(group.sub, group.name);
  const tags = prior.tags ?? {};
  const ours = tags.imageTemplateName === template.name && tags.imageTemplateResourceGroupName === tplRg;
  const taggedByOther =
    tags.imageTemplateName !== undefined || tags.imageTemplateResourceGroupName !== undefined;
  if (!ours && taggedByOther)
    throw new StagingError(
      `The staging resource group '${id}' is already used by another image template (tags imageTemplateName/imageTemplateResourceGroupName). Use an empty resource group for each template.`,
    );
  const notEmpty = world
    .listInResourceGroup(group.sub, group.name)
    .some((r) => !r.type.startsWith('Microsoft.Authorization/'));
  if (!ours && notEmpty)
    throw new StagingError(
      `The staging resource group '${id}' is not empty. A staging resource group given in stagingResourceGroup must exist empty or not exist at all.`,
    );
  world.put({
    ...prior,
    tags: {
      ...(prior.tags ?? {}),
      usedBy: 'AzureVMImageBuilder',
      imageTemplateName: template.name,
      imageTemplateResourceGroupName: tplRg,
    },
  });
}

/** AIB grants the template identity Contributor on the group it uses. */
function grantContributor(
  world: StagingDeps['world'],
  template: ArmResource,
  groupId: string,
  sub: string,
  rand: Rand,
  at?: Date,
): void {
  const ident = templateIdentity(world, template);
  if (!ident) return;
  const raId = `${groupId}/providers/Microsoft.Authorization/roleAssignments/${guid(rand)}`;
  world.put({
    id: raId,
    name: raId.split('/').pop() ?? '',
    type: 'Microsoft.Authorization/roleAssignments',
    properties: {
      roleDefinitionId: `/subscriptions/${sub}/providers/Microsoft.Authorization/roleDefinitions/${ROLE_IDS.contributor}`,
      principalId: ident.principalId,
      principalType: 'ServicePrincipal',
      scope: groupId,
      createdOn: (at ?? new Date()).toISOString(),
      updatedOn: (at ?? new Date()).toISOString(),
      createdBy: null,
      updatedBy: null,
      description: null,
      condition: null,
      conditionVersion: null,
      delegatedManagedIdentityResourceId: null,
    },
  });
}

/** The staging storage account (with the template's managed-resource tags) and its packerlogs container. */
function createAccount(
  deps: StagingDeps,
  place: { sub: string; name: string; location: string; managedTags: Record<string, string> },
  rec: Record_,
  at?: Date,
): string {
  const acct = deps.blobs.allocateAccount();
  const sa = storageAccount({
    subscriptionId: place.sub,
    resourceGroup: place.name,
    name: acct.name,
    location: place.location,
    tags: { ...place.managedTags },
    blobEndpoint: deps.blobs.endpointFor(acct.name),
    ...(at ? { creationTime: at.toISOString() } : {}),
  });
  if (Object.keys(place.managedTags).length === 0) delete sa.tags;
  rec(`${STORAGE_ACCOUNT_TYPE}/write`, sa.id, 'Started');
  deps.world.put(sa);
  createPackerlogs(deps.blobs, acct.name);
  rec(`${STORAGE_ACCOUNT_TYPE}/write`, sa.id, 'Succeeded');
  return acct.name;
}

/**
 * Creates (or adopts) the staging resource group and its storage account. `at` back-dates the records
 * (seed world). Returns the staging description; throws a message string when a given group is unusable.
 */
export function ensureStaging(deps: StagingDeps, template: ArmResource, rand: Rand, at?: Date): Staging {
  const world = deps.world;
  const existing = stagingOf(world, template);
  if (existing?.account && world.get(existing.id)) return existing;
  if (existing && world.get(existing.id)) return addMissingAccount(deps, existing, template);
  const p = parseId(template.id);
  const sub = p.subscriptionId ?? '';
  const tplRg = p.resourceGroup ?? '';
  const props = isRec(template.properties) ? template.properties : {};
  const given =
    typeof props.stagingResourceGroup === 'string' && props.stagingResourceGroup
      ? props.stagingResourceGroup
      : '';
  const managedTags = isRec(props.managedResourceTags)
    ? (props.managedResourceTags as Record<string, string>)
    : {};
  const location = template.location ?? 'westus';
  const rec: Record_ = (op, id, status) =>
    deps.activity.record({
      operationName: op,
      resourceId: id,
      caller: AIB_SERVICE_CALLER,
      status,
      ...(at ? { eventTimestamp: at } : {}),
    });
  const name = given
    ? (given.split('/').pop() ?? given)
    : stagingResourceGroupName(tplRg, template.name, guid(rand));
  const prior = given ? world.get(rgId(sub, name)) : undefined;
  if (prior) claimGivenGroup(world, prior, { sub, name }, template, tplRg);
  const created = !prior;
  const id = rgId(sub, name);
  if (created || !world.get(id)) {
    rec('Microsoft.Resources/subscriptions/resourceGroups/write', id, 'Started');
    world.put(
      resourceGroup(sub, name, location, {
        ...managedTags,
        createdBy: 'AzureVMImageBuilder',
        imageTemplateName: template.name,
        imageTemplateResourceGroupName: tplRg,
      }),
    );
    rec('Microsoft.Resources/subscriptions/resourceGroups/write', id, 'Succeeded');
  }
  grantContributor(world, template, id, sub, rand, at);
  const account = createAccount(deps, { sub, name, location, managedTags }, rec, at);
  return { id, name, subscriptionId: sub, account, created };
}

/** AIB makes the `packerlogs` container with the account (in the background; logs create it too). */
function createPackerlogs(blobs: BlobStore, account: string): void {
  const key = blobs.keyOf(account);
  if (!key) return;
  // @azure/storage-blob is loaded on first use (it is heavy; start-up does not need it).
  void import('@azure/storage-blob')
    .then(({ BlobServiceClient, StorageSharedKeyCredential }) =>
      new BlobServiceClient(blobs.endpointFor(account), new StorageSharedKeyCredential(account, key), {
        retryOptions: { maxTries: 1 },
      })
        .getContainerClient('packerlogs')
        .createIfNotExists(),
    )
    .catch(() => undefined);
}

/** Deletes the staging group (or only its contents when the user supplied it) and releases the blob account. */
export async function deleteStaging(
  deps: Pick<ProviderDeps, 'world' | 'blobs' | 'activity'>,
  template: ArmResource,
): Promise<void> {
  const st = stagingOf(deps.world, template);
  if (!st) return;
  const rec = (op: string, id: string, status: 'Started' | 'Succeeded'): void =>
    deps.activity.record({ operationName: op, resourceId: id, caller: AIB_SERVICE_CALLER, status });
  const inside = deps.world.listInResourceGroup(st.subscriptionId, st.name);
  for (const r of inside) {
    rec(`${r.type}/delete`, r.id, 'Started');
    deps.world.delete(r.id);
    rec(`${r.type}/delete`, r.id, 'Succeeded');
  }
  if (st.created) {
    rec('Microsoft.Resources/subscriptions/resourceGroups/delete', st.id, 'Started');
    deps.world.deleteResourceGroup(st.subscriptionId, st.name);
    rec('Microsoft.Resources/subscriptions/resourceGroups/delete', st.id, 'Succeeded');
  } else {
    const rg = deps.world.get(st.id);
    if (rg?.tags) {
      const { usedBy: _u, imageTemplateName: _n, imageTemplateResourceGroupName: _r, ...rest } = rg.tags;
      void _u;
      void _n;
      void _r;
      deps.world.put({ ...rg, tags: rest });
    }
  }
  if (st.account) await deps.blobs.releaseAccount(st.account).catch(() => undefined);
}

export const sameId = (a: string, b: string): boolean => normalizeId(a) === normalizeId(b);
